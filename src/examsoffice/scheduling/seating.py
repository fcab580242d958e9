"""Seating plans for a sitting: auto-seat, adjust by hand, re-seat, copy.

A :class:`SeatingPlan` can never hold an impossible state: building one checks
that no candidate is seated twice (so never in two rooms at once), no two
candidates share a seat, no one sits in a switched-off seat or off the grid, and
no room is over its capacity.  Every change returns a new plan.

Auto-seating fills each room column by column, front to back, in candidate-number
order.  Each exam (the first paper a candidate sits in the sitting) takes whole
columns, and ``gap_columns`` empty columns separate one exam from the next in the
same room.  Candidates whose access arrangements need a particular room (separate
invigilation, a word processor, a reader) go to a room that suits them.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from examsoffice.errors import DataError

from .arrangements import Catalogue, room_needs
from .clashes import papers_by_candidate
from .model import (
    Candidate,
    Component,
    Entry,
    Room,
    RoomUse,
    ScheduledPaper,
    Seat,
    SeatAssignment,
    Sitting,
)

logger = logging.getLogger(__name__)


class SeatingError(DataError):
    """A seating request that would break a rule; the message says what to change."""


@dataclass(frozen=True)
class SeatingOptions:
    """How to auto-seat.

    ``gap_columns``: empty columns between two exams sharing a room.
    ``arrangement_rooms``: seat candidates whose arrangements need a particular
    room in a room that suits it (otherwise they sit with everyone else).
    ``arrangements_last``: within an exam, seat candidates with any access
    arrangement after the others, so they take the end of the exam's block, where
    working on after the others leave disturbs no one.
    """

    gap_columns: int = 1
    arrangement_rooms: bool = True
    arrangements_last: bool = False

    def __post_init__(self) -> None:
        if self.gap_columns < 0:
            raise SeatingError("The gap between exams cannot be negative.", field="gap")


@dataclass(frozen=True)
class SeatingPlan:
    """Who sits where in one sitting."""

    sitting: Sitting
    rooms: tuple[Room, ...]
    assignments: tuple[SeatAssignment, ...] = ()
    _by_candidate: dict[str, SeatAssignment] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        problems = plan_problems(self)
        if problems:
            raise SeatingError(
                " ".join(problems), record=f"sitting {self.sitting.label()}"
            )
        index = {a.candidate_number: a for a in self.assignments}
        object.__setattr__(self, "_by_candidate", index)

    def room(self, code: str) -> Room:
        for room in self.rooms:
            if room.code == code:
                return room
        raise SeatingError(
            f"There is no room {code} in this sitting's plan.", field="room"
        )

    def find(self, candidate_number: str) -> SeatAssignment | None:
        return self._by_candidate.get(candidate_number)

    def in_room(self, room_code: str) -> list[SeatAssignment]:
        """A room's assignments in seat order: column by column, front to back."""
        mine = [a for a in self.assignments if a.room_code == room_code]
        return sorted(mine, key=lambda a: (a.seat.column, a.seat.row))

    def occupant(self, room_code: str, seat: Seat) -> SeatAssignment | None:
        for a in self.assignments:
            if a.room_code == room_code and a.seat == seat:
                return a
        return None

    def with_assignments(self, assignments: Iterable[SeatAssignment]) -> SeatingPlan:
        return SeatingPlan(self.sitting, self.rooms, tuple(assignments))

    def count(self, room_code: str) -> int:
        return sum(1 for a in self.assignments if a.room_code == room_code)


def plan_problems(plan: SeatingPlan) -> list[str]:
    """Every rule the plan breaks, as sentences; empty when the plan is sound."""
    rooms = {r.code: r for r in plan.rooms}
    problems = _duplicate_candidates(plan.assignments)
    problems += _seat_problems(plan.assignments, rooms)
    problems += _capacity_problems(plan.assignments, rooms)
    return problems


def _duplicate_candidates(assignments: Sequence[SeatAssignment]) -> list[str]:
    places: dict[str, list[str]] = defaultdict(list)
    for a in assignments:
        places[a.candidate_number].append(f"{a.room_code} {a.seat.label}")
    return [
        f"Candidate {number} is seated more than once ({', '.join(where)}); "
        "keep one seat."
        for number, where in places.items()
        if len(where) > 1
    ]


def _seat_problems(
    assignments: Sequence[SeatAssignment], rooms: Mapping[str, Room]
) -> list[str]:
    problems = []
    taken: dict[tuple[str, Seat], str] = {}
    for a in assignments:
        room = rooms.get(a.room_code)
        where = f"{a.room_code} {a.seat.label}"
        if room is None:
            problems.append(
                f"Candidate {a.candidate_number} is in unknown room {a.room_code}."
            )
        elif not room.has_seat(a.seat):
            problems.append(
                f"Candidate {a.candidate_number}: seat {where} is not in the "
                "room's grid."
            )
        elif a.seat in room.off_seats:
            problems.append(
                f"Candidate {a.candidate_number}: seat {where} is switched off; "
                "choose another seat."
            )
        other = taken.setdefault((a.room_code, a.seat), a.candidate_number)
        if other != a.candidate_number:
            problems.append(
                f"Candidates {other} and {a.candidate_number} share seat {where}."
            )
    return problems


def _capacity_problems(
    assignments: Sequence[SeatAssignment], rooms: Mapping[str, Room]
) -> list[str]:
    counts = Counter(a.room_code for a in assignments)
    return [
        f"Room {code} has {n} candidates but a capacity of "
        f"{rooms[code].effective_capacity}; move {n - rooms[code].effective_capacity} "
        "to another room."
        for code, n in counts.items()
        if code in rooms and n > rooms[code].effective_capacity
    ]


def who_sits(
    sitting: Sitting,
    entries: Iterable[Entry],
    components: Mapping[str, Component],
    timetables: Mapping[str, Sequence[ScheduledPaper]] | None = None,
) -> dict[str, tuple[str, ...]]:
    """Each candidate's papers in this sitting.

    With ``timetables`` (from :func:`~.clashes.effective_timetable`) papers moved
    by a clash resolution count in the sitting they moved to.
    """
    if timetables is not None:
        return {
            number: codes
            for number, papers in timetables.items()
            if (
                codes := tuple(p.component_code for p in papers if p.sitting == sitting)
            )
        }
    by_candidate = papers_by_candidate(entries, components)
    return {
        number: codes
        for number, papers in by_candidate.items()
        if (codes := tuple(p.code for p in papers if p.sitting == sitting))
    }


@dataclass
class _Board:
    """Working state while seating: occupied seats and which exam owns each column."""

    rooms: Sequence[Room]
    gap: int
    taken: dict[str, dict[Seat, str]] = field(default_factory=dict)
    owner: dict[str, dict[int, str]] = field(default_factory=dict)
    placed: list[SeatAssignment] = field(default_factory=list)

    def __post_init__(self) -> None:
        for room in self.rooms:
            self.taken.setdefault(room.code, {})
            self.owner.setdefault(room.code, {})

    def put(self, assignment: SeatAssignment, group: str) -> None:
        self.taken[assignment.room_code][assignment.seat] = assignment.candidate_number
        self.owner[assignment.room_code].setdefault(assignment.seat.column, group)
        self.placed.append(assignment)

    def full(self, room: Room) -> bool:
        return len(self.taken[room.code]) >= room.effective_capacity

    def column_open(self, room: Room, column: int, group: str) -> bool:
        owners = self.owner[room.code]
        if owners.get(column, group) != group:
            return False
        near = range(column - self.gap, column + self.gap + 1)
        return all(owners.get(c, group) == group for c in near)

    def free_seats(
        self, rooms: Iterable[Room], group: str
    ) -> Iterator[tuple[Room, Seat]]:
        """Free seats this exam may take, room by room, column by column."""
        for room in rooms:
            for column in range(room.columns):
                if self.full(room) or not self.column_open(room, column, group):
                    continue
                for row in range(room.rows):
                    seat = Seat(row, column)
                    if self.full(room):
                        break
                    if room.usable(seat) and seat not in self.taken[room.code]:
                        yield room, seat


def auto_seat(
    sitting: Sitting,
    candidates: Sequence[Candidate],
    papers: Mapping[str, Sequence[str]],
    components: Mapping[str, Component],
    rooms: Sequence[Room],
    options: SeatingOptions | None = None,
    previous: SeatingPlan | None = None,
    catalogue: Catalogue | None = None,
) -> SeatingPlan:
    """Seat everyone in ``papers`` (candidate number -> papers in this sitting).

    ``rooms`` are filled in the order given.  With ``previous`` (the plan for the
    paper before, or an earlier sitting's plan to copy), every candidate keeps
    their seat where the room is in use and the seat is still free and switched
    on; the others are seated around them.  Raises :class:`SeatingError` listing
    everyone who cannot be seated and what to change.
    """
    options = options or SeatingOptions()
    people = {c.number: c for c in candidates}
    _check_known(papers, people)
    board = _Board(rooms, options.gap_columns)
    waiting = _keep_previous(board, previous, papers)

    special, ordinary = _split(waiting, people, papers, components, options, catalogue)
    problems = _seat_special(board, special, people, papers, components, catalogue)
    problems += _seat_ordinary(
        board, ordinary, people, papers, options, components, catalogue
    )
    if problems:
        raise SeatingError(" ".join(problems), record=f"sitting {sitting.label()}")
    logger.info("Seated %s candidates in %s rooms", len(board.placed), len(rooms))
    return SeatingPlan(sitting, tuple(rooms), tuple(board.placed))


def _check_known(
    papers: Mapping[str, Sequence[str]], people: Mapping[str, Candidate]
) -> None:
    unknown = sorted(set(papers) - set(people))
    if unknown:
        raise SeatingError(
            f"No candidate record for number(s) {', '.join(unknown)}; add the "
            "candidates or remove their entries.",
            field="candidate_number",
        )


def _group_of(codes: Sequence[str]) -> str:
    return codes[0]


def _keep_previous(
    board: _Board, previous: SeatingPlan | None, papers: Mapping[str, Sequence[str]]
) -> list[str]:
    if previous is None:
        return sorted(papers)
    rooms = {r.code: r for r in board.rooms}
    for old in sorted(previous.assignments, key=lambda a: a.candidate_number):
        room = rooms.get(old.room_code)
        codes = papers.get(old.candidate_number)
        if codes is None or room is None or board.full(room):
            continue
        if room.usable(old.seat) and old.seat not in board.taken[room.code]:
            board.put(replace(old, component_codes=tuple(codes)), _group_of(codes))
    kept = {a.candidate_number for a in board.placed}
    return sorted(n for n in papers if n not in kept)


def _split(
    waiting: Sequence[str],
    people: Mapping[str, Candidate],
    papers: Mapping[str, Sequence[str]],
    components: Mapping[str, Component],
    options: SeatingOptions,
    catalogue: Catalogue | None,
) -> tuple[list[str], list[str]]:
    if not options.arrangement_rooms:
        return [], list(waiting)
    special: list[str] = []
    ordinary: list[str] = []
    for number in waiting:
        needs = _needs(people[number], papers[number], components, catalogue)
        (special if needs else ordinary).append(number)
    return special, ordinary


def _needs(
    candidate: Candidate,
    codes: Sequence[str],
    components: Mapping[str, Component],
    catalogue: Catalogue | None,
) -> frozenset[RoomUse]:
    return room_needs(
        candidate, [components[c] for c in codes if c in components], catalogue
    )


def _seat_special(
    board: _Board,
    numbers: Sequence[str],
    people: Mapping[str, Candidate],
    papers: Mapping[str, Sequence[str]],
    components: Mapping[str, Component],
    catalogue: Catalogue | None,
) -> list[str]:
    problems = []
    for number in numbers:
        needs = _needs(people[number], papers[number], components, catalogue)
        suitable = [r for r in board.rooms if needs <= r.suits]
        # Rooms for arrangements are small and often shared by several exams, so
        # no column gap is kept there: the seat order alone decides.
        spot = _first_free(board, suitable)
        if spot is None:
            problems.append(_no_room_message(number, needs, bool(suitable)))
            continue
        board.taken[spot[0].code][spot[1]] = number
        board.placed.append(
            SeatAssignment(number, spot[0].code, spot[1], tuple(papers[number]))
        )
    return problems


def _first_free(board: _Board, rooms: Iterable[Room]) -> tuple[Room, Seat] | None:
    for room in rooms:
        if board.full(room):
            continue
        for seat in room.seats_in_order():
            if seat not in board.taken[room.code]:
                return room, seat
    return None


def _no_room_message(number: str, needs: frozenset[RoomUse], any_suitable: bool) -> str:
    wanted = " and ".join(sorted(n.value.replace("_", " ") for n in needs))
    if any_suitable:
        return (
            f"Candidate {number} needs a room for {wanted} but every such room is "
            "full; add a room that suits it or raise its capacity."
        )
    return (
        f"Candidate {number} needs a room for {wanted} and no room in this sitting "
        "suits it; mark a room as suiting it, or seat arrangements with everyone else."
    )


def _seat_ordinary(
    board: _Board,
    numbers: Sequence[str],
    people: Mapping[str, Candidate],
    papers: Mapping[str, Sequence[str]],
    options: SeatingOptions,
    components: Mapping[str, Component],
    catalogue: Catalogue | None,
) -> list[str]:
    groups: dict[str, list[str]] = defaultdict(list)
    for number in numbers:
        groups[_group_of(papers[number])].append(number)
    main = [r for r in board.rooms if not r.for_arrangements_only]
    problems = []
    for group in sorted(groups, key=lambda g: _group_order(g, components)):
        queue = _queue(groups[group], people, options)
        left = _fill(board, main, group, queue, papers)
        if left:
            problems.append(
                f"{len(left)} candidate(s) for {group} could not be seated "
                f"(first: {left[0]}); add a room, switch seats on or reduce the gap "
                f"of {options.gap_columns} column(s) between exams."
            )
    return problems


def _group_order(group: str, components: Mapping[str, Component]) -> tuple[str, str]:
    component = components.get(group)
    start = component.start.isoformat() if component and component.start else ""
    return (start, group)


def _queue(
    numbers: Sequence[str], people: Mapping[str, Candidate], options: SeatingOptions
) -> list[str]:
    ordered = sorted(numbers)
    if not options.arrangements_last:
        return ordered
    return sorted(ordered, key=lambda n: bool(people[n].arrangements))


def _fill(
    board: _Board,
    rooms: Sequence[Room],
    group: str,
    queue: Sequence[str],
    papers: Mapping[str, Sequence[str]],
) -> list[str]:
    seats = board.free_seats(rooms, group)
    for i, number in enumerate(queue):
        spot = next(seats, None)
        if spot is None:
            return list(queue[i:])
        assignment = SeatAssignment(
            number, spot[0].code, spot[1], tuple(papers[number])
        )
        board.put(assignment, group)
    return []


def _board_from(plan: SeatingPlan, gap: int) -> _Board:
    board = _Board(plan.rooms, gap)
    for a in plan.assignments:
        board.put(a, _group_of(a.component_codes))
    return board


def seat_late_entrant(
    plan: SeatingPlan,
    candidate: Candidate,
    component_codes: Sequence[str],
    components: Mapping[str, Component],
    options: SeatingOptions | None = None,
    catalogue: Catalogue | None = None,
) -> SeatingPlan:
    """Add one candidate to a plan without moving anyone already seated."""
    options = options or SeatingOptions()
    if plan.find(candidate.number) is not None:
        where = plan.find(candidate.number)
        assert where is not None
        raise SeatingError(
            f"Candidate {candidate.number} is already seated in {where.room_code} "
            f"{where.seat.label}; move them instead.",
            field="candidate_number",
        )
    board = _board_from(plan, options.gap_columns)
    people = {candidate.number: candidate}
    papers = {candidate.number: tuple(component_codes)}
    special, ordinary = _split(
        [candidate.number], people, papers, components, options, catalogue
    )
    problems = _seat_special(board, special, people, papers, components, catalogue)
    problems += _seat_ordinary(
        board, ordinary, people, papers, options, components, catalogue
    )
    if problems:
        raise SeatingError(" ".join(problems), record=f"sitting {plan.sitting.label()}")
    return plan.with_assignments(board.placed)


def move(
    plan: SeatingPlan, candidate_number: str, room_code: str, seat: Seat | str
) -> SeatingPlan:
    """Move one candidate to a free seat (by hand, on the plan's page)."""
    target = Seat.parse(seat) if isinstance(seat, str) else seat
    current = _require(plan, candidate_number)
    room = plan.room(room_code)
    if not room.usable(target):
        raise SeatingError(
            f"Seat {target.label} in {room_code} is switched off or outside the room; "
            "choose another seat.",
            field="seat",
        )
    other = plan.occupant(room_code, target)
    if other is not None and other.candidate_number != candidate_number:
        raise SeatingError(
            f"Seat {target.label} in {room_code} is taken by candidate "
            f"{other.candidate_number}; swap the two candidates instead.",
            field="seat",
        )
    moved = replace(current, room_code=room_code, seat=target)
    return plan.with_assignments(moved if a is current else a for a in plan.assignments)


def swap(plan: SeatingPlan, first: str, second: str) -> SeatingPlan:
    """Exchange two candidates' seats."""
    a, b = _require(plan, first), _require(plan, second)
    new_a = replace(a, room_code=b.room_code, seat=b.seat)
    new_b = replace(b, room_code=a.room_code, seat=a.seat)
    swapped = {first: new_a, second: new_b}
    return plan.with_assignments(
        swapped.get(x.candidate_number, x) for x in plan.assignments
    )


def remove(plan: SeatingPlan, candidate_number: str) -> SeatingPlan:
    """Take a candidate out of the plan (a withdrawal); their seat becomes free."""
    _require(plan, candidate_number)
    return plan.with_assignments(
        a for a in plan.assignments if a.candidate_number != candidate_number
    )


def _require(plan: SeatingPlan, candidate_number: str) -> SeatAssignment:
    found = plan.find(candidate_number)
    if found is None:
        raise SeatingError(
            f"Candidate {candidate_number} is not in the seating plan for "
            f"{plan.sitting.label()}; seat them as a late entrant first.",
            field="candidate_number",
        )
    return found


def copy_plan(
    source: SeatingPlan,
    sitting: Sitting,
    candidates: Sequence[Candidate],
    papers: Mapping[str, Sequence[str]],
    components: Mapping[str, Component],
    rooms: Sequence[Room] | None = None,
    options: SeatingOptions | None = None,
    catalogue: Catalogue | None = None,
) -> SeatingPlan:
    """Seat a sitting like an earlier one: same seats where possible, new ones around.

    Candidates of the source plan who do not sit this sitting are dropped;
    rooms default to the source plan's rooms.
    """
    return auto_seat(
        sitting,
        candidates,
        papers,
        components,
        rooms if rooms is not None else source.rooms,
        options,
        previous=source,
        catalogue=catalogue,
    )
