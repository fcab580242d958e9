"""A small summer series for the rooms tests: two papers one morning."""

from __future__ import annotations

from datetime import date, time

from examsoffice.exams import models as m
from examsoffice.learners.models import Pupil
from examsoffice.rooms import services
from examsoffice.rooms.models import Room, Sitting

DAY = date(2026, 5, 12)


def series(pupils: int = 12, day: date = DAY) -> m.Series:
    centre = m.Centre.objects.create(number="12345", name="Oakfield Academy")
    body, _new = m.AwardingBody.objects.get_or_create(
        jcq_id="70", defaults={"name": "AQA", "short_name": "AQA"}
    )
    summer = m.Series.objects.create(
        centre=centre,
        awarding_body=body,
        code="6A26",
        name="Summer 2026",
        season="Summer 2026",
        year=2026,
    )
    maths = _paper(summer, "8300/1H", "Mathematics Paper 1 (Higher)", day, 90)
    french = _paper(summer, "8658/LF", "French Listening (Foundation)", day, 35)
    afternoon = _paper(summer, "8300/2H", "Mathematics Paper 2 (Higher)", day, 90, "PM")
    for n in range(pupils):
        pupil = Pupil.objects.create(
            surname=f"Surname{n:02d}", forename=f"Pat{n}", year_group="11"
        )
        candidate = m.Candidate.objects.create(
            series=summer, pupil=pupil, number=f"{1001 + n}"
        )
        _enter(candidate, maths if n % 3 else french)
        if n % 3:
            _enter(candidate, afternoon)
    return summer


def _paper(series, code, title, day, minutes, session="AM"):
    qual = m.Qualification.objects.get_or_create(
        series=series, code=code[:4], defaults={"title": title, "level": "GCSE"}
    )[0]
    component = m.Component.objects.create(
        series=series,
        code=code,
        title=title,
        date=day,
        session=session,
        start=time(9, 0) if session == "AM" else time(13, 30),
        duration_minutes=minutes,
    )
    option = m.Option.objects.create(
        series=series, qualification=qual, code=code.replace("/", ""), title=title
    )
    option.components.add(component)
    return option


def _enter(candidate, option):
    m.Entry.objects.create(
        candidate=candidate,
        option=option,
        status=m.EntryStatus.ENTERED,
        entered_on=date(2026, 2, 1),
    )


def room(code: str, rows: int, columns: int, **more: object) -> Room:
    return Room.objects.create(
        code=code, name=code.title(), rows=rows, columns=columns, **more
    )


def sitting(*rooms: Room, day: date = DAY, session: str = "AM") -> Sitting:
    found = services.sitting_for(day, session)
    services.use_rooms(found, rooms)
    return found
