from __future__ import annotations

import datetime as dt

import pytest

from examsoffice.errors import DataError
from examsoffice.exams.models import ChangeKind, Entry, EntryStatus, FeeRule, Verdict
from examsoffice.exams.services import entries
from examsoffice.exams.services.candidates import enter_candidate
from examsoffice.learners.models import Pupil

pytestmark = pytest.mark.django_db

BEFORE = dt.date(2031, 2, 1)


def _entered(series, pupil, code, day=BEFORE):
    candidate = enter_candidate(series, pupil)
    return entries.enter(candidate, series.options.get(code=code), today=day)


def test_an_entry_before_every_deadline_is_not_late(aqa, make_pupil):
    entry = _entered(aqa, make_pupil(), "8300F")

    assert not entry.is_late
    assert entry.fee_pence == 4835


def test_an_entry_after_a_deadline_takes_the_rule_in_force(aqa, make_pupil):
    FeeRule.objects.create(
        series=aqa, name="Late fee", starts_on=dt.date(2031, 2, 22), extra_pence=1500
    )
    FeeRule.objects.create(
        series=aqa, name="Very late", starts_on=dt.date(2031, 3, 22), extra_percent=100
    )

    late = _entered(aqa, make_pupil(), "8300F", dt.date(2031, 3, 1))
    very = _entered(aqa, make_pupil(), "8300H", dt.date(2031, 4, 1))

    assert late.fee_rule.name == "Late fee"
    assert late.late_fee_pence == 1500
    assert very.late_fee_pence == 4835


def test_a_tier_change_keeps_one_entry_and_records_both_codes(aqa, make_pupil):
    entry = _entered(aqa, make_pupil(), "8300F")

    entries.change_tier(entry, aqa.options.get(code="8300H"))

    assert Entry.objects.get().option.code == "8300H"
    change = entry.changes.get(kind=ChangeKind.TIER)
    assert (change.previous_code, change.option_code) == ("8300F", "8300H")


def test_it_refuses_a_second_tier_of_one_qualification(aqa, make_pupil):
    pupil = make_pupil()
    _entered(aqa, pupil, "8300F")

    with pytest.raises(DataError, match="Change the tier"):
        _entered(aqa, pupil, "8300H")


def test_a_tier_change_stays_within_the_qualification(aqa, make_pupil):
    entry = _entered(aqa, make_pupil(), "8300F")

    with pytest.raises(DataError, match="tier change stays"):
        entries.change_tier(entry, aqa.options.get(code="8700"))


def test_withdrawal_and_reinstatement_are_kept_in_the_history(aqa, make_pupil):
    entry = _entered(aqa, make_pupil(), "8700")

    entries.withdraw(entry)
    entries.reinstate(entry)

    kinds = list(entry.changes.values_list("kind", flat=True))
    assert kinds == ["entry", "withdrawal", "reinstatement"]
    assert Entry.objects.get().status == EntryStatus.ENTERED


def test_it_enters_a_whole_group(aqa, make_pupil):
    for _ in range(3):
        make_pupil(registration_group="11B")
    make_pupil(registration_group="11C")

    count, problems = entries.enter_group(
        aqa,
        Pupil.objects.filter(registration_group="11B"),
        aqa.options.get(code="8700"),
        today=BEFORE,
    )

    assert count == 3
    assert not problems.problems


def test_a_sheet_of_numbers_and_codes_enters_and_changes_tiers(aqa, make_pupil):
    first = _entered(aqa, make_pupil(), "8300F")
    second = enter_candidate(aqa, make_pupil())
    sheet = (
        "candidate_number,entry_code\r\n"
        f"{first.candidate.number},8300H\r\n{int(second.number)},8702\r\n"
    )

    count, problems = entries.enter_from_sheet(aqa, sheet.encode(), "e.csv")

    assert count == 2
    assert not problems.has_errors()
    assert set(Entry.objects.values_list("option__code", flat=True)) == {
        "8300H",
        "8702",
    }


def test_a_sheet_with_any_error_writes_nothing(aqa, make_pupil):
    candidate = enter_candidate(aqa, make_pupil())
    sheet = f"candidate_number,entry_code\r\n{candidate.number},8702\r\n9999,NOPE\r\n"

    count, problems = entries.enter_from_sheet(aqa, sheet.encode(), "e.csv")

    assert count == 0
    assert {(p.line, p.field) for p in problems.errors} == {
        (3, "candidate_number"),
        (3, "entry_code"),
    }
    assert not Entry.objects.exists()


def test_a_teacher_sees_only_their_subjects_and_queries_with_a_comment(
    aqa, teacher, make_pupil
):
    from examsoffice.exams.models import SubjectTeacher

    SubjectTeacher.objects.create(user=teacher, qualification_code="8300")
    maths = _entered(aqa, make_pupil(), "8300F")
    _entered(aqa, make_pupil(), "8700")

    mine = list(entries.entries_for_teacher(teacher, aqa))

    assert mine == [maths]
    with pytest.raises(DataError, match="comment"):
        entries.check_entry(maths, teacher, Verdict.QUERY, "")
    check = entries.check_entry(maths, teacher, Verdict.QUERY, "Higher?")
    entries.answer_check(check, None, "Changed to Higher.")
    check.refresh_from_db()
    assert check.answer == "Changed to Higher."


def test_a_group_entry_skips_held_entries_and_reports_another_tier(aqa, make_pupil):
    held = _entered(aqa, make_pupil(registration_group="11D"), "8300H")
    _entered(aqa, make_pupil(registration_group="11D"), "8300F")
    make_pupil(registration_group="11D")

    count, problems = entries.enter_group(
        aqa,
        Pupil.objects.filter(registration_group="11D"),
        aqa.options.get(code="8300H"),
        today=BEFORE,
    )

    assert count == 1
    assert [p.code for p in problems] == ["entry.other_tier"]
    assert held.changes.count() == 1
