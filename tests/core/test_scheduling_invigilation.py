import datetime as dt

from examsoffice.scheduling.invigilation import (
    Ratio,
    allocate,
    default_ratios,
    invigilators_needed,
    rooming,
)
from examsoffice.scheduling.model import (
    AccessArrangement,
    Candidate,
    Component,
    Room,
    RoomUse,
    Session,
    Sitting,
)
from examsoffice.scheduling.seating import auto_seat

DAY = dt.date(2026, 5, 18)
PAPER = Component(
    "P1", "Paper", date=DAY, session=Session.AM, start=dt.time(9), duration_minutes=60
)


def test_written_exams_need_one_invigilator_per_thirty_candidates():
    ratio = default_ratios().for_kind("written")
    assert [invigilators_needed(n, ratio) for n in (0, 1, 30, 31, 61)] == [
        0,
        1,
        1,
        2,
        3,
    ]


def test_the_ratios_file_says_it_is_unverified():
    assert default_ratios().verified is False


def test_a_room_minimum_applies_however_few_sit():
    assert invigilators_needed(2, Ratio(30, minimum_per_room=2)) == 2


def test_rooming_counts_candidates_facilitators_and_shortfall():
    hall = Room("HALL", "Hall", 6, 6)
    side = Room(
        "S1", "Side room", 1, 2, suits=frozenset({RoomUse.SEPARATE_INVIGILATION})
    )
    people = [Candidate(f"{i:04d}", "S", "F") for i in range(1, 33)]
    people.append(
        Candidate("0099", "S", "F", arrangements=(AccessArrangement("scribe"),))
    )
    papers = {c.number: ("P1",) for c in people}
    plan = auto_seat(
        Sitting(DAY, Session.AM), people, papers, {"P1": PAPER}, [hall, side]
    )
    sheet = rooming(
        plan, {c.number: c for c in people}, {"P1": PAPER}, {"HALL": ["Ann"]}, "Ann"
    )
    lines = {line.room.code: line for line in sheet.rooms}
    assert (
        lines["HALL"].candidates,
        lines["HALL"].needed,
        lines["HALL"].shortfall,
    ) == (32, 2, 1)
    assert lines["S1"].facilitators == {"scribe": 1}
    assert sheet.shortfall == 2
    assert allocate(["A", "B", "C"], sheet) == {"HALL": ("A", "B"), "S1": ("C",)}
