import datetime as dt

from examsoffice.scheduling.clashes import (
    ClashRules,
    candidate_papers,
    effective_timetable,
    find_all_clashes,
    find_clashes,
    is_resolved,
)
from examsoffice.scheduling.model import (
    AccessArrangement,
    Candidate,
    ClashKind,
    ClashResolution,
    Component,
    Entry,
    Level,
    ResolutionAction,
    Session,
    Sitting,
)

MON = dt.date(2026, 5, 18)
AM, PM = Session.AM, Session.PM


def paper(code, minutes, session=AM, level=Level.GCSE, day=MON):
    start = dt.time(9) if session is AM else dt.time(13, 30)
    return Component(code, f"Paper {code}", level, day, session, start, minutes)


def test_a_candidate_timetable_lists_only_timetabled_papers_in_order():
    comps = {
        "B": paper("B", 60, PM),
        "A": paper("A", 60, AM),
        "NEA": Component("NEA", "Coursework"),
    }
    entries = [Entry("0001", c) for c in ("B", "NEA", "A")] + [Entry("0002", "A")]
    assert [p.code for p in candidate_papers("0001", entries, comps)] == ["A", "B"]


def test_two_papers_in_one_session_are_a_clash_to_order():
    ola = Candidate("0001", "Ames", "Ola")
    clashes = find_clashes(ola, [paper("A", 60), paper("B", 90)])
    assert [c.kind for c in clashes] == [ClashKind.SAME_SESSION]
    assert clashes[0].total_minutes == 150
    assert "one after the other" in clashes[0].advice


def test_extra_time_pushes_a_session_over_three_hours():
    ola = Candidate(
        "0001", "Ames", "Ola", arrangements=(AccessArrangement("extra_time_25"),)
    )
    clashes = find_clashes(ola, [paper("A", 75), paper("B", 75)])
    assert clashes[0].kind is ClashKind.SESSION_TOO_LONG
    assert clashes[0].total_minutes == 2 * 94
    assert "afternoon" not in clashes[0].advice
    assert "PM session" in clashes[0].advice


def test_rest_breaks_count_toward_the_session_limit():
    srb = AccessArrangement("supervised_rest_breaks", minutes_per_hour=10)
    ola = Candidate("0001", "Ames", "Ola", arrangements=(srb,))
    assert find_clashes(ola, [paper("A", 85), paper("B", 85)])[0].kind is (
        ClashKind.SESSION_TOO_LONG
    )


def test_a_gcse_day_over_five_and_a_half_hours_is_flagged_for_overnight_supervision():
    ola = Candidate("0001", "Ames", "Ola")
    papers = [paper("A", 120, AM), paper("B", 105, PM), paper("C", 110, PM)]
    day = [c for c in find_clashes(ola, papers) if c.kind is ClashKind.DAY_TOO_LONG]
    assert day[0].total_minutes == 335
    assert day[0].limit_minutes == 330


def test_a_gce_day_of_the_same_length_is_within_six_hours():
    ola = Candidate("0001", "Ames", "Ola")
    papers = [
        paper("A", 120, AM, Level.GCE),
        paper("B", 105, PM, Level.GCE),
        paper("C", 110, PM, Level.GCE),
    ]
    kinds = [c.kind for c in find_clashes(ola, papers)]
    assert ClashKind.DAY_TOO_LONG not in kinds


def test_the_day_rule_needs_three_papers_unless_the_centre_changes_it():
    ola = Candidate(
        "0001",
        "Ames",
        "Ola",
        arrangements=(AccessArrangement("extra_time_over_50", percent=100),),
    )
    papers = [paper("A", 100, AM), paper("B", 100, PM)]
    assert find_clashes(ola, papers) == []
    strict = ClashRules(day_limit_min_papers=1)
    assert find_clashes(ola, papers, strict)[0].kind is ClashKind.DAY_TOO_LONG


def test_clashes_for_a_cohort_come_in_candidate_number_order():
    comps = {"A": paper("A", 60), "B": paper("B", 60)}
    people = [Candidate("0002", "Bo", "Li"), Candidate("0001", "Ames", "Ola")]
    entries = [Entry(n, c) for n in ("0001", "0002") for c in ("A", "B")]
    assert [c.candidate_number for c in find_all_clashes(people, entries, comps)] == [
        "0001",
        "0002",
    ]


def test_papers_in_one_session_run_back_to_back_with_the_break():
    ola = Candidate(
        "0001", "Ames", "Ola", arrangements=(AccessArrangement("extra_time_25"),)
    )
    timetable = effective_timetable(ola, [paper("A", 60), paper("B", 60)])
    assert [(p.start, p.finish) for p in timetable] == [
        (dt.time(9), dt.time(10, 15)),
        (dt.time(10, 25), dt.time(11, 40)),
    ]


def test_ordering_within_the_session_follows_the_officers_choice():
    ola = Candidate("0001", "Ames", "Ola")
    order = [
        ClashResolution("0001", "B", ResolutionAction.ORDER_IN_SESSION, position=0)
    ]
    timetable = effective_timetable(ola, [paper("A", 60), paper("B", 60)], order)
    assert [p.component_code for p in timetable] == ["B", "A"]


def test_a_paper_moved_to_the_afternoon_follows_the_afternoon_papers_supervised():
    ola = Candidate("0001", "Ames", "Ola")
    papers = [paper("A", 120), paper("B", 90), paper("C", 60, PM)]
    move = [ClashResolution("0001", "B", ResolutionAction.MOVE_TO_OTHER_SESSION)]
    timetable = {p.component_code: p for p in effective_timetable(ola, papers, move)}
    moved = timetable["B"]
    assert moved.sitting == Sitting(MON, PM)
    assert moved.moved
    assert moved.timetabled_sitting == Sitting(MON, AM)
    assert moved.start == dt.time(14, 40)
    assert "09:30" in moved.supervision


def test_a_paper_moved_overnight_is_sat_the_next_morning():
    ola = Candidate("0001", "Ames", "Ola")
    friday = dt.date(2026, 5, 22)
    move = [ClashResolution("0001", "C", ResolutionAction.MOVE_TO_NEXT_MORNING)]
    [moved] = effective_timetable(ola, [paper("C", 60, PM, day=friday)], move)
    assert moved.sitting == Sitting(dt.date(2026, 5, 23), AM)
    assert "overnight" in moved.supervision


def test_a_clash_counts_as_resolved_only_by_a_fitting_decision():
    ola = Candidate(
        "0001", "Ames", "Ola", arrangements=(AccessArrangement("extra_time_up_to_50"),)
    )
    [clash] = find_clashes(ola, [paper("A", 90), paper("B", 90)])
    order = ClashResolution("0001", "A", ResolutionAction.ORDER_IN_SESSION)
    move = ClashResolution("0001", "B", ResolutionAction.MOVE_TO_OTHER_SESSION)
    assert not is_resolved(clash, [order])
    assert is_resolved(clash, [order, move])
