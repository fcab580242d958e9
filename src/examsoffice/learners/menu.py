from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from examsoffice.accounts.roles import STAFF_OFFICE, Role, user_has_role
from examsoffice.learners import queries
from examsoffice.web.menu import Figure, MenuItem, Panel

MENU = [MenuItem("Pupils", "learners:list", STAFF_OFFICE)]


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
    return [Panel(_("School roll"), figures=figures, order=10)]
