from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from examsoffice.accounts.roles import Role, user_has_role
from examsoffice.planner import services, time_off
from examsoffice.planner.models import TimeOff
from examsoffice.web.menu import Figure, MenuItem, Panel

# Site staff (caretakers, catering) see only the checklist items given to them.
STAFF = (
    Role.EXAMS_OFFICER,
    Role.DATA_MANAGER,
    Role.TEACHER,
    Role.INVIGILATOR,
    Role.SITE_STAFF,
)

MENU = [MenuItem("Checklists", "planner:home", STAFF)]

SHOWN = 5


def panels(request: HttpRequest) -> list[Panel]:
    if not isinstance(request.user, User) or not user_has_role(request.user, *STAFF):
        return []
    today = timezone.localdate()
    found = []
    if user_has_role(request.user, Role.EXAMS_OFFICER):
        found.append(_panel(_("Checklists"), today, None))
    mine = _panel(_("Your checklist items"), today, request.user)
    if mine.figures[0].value or mine.figures[1].value:
        found.append(mine)
    leave = _time_off_panel(request.user, today)
    return [*found, leave] if leave else found


def _time_off_panel(user: User, today: date) -> Panel | None:
    """The person's coming time off that has exam days or deadlines in it."""
    periods = TimeOff.objects.filter(user=user, ends__gte=today)
    busy = [(p, time_off.clashes(p)) for p in periods]
    lines = [
        (
            ngettext(
                "%(start)s to %(end)s: %(count)s thing falls in it",
                "%(start)s to %(end)s: %(count)s things fall in it",
                len(found),
            )
            % {
                "start": period.starts.strftime("%a %d %b"),
                "end": period.ends.strftime("%a %d %b"),
                "count": len(found),
            },
            reverse("planner:time_off"),
        )
        for period, found in busy
        if found
    ]
    if not lines:
        return None
    return Panel(_("Your time off"), lines=lines, order=41)


def _panel(title: str, today: date, user: User | None) -> Panel:
    late = services.overdue(today, user)
    soon = services.due_soon(today, 7, user)
    url = reverse("planner:home")
    figures = [
        Figure(_("Overdue"), late.count(), url, tone="bad" if late.exists() else ""),
        Figure(_("Due in the next 7 days"), soon.count(), url),
    ]
    lines = [
        (
            _("%(item)s – due %(date)s (%(list)s)")
            % {
                "item": item,
                "date": item.due_date.strftime("%a %d %b"),
                "list": item.checklist.name,
            },
            reverse("planner:checklist", kwargs={"pk": item.checklist_id}),
        )
        for item in late.order_by("due_date")[:SHOWN]
    ]
    return Panel(title, figures=figures, lines=lines, order=40)
