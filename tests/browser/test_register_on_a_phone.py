"""A real Chromium at phone size: the invigilator finds a candidate and marks them."""

from __future__ import annotations

import pytest

from tests.rooms import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _register_url(live_server) -> str:
    from examsoffice.rooms import seating

    f.series(pupils=30)
    hall = f.room("HALL", 8, 10)
    sitting = f.sitting(hall)
    seating.auto_seat(sitting)
    return f"{live_server.url}/rooms/sittings/{sitting.pk}/register/HALL/"


def test_the_invigilator_finds_and_marks_a_candidate_on_a_phone(
    live_server, browser, exams_officer
):
    from examsoffice.rooms.models import RegisterMark

    url = _register_url(live_server)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(url)
    page.fill("#id_username", "officer")
    page.fill("#id_password", "a-long-test-password-7")
    page.click("button[type=submit]")
    page.wait_for_selector("#find")

    page.fill("#find", "surname07")
    rows = page.locator("#register tbody tr:visible")
    shown = rows.count()
    marks = [rows.first.get_by_role("button", name=n) for n in ("Absent", "Late")]
    boxes = [m.bounding_box() for m in marks]
    wide = page.evaluate("document.documentElement.scrollWidth")
    marks[0].click()
    page.wait_for_selector("#find")
    kept = page.input_value("#find")
    context.close()

    assert shown == 1
    assert wide <= PHONE["width"]
    assert all(b["x"] + b["width"] <= PHONE["width"] for b in boxes)
    assert all(b["height"] >= 44 for b in boxes)
    assert kept == "surname07"
    mark = RegisterMark.objects.get()
    assert (mark.candidate.pupil.surname, mark.status) == ("Surname07", "absent")
