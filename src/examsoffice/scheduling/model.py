"""Plain, frozen dataclasses that the scheduling core takes in and gives back.

The Django apps ``exams`` and ``rooms`` convert their models into these, call the
functions in :mod:`.arrangements`, :mod:`.clashes`, :mod:`.seating` and
:mod:`.invigilation`, and store what comes back.  Nothing here touches a database.

Identifiers are the ones an exams officer reads on paper: a candidate is known by
their four-digit candidate number, a component by its code (``8300/1H``), a room by
its short code (``HALL``), a seat by its label (``C4``: row C, column 4).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from examsoffice.errors import DataError


class Level(StrEnum):
    """The qualification level, which decides the daily clash limit."""

    GCSE = "GCSE"
    GCE = "GCE"
    OTHER = "other"


class Session(StrEnum):
    """Morning or afternoon.  Sorting by value puts AM before PM."""

    AM = "AM"
    PM = "PM"

    @property
    def other(self) -> Session:
        return Session.PM if self is Session.AM else Session.AM


class RoomUse(StrEnum):
    """What a room suits beyond ordinary seating, matched to access arrangements."""

    SEPARATE_INVIGILATION = "separate_invigilation"
    WORD_PROCESSORS = "word_processors"
    READERS = "readers"


@dataclass(frozen=True, order=True)
class Sitting:
    """One date and session: the unit that is seated, printed and invigilated."""

    date: dt.date
    session: Session

    def label(self) -> str:
        return f"{self.date:%a %d %b %Y} {self.session.value}"


@dataclass(frozen=True)
class Component:
    """A paper or other assessable component, with its place in the timetable.

    A component without ``date`` (coursework, non-exam assessment) is *not
    timetabled*: it appears on a statement of entry but never in a clash check,
    a seating plan or a personal timetable.
    """

    code: str
    title: str
    level: Level = Level.GCSE
    date: dt.date | None = None
    session: Session | None = None
    start: dt.time | None = None
    duration_minutes: int = 0
    awarding_body: str = ""
    subject: str = ""
    tier: str = ""
    items_allowed: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.date is not None and self.session is None:
            raise DataError(
                f"Component {self.code} has a date but no session; give AM or PM.",
                record=f"component {self.code}",
                field="session",
            )
        if self.duration_minutes < 0:
            raise DataError(
                f"Component {self.code} has a negative duration.",
                record=f"component {self.code}",
                field="duration_minutes",
            )

    @property
    def timetabled(self) -> bool:
        return self.date is not None

    @property
    def sitting(self) -> Sitting | None:
        if self.date is None or self.session is None:
            return None
        return Sitting(self.date, self.session)

    def label(self) -> str:
        tier = f" ({self.tier})" if self.tier else ""
        return f"{self.code} {self.title}{tier}"


class ApprovalStatus(StrEnum):
    APPROVED = "approved"
    PENDING = "pending"
    DECLINED = "declined"
    EXPIRED = "expired"


@dataclass(frozen=True)
class AccessArrangement:
    """One arrangement a candidate holds, by its code in the JCQ catalogue.

    ``subjects`` empty means every exam.  Otherwise each item is a component code
    or the start of one (an entry code such as ``8300`` covers ``8300/1H``).
    ``percent`` or ``minutes`` override the catalogue's extra time (needed for
    *up to 50%* and *over 50%*); ``minutes_per_hour`` sets supervised rest breaks.
    """

    code: str
    status: ApprovalStatus = ApprovalStatus.APPROVED
    subjects: tuple[str, ...] = ()
    percent: int | None = None
    minutes: int | None = None
    minutes_per_hour: int | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    note: str = ""

    def applies_to(self, component: Component) -> bool:
        if self.status is not ApprovalStatus.APPROVED:
            return False
        if not self._in_date(component.date):
            return False
        if not self.subjects:
            return True
        return any(component.code.startswith(s) for s in self.subjects)

    def _in_date(self, day: dt.date | None) -> bool:
        if day is None:
            return True
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_to is None or day <= self.valid_to


@dataclass(frozen=True)
class Candidate:
    """A learner entered in a series, as the exam room knows them."""

    number: str
    surname: str
    forenames: str
    uci: str = ""
    arrangements: tuple[AccessArrangement, ...] = ()
    # Printed on the statement of entry so the candidate can check them.
    date_of_birth: dt.date | None = None
    uln: str = ""

    @property
    def name(self) -> str:
        """Surname first, as registers and seating plans print it."""
        return f"{self.surname}, {self.forenames}"

    @property
    def display_name(self) -> str:
        return f"{self.forenames} {self.surname}"

    def arrangements_for(self, component: Component) -> tuple[AccessArrangement, ...]:
        return tuple(a for a in self.arrangements if a.applies_to(component))


@dataclass(frozen=True)
class Entry:
    """A candidate entered for a component."""

    candidate_number: str
    component_code: str
    fee_pence: int | None = None


@dataclass(frozen=True, order=True)
class Seat:
    """A place in a room's grid.  Rows are letters (A at the front), columns numbers."""

    row: int
    column: int

    @property
    def label(self) -> str:
        return f"{row_letter(self.row)}{self.column + 1}"

    @classmethod
    def parse(cls, label: str) -> Seat:
        letters = label.rstrip("0123456789").upper()
        digits = label[len(letters) :]
        if not letters or not letters.isalpha() or not digits:
            raise DataError(
                f"'{label}' is not a seat label; write a row letter then a column "
                "number, such as A1 or C12.",
                field="seat",
            )
        return cls(row_index(letters), int(digits) - 1)


def row_letter(row: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: spreadsheet style, so big halls still get labels."""
    letters = ""
    n = row + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def row_index(letters: str) -> int:
    n = 0
    for char in letters.upper():
        n = n * 26 + (ord(char) - ord("A") + 1)
    return n - 1


@dataclass(frozen=True)
class Room:
    """An exam room: a grid of ``rows`` x ``columns`` desks.

    ``off_seats`` are desks that must stay empty (a pillar, a broken desk, spacing).
    ``capacity`` caps the number seated below the number of usable desks (fire
    regulations, invigilator sight lines); ``None`` means every usable desk.
    """

    code: str
    name: str
    rows: int
    columns: int
    off_seats: frozenset[Seat] = frozenset()
    capacity: int | None = None
    suits: frozenset[RoomUse] = frozenset()
    exit_side: str = "back"
    desk_side: str = "front"
    note: str = ""

    def __post_init__(self) -> None:
        if self.rows < 1 or self.columns < 1:
            raise DataError(
                f"Room {self.code} needs at least one row and one column.",
                record=f"room {self.code}",
                field="rows",
            )

    def has_seat(self, seat: Seat) -> bool:
        return 0 <= seat.row < self.rows and 0 <= seat.column < self.columns

    def usable(self, seat: Seat) -> bool:
        return self.has_seat(seat) and seat not in self.off_seats

    def seats_in_order(self) -> list[Seat]:
        """Usable seats column by column, front to back: the order scripts are taken."""
        return [
            Seat(r, c)
            for c in range(self.columns)
            for r in range(self.rows)
            if Seat(r, c) not in self.off_seats
        ]

    @property
    def usable_seats(self) -> int:
        inside = sum(1 for s in self.off_seats if self.has_seat(s))
        return self.rows * self.columns - inside

    @property
    def effective_capacity(self) -> int:
        if self.capacity is None:
            return self.usable_seats
        return min(self.capacity, self.usable_seats)

    @property
    def for_arrangements_only(self) -> bool:
        """A room for separate invigilation is kept for the candidates who need it.

        Rooms that only suit word processors or readers also take other candidates.
        """
        return RoomUse.SEPARATE_INVIGILATION in self.suits


@dataclass(frozen=True)
class SeatAssignment:
    """Where one candidate sits for a whole sitting, and for which papers."""

    candidate_number: str
    room_code: str
    seat: Seat
    component_codes: tuple[str, ...]


class ClashKind(StrEnum):
    SAME_SESSION = "same_session"
    SESSION_TOO_LONG = "session_too_long"
    DAY_TOO_LONG = "day_too_long"

    @property
    def label(self) -> str:
        """The words shown to the exams officer; the value is only stored."""
        return CLASH_LABELS[self]


CLASH_LABELS = {
    ClashKind.SAME_SESSION: "Papers in the same session",
    ClashKind.SESSION_TOO_LONG: "Session too long",
    ClashKind.DAY_TOO_LONG: "Day too long",
}


@dataclass(frozen=True)
class Clash:
    """A problem in one candidate's timetable that the exams officer must resolve."""

    kind: ClashKind
    candidate_number: str
    date: dt.date
    session: Session | None
    component_codes: tuple[str, ...]
    total_minutes: int
    limit_minutes: int | None
    advice: str

    @property
    def key(self) -> tuple[str, str, dt.date, str]:
        """Stable identity, for storing a resolution against the clash it answers."""
        session = self.session.value if self.session else ""
        return (self.kind.value, self.candidate_number, self.date, session)


class ResolutionAction(StrEnum):
    ORDER_IN_SESSION = "order_in_session"
    MOVE_TO_OTHER_SESSION = "move_to_other_session"
    MOVE_TO_NEXT_MORNING = "move_to_next_morning"
    SUPERVISION_ARRANGED = "supervision_arranged"


@dataclass(frozen=True)
class ClashResolution:
    """The officer's decision about one candidate's component.

    ``ORDER_IN_SESSION`` places the component at ``position`` (0 first) among the
    candidate's papers in its session.  ``MOVE_TO_OTHER_SESSION`` sits it in the
    other session of the same day; ``MOVE_TO_NEXT_MORNING`` sits it the next
    morning after overnight supervision.  ``SUPERVISION_ARRANGED`` records that the
    supervision is in place (it changes no times).
    """

    candidate_number: str
    component_code: str
    action: ResolutionAction
    position: int = 0
    note: str = ""


@dataclass(frozen=True)
class ScheduledPaper:
    """A paper in a candidate's effective timetable, after clashes are resolved."""

    candidate_number: str
    component_code: str
    sitting: Sitting
    start: dt.time
    finish: dt.time
    base_minutes: int
    extra_minutes: int
    rest_minutes: int
    timetabled_sitting: Sitting
    supervision: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def moved(self) -> bool:
        return self.sitting != self.timetabled_sitting

    @property
    def total_minutes(self) -> int:
        return self.base_minutes + self.extra_minutes + self.rest_minutes
