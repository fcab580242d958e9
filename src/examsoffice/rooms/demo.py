"""Demo rooms, invigilators and the first sittings of the summer series seated.

A hall of 120, a gym of 80, two classrooms of 30 and three small rooms for
separate invigilation, word processors and readers; sixteen invigilators, one of
them the demo 'invig' account so the room register can be tried on a tablet.
"""

from __future__ import annotations

from django.contrib.auth.models import User

from examsoffice.demo import DemoContext
from examsoffice.exams import models as m
from examsoffice.rooms import seating, services
from examsoffice.rooms.models import Invigilator, Room, Sitting
from examsoffice.scheduling.invigilation import rooming

# code, name, rows, columns, off seats, suits (separate, word processors, readers)
ROOMS = [
    ("HALL", "Main hall", 10, 12, [], (False, False, False)),
    ("GYM", "Sports hall", 8, 10, [], (False, False, False)),
    ("G12", "Classroom G12", 5, 6, [], (False, False, False)),
    ("G14", "Classroom G14", 6, 6, ["F1", "F2", "F3", "F4", "F5", "F6"], (False,) * 3),
    ("SEP", "Library quiet room", 2, 3, [], (True, False, False)),
    ("WP", "ICT suite", 2, 4, [], (True, True, False)),
    ("RDR", "Reading room", 2, 2, [], (True, False, True)),
]
INVIGILATORS = 15
SEATED_SITTINGS = 2


def _rooms() -> list[Room]:
    made = []
    for position, (code, name, rows, columns, off, suits) in enumerate(ROOMS):
        made.append(
            Room.objects.create(
                code=code,
                name=name,
                rows=rows,
                columns=columns,
                off_seats=off,
                suits_separate_invigilation=suits[0],
                suits_word_processors=suits[1],
                suits_readers=suits[2],
                position=position,
                exit_side="back",
                desk_side="front",
            )
        )
    return made


def _invigilators(ctx: DemoContext) -> list[Invigilator]:
    people = []
    account = User.objects.filter(username="invig").first()
    if account is not None:
        people.append(
            Invigilator.objects.create(
                first_name=account.first_name or "Alan",
                last_name=account.last_name or "Brook",
                user=account,
                email="a.brook@example.org",
            )
        )
    for n in range(INVIGILATORS):
        people.append(
            Invigilator.objects.create(
                first_name=ctx.faker.first_name(),
                last_name=ctx.faker.last_name(),
                email=ctx.faker.email(domain="example.org"),
                phone=ctx.faker.phone_number()[:30],
                can_lead=n < 3,
            )
        )
    return people


def _sittings() -> list[Sitting]:
    times = (
        m.Component.objects.exclude(date=None)
        .order_by("date", "session")
        .values_list("date", "session")
        .distinct()
    )
    return [services.sitting_for(day, session) for day, session in times if day]


def _choose_rooms(rooms: list[Room], ordinary: int) -> list[Room]:
    # Enough general rooms for everyone (with room for gaps), and every small room.
    chosen, room_for = [], 0
    for room in rooms:
        special = room.suits_separate_invigilation
        if special or room_for < ordinary * 1.2:
            chosen.append(room)
            room_for += 0 if special else room.effective_capacity
    return chosen


def _staff(ctx: DemoContext, sitting: Sitting, people: list[Invigilator]) -> None:
    data = seating.load(sitting)
    plan = seating.stored_plan(sitting, data.rooms)
    sheet = rooming(plan, data.cohort.candidates, data.cohort.components)
    pool = [p for p in people if not services.is_unavailable(p, sitting)]
    leads = [p for p in pool if p.can_lead]
    pool = leads + [p for p in pool if not p.can_lead]
    rooms = {r.code: r for r in services.rooms_of(sitting)}
    first = True
    for line in sheet.rooms:
        for _n in range(line.needed):
            if not pool:
                return
            services.allocate(sitting, rooms[line.room.code], pool.pop(0), lead=first)
            first = False


def load(ctx: DemoContext) -> None:
    ctx.progress("Setting out exam rooms, invigilators and the first seating plans")
    rooms = _rooms()
    people = _invigilators(ctx)
    sittings = _sittings()
    for person in people[1:]:
        for sitting in sittings:
            if ctx.rng.random() < 0.15:
                services.set_available(person, sitting, False)
    for sitting in sittings[:SEATED_SITTINGS]:
        data = seating.load(sitting)
        services.use_rooms(sitting, _choose_rooms(rooms, len(data.papers)))
        seating.auto_seat(sitting)
        _staff(ctx, sitting, people)
