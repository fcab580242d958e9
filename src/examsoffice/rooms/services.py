"""Rooms, sittings and invigilation: every change goes through here."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from examsoffice.errors import DataError
from examsoffice.rooms.models import (
    Allocation,
    Availability,
    Invigilator,
    Room,
    Sitting,
    SittingRoom,
    new_token,
)
from examsoffice.scheduling import model as core

logger = logging.getLogger(__name__)

# Invigilators arrive this long before the start, to set out papers and seat candidates.
ARRIVE_BEFORE = timedelta(minutes=30)


class RoomsError(Exception):
    """A change that would break a rule; the message says what to do instead."""


def to_core(room: Room) -> core.Room:
    suits = set()
    if room.suits_separate_invigilation:
        suits.add(core.RoomUse.SEPARATE_INVIGILATION)
    if room.suits_word_processors:
        suits.add(core.RoomUse.WORD_PROCESSORS)
    if room.suits_readers:
        suits.add(core.RoomUse.READERS)
    return core.Room(
        code=room.code,
        name=room.name,
        rows=room.rows,
        columns=room.columns,
        off_seats=room.off_set(),
        capacity=room.capacity,
        suits=frozenset(suits),
        exit_side=room.exit_side,
        desk_side=room.desk_side,
        note=room.spacing_note,
    )


def set_off_seats(room: Room, labels: Iterable[str]) -> Room:
    """Switch off exactly these seats; every other desk in the grid is on."""
    seats = set()
    for label in labels:
        try:
            seat = core.Seat.parse(label)
        except DataError as exc:
            raise RoomsError(str(exc)) from exc
        if not (0 <= seat.row < room.rows and 0 <= seat.column < room.columns):
            raise RoomsError(
                _("Seat %(seat)s is outside %(room)s's %(r)d rows and %(c)d columns.")
                % {"seat": label, "room": room.code, "r": room.rows, "c": room.columns}
            )
        seats.add(seat)
    room.off_seats = [s.label for s in sorted(seats)]
    room.save(update_fields=["off_seats"])
    return room


def trim_off_seats(room: Room) -> None:
    """Forget switched-off seats that a smaller grid no longer has."""
    room.off_seats = [
        s.label
        for s in sorted(room.off_set())
        if s.row < room.rows and s.column < room.columns
    ]


# Sittings


def sitting_for(day: date, session: str) -> Sitting:
    found, _created = Sitting.objects.get_or_create(date=day, session=session)
    return found


def use_rooms(sitting: Sitting, rooms: Iterable[Room]) -> None:
    """Set the rooms a sitting uses, in fill order."""
    chosen = list(rooms)
    unavailable = [r.code for r in chosen if not r.available]
    if unavailable:
        raise RoomsError(
            _(
                "%(rooms)s cannot be used for exams at present; tick 'available' "
                "on the room first."
            )
            % {"rooms": ", ".join(unavailable)}
        )
    with transaction.atomic():
        SittingRoom.objects.filter(sitting=sitting).exclude(room__in=chosen).delete()
        for n, room in enumerate(chosen):
            SittingRoom.objects.update_or_create(
                sitting=sitting, room=room, defaults={"position": n}
            )


def rooms_of(sitting: Sitting) -> list[Room]:
    links = SittingRoom.objects.filter(sitting=sitting).select_related("room")
    return [link.room for link in links]


# Invigilation


def set_available(invigilator: Invigilator, sitting: Sitting, available: bool) -> None:
    Availability.objects.update_or_create(
        invigilator=invigilator, sitting=sitting, defaults={"available": available}
    )


def is_unavailable(invigilator: Invigilator, sitting: Sitting) -> bool:
    return Availability.objects.filter(
        invigilator=invigilator, sitting=sitting, available=False
    ).exists()


@transaction.atomic
def allocate(
    sitting: Sitting, room: Room, invigilator: Invigilator, *, lead: bool = False
) -> Allocation:
    """Put an invigilator in a room for a sitting, keeping one room per person."""
    if not SittingRoom.objects.filter(sitting=sitting, room=room).exists():
        raise RoomsError(
            _(
                "%(room)s is not in use for %(sitting)s; add the room to the sitting "
                "first."
            )
            % {"room": room.code, "sitting": sitting}
        )
    if is_unavailable(invigilator, sitting):
        raise RoomsError(
            _(
                "%(person)s said they cannot work %(sitting)s; choose someone else or "
                "change their availability."
            )
            % {"person": invigilator, "sitting": sitting}
        )
    elsewhere = Allocation.objects.filter(sitting=sitting, invigilator=invigilator)
    if elsewhere.exclude(room=room).exists():
        other = elsewhere.select_related("room").get()
        raise RoomsError(
            _(
                "%(person)s is already invigilating in %(room)s for %(sitting)s; "
                "take them out of that room first."
            )
            % {"person": invigilator, "room": other.room.code, "sitting": sitting}
        )
    if lead:
        Allocation.objects.filter(sitting=sitting, lead=True).update(lead=False)
    allocation, _created = Allocation.objects.update_or_create(
        sitting=sitting, invigilator=invigilator, defaults={"room": room, "lead": lead}
    )
    return allocation


def unallocate(sitting: Sitting, invigilator: Invigilator) -> None:
    Allocation.objects.filter(sitting=sitting, invigilator=invigilator).delete()


def free_invigilators(sitting: Sitting) -> QuerySet[Invigilator]:
    """Active invigilators not yet placed and not known to be unavailable."""
    busy = Allocation.objects.filter(sitting=sitting).values("invigilator")
    away = Availability.objects.filter(sitting=sitting, available=False).values(
        "invigilator"
    )
    return (
        Invigilator.objects.filter(active=True)
        .exclude(pk__in=busy)
        .exclude(pk__in=away)
    )


# The rota


@dataclass(frozen=True)
class Duty:
    sitting: Sitting
    room: Room
    invigilator: Invigilator
    lead: bool

    @property
    def arrive(self) -> datetime:
        start = datetime.combine(self.sitting.date, self.sitting.start)
        return timezone.make_aware(start - ARRIVE_BEFORE)

    @property
    def leave(self) -> datetime:
        return timezone.make_aware(
            datetime.combine(self.sitting.date, self.sitting.end)
        )


def duties(
    invigilator: Invigilator | None = None, since: date | None = None
) -> list[Duty]:
    allocations = Allocation.objects.select_related("sitting", "room", "invigilator")
    if invigilator is not None:
        allocations = allocations.filter(invigilator=invigilator)
    if since is not None:
        allocations = allocations.filter(sitting__date__gte=since)
    allocations = allocations.order_by(
        "sitting__date", "sitting__session", "room__position", "invigilator__last_name"
    )
    return [Duty(a.sitting, a.room, a.invigilator, a.lead) for a in allocations]


def rota_calendar(invigilator: Invigilator) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//examsoffice//invigilation rota//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Invigilation: %s") % invigilator)
    stamp = timezone.now()
    for duty in duties(invigilator):
        event = Event()
        event.add("uid", f"invigilation-{duty.sitting.pk}-{invigilator.pk}@examsoffice")
        event.add("dtstamp", stamp)
        event.add("dtstart", duty.arrive)
        event.add("dtend", duty.leave)
        role = _("lead invigilator") if duty.lead else _("invigilator")
        event.add(
            "summary",
            _("Invigilation, %(room)s (%(role)s)")
            % {"room": duty.room.name, "role": role},
        )
        event.add("location", f"{duty.room.name} ({duty.room.code})")
        event.add(
            "description",
            _("Arrive by %(arrive)s; the exams start at %(start)s.")
            % {
                "arrive": timezone.localtime(duty.arrive).strftime("%H:%M"),
                "start": duty.sitting.start.strftime("%H:%M"),
            },
        )
        cal.add_component(event)
    return bytes(cal.to_ical())


def new_feed_token() -> str:
    return new_token()
