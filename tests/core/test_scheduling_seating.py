import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from examsoffice.scheduling.model import (
    AccessArrangement,
    Candidate,
    Component,
    Entry,
    Level,
    Room,
    RoomUse,
    Seat,
    SeatAssignment,
    Session,
    Sitting,
)
from examsoffice.scheduling.seating import (
    SeatingError,
    SeatingOptions,
    SeatingPlan,
    auto_seat,
    copy_plan,
    move,
    remove,
    seat_late_entrant,
    swap,
    who_sits,
)

DAY = dt.date(2026, 5, 18)
SITTING = Sitting(DAY, Session.AM)
COMPONENTS = {
    code: Component(code, code, Level.GCSE, DAY, Session.AM, dt.time(9), 90)
    for code in ("MATHS-F", "MATHS-H", "HISTORY")
}
HALL = Room("HALL", "Sports hall", rows=4, columns=6)
SMALL = Room(
    "S1",
    "Study room",
    rows=2,
    columns=2,
    suits=frozenset({RoomUse.SEPARATE_INVIGILATION}),
)


def cohort(n, code="MATHS-H", start=1):
    people = [
        Candidate(f"{i:04d}", f"Surname{i}", "Sam") for i in range(start, start + n)
    ]
    return people, {c.number: (code,) for c in people}


def test_seat_labels_are_row_letter_and_column_number():
    assert Seat(2, 3).label == "C4"
    assert Seat.parse("c4") == Seat(2, 3)
    assert Seat(26, 0).label == "AA1"


def test_it_seats_in_candidate_number_order_down_each_column():
    people, papers = cohort(6)
    plan = auto_seat(SITTING, people, papers, COMPONENTS, [HALL])
    labels = [plan.find(f"{i:04d}").seat.label for i in range(1, 7)]
    assert labels == ["A1", "B1", "C1", "D1", "A2", "B2"]


def test_different_exams_start_a_new_column_after_the_gap():
    f, f_papers = cohort(5, "MATHS-F")
    h, h_papers = cohort(3, "MATHS-H", start=100)
    plan = auto_seat(
        SITTING,
        f + h,
        {**f_papers, **h_papers},
        COMPONENTS,
        [HALL],
        SeatingOptions(gap_columns=1),
    )
    assert plan.find("0005").seat.label == "A2"
    assert plan.find("0100").seat.label == "A4"


def test_a_switched_off_seat_stays_empty():
    room = Room("R", "Room", rows=2, columns=2, off_seats=frozenset({Seat(0, 0)}))
    people, papers = cohort(3)
    plan = auto_seat(SITTING, people, papers, COMPONENTS, [room])
    assert plan.occupant("R", Seat(0, 0)) is None
    assert plan.find("0001").seat.label == "B1"


def test_it_never_seats_more_than_the_capacity_and_says_what_to_do():
    room = Room("R", "Room", rows=3, columns=3, capacity=4)
    people, papers = cohort(5)
    with pytest.raises(SeatingError, match=r"1 candidate.*add a room"):
        auto_seat(SITTING, people, papers, COMPONENTS, [room])


def test_a_candidate_with_a_scribe_goes_to_a_separate_room():
    people, papers = cohort(3)
    people[1] = Candidate(
        "0002", "Scribe", "Sam", arrangements=(AccessArrangement("scribe"),)
    )
    plan = auto_seat(SITTING, people, papers, COMPONENTS, [HALL, SMALL])
    assert plan.find("0002").room_code == "S1"
    assert plan.find("0003").seat.label == "B1"


def test_without_a_suitable_room_it_names_the_candidate_and_the_need():
    people, papers = cohort(1)
    people[0] = Candidate(
        "0001", "Scribe", "Sam", arrangements=(AccessArrangement("scribe"),)
    )
    with pytest.raises(
        SeatingError, match="0001 needs a room for separate invigilation"
    ):
        auto_seat(SITTING, people, papers, COMPONENTS, [HALL])


def test_arrangements_can_be_seated_at_the_end_of_their_exam():
    people, papers = cohort(4)
    people[0] = Candidate(
        "0001", "Late", "Finisher", arrangements=(AccessArrangement("extra_time_25"),)
    )
    plan = auto_seat(
        SITTING,
        people,
        papers,
        COMPONENTS,
        [HALL],
        SeatingOptions(arrangements_last=True),
    )
    assert plan.find("0001").seat.label == "D1"


def test_a_late_entrant_is_seated_without_moving_anyone():
    people, papers = cohort(5)
    plan = auto_seat(SITTING, people, papers, COMPONENTS, [HALL])
    late = Candidate("0050", "Late", "Lou")
    after = seat_late_entrant(plan, late, ("MATHS-H",), COMPONENTS)
    for a in plan.assignments:
        assert after.find(a.candidate_number) == a
    assert after.find("0050").seat.label == "B2"


def test_a_late_entrant_for_another_exam_keeps_the_gap():
    people, papers = cohort(5)
    plan = auto_seat(SITTING, people, papers, COMPONENTS, [HALL])
    after = seat_late_entrant(
        plan, Candidate("0050", "L", "L"), ("HISTORY",), COMPONENTS
    )
    assert after.find("0050").seat.label == "A4"


def test_a_plan_keeps_seats_for_the_next_paper_of_the_sitting():
    people, papers = cohort(6)
    first = auto_seat(SITTING, people, papers, COMPONENTS, [HALL])
    moved = move(first, "0001", "HALL", "D6")
    second_papers = dict.fromkeys(papers, ("MATHS-F",))
    second = auto_seat(
        SITTING, people, second_papers, COMPONENTS, [HALL], previous=moved
    )
    assert second.find("0001").seat.label == "D6"
    assert second.find("0001").component_codes == ("MATHS-F",)


def test_copying_a_plan_drops_those_not_sitting_and_seats_newcomers():
    people, papers = cohort(4)
    old = auto_seat(SITTING, people, papers, COMPONENTS, [HALL])
    pm = Sitting(DAY, Session.PM)
    newcomer = Candidate("0009", "New", "Nia")
    new_papers = {"0002": ("MATHS-H",), "0003": ("MATHS-H",), "0009": ("MATHS-H",)}
    plan = copy_plan(old, pm, [*people, newcomer], new_papers, COMPONENTS)
    assert plan.find("0001") is None
    assert plan.find("0002").seat == old.find("0002").seat
    assert plan.find("0009").seat.label == "A1"


def test_moving_onto_a_taken_seat_suggests_a_swap():
    people, papers = cohort(2)
    plan = auto_seat(SITTING, people, papers, COMPONENTS, [HALL])
    with pytest.raises(SeatingError, match="taken by candidate 0002; swap"):
        move(plan, "0001", "HALL", "B1")
    swapped = swap(plan, "0001", "0002")
    assert swapped.find("0001").seat.label == "B1"


def test_moving_onto_a_switched_off_seat_is_refused():
    room = Room("R", "Room", rows=2, columns=2, off_seats=frozenset({Seat(1, 1)}))
    people, papers = cohort(1)
    plan = auto_seat(SITTING, people, papers, COMPONENTS, [room])
    with pytest.raises(SeatingError, match="switched off"):
        move(plan, "0001", "R", "B2")


def test_a_plan_cannot_hold_a_candidate_twice():
    twice = (
        SeatAssignment("0001", "HALL", Seat(0, 0), ("MATHS-H",)),
        SeatAssignment("0001", "S1", Seat(0, 0), ("MATHS-H",)),
    )
    with pytest.raises(SeatingError, match="0001 is seated more than once"):
        SeatingPlan(SITTING, (HALL, SMALL), twice)


def test_removing_a_withdrawn_candidate_frees_their_seat():
    people, papers = cohort(2)
    plan = remove(auto_seat(SITTING, people, papers, COMPONENTS, [HALL]), "0001")
    assert plan.occupant("HALL", Seat(0, 0)) is None


def test_who_sits_takes_papers_from_the_timetabled_session():
    entries = [Entry("0001", "MATHS-H"), Entry("0002", "NEA")]
    comps = {**COMPONENTS, "NEA": Component("NEA", "Coursework")}
    assert who_sits(SITTING, entries, comps) == {"0001": ("MATHS-H",)}


rooms_strategy = st.lists(
    st.builds(
        lambda i, r, c, off, cap, special: Room(
            f"R{i}",
            f"Room {i}",
            r,
            c,
            off_seats=frozenset(Seat(x % r, y % c) for x, y in off),
            capacity=cap,
            suits=frozenset({RoomUse.SEPARATE_INVIGILATION})
            if special
            else frozenset(),
        ),
        st.integers(0, 999),
        st.integers(1, 6),
        st.integers(1, 8),
        st.lists(st.tuples(st.integers(0, 10), st.integers(0, 10)), max_size=5),
        st.none() | st.integers(0, 40),
        st.sampled_from(
            [
                frozenset(),
                frozenset({RoomUse.SEPARATE_INVIGILATION}),
                frozenset({RoomUse.WORD_PROCESSORS}),
            ]
        ),
    ),
    min_size=1,
    max_size=4,
    unique_by=lambda r: r.code,
)
cohort_strategy = st.lists(
    st.tuples(
        st.integers(1, 9999),
        st.sampled_from(sorted(COMPONENTS)),
        st.sampled_from([(), ("extra_time_25",), ("scribe",), ("word_processor",)]),
    ),
    max_size=80,
    unique_by=lambda t: t[0],
)


def _people(rows):
    people = [
        Candidate(
            f"{n:04d}", "S", "F", arrangements=tuple(AccessArrangement(a) for a in aa)
        )
        for n, _, aa in rows
    ]
    return people, {f"{n:04d}": (code,) for n, code, _ in rows}


def _assert_sound(plan, papers, gap):
    numbers = [a.candidate_number for a in plan.assignments]
    assert sorted(numbers) == sorted(papers)
    rooms = {r.code: r for r in plan.rooms}
    seats = [(a.room_code, a.seat) for a in plan.assignments]
    assert len(set(seats)) == len(seats)
    for a in plan.assignments:
        assert rooms[a.room_code].usable(a.seat)
    for room in plan.rooms:
        assert plan.count(room.code) <= room.effective_capacity
        if room.for_arrangements_only:
            continue
        owners = {}
        for a in plan.in_room(room.code):
            owners.setdefault(a.seat.column, set()).add(a.component_codes[0])
        for column, groups in owners.items():
            assert len(groups) == 1
            for near in range(column - gap, column + gap + 1):
                assert owners.get(near, groups) == groups


@settings(max_examples=150, deadline=None)
@given(rooms_strategy, cohort_strategy, st.integers(0, 2), st.booleans())
def test_random_cohorts_never_break_the_seating_rules(rooms, rows, gap, last):
    people, papers = _people(rows)
    options = SeatingOptions(gap_columns=gap, arrangements_last=last)
    try:
        plan = auto_seat(SITTING, people, papers, COMPONENTS, rooms, options)
    except SeatingError:
        return
    _assert_sound(plan, papers, gap)


@settings(max_examples=100, deadline=None)
@given(rooms_strategy, cohort_strategy, st.integers(0, 1), st.data())
def test_late_entrants_and_moves_keep_the_rules(rooms, rows, gap, data):
    people, papers = _people(rows)
    options = SeatingOptions(gap_columns=gap)
    try:
        plan = auto_seat(SITTING, people, papers, COMPONENTS, rooms, options)
    except SeatingError:
        return
    late = Candidate("LATE", "Late", "Lou")
    code = data.draw(st.sampled_from(sorted(COMPONENTS)))
    try:
        plan = seat_late_entrant(plan, late, (code,), COMPONENTS, options)
        papers = {**papers, "LATE": (code,)}
    except SeatingError:
        pass
    _assert_sound(plan, papers, gap)
    if plan.assignments:
        who = data.draw(st.sampled_from([a.candidate_number for a in plan.assignments]))
        room = data.draw(st.sampled_from(rooms))
        seat = Seat(
            data.draw(st.integers(0, room.rows - 1)),
            data.draw(st.integers(0, room.columns - 1)),
        )
        try:
            moved = move(plan, who, room.code, seat)
        except SeatingError:
            return
        assert moved.find(who).seat == seat
        assert len(moved.assignments) == len(plan.assignments)
