from __future__ import annotations

from examsoffice.accounts.roles import Role
from examsoffice.web.menu import MenuItem

MENU = [
    MenuItem(
        "Jobs",
        "jobs:list",
        (Role.EXAMS_OFFICER, Role.DATA_MANAGER, Role.REGISTER_OPERATOR),
    )
]
