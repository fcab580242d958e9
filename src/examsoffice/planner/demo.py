"""Demo checklists: the standard templates made for the summer series.

The site team and the catering manager get accounts of their own so their lists can
be given to them. Items due before the demo's date are mostly ticked; a few are left
undone so the dashboard shows what overdue looks like. The officer has two weeks of
time off booked, one with a deadline in it.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from examsoffice.accounts.roles import Role
from examsoffice.accounts.services import create_user
from examsoffice.demo import DemoContext, Login
from examsoffice.exams import models as m
from examsoffice.planner import services
from examsoffice.planner.models import ChecklistItem, ChecklistTemplate, Scope, TimeOff
from examsoffice.rooms.models import Sitting

# Who each standard series checklist is given to (demo usernames).
OWNERS = {
    "candidate-entries": "officer",
    "pre-exam-preparation": "officer",
    "caretaker-preparations": "caretaker",
    "catering-preparations": "catering",
}
SITE_STAFF = [("caretaker", "Dev", "Patel"), ("catering", "Lynn", "Carter")]
LEFT_UNDONE = 3


def summer_start(today: date) -> date:
    """The Monday of the second week of May in the coming (or current) summer."""
    year = today.year if today.month <= 7 else today.year + 1
    first = date(year, 5, 1)
    monday = first + timedelta(days=(7 - first.weekday()) % 7)
    return monday + timedelta(days=7)


def _site_staff(ctx: DemoContext) -> None:
    for username, first, last in SITE_STAFF:
        word = ctx.rng.choice(["pine", "slate", "amber"])
        password = f"{word}-{ctx.rng.randint(1000, 9999)}-site"
        create_user(
            username,
            password,
            Role.SITE_STAFF,
            first_name=first,
            last_name=last,
            check_password=False,
        )
        ctx.logins.append(Login(f"Site staff ({first})", username, password))


def _tick_the_past(ctx: DemoContext) -> None:
    past = list(
        ChecklistItem.objects.filter(due_date__lt=ctx.today).order_by("due_date", "pk")
    )
    undone = set(ctx.rng.sample(range(len(past)), min(LEFT_UNDONE, len(past))))
    for n, item in enumerate(past):
        if n in undone:
            continue
        moment = datetime.combine(item.due_date, time(15, 30))
        item.done_at = timezone.make_aware(moment)
        item.done_by = item.assignee
        item.save(update_fields=["done_at", "done_by"])


def _series_start(ctx: DemoContext) -> tuple[date, str]:
    """The demo summer series' first exam, or a likely date if there is none."""
    first = (
        m.Component.objects.exclude(date=None)
        .select_related("series")
        .order_by("date")
        .first()
    )
    if first is None or first.date is None:
        start = summer_start(ctx.today)
        return start, f"Summer {start.year}"
    return first.date, first.series.season


def load(ctx: DemoContext) -> None:
    ctx.progress("Making the checklists for the summer series and its first sittings")
    _site_staff(ctx)
    # The templates come with the database; put back any that were removed.
    services.restore_standard_templates()
    officer = User.objects.filter(username="officer").first()
    start, label = _series_start(ctx)
    for template in ChecklistTemplate.objects.filter(scope=Scope.SERIES):
        owner = User.objects.filter(username=OWNERS.get(template.key, "")).first()
        services.instantiate(
            template, start, label, by=officer, assignee=owner or officer
        )
    folder = ChecklistTemplate.objects.get(key="half-day-folder")
    for sitting in Sitting.objects.filter(seats__isnull=False).distinct():
        services.instantiate_for_sitting(folder, sitting, by=officer, assignee=officer)
    _tick_the_past(ctx)
    if officer is not None:
        _time_off(officer, start)


def _time_off(officer: User, start: date) -> None:
    """A week at Easter, which an entry deadline falls in, and a week in July."""
    easter = start - timedelta(weeks=6)
    TimeOff.objects.create(
        user=officer,
        starts=easter - timedelta(days=easter.weekday()),
        ends=easter - timedelta(days=easter.weekday()) + timedelta(days=4),
        note="Easter",
    )
    july = date(start.year, 7, 27)
    TimeOff.objects.create(
        user=officer, starts=july, ends=july + timedelta(days=4), note="Summer"
    )
