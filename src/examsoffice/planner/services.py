"""Checklists: made from templates, dated, assigned, ticked, and fed to calendars."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from examsoffice.accounts.roles import Role, user_has_role
from examsoffice.planner import seed
from examsoffice.planner.models import (
    CalendarFeed,
    Checklist,
    ChecklistItem,
    ChecklistTemplate,
    TemplateItem,
    new_token,
)
from examsoffice.rooms.models import Sitting

logger = logging.getLogger(__name__)


class PlannerError(Exception):
    """An operation the person may not do, or that would duplicate a checklist."""


def due_date(anchor: date, offset_days: int) -> date:
    """The anchor moved by the offset; a weekend day moves back to the Friday."""
    day = anchor + timedelta(days=offset_days)
    if day.weekday() >= 5:
        day -= timedelta(days=day.weekday() - 4)
    return day


def restore_standard_templates() -> int:
    """Add any standard template missing from the database; edited ones stay."""
    return seed.install(ChecklistTemplate, TemplateItem, seed.read_templates())


@transaction.atomic
def instantiate(
    template: ChecklistTemplate,
    anchor_date: date,
    anchor_label: str,
    *,
    by: User | None = None,
    assignee: User | None = None,
) -> Checklist:
    """Make a checklist from ``template`` for the series or sitting starting then."""
    duplicate = Checklist.objects.filter(
        template=template, anchor_date=anchor_date, anchor_label=anchor_label
    )
    if duplicate.exists():
        raise PlannerError(
            _(
                "There is already a '%(name)s' checklist for %(label)s. "
                "Open that one instead of making another."
            )
            % {"name": template.name, "label": anchor_label}
        )

    checklist = Checklist.objects.create(
        template=template,
        name=template.name,
        scope=template.scope,
        anchor_date=anchor_date,
        anchor_label=anchor_label,
        created_by=by,
    )
    owner = assignee or template.default_assignee
    ChecklistItem.objects.bulk_create(
        ChecklistItem(
            checklist=checklist,
            group=item.group,
            text=item.text,
            detail=item.detail,
            due_date=due_date(anchor_date, item.offset_days),
            position=item.position,
            assignee=owner,
        )
        for item in template.items.all()
    )
    logger.debug("Made checklist %s from template %s", checklist.pk, template.pk)
    return checklist


def instantiate_for_sitting(
    template: ChecklistTemplate,
    sitting: Sitting,
    *,
    by: User | None = None,
    assignee: User | None = None,
) -> Checklist:
    """A sitting's checklist (the half-day folder), dated from the sitting's day."""
    label = f"{sitting.date:%a %d %b %Y} {sitting.get_session_display().lower()}"
    checklist = instantiate(template, sitting.date, label, by=by, assignee=assignee)
    checklist.sitting = sitting
    checklist.save(update_fields=["sitting"])
    return checklist


def may_tick(user: Any, item: ChecklistItem) -> bool:
    # The person it is assigned to ticks it; the exams officer may tick anything,
    # because on the day they often do it themselves.
    if user_has_role(user, Role.EXAMS_OFFICER):
        return True
    return item.assignee_id is not None and item.assignee_id == user.pk


def set_done(item: ChecklistItem, user: User, done: bool) -> ChecklistItem:
    if not may_tick(user, item):
        raise PlannerError(
            _(
                "The item '%(item)s' is assigned to someone else, so only they or "
                "the exams officer can tick it."
            )
            % {"item": item}
        )
    if done and not item.done:
        item.done_at = timezone.now()
        item.done_by = user
    elif not done:
        item.done_at = None
        item.done_by = None
    item.save(update_fields=["done_at", "done_by"])
    return item


def assign(items: QuerySet[ChecklistItem], assignee: User | None) -> int:
    return items.update(assignee=assignee)


def open_items() -> QuerySet[ChecklistItem]:
    return ChecklistItem.objects.filter(done_at__isnull=True)


def overdue(today: date, user: User | None = None) -> QuerySet[ChecklistItem]:
    items = open_items().filter(due_date__lt=today)
    if user is not None:
        items = items.filter(assignee=user)
    return items.select_related("checklist", "assignee")


def due_soon(
    today: date, days: int = 7, user: User | None = None
) -> QuerySet[ChecklistItem]:
    items = open_items().filter(
        due_date__gte=today, due_date__lt=today + timedelta(days=days)
    )
    if user is not None:
        items = items.filter(assignee=user)
    return items.select_related("checklist", "assignee")


def progress(checklist: Checklist) -> tuple[int, int]:
    items = checklist.items.all()
    return items.filter(done_at__isnull=False).count(), items.count()


# Calendar feeds


def feed_for(user: User) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def reset_feed(user: User) -> CalendarFeed:
    feed = feed_for(user)
    feed.token = new_token()
    feed.save(update_fields=["token", "created_at"])
    return feed


def feed_items(user: User) -> QuerySet[ChecklistItem]:
    """What one person's calendar shows: their items, and for the officer, all."""
    items = ChecklistItem.objects.select_related("checklist", "assignee")
    if user_has_role(user, Role.EXAMS_OFFICER):
        return items
    return items.filter(assignee=user)


def calendar(items: QuerySet[ChecklistItem], name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//examsoffice//checklists//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    stamp = timezone.now()
    for item in items:
        cal.add_component(_event(item, stamp))
    return bytes(cal.to_ical())


def _event(item: ChecklistItem, stamp: datetime) -> Event:
    # All-day events: a deadline is a day, and every calendar app shows those.
    event = Event()
    event.add("uid", f"checklist-item-{item.pk}@examsoffice")
    event.add("dtstamp", stamp)
    event.add("dtstart", item.due_date)
    event.add("dtend", item.due_date + timedelta(days=1))
    prefix = "✓ " if item.done else ""
    event.add("summary", f"{prefix}{item} ({item.checklist.name})")
    lines = [item.checklist.anchor_label]
    if item.detail:
        lines.append(item.detail)
    if item.assignee is not None:
        lines.append(_("Assigned to %s") % _person(item.assignee))
    event.add("description", "\n".join(lines))
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    return event


def _person(user: User) -> str:
    return user.get_full_name() or user.username
