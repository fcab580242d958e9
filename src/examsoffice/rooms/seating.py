"""Seating a sitting through the scheduling core, and storing what comes back.

Every change loads the stored plan into the core's :class:`SeatingPlan` (which
refuses a candidate seated twice, a shared desk, a switched-off desk or an
over-full room), applies the core's operation, then replaces the stored rows in
one transaction.  So the rules hold however a plan is changed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from examsoffice.errors import DataError
from examsoffice.exams import adapters
from examsoffice.exams import models as m
from examsoffice.exams.services.series import season_of
from examsoffice.exams.services.timetable import timetables
from examsoffice.rooms.models import Room, SeatAssignment, Sitting
from examsoffice.rooms.services import RoomsError, rooms_of, to_core
from examsoffice.scheduling import model as core
from examsoffice.scheduling import seating as core_seating

logger = logging.getLogger(__name__)


@dataclass
class SittingData:
    """A sitting as the core sees it: who sits which papers, and the rooms."""

    sitting: core.Sitting
    cohort: adapters.Cohort
    papers: dict[str, tuple[str, ...]]
    rooms: list[core.Room]


def core_sitting(sitting: Sitting) -> core.Sitting:
    return core.Sitting(sitting.date, core.Session(sitting.session))


def series_sat(sitting: Sitting) -> list[m.Series]:
    """Every series of every season with a paper in this sitting."""
    touched = m.Series.objects.filter(
        components__date=sitting.date, components__session=sitting.session
    ).distinct()
    found: dict[int, m.Series] = {}
    for series in touched:
        for s in season_of(series):
            found[s.pk] = s
    return list(found.values())


def load(sitting: Sitting) -> SittingData:
    series = series_sat(sitting)
    cohort = adapters.cohort(series)
    papers = core_seating.who_sits(
        core_sitting(sitting), cohort.entries, cohort.components, timetables(cohort)
    )
    rooms = [to_core(r) for r in rooms_of(sitting)]
    return SittingData(core_sitting(sitting), cohort, papers, rooms)


def stored_plan(
    sitting: Sitting, rooms: Sequence[core.Room] | None = None
) -> core_seating.SeatingPlan:
    rows = SeatAssignment.objects.filter(sitting=sitting).select_related(
        "room", "candidate"
    )
    in_use = (
        list(rooms) if rooms is not None else [to_core(r) for r in rooms_of(sitting)]
    )
    known = {r.code for r in in_use}
    # A room taken out of the sitting after seating still holds its candidates
    # until they are moved, so it stays in the plan.
    extra = {r.room.code: r.room for r in rows if r.room.code not in known}
    in_use += [to_core(room) for room in extra.values()]
    assignments = tuple(
        core.SeatAssignment(
            candidate_number=r.candidate.number,
            room_code=r.room.code,
            seat=core.Seat.parse(r.seat),
            component_codes=tuple(r.component_codes),
        )
        for r in rows
    )
    try:
        return core_seating.SeatingPlan(
            core_sitting(sitting), tuple(in_use), assignments
        )
    except DataError as exc:
        # A room changed after seating (fewer desks, a desk switched off).
        raise RoomsError(
            _(
                "The stored plan no longer fits the rooms: %(problem)s Seat the "
                "sitting again, or change the room back."
            )
            % {"problem": exc.message}
        ) from exc


@transaction.atomic
def save(
    sitting: Sitting, plan: core_seating.SeatingPlan, cohort: adapters.Cohort
) -> None:
    rooms = {
        r.code: r for r in Room.objects.filter(code__in=[r.code for r in plan.rooms])
    }
    missing = [
        a.candidate_number
        for a in plan.assignments
        if a.candidate_number not in cohort.models
    ]
    if missing:
        raise RoomsError(
            _("No candidate record for %s; check the entries.") % ", ".join(missing)
        )
    SeatAssignment.objects.filter(sitting=sitting).delete()
    SeatAssignment.objects.bulk_create(
        SeatAssignment(
            sitting=sitting,
            room=rooms[a.room_code],
            candidate=cohort.models[a.candidate_number],
            seat=a.seat.label,
            component_codes=list(a.component_codes),
        )
        for a in plan.assignments
    )


def auto_seat(
    sitting: Sitting,
    options: core_seating.SeatingOptions | None = None,
    keep_existing: bool = False,
) -> core_seating.SeatingPlan:
    """Seat everyone sitting a paper in this sitting, in the sitting's rooms."""
    data = load(sitting)
    if not data.rooms:
        raise RoomsError(
            _("%s has no rooms yet; tick the rooms to use, then seat it.") % sitting
        )
    if not data.papers:
        raise RoomsError(_("Nobody is entered for a paper in %s.") % sitting)
    previous = stored_plan(sitting, data.rooms) if keep_existing else None
    try:
        plan = core_seating.auto_seat(
            data.sitting,
            list(data.cohort.candidates.values()),
            data.papers,
            data.cohort.components,
            data.rooms,
            options,
            previous=previous,
        )
    except DataError as exc:
        raise RoomsError(exc.message) from exc
    save(sitting, plan, data.cohort)
    logger.debug("Seated sitting %s: %s candidates", sitting.pk, len(plan.assignments))
    return plan


def unseated(sitting: Sitting) -> list[str]:
    """Candidates sitting a paper here who have no seat yet (late entrants)."""
    data = load(sitting)
    seated = set(
        SeatAssignment.objects.filter(sitting=sitting).values_list(
            "candidate__number", flat=True
        )
    )
    return sorted(n for n in data.papers if n not in seated)


def seat_late(sitting: Sitting, number: str) -> core.SeatAssignment:
    """Seat one late entrant without moving anyone already seated."""
    data = load(sitting)
    if number not in data.papers:
        raise RoomsError(
            _("Candidate %(n)s has no paper in %(s)s; check their entries.")
            % {"n": number, "s": sitting}
        )
    plan = stored_plan(sitting, data.rooms)
    try:
        plan = core_seating.seat_late_entrant(
            plan,
            data.cohort.candidates[number],
            data.papers[number],
            data.cohort.components,
        )
    except DataError as exc:
        raise RoomsError(exc.message) from exc
    save(sitting, plan, data.cohort)
    found = plan.find(number)
    assert found is not None
    return found


def move(sitting: Sitting, number: str, room_code: str, seat: str) -> None:
    data = load(sitting)
    plan = stored_plan(sitting, data.rooms)
    other = plan.occupant(room_code, core.Seat.parse(seat)) if seat else None
    try:
        if other is not None and other.candidate_number != number:
            plan = core_seating.swap(plan, number, other.candidate_number)
        else:
            plan = core_seating.move(plan, number, room_code, seat)
    except DataError as exc:
        raise RoomsError(exc.message) from exc
    save(sitting, plan, data.cohort)


def copy_from(sitting: Sitting, source: Sitting) -> core_seating.SeatingPlan:
    """Seat ``sitting`` like ``source``: same rooms and, where possible, seats."""
    data = load(sitting)
    earlier = stored_plan(source)
    if not earlier.assignments:
        raise RoomsError(_("%s has no seating plan to copy.") % source)
    rooms = Room.objects.filter(code__in=[r.code for r in earlier.rooms])
    from examsoffice.rooms.services import use_rooms

    use_rooms(
        sitting,
        sorted(rooms, key=lambda r: [x.code for x in earlier.rooms].index(r.code)),
    )
    try:
        plan = core_seating.copy_plan(
            earlier,
            data.sitting,
            list(data.cohort.candidates.values()),
            data.papers,
            data.cohort.components,
        )
    except DataError as exc:
        raise RoomsError(exc.message) from exc
    save(sitting, plan, data.cohort)
    return plan


def clear(sitting: Sitting) -> None:
    SeatAssignment.objects.filter(sitting=sitting).delete()


def plans_for(
    series: Sequence[m.Series],
) -> dict[core.Sitting, core_seating.SeatingPlan]:
    """The seat hook for the exams app: stored plans of these series' sittings.

    Personal timetables then show room and seat instead of "TBC".
    """
    when = set(
        m.Component.objects.filter(series__in=series)
        .exclude(date=None)
        .values_list("date", "session")
    )
    found = {}
    for sitting in Sitting.objects.filter(seats__isnull=False).distinct():
        if (sitting.date, sitting.session) in when:
            plan = stored_plan(sitting)
            found[plan.sitting] = plan
    return found
