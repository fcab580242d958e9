"""A real Chromium: the officer moves candidates on the seating plan by mouse."""

from __future__ import annotations

import pytest

from tests.rooms import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _seated(live_server):  # type: ignore[no-untyped-def]
    from examsoffice.rooms import seating

    f.series(pupils=6)
    hall = f.room("HALL", 3, 4)
    sitting = f.sitting(hall)
    seating.auto_seat(sitting)
    return sitting, f"{live_server.url}/rooms/sittings/{sitting.pk}/"


def _desk_of(sitting, number: str) -> str:  # type: ignore[no-untyped-def]
    from examsoffice.rooms.models import SeatAssignment

    found = SeatAssignment.objects.get(sitting=sitting, candidate__number=number)
    return found.seat


def test_the_officer_drags_one_candidate_and_clicks_another_into_place(
    live_server, page, exams_officer
):
    sitting, url = _seated(live_server)
    page.goto(url)
    page.fill("#id_username", "officer")
    page.fill("#id_password", "a-long-test-password-7")
    page.click("button[type=submit]")
    page.wait_for_selector("td.desk")
    first, second = page.locator("td.desk[data-candidate]").all()[:2]
    dragged = first.get_attribute("data-candidate") or ""
    clicked = second.get_attribute("data-candidate") or ""
    empty = page.locator("td.desk:not([data-candidate])")
    target = empty.first.get_attribute("data-seat")

    first.drag_to(empty.first)
    page.wait_for_selector(".msg-success")
    after_drag = _desk_of(sitting, dragged)
    page.locator(f'td.desk[data-candidate="{clicked}"]').click()
    hint = page.text_content("#move-hint")
    page.locator(f'td.desk[data-candidate="{dragged}"]').click()
    page.wait_for_selector(".msg-success")

    assert after_drag == target
    assert f"Candidate {clicked} chosen" in (hint or "")
    # Clicking onto a taken desk swaps the two.
    assert _desk_of(sitting, clicked) == target
