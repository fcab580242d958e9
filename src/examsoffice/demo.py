"""The synthetic demo centre.

Each Django app may have a ``demo`` module with ``load(ctx)``; they run in the order of
``STEPS`` inside one transaction, so a later feature extends the demo by adding its own
module, and a failed load leaves the database empty.
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from faker import Faker

STEPS = ("accounts", "learners", "register", "exams", "rooms", "planner")


class DemoNotEmptyError(Exception):
    """The demo loads only into an empty database, so it never mixes with real data."""


@dataclass(frozen=True)
class Login:
    role: str
    username: str
    password: str


@dataclass
class DemoContext:
    """What the steps share: one seeded randomness, the date the demo is set at."""

    seed: int
    pupils: int
    today: date
    rng: random.Random
    faker: Faker
    progress: Callable[[str], object]
    logins: list[Login] = field(default_factory=list)
    centre_number: str = "12345"
    la_code: str = "891"
    establishment: str = "4107"
    school_name: str = "Oakfield Academy"


def _database_is_empty() -> bool:
    from django.contrib.auth.models import User

    from examsoffice.learners.models import Pupil

    return not (User.objects.exists() or Pupil.objects.exists())


def load_demo(
    *,
    seed: int = 2026,
    pupils: int = 1200,
    today: date | None = None,
    progress: Callable[[str], object] = lambda _msg: None,
) -> list[Login]:
    if not _database_is_empty():
        raise DemoNotEmptyError(
            "The database already holds accounts or pupils, so the demo was not "
            "loaded. "
            "Point EXAMSOFFICE_DATA_DIR at an empty folder to try the demo."
        )

    faker = Faker("en_GB")
    faker.seed_instance(seed)
    ctx = DemoContext(
        seed=seed,
        pupils=pupils,
        today=today or date.today(),
        rng=random.Random(seed),
        faker=faker,
        progress=progress,
    )
    with transaction.atomic():
        for step in STEPS:
            try:
                module = importlib.import_module(f"examsoffice.{step}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"examsoffice.{step}.demo":
                    raise
                continue
            module.load(ctx)
    return ctx.logins
