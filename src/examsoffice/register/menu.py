from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from examsoffice.accounts.roles import Role, user_has_role
from examsoffice.register.models import ExceptionStatus, Learner, MatchException
from examsoffice.web.menu import Figure, MenuItem, Panel

OPERATOR = (Role.REGISTER_OPERATOR,)

MENU = [
    MenuItem("Register", "register:find", OPERATOR),
    MenuItem("Exceptions", "register:exceptions", OPERATOR),
    MenuItem("Batch files", "register:batch", OPERATOR),
    MenuItem("Organisations", "register:organisations", OPERATOR),
]


def panels(request: HttpRequest) -> list[Panel]:
    if not user_has_role(request.user, Role.REGISTER_OPERATOR):
        return []

    learners = Learner.objects.count()
    open_exceptions = MatchException.objects.filter(status=ExceptionStatus.OPEN).count()
    figures = [
        Figure(_("Learners on the register"), learners, reverse("register:find")),
        Figure(
            _("Open exceptions"),
            open_exceptions,
            reverse("register:exceptions"),
            tone="warn" if open_exceptions else "",
        ),
    ]
    return [Panel(_("Learner register"), figures=figures, order=20)]
