"""The upload pages speak of the file the user chose and of the page's tick box."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db

NAME = "third-party-atf-12.xml"


def _upload(client, fixtures_dir, lenient: bool):
    with (fixtures_dir / "ctf" / NAME).open("rb") as handle:
        data = {"file": handle, **({"lenient": "1"} if lenient else {})}
        response = client.post("/pupils/import/", data)
    return client.get(response["Location"], follow=True).content.decode()


def test_a_file_that_is_not_xml_points_to_the_tick_box(
    officer_client, fixtures_dir, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"

    page = _upload(officer_client, fixtures_dir, lenient=False)

    assert "--lenient" not in page
    assert "tick &quot;Read a file that is not well-formed XML anyway&quot;" in page
    assert NAME in page


def test_the_problems_in_an_upload_name_the_uploaded_file(
    officer_client, fixtures_dir, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"

    page = _upload(officer_client, fixtures_dir, lenient=True)

    assert f"{NAME}, line " in page
    assert not re.search(r"[0-9a-f]{32}\.xml", page)


def test_the_preview_says_what_will_happen_not_what_has(
    officer_client, tmp_path, settings
):
    from tests.learners.helpers import record, write_file

    settings.MEDIA_ROOT = tmp_path / "media"
    with write_file(tmp_path, [record()]).open("rb") as handle:
        response = officer_client.post("/pupils/import/", {"file": handle})

    page = officer_client.get(response["Location"]).content.decode()

    assert "will be added" in page
    assert "1 pupil will be added" in page
    assert "has been added" not in page
    assert "Added 1" not in page
