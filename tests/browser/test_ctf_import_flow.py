"""A real Chromium uploads a CTF, reads the preview and applies the import."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_officer_uploads_previews_and_applies_a_ctf(
    live_server,
    page,
    tmp_path,
    settings,
):
    from examsoffice.accounts.roles import Role
    from examsoffice.accounts.services import create_user
    from examsoffice.learners.models import Pupil
    from tests.learners.helpers import record, write_file

    settings.MEDIA_ROOT = tmp_path / "media"
    create_user("officer", "maple-copper-74x", Role.EXAMS_OFFICER, check_password=False)
    path = write_file(tmp_path, [record()])

    page.goto(live_server.url + "/pupils/import/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "maple-copper-74x")
    page.click("button[type=submit]")
    page.set_input_files("#id_file", str(path))
    page.click("button:has-text('Preview')")

    page.wait_for_selector("#summary")
    assert "New pupil" in page.inner_text("main")
    assert not Pupil.objects.exists()

    page.click("button:has-text('Apply this import')")
    page.wait_for_selector("h1:has-text('Exception log')")
    assert Pupil.objects.count() == 1
    assert "New pupil" in page.inner_text("table")
