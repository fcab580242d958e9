"""Demo accounts, one per role, with passwords made from the demo's seed."""

from __future__ import annotations

from examsoffice.accounts.roles import Role
from examsoffice.accounts.services import create_user
from examsoffice.demo import DemoContext, Login

PEOPLE = [
    (Role.EXAMS_OFFICER, "officer", "Jo", "Marsh"),
    (Role.DATA_MANAGER, "data", "Sam", "Okafor"),
    (Role.TEACHER, "teacher", "Priya", "Shah"),
    (Role.INVIGILATOR, "invig", "Alan", "Brook"),
    (Role.REGISTER_OPERATOR, "registrar", "Ruth", "Ellis"),
    (Role.ADMINISTRATOR, "admin", "Chris", "Dale"),
]


def _password(ctx: DemoContext) -> str:
    words = ["maple", "harbour", "copper", "meadow", "lantern", "orchard", "violet"]
    return f"{ctx.rng.choice(words)}-{ctx.rng.choice(words)}-{ctx.rng.randint(10, 99)}"


def load(ctx: DemoContext) -> None:
    ctx.progress("Creating demo accounts")
    for role, username, first, last in PEOPLE:
        password = _password(ctx)
        create_user(
            username,
            password,
            role,
            first_name=first,
            last_name=last,
            check_password=False,
        )
        ctx.logins.append(Login(role.value, username, password))
