from __future__ import annotations

from datetime import date, timedelta

import pytest
from icalendar import Calendar

from examsoffice.planner import services
from examsoffice.planner.models import CalendarFeed, ChecklistTemplate

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 5, 11)


def _checklist(assignee):
    template = ChecklistTemplate.objects.get(key="catering-preparations")
    return services.instantiate(template, MONDAY, "Summer 2026", assignee=assignee)


def test_a_calendar_app_reads_the_deadlines_without_signing_in(client, teacher):
    _checklist(teacher)
    token = services.feed_for(teacher).token

    response = client.get(f"/planner/calendar/{token}.ics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = cal.walk("VEVENT")
    assert len(events) == 2
    assert {e.decoded("dtstart") for e in events} == {MONDAY - timedelta(days=14)}
    assert all(
        e.decoded("dtend") - e.decoded("dtstart") == timedelta(days=1) for e in events
    )
    assert "Timetable of examinations (Catering team preparations)" in {
        str(e["summary"]) for e in events
    }
    assert len({str(e["uid"]) for e in events}) == 2


def test_a_person_sees_only_their_own_deadlines_and_the_officer_sees_all(
    teacher, exams_officer, make_person
):
    from examsoffice.accounts.roles import Role

    other = make_person(Role.TEACHER, "other")
    _checklist(other)

    assert services.feed_items(teacher).count() == 0
    assert services.feed_items(exams_officer).count() == 2


def test_an_unknown_or_old_token_finds_nothing(client, teacher):
    old = services.feed_for(teacher).token
    new = services.reset_feed(teacher).token

    assert new != old
    assert client.get(f"/planner/calendar/{old}.ics").status_code == 404
    assert client.get("/planner/calendar/guess.ics").status_code == 404
    assert client.get(f"/planner/calendar/{new}.ics").status_code == 200


def test_tokens_are_long_and_different_for_each_person(teacher, exams_officer):
    first = services.feed_for(teacher).token
    second = services.feed_for(exams_officer).token

    assert first != second
    assert len(first) >= 43
    assert CalendarFeed.objects.count() == 2


def test_the_calendar_page_shows_the_address(teacher_client, teacher):
    response = teacher_client.get("/planner/calendar/")

    token = CalendarFeed.objects.get(user=teacher).token
    assert f"/planner/calendar/{token}.ics" in response.content.decode()
