"""Time off for the exams team, and what falls inside it.

An exams officer books leave months ahead, away from exam days and the awarding
bodies' deadlines. For each period this lists the exam days (a sitting, or a
timetabled paper someone is entered for), entry deadlines, the first day of late
fees, and the checklist items due that the person would otherwise do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from examsoffice.accounts.roles import Role, user_has_role
from examsoffice.exams import models as exams
from examsoffice.planner.models import ChecklistItem, TimeOff
from examsoffice.rooms.models import Sitting


@dataclass(frozen=True)
class Busy:
    """Something on a day of someone's time off."""

    day: date
    what: str
    url: str


def clashes(period: TimeOff) -> list[Busy]:
    """Everything in the period that needs the person, by date."""
    found = [
        *_exam_days(period.starts, period.ends),
        *_deadlines(period.starts, period.ends),
        *_items(period),
    ]
    return sorted(found, key=lambda busy: (busy.day, busy.what))


def _exam_days(starts: date, ends: date) -> list[Busy]:
    days: dict[date, set[str]] = {}
    for sitting in Sitting.objects.filter(date__range=(starts, ends)):
        days.setdefault(sitting.date, set()).add(sitting.session)
    papers = exams.Component.objects.filter(
        date__range=(starts, ends),
        series__candidates__entries__status=exams.EntryStatus.ENTERED,
    ).distinct()
    for paper in papers:
        assert paper.date is not None
        days.setdefault(paper.date, set()).add(paper.session or "?")
    url = reverse("rooms:sittings")
    return [
        Busy(
            day, _("Exams (%(sessions)s)") % {"sessions": " and ".join(sorted(s))}, url
        )
        for day, s in days.items()
    ]


def _deadlines(starts: date, ends: date) -> list[Busy]:
    found = [
        Busy(
            series.entry_deadline,
            _("Entry deadline: %(series)s") % {"series": series.name},
            reverse("exams:series_detail", args=[series.pk]),
        )
        for series in exams.Series.objects.filter(entry_deadline__range=(starts, ends))
        if series.entry_deadline is not None
    ]
    rules = exams.FeeRule.objects.filter(starts_on__range=(starts, ends))
    found += [
        Busy(
            rule.starts_on,
            _("%(rule)s from today: %(series)s")
            % {"rule": rule.name, "series": rule.series.name},
            reverse("exams:series_detail", args=[rule.series_id]),
        )
        for rule in rules.select_related("series")
    ]
    return found


def _items(period: TimeOff) -> list[Busy]:
    mine = Q(assignee=period.user)
    if user_has_role(period.user, Role.EXAMS_OFFICER):
        # Nobody else is named on an unassigned item: it falls to the officer.
        mine |= Q(assignee__isnull=True)
    items = ChecklistItem.objects.filter(
        mine, done_at__isnull=True, due_date__range=(period.starts, period.ends)
    ).select_related("checklist")
    return [
        Busy(
            item.due_date,
            _("Due: %(item)s (%(list)s)") % {"item": item, "list": item.checklist},
            reverse("planner:checklist", kwargs={"pk": item.checklist_id}),
        )
        for item in items
    ]


def periods_for(user: Any) -> list[TimeOff]:
    """The officer sees the whole team's time off; others see their own."""
    periods = TimeOff.objects.select_related("user")
    if not user_has_role(user, Role.EXAMS_OFFICER):
        periods = periods.filter(user=user)
    return list(periods)
