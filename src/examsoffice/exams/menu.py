from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from examsoffice.accounts.roles import Role, user_has_role
from examsoffice.exams import models as m
from examsoffice.exams.services import entries, timetable
from examsoffice.web.menu import Figure, MenuItem, Panel

MENU = [
    MenuItem("Exams", "exams:series_list", (Role.EXAMS_OFFICER,)),
    MenuItem("Entry checks", "exams:my_checks", (Role.TEACHER,)),
]

SHOWN = 6


def panels(request: HttpRequest) -> list[Panel]:
    found = []
    if user_has_role(request.user, Role.TEACHER):
        found.append(_checks_panel(request))
    if user_has_role(request.user, Role.EXAMS_OFFICER):
        found.extend(_office_panels())
    return found


def _checks_panel(request: HttpRequest) -> Panel:
    """What a teacher is asked to check, so the dashboard leads them to it."""
    found = entries.series_for_teacher(request.user)
    url = reverse("exams:my_checks")
    if not found:
        return Panel(
            _("Entry checks"),
            lines=[(_("No entries are waiting for your check."), url)],
            order=15,
        )
    left = sum(row.left for row in found)
    figures = [
        Figure(_("Entries left to check"), left, url, tone="warn" if left else "")
    ]
    lines = [
        (
            _("%(series)s: %(checked)s of %(entries)s checked")
            % {
                "series": row.series.name,
                "checked": row.checked,
                "entries": row.entries,
            },
            reverse("exams:checks", args=[row.series.pk]),
        )
        for row in found[:SHOWN]
    ]
    return Panel(_("Entry checks"), figures=figures, lines=lines, order=15)


def _office_panels() -> list[Panel]:
    series = m.Series.objects.filter(
        Q(candidates__isnull=False) | Q(components__isnull=False)
    ).distinct()
    if not series.exists():
        return []
    entered = m.Entry.objects.filter(status=m.EntryStatus.ENTERED)
    figures = [
        Figure(_("Entries"), entered.count(), reverse("exams:series_list")),
        Figure(
            _("Late entries"),
            entered.filter(fee_rule__isnull=False).count(),
            tone="warn" if entered.filter(fee_rule__isnull=False).exists() else "",
        ),
        Figure(
            _("Unsent changes"),
            m.EntryChange.objects.filter(
                submission=None, awarding_body__isnull=False
            ).count(),
        ),
    ]
    seasons = {s.season: s for s in series}
    open_clashes = sum(
        1 for s in seasons.values() for c in timetable.clashes(s) if not c.resolved
    )
    first = next(iter(seasons.values()))
    figures.insert(
        1,
        Figure(
            _("Open clashes"),
            open_clashes,
            reverse("exams:clashes", args=[first.pk]),
            tone="bad" if open_clashes else "",
        ),
    )
    lines = [
        (f"{s.name}", reverse("exams:series_detail", args=[s.pk]))
        for s in series[:SHOWN]
    ]
    return [Panel(_("Exams"), figures=figures, lines=lines, order=20)]
