"""The learners pages: roles enforced, filters, exports, upload-preview-apply, fixes."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from examsoffice.accounts.roles import Role
from examsoffice.learners.models import ImportBatch, ImportException, Pupil
from tests.learners.helpers import OTHER_ULN, TEMP_UPN, ULN, pupil, record, write_file

pytestmark = pytest.mark.django_db

PAGES = [
    "/pupils/",
    "/pupils/import/",
    "/pupils/exceptions/",
    "/pupils/uln-request/",
    "/pupils/census/",
]


@pytest.mark.parametrize("url", PAGES)
def test_a_teacher_is_refused_every_learners_page(teacher_client, url):
    assert teacher_client.get(url).status_code == 403


@pytest.mark.parametrize("url", PAGES)
def test_the_data_manager_may_open_every_learners_page(client, make_person, url):
    client.force_login(make_person(Role.DATA_MANAGER, "data"))

    assert client.get(url).status_code == 200


def test_the_pupil_list_filters_temporary_upns(officer_client):
    pupil(surname="Temp", upn=TEMP_UPN)
    pupil(surname="Perm")

    response = officer_client.get("/pupils/?upn=temporary")

    assert [p.surname for p in response.context["page"]] == ["Temp"]


def test_the_pupil_list_exports_to_excel(officer_client):
    pupil(surname="Hale", uln=ULN)

    response = officer_client.get("/pupils/?uln=present&format=xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:2] == ("Surname", "Forename")
    assert rows[1][0] == "Hale"
    assert rows[1][8] == ULN


def test_upload_preview_then_apply(officer_client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = write_file(tmp_path, [record()])

    with path.open("rb") as handle:
        response = officer_client.post("/pupils/import/", {"file": handle})
    preview = officer_client.get(response["Location"])
    assert "New pupil" in preview.content.decode()
    assert not Pupil.objects.exists()

    token = preview.context["token"]
    applied = officer_client.post(f"/pupils/import/apply/{token}/")

    assert applied.status_code == 302
    assert Pupil.objects.count() == 1


def test_an_upload_applied_twice_at_once_is_applied_once(
    officer_client, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    pupil(uln=ULN)
    path = write_file(tmp_path, [record(uln=OTHER_ULN)])
    with path.open("rb") as handle:
        response = officer_client.post("/pupils/import/", {"file": handle})
    token = officer_client.get(response["Location"]).context["token"]
    # A double-click: the second request read the upload before the first
    # apply discarded it.
    kept = {f.name: f.read_bytes() for f in (tmp_path / "media").rglob(f"{token}*")}
    officer_client.post(f"/pupils/import/apply/{token}/")
    for name, content in kept.items():
        (tmp_path / "media" / "imports" / name).write_bytes(content)

    again = officer_client.post(f"/pupils/import/apply/{token}/", follow=True)

    batch = ImportBatch.objects.get()
    html = again.content.decode()
    assert "This file was already applied" in html
    assert f'href="/pupils/import/{batch.pk}/"' in html
    assert ImportException.objects.filter(kind="uln_differs").count() == 1


def test_a_second_apply_after_the_first_says_it_was_applied(
    officer_client, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = write_file(tmp_path, [record()])
    with path.open("rb") as handle:
        response = officer_client.post("/pupils/import/", {"file": handle})
    token = officer_client.get(response["Location"]).context["token"]
    officer_client.post(f"/pupils/import/apply/{token}/")

    again = officer_client.post(f"/pupils/import/apply/{token}/", follow=True)
    preview = officer_client.get(f"/pupils/import/preview/{token}/", follow=True)

    for page in (again, preview):
        assert "This file was already applied" in page.content.decode()
    assert ImportBatch.objects.count() == 1
    assert Pupil.objects.count() == 1


def test_an_unreadable_upload_is_explained(officer_client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    junk = tmp_path / "junk.xml"
    junk.write_text("not xml")

    with junk.open("rb") as handle:
        response = officer_client.post("/pupils/import/", {"file": handle})
    page = officer_client.get(response["Location"], follow=True)

    assert "junk.xml" in page.content.decode()


def _uln_exception(tmp_path) -> ImportException:
    from examsoffice.learners import ctf_source, importing

    pupil(uln=ULN)
    read = ctf_source.read_file(write_file(tmp_path, [record(uln=OTHER_ULN)]))
    importing.import_records(read.records, file_name=read.file_name)
    return ImportException.objects.get(kind="uln_differs")


def test_the_officer_accepts_the_incoming_uln_on_the_page(officer_client, tmp_path):
    row = _uln_exception(tmp_path)

    officer_client.post(
        f"/pupils/exceptions/{row.pk}/decide/", {"fix": "accept_incoming_uln"}
    )

    assert Pupil.objects.get().uln == OTHER_ULN


def test_a_teacher_cannot_decide_an_exception(teacher_client, tmp_path):
    row = _uln_exception(tmp_path)

    response = teacher_client.post(
        f"/pupils/exceptions/{row.pk}/decide/", {"fix": "accept_incoming_uln"}
    )

    assert response.status_code == 403
    assert Pupil.objects.get().uln == ULN


def test_the_exception_log_downloads_as_csv(officer_client, tmp_path):
    row = _uln_exception(tmp_path)

    response = officer_client.get(f"/pupils/import/{row.batch_id}/?format=csv")

    text = response.content.decode()
    assert text.splitlines()[0].startswith("file,record")
    assert OTHER_ULN in text


def test_the_pupil_page_shows_identifier_history(officer_client, tmp_path):
    _uln_exception(tmp_path)
    held = Pupil.objects.get()
    held.identifier_changes.create(identifier="uln", old_value="", new_value=ULN)

    response = officer_client.get(f"/pupils/{held.pk}/")

    assert ULN in response.content.decode()
    assert "Incoming ULN differs" in response.content.decode()


def test_the_census_page_links_each_row_to_the_pupil(officer_client):
    held = pupil(uln="1000000042")

    response = officer_client.get("/pupils/census/?date=2026-01-15")

    assert f"/pupils/{held.pk}/" in response.content.decode()
    assert "1575" in response.content.decode()


def test_the_uln_request_page_downloads_the_ctf(officer_client):
    pupil(uln="")

    response = officer_client.post(
        "/pupils/uln-request/download/", {"census_date": "2026-01-15"}
    )

    assert b"<CTfile>" in response.content
    assert "_CTF_" in response["Content-Disposition"]


def test_the_dashboard_counts_open_exceptions(officer_client, tmp_path):
    _uln_exception(tmp_path)

    response = officer_client.get("/")

    panels = {p.title: p for p in response.context["panels"]}
    figures = {f.label: f.value for f in panels["Identifiers to fix"].figures}
    assert figures["Open import exceptions"] == 1
