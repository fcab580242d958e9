"""Time off: what falls inside a period of leave, and the page to book it."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from examsoffice.exams.models import AwardingBody, Centre, FeeRule, Series
from examsoffice.exams.reference import ensure_reference_data
from examsoffice.planner import services, time_off
from examsoffice.planner.models import ChecklistTemplate, TimeOff
from examsoffice.rooms.models import Sitting

pytestmark = pytest.mark.django_db

EASTER = (date(2027, 3, 29), date(2027, 4, 2))


@pytest.fixture
def spring():  # type: ignore[no-untyped-def]
    ensure_reference_data()
    centre = Centre.objects.create(number="12345", name="Oakfield Academy")
    series = Series.objects.create(
        centre=centre,
        awarding_body=AwardingBody.objects.get(jcq_id="70"),
        code="6A27",
        name="Summer 2027 AQA",
        season="Summer 2027",
        year=2027,
        entry_deadline=date(2027, 3, 31),
    )
    FeeRule.objects.create(series=series, name="Late fee", starts_on=date(2027, 4, 1))
    Sitting.objects.create(date=date(2027, 4, 2), session="AM")
    Sitting.objects.create(date=date(2027, 4, 2), session="PM")
    Sitting.objects.create(date=date(2027, 4, 6), session="AM")  # after the leave
    return series


def test_a_period_lists_exam_days_deadlines_and_the_person_s_items(
    spring, exams_officer, teacher
):
    template = ChecklistTemplate.objects.get(key="candidate-entries")
    # "Statement of entry" is due six weeks before the first exam: 31 March.
    services.instantiate(template, date(2027, 5, 12), "Summer 2027")  # unassigned
    mine = TimeOff.objects.create(user=exams_officer, starts=EASTER[0], ends=EASTER[1])
    theirs = TimeOff.objects.create(user=teacher, starts=EASTER[0], ends=EASTER[1])

    found = [(b.day, b.what) for b in time_off.clashes(mine)]

    assert (date(2027, 3, 31), "Entry deadline: Summer 2027 AQA") in found
    assert (date(2027, 4, 1), "Late fee from today: Summer 2027 AQA") in found
    assert (date(2027, 4, 2), "Exams (AM and PM)") in found
    # Items due within the leave and assigned to nobody fall to the officer.
    assert (
        date(2027, 3, 31),
        "Due: Statement of entry (Candidate entries – Summer 2027)",
    ) in found
    assert all(EASTER[0] <= day <= EASTER[1] for day, _what in found)
    assert not any(b.what.startswith("Due: ") for b in time_off.clashes(theirs))


def _signed_in(user):  # type: ignore[no-untyped-def]
    # Each person needs a client of their own: the shared one holds one sign-in.
    client = Client()
    client.force_login(user)
    return client


def test_booking_on_the_page_warns_and_a_teacher_sees_only_their_own(
    spring, officer_client, teacher
):
    TimeOff.objects.create(
        user=teacher, starts=date(2027, 7, 20), ends=date(2027, 7, 24)
    )
    url = reverse("planner:time_off")

    booked = officer_client.post(
        url,
        {"starts": "29/03/2027", "ends": "2027-04-02", "note": "Easter"},
        follow=True,
    )
    theirs = _signed_in(teacher).get(url).content.decode()
    wrong = officer_client.post(url, {"starts": "2027-04-05", "ends": "2027-04-01"})

    page = booked.content.decode()
    assert "Booked, but" in page
    assert "Entry deadline: Summer 2027 AQA" in page
    assert "Mon 29/03/2027 to Fri 02/04/2027" in page
    assert "Easter" not in theirs
    assert "Tue 20/07/2027" in theirs
    assert wrong.status_code == 400
    assert "on or after the first" in wrong.content.decode()
    assert TimeOff.objects.count() == 2


def test_only_the_person_or_the_officer_removes_time_off(
    exams_officer, officer_client, teacher
):
    officers = TimeOff.objects.create(
        user=exams_officer, starts=EASTER[0], ends=EASTER[1]
    )
    teachers = TimeOff.objects.create(user=teacher, starts=EASTER[0], ends=EASTER[1])

    refused = _signed_in(teacher).post(
        reverse("planner:time_off_delete", args=[officers.pk])
    )
    officer_client.post(reverse("planner:time_off_delete", args=[teachers.pk]))

    assert refused.status_code == 404
    assert list(TimeOff.objects.all()) == [officers]


def test_the_dashboard_warns_of_coming_time_off_with_deadlines_in_it(
    spring, officer_client, exams_officer, monkeypatch
):
    # The leave is still to come whatever day the tests run.
    monkeypatch.setattr(timezone, "localdate", lambda: date(2027, 1, 4))
    TimeOff.objects.create(user=exams_officer, starts=EASTER[0], ends=EASTER[1])

    page = officer_client.get(reverse("dashboard")).content.decode()

    assert "Your time off" in page
    assert "Mon 29 Mar to Fri 02 Apr: 3 things fall in it" in page


def test_one_thing_in_the_time_off_is_said_in_the_singular(
    spring, officer_client, exams_officer, monkeypatch
):
    monkeypatch.setattr(timezone, "localdate", lambda: date(2027, 1, 4))
    day = date(2027, 3, 31)  # the entry deadline, and nothing else
    TimeOff.objects.create(user=exams_officer, starts=day, ends=day)

    page = officer_client.get(reverse("dashboard")).content.decode()

    assert "Wed 31 Mar to Wed 31 Mar: 1 thing falls in it" in page
