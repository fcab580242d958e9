"""What each app shows in the navigation bar and on the dashboard.

Each Django app may have a ``menu`` module with ``MENU`` (a list of :class:`MenuItem`)
and ``panels(request)`` (the dashboard panels it has something real to say in).  The
web app gathers them, so adding a feature never means editing a shared template.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import ModuleType

from django.http import HttpRequest

from examsoffice.accounts.roles import Role, user_has_role

APPS = ("learners", "register", "exams", "rooms", "planner", "jobs", "accounts")


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    roles: Sequence[Role]


@dataclass(frozen=True)
class Figure:
    label: str
    value: int | str
    url: str = ""
    tone: str = ""  # "" or "warn" or "bad": how the figure is coloured


@dataclass(frozen=True)
class Panel:
    title: str
    figures: Sequence[Figure] = field(default_factory=tuple)
    lines: Sequence[tuple[str, str]] = field(default_factory=tuple)  # (text, url)
    order: int = 100


PanelSource = Callable[[HttpRequest], list[Panel]]


def _menu_modules() -> list[ModuleType]:
    modules = []
    for app in APPS:
        try:
            modules.append(importlib.import_module(f"examsoffice.{app}.menu"))
        except ModuleNotFoundError as exc:
            if exc.name != f"examsoffice.{app}.menu":
                raise
    return modules


def menu_for(request: HttpRequest) -> list[MenuItem]:
    items: list[MenuItem] = []
    for module in _menu_modules():
        for item in getattr(module, "MENU", []):
            if user_has_role(request.user, *item.roles):
                items.append(item)
    return items


def panels_for(request: HttpRequest) -> list[Panel]:
    found: list[Panel] = []
    for module in _menu_modules():
        source: PanelSource | None = getattr(module, "panels", None)
        if source is not None:
            found.extend(source(request))
    return sorted(found, key=lambda p: p.order)
