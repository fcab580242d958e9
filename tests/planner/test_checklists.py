from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from examsoffice.accounts.roles import Role
from examsoffice.planner import services
from examsoffice.planner.models import ChecklistItem, ChecklistTemplate, Scope

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 5, 11)


def _template(key: str = "candidate-entries") -> ChecklistTemplate:
    return ChecklistTemplate.objects.get(key=key)


def test_the_standard_templates_from_the_seed_notes_are_installed():
    names = set(ChecklistTemplate.objects.values_list("name", flat=True))

    assert names == {
        "Candidate entries",
        "Pre-exam preparation",
        "Caretaker preparations",
        "Catering team preparations",
        "Half day exam folder",
    }
    assert _template("half-day-folder").scope == Scope.SITTING
    clocks = _template("caretaker-preparations").items.filter(
        group="Clocks in main exam rooms"
    )
    assert list(clocks.values_list("text", flat=True)) == [
        "Present",
        "Working",
        "Correct time",
    ]


def test_due_dates_count_back_from_the_start_and_skip_the_weekend():
    assert services.due_date(MONDAY, -7) == date(2026, 5, 4)
    # The day before a Monday is a Sunday, so the item is due on the Friday.
    assert services.due_date(MONDAY, -1) == date(2026, 5, 8)
    assert services.due_date(MONDAY, -2) == date(2026, 5, 8)
    assert services.due_date(date(2026, 5, 13), 0) == date(2026, 5, 13)


def test_a_checklist_made_from_a_template_dates_and_assigns_every_item(
    exams_officer, teacher
):
    checklist = services.instantiate(
        _template(), MONDAY, "Summer 2026", by=exams_officer, assignee=teacher
    )

    items = {i.text: i for i in checklist.items.all()}
    assert len(items) == 5
    assert items["Statement of entry"].due_date == MONDAY - timedelta(days=42)
    assert items["Personal timetable"].due_date == MONDAY - timedelta(days=21)
    assert {i.assignee for i in items.values()} == {teacher}


def test_it_refuses_a_second_checklist_from_one_template_for_one_series():
    services.instantiate(_template(), MONDAY, "Summer 2026")

    with pytest.raises(services.PlannerError, match="already a 'Candidate entries'"):
        services.instantiate(_template(), MONDAY, "Summer 2026")


def test_editing_a_template_leaves_checklists_already_made_alone():
    checklist = services.instantiate(_template(), MONDAY, "Summer 2026")
    _template().items.update(offset_days=-1)

    dates = set(checklist.items.values_list("due_date", flat=True))

    assert MONDAY - timedelta(days=42) in dates


def test_the_assignee_ticks_an_item_and_who_and_when_are_kept(make_person):
    caretaker = make_person(Role.SITE_STAFF, "caretaker")
    checklist = services.instantiate(
        _template("caretaker-preparations"), MONDAY, "Summer 2026", assignee=caretaker
    )
    item = checklist.items.first()

    services.set_done(item, caretaker, True)

    item.refresh_from_db()
    assert item.done_by == caretaker
    assert abs(item.done_at - timezone.now()) < timedelta(minutes=1)


def test_someone_else_cannot_tick_an_item_that_is_not_theirs(make_person):
    caretaker = make_person(Role.SITE_STAFF, "caretaker")
    other = make_person(Role.TEACHER, "other")
    checklist = services.instantiate(
        _template("caretaker-preparations"), MONDAY, "Summer 2026", assignee=caretaker
    )
    item = checklist.items.first()

    with pytest.raises(services.PlannerError, match="assigned to someone else"):
        services.set_done(item, other, True)
    assert not ChecklistItem.objects.get(pk=item.pk).done


def test_the_exams_officer_may_tick_and_untick_anyones_item(make_person, exams_officer):
    caretaker = make_person(Role.SITE_STAFF, "caretaker")
    checklist = services.instantiate(
        _template("caretaker-preparations"), MONDAY, "Summer 2026", assignee=caretaker
    )
    item = checklist.items.first()

    services.set_done(item, exams_officer, True)
    services.set_done(item, exams_officer, False)

    item.refresh_from_db()
    assert item.done_at is None
    assert item.done_by is None


def test_overdue_means_due_before_today_and_not_done(teacher):
    checklist = services.instantiate(
        _template(), MONDAY, "Summer 2026", assignee=teacher
    )
    today = MONDAY - timedelta(days=20)
    first = checklist.items.get(text="Statement of entry")

    assert set(services.overdue(today).values_list("text", flat=True)) == {
        "Statement of entry",
        "Personal timetable",
        "Notice to candidates",
        "Covering letter",
        "Clash instructions letter if appropriate",
    }
    services.set_done(first, teacher, True)
    assert services.overdue(today).count() == 4
    assert services.overdue(MONDAY - timedelta(days=42)).count() == 0


def test_restoring_templates_adds_back_only_the_deleted_one():
    _template("catering-preparations").delete()
    _template().items.all().delete()

    made = services.restore_standard_templates()

    assert made == 1
    assert _template("catering-preparations").items.count() == 2
    assert _template().items.count() == 0
