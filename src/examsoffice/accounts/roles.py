"""Roles are Django groups. This module names them and says what each may do.

A view declares the roles it serves with :func:`role_required`; the Django admin uses
the model permissions granted here. Administrators (and superusers) may do anything.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


class Role(StrEnum):
    EXAMS_OFFICER = "Exams officer"
    DATA_MANAGER = "Data manager"
    TEACHER = "Teacher"
    INVIGILATOR = "Invigilator"
    SITE_STAFF = "Site staff"
    REGISTER_OPERATOR = "Register operator"
    ADMINISTRATOR = "Administrator"


# App labels whose model permissions each role gets in the admin. Pages check roles.
ROLE_APPS: dict[Role, tuple[str, ...]] = {
    Role.EXAMS_OFFICER: ("learners", "exams", "rooms", "planner"),
    Role.DATA_MANAGER: ("learners",),
    Role.TEACHER: (),
    Role.INVIGILATOR: (),
    Role.SITE_STAFF: (),
    Role.REGISTER_OPERATOR: ("register",),
    Role.ADMINISTRATOR: (
        "auth",
        "accounts",
        "learners",
        "register",
        "exams",
        "rooms",
        "planner",
    ),
}

STAFF_OFFICE = (Role.EXAMS_OFFICER, Role.DATA_MANAGER)

User = Any  # a django.contrib.auth user or AnonymousUser


def user_roles(user: User) -> set[Role]:
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(Role)
    cached: set[Role] | None = getattr(user, "_examsoffice_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = {role for role in Role if role.value in names}
        if Role.ADMINISTRATOR in cached:
            cached = set(Role)
        user._examsoffice_roles = cached
    return cached


def user_has_role(user: User, *roles: Role) -> bool:
    held = user_roles(user)
    return bool(held & set(roles)) or Role.ADMINISTRATOR in held


View = TypeVar("View", bound=Callable[..., HttpResponse])


def role_required(*roles: Role) -> Callable[[View], View]:
    """Let through signed-in users holding any of ``roles``; refuse others with 403."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not user_has_role(request.user, *roles):
                raise PermissionDenied(
                    "Your account does not have a role that may open this page."
                )
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate


def grant_role_permissions(**_: Any) -> None:
    for role, apps in ROLE_APPS.items():
        group, _created = Group.objects.get_or_create(name=role.value)
        perms = Permission.objects.filter(content_type__app_label__in=apps)
        group.permissions.add(*perms)
