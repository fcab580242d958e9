"""Learners for the register's tests, made through the register's own services."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from examsoffice.register import services
from examsoffice.register.models import Learner


def details(**overrides: Any) -> services.LearnerDetails:
    values: dict[str, Any] = {
        "given_name": "Amelia",
        "family_name": "Thornbury",
        "date_of_birth": date(2009, 3, 14),
        "gender": "2",
        "postcode": "OX4 2JH",
        "address_line1": "12 Mill Lane",
        "address_town": "Oxford",
    }
    values.update(overrides)
    return services.LearnerDetails(**values)


@pytest.fixture
def add_learner(db: None) -> Callable[..., Learner]:
    def add(**overrides: Any) -> Learner:
        return services.create_learner(details(**overrides))

    return add


@pytest.fixture
def operator(make_person: Callable[..., object]) -> object:
    from examsoffice.accounts.roles import Role

    return make_person(Role.REGISTER_OPERATOR, "registrar")


@pytest.fixture
def operator_client(client, operator):  # type: ignore[no-untyped-def]
    client.force_login(operator)
    return client


@pytest.fixture(autouse=True)
def fresh_matcher_caches() -> Iterator[None]:
    # Each test's database is rolled back, so cached settings and name counts
    # from one test must not reach the next.
    from examsoffice.register import matcher

    matcher.clear_caches()
    yield
    matcher.clear_caches()
