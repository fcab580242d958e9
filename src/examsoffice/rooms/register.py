"""The room register on the day: marks per candidate and paper, absentees live."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from examsoffice.accounts.roles import Role, user_has_role
from examsoffice.rooms.models import (
    Allocation,
    Attendance,
    RegisterMark,
    Room,
    SeatAssignment,
    Sitting,
)
from examsoffice.rooms.services import RoomsError


@dataclass(frozen=True)
class Line:
    seat: SeatAssignment
    component_code: str
    mark: RegisterMark | None

    @property
    def status(self) -> str:
        return self.mark.status if self.mark else ""


def may_mark(user: Any, sitting: Sitting, room: Room) -> bool:
    # The officer marks anywhere; an invigilator marks the room they are in.
    if user_has_role(user, Role.EXAMS_OFFICER):
        return True
    return Allocation.objects.filter(
        sitting=sitting, room=room, invigilator__user_id=user.pk or 0
    ).exists()


def lines(sitting: Sitting, room: Room) -> list[Line]:
    """The room's register: each paper, then candidates in candidate-number order."""
    seats = SeatAssignment.objects.filter(sitting=sitting, room=room).select_related(
        "candidate__pupil"
    )
    marks = {
        (m.candidate_id, m.component_code): m
        for m in RegisterMark.objects.filter(sitting=sitting)
    }
    found = [
        Line(seat, code, marks.get((seat.candidate_id, code)))
        for seat in seats
        for code in seat.component_codes
    ]
    return sorted(found, key=lambda x: (x.component_code, x.seat.candidate.number))


def mark(
    sitting: Sitting,
    room: Room,
    candidate_number: str,
    component_code: str,
    status: str,
    user: Any,
) -> RegisterMark:
    if not may_mark(user, sitting, room):
        raise RoomsError(
            _(
                "Only the invigilators in %(room)s or the exams officer can mark its "
                "register."
            )
            % {"room": room.code}
        )
    if status not in Attendance.values:
        raise RoomsError(
            _("'%s' is not a register mark; use present, absent, late or transferred.")
            % status
        )
    seat = SeatAssignment.objects.filter(
        sitting=sitting, room=room, candidate__number=candidate_number
    ).first()
    if seat is None or component_code not in seat.component_codes:
        raise RoomsError(
            _("Candidate %(n)s is not on the %(room)s register for %(code)s.")
            % {"n": candidate_number, "room": room.code, "code": component_code}
        )
    found, _created = RegisterMark.objects.update_or_create(
        sitting=sitting,
        candidate=seat.candidate,
        component_code=component_code,
        defaults={"status": status, "marked_by": user},
    )
    return found


def absentees(sitting: Sitting) -> list[tuple[RegisterMark, SeatAssignment | None]]:
    marks = RegisterMark.objects.filter(
        sitting=sitting, status=Attendance.ABSENT
    ).select_related("candidate__pupil", "marked_by")
    seats = {
        s.candidate_id: s
        for s in SeatAssignment.objects.filter(sitting=sitting).select_related("room")
    }
    return [(m, seats.get(m.candidate_id)) for m in marks]


def counts(sitting: Sitting) -> dict[str, int]:
    found = dict.fromkeys(Attendance.values, 0)
    for status in RegisterMark.objects.filter(sitting=sitting).values_list(
        "status", flat=True
    ):
        found[status] += 1
    return found
