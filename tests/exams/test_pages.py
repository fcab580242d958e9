from __future__ import annotations

import datetime as dt
import io

import pytest

from examsoffice.exams.models import ClashResolution, SubjectTeacher, Verdict
from examsoffice.exams.services import entries
from examsoffice.exams.services.candidates import enter_candidate

pytestmark = pytest.mark.django_db

DAY = dt.date(2031, 1, 10)


@pytest.fixture
def cohort(aqa, ocr, make_pupil):
    pupil = make_pupil(surname="Hale", forename="Maya", uln="")
    candidate = enter_candidate(aqa, pupil)
    entries.enter(candidate, aqa.options.get(code="8300H"), today=DAY)
    entries.enter(enter_candidate(ocr, pupil), ocr.options.get(code="J277"), today=DAY)
    return candidate


def test_every_page_opens_for_the_exams_officer(officer_client, cohort, aqa):
    entry = cohort.entries.get()
    urls = [
        "/exams/",
        f"/exams/{aqa.pk}/",
        f"/exams/{aqa.pk}/basedata/",
        f"/exams/{aqa.pk}/candidates/",
        f"/exams/{aqa.pk}/candidates/{cohort.number}/",
        f"/exams/{aqa.pk}/entries/",
        f"/exams/entry/{entry.pk}/",
        f"/exams/{aqa.pk}/checks/",
        f"/exams/{aqa.pk}/clashes/",
        f"/exams/{aqa.pk}/submissions/",
        f"/exams/{aqa.pk}/documents/",
        "/exams/letters/notice-covering/",
    ]
    for url in urls:
        assert officer_client.get(url).status_code == 200, url


def test_every_list_exports_to_excel(officer_client, cohort, aqa):
    for url in [
        "/exams/",
        f"/exams/{aqa.pk}/",
        f"/exams/{aqa.pk}/candidates/",
        f"/exams/{aqa.pk}/entries/",
        f"/exams/{aqa.pk}/clashes/",
        f"/exams/{aqa.pk}/submissions/",
        f"/exams/{aqa.pk}/checks/",
    ]:
        response = officer_client.get(url + "?format=xlsx")
        assert response.content[:2] == b"PK", url


def test_a_teacher_may_check_entries_but_not_open_the_series(
    teacher_client, teacher, cohort, aqa
):
    SubjectTeacher.objects.create(user=teacher, qualification_code="8300")

    assert teacher_client.get("/exams/").status_code == 403
    response = teacher_client.post(
        f"/exams/{aqa.pk}/checks/",
        {"entry": cohort.entries.get().pk, "verdict": Verdict.QUERY, "comment": "H?"},
    )

    assert response.status_code == 302
    assert cohort.entries.get().checks.get().comment == "H?"


def test_the_officer_resolves_a_clash_from_the_page(officer_client, cohort, aqa):
    response = officer_client.post(
        f"/exams/{aqa.pk}/clashes/",
        {
            "candidate": cohort.number,
            "component": "J277/01",
            "action": "order_in_session",
            "position": "1",
        },
    )

    assert response.status_code == 302
    assert ClashResolution.objects.get().position == 1
    page = officer_client.get(f"/exams/{aqa.pk}/clashes/")
    assert page.context["clashes"] == []


def test_the_basedata_page_previews_then_applies(officer_client, centre):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from examsoffice.exams.models import AwardingBody, Series
    from examsoffice.formats.basedata.template_xlsx import writer

    from .conftest import FIRST_DAY

    empty = Series.objects.create(
        centre=centre,
        awarding_body=AwardingBody.objects.get(jcq_id="70"),
        code="6A31",
        name="Fresh",
        season="S",
        year=2031,
    )
    upload = SimpleUploadedFile("basedata.xlsx", writer.example(FIRST_DAY))

    preview = officer_client.post(f"/exams/{empty.pk}/basedata/", {"file": upload})
    assert not empty.components.exists()
    upload_id = preview.context["upload"].pk
    officer_client.post(f"/exams/{empty.pk}/basedata/", {"apply": upload_id})

    assert empty.components.filter(code="8300/1H").exists()


def test_the_blank_template_downloads(officer_client):
    response = officer_client.get("/exams/basedata/blank.csv")

    assert response["Content-Disposition"].endswith('basedata-blank.csv"')
    assert b"awarding_body,series" in response.content


def test_submissions_page_blocks_a_missing_uln_until_overridden(
    officer_client, cohort, aqa
):
    page = officer_client.get(f"/exams/{aqa.pk}/submissions/")
    assert page.context["blockers"]

    officer_client.post(f"/exams/{aqa.pk}/submissions/", {"action": "prepare"})
    assert not aqa.submissions.exists()
    officer_client.post(
        f"/exams/{aqa.pk}/submissions/", {"action": "prepare", "override": "1"}
    )
    submission = aqa.submissions.get()

    response = officer_client.get(f"/exams/submission/{submission.pk}.csv")
    assert b"8300H" in response.content


def test_the_statement_of_entry_pdf_downloads(officer_client, cohort, aqa):
    response = officer_client.get(
        f"/exams/{aqa.pk}/documents/?kind=statement&candidate={cohort.number}"
    )

    assert response["Content-Type"] == "application/pdf"
    assert response.content[:4] == b"%PDF"


def test_the_dashboard_shows_entries_and_open_clashes(officer_client, cohort):
    response = officer_client.get("/")

    panels = {p.title: p for p in response.context["panels"]}
    figures = {f.label: f.value for f in panels["Exams"].figures}
    assert figures["Entries"] == 2
    assert figures["Open clashes"] == 1
    assert figures["Unsent changes"] == 2


def test_the_officer_makes_the_centre_and_a_series_from_the_page(officer_client):
    from examsoffice.exams.models import Series
    from examsoffice.exams.reference import ensure_reference_data

    ensure_reference_data()
    response = officer_client.post(
        "/exams/",
        {
            "jcq_id": "70",
            "code": "6A31",
            "name": "Summer 2031 AQA",
            "season": "",
            "year": "2031",
            "centre_number": "12345",
            "centre_name": "Oakfield",
        },
    )

    made = Series.objects.get()
    assert response["Location"] == f"/exams/{made.pk}/basedata/"
    assert (made.centre.number, made.season) == ("12345", "Summer 2031 AQA")


def test_the_whole_cohorts_statements_are_built_as_a_job(
    officer_client, exams_officer, cohort, aqa
):
    from pypdf import PdfReader

    from examsoffice.jobs.models import Job, JobStatus
    from examsoffice.jobs.runner import run_pending

    response = officer_client.get(f"/exams/{aqa.pk}/documents/?kind=statement")
    job = Job.objects.get()
    run_pending()

    job.refresh_from_db()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == JobStatus.DONE, job.message
    assert job.created_by == exams_officer
    download = officer_client.get(f"/jobs/{job.pk}/result/")
    pdf = b"".join(download.streaming_content)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Hale" in text


def test_the_documents_job_counts_candidates_and_keeps_their_order(
    officer_client, cohort, aqa, make_pupil, monkeypatch
):
    from pypdf import PdfReader

    from examsoffice.exams import jobs
    from examsoffice.jobs.models import Job
    from examsoffice.jobs.runner import run_pending

    for surname in ("Ames", "Zeal", "Lowe"):
        pupil = make_pupil(surname=surname)
        entries.enter(enter_candidate(aqa, pupil), aqa.options.get(code="8300H"))
    monkeypatch.setattr(jobs, "CHUNK", 3)  # two parts for four candidates

    officer_client.get(f"/exams/{aqa.pk}/documents/?kind=statement")
    run_pending()

    job = Job.objects.get()
    pdf = b"".join(officer_client.get(f"/jobs/{job.pk}/result/").streaming_content)
    reader = PdfReader(io.BytesIO(pdf))
    surnames = [
        name
        for page in reader.pages
        for name in ("Hale", "Ames", "Zeal", "Lowe")
        if name in page.extract_text()
    ]
    assert (job.done, job.total) == (4, 4)
    assert [o.title for o in reader.outline] == [
        "Candidates 1 to 3",
        "Candidates 4 to 4",
    ]
    assert surnames == ["Hale", "Ames", "Zeal", "Lowe"]  # candidate-number order


def test_a_teacher_finds_their_entry_checks_from_the_menu_and_dashboard(
    teacher_client, teacher, cohort, aqa
):
    SubjectTeacher.objects.create(user=teacher, qualification_code="8300")

    home = teacher_client.get("/").content.decode()
    assert 'href="/exams/checks/"' in home
    assert "nothing for your role" not in home
    assert f'href="/exams/{aqa.pk}/checks/"' in home
    assert "0 of 1 checked" in home

    page = teacher_client.get("/exams/checks/").content.decode()
    assert f'href="/exams/{aqa.pk}/checks/"' in page
    # The OCR series has no entries in this teacher's subjects.
    assert "Summer 2031 OCR" not in page


def test_a_teacher_without_subjects_is_told_who_links_them(teacher_client):
    page = teacher_client.get("/exams/checks/").content.decode()
    assert "No entries are waiting for your check" in page
    assert "nothing for your role" not in teacher_client.get("/").content.decode()
