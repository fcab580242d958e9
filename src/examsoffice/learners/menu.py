from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from examsoffice.accounts.roles import STAFF_OFFICE, Role, user_has_role
from examsoffice.learners import census, queries
from examsoffice.web.menu import Figure, MenuItem, Panel

MENU = [
    MenuItem("Pupils", "learners:list", STAFF_OFFICE),
    MenuItem("Import CTF", "learners:import", STAFF_OFFICE),
    MenuItem("ULN request", "learners:uln_request", STAFF_OFFICE),
    MenuItem("Census check", "learners:census", STAFF_OFFICE),
    MenuItem("Leaver CTF", "learners:leavers", STAFF_OFFICE),
]


def panels(request: HttpRequest) -> list[Panel]:
    if not user_has_role(request.user, Role.EXAMS_OFFICER, Role.DATA_MANAGER):
        return []

    roll = queries.on_roll()
    total = roll.count()
    missing = queries.without_uln(roll).count()
    url = reverse("learners:list")
    figures = [
        Figure(_("Pupils on roll"), total, url),
        Figure(
            _("Without a ULN"),
            missing,
            f"{url}?uln=missing",
            tone="warn" if missing else "",
        ),
    ]
    return [Panel(_("School roll"), figures=figures, order=10), _checks_panel()]


def _checks_panel() -> Panel:
    open_count = queries.open_exceptions().count()
    findings = census.check_census(date.today())
    errors = sum(1 for f in findings if f.severity == "error")
    figures = [
        Figure(
            _("Open import exceptions"),
            open_count,
            reverse("learners:exceptions"),
            tone="warn" if open_count else "",
        ),
        Figure(
            _("Census errors today"),
            errors,
            reverse("learners:census"),
            tone="bad" if errors else "",
        ),
    ]
    return Panel(_("Identifiers to fix"), figures=figures, order=11)
