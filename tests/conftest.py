"""Fixtures shared by the whole suite: where shared/ is, and people by role."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# CI clones the repository next to a copy of shared/, as the developers' machines do.
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"The shared folder is missing: expected it at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def fixtures_dir(shared_dir: Path) -> Path:
    return shared_dir / "fixtures"


PASSWORD = "a-long-test-password-7"


@pytest.fixture
def make_person(db: None) -> Callable[..., object]:
    from examsoffice.accounts.roles import Role
    from examsoffice.accounts.services import create_user

    def make(role: Role, username: str | None = None) -> object:
        name = username or role.name.lower()
        return create_user(name, PASSWORD, role, check_password=False)

    return make


@pytest.fixture
def exams_officer(make_person: Callable[..., object]) -> object:
    from examsoffice.accounts.roles import Role

    return make_person(Role.EXAMS_OFFICER, "officer")


@pytest.fixture
def teacher(make_person: Callable[..., object]) -> object:
    from examsoffice.accounts.roles import Role

    return make_person(Role.TEACHER, "teacher")


@pytest.fixture
def officer_client(client, exams_officer):  # type: ignore[no-untyped-def]
    client.force_login(exams_officer)
    return client


@pytest.fixture
def teacher_client(client, teacher):  # type: ignore[no-untyped-def]
    client.force_login(teacher)
    return client
