"""The exams officer goes from a series to its candidates, resolves a clash and
downloads a statement of entry, in a real Chromium."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "maple-copper-74x"


def _cohort() -> None:
    from examsoffice.exams.models import AwardingBody, BasedataImport, Centre, Series
    from examsoffice.exams.reference import ensure_reference_data
    from examsoffice.exams.services import basedata, entries
    from examsoffice.exams.services.candidates import enter_candidate
    from examsoffice.formats.basedata.template_csv import writer
    from examsoffice.learners.models import Pupil

    ensure_reference_data()
    centre = Centre.objects.create(number="12345", name="Oakfield Academy")
    pupil = Pupil.objects.create(
        surname="Hale", forename="Maya", year_group="11", uln="9276308686"
    )
    for jcq_id, code in (("70", "6A31"), ("01", "631A")):
        series = Series.objects.create(
            centre=centre,
            awarding_body=AwardingBody.objects.get(jcq_id=jcq_id),
            code=code,
            name=f"Summer 2031 {jcq_id}",
            season="Summer 2031",
            year=2031,
        )
        content = writer.example(dt.date(2031, 5, 12), (jcq_id,))
        upload = BasedataImport.objects.create(file_name="b.csv", content=content)
        basedata.apply(series, upload)
        option = series.options.get(code="8300H" if jcq_id == "70" else "J277")
        entries.enter(enter_candidate(series, pupil), option, today=dt.date(2031, 1, 5))


def test_the_officer_resolves_a_clash_and_downloads_a_statement(live_server, page):
    from examsoffice.accounts.roles import Role
    from examsoffice.accounts.services import create_user

    create_user("officer", PASSWORD, Role.EXAMS_OFFICER, check_password=False)
    _cohort()

    page.goto(live_server.url + "/exams/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.click("text=Summer 2031 70")
    page.click("main >> text=Candidates")
    page.click("text=0001")
    assert "Hale" in page.inner_text("h1")

    page.click("main >> text=Clashes")
    clash = page.locator("section.clash")
    assert "8300/1H" in clash.inner_text()
    clash.locator("select[name=component]").select_option("J277/01")
    clash.locator("select[name=action]").select_option("move_to_other_session")
    clash.locator("button[type=submit]").click()
    page.wait_for_selector("text=Decision recorded.")
    assert page.locator("section.clash").count() == 0

    page.click("main >> text=Candidates")
    page.click("text=0001")
    with page.expect_download() as info:
        page.click("text=Statement of entry (PDF)")
    download = info.value
    assert download.suggested_filename == "statement-6A31.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
