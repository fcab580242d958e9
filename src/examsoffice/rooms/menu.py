from __future__ import annotations

from django.http import HttpRequest

from examsoffice.accounts.roles import Role
from examsoffice.web.menu import MenuItem, Panel

MENU = [MenuItem("Rooms", "rooms:list", (Role.EXAMS_OFFICER,))]


def panels(request: HttpRequest) -> list[Panel]:
    return []
