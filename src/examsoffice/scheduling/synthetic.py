"""A synthetic summer sitting, for demos, tests and benchmarks.

Every person here is made up (Faker, en_GB, fixed seed), so the same arguments
always give the same cohort.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from faker import Faker

from .model import (
    AccessArrangement,
    Candidate,
    Component,
    Entry,
    Level,
    Room,
    RoomUse,
    Seat,
    Session,
    Sitting,
)

DAY = dt.date(2026, 5, 18)
SITTING = Sitting(DAY, Session.AM)


@dataclass(frozen=True)
class SyntheticSitting:
    sitting: Sitting
    candidates: tuple[Candidate, ...]
    components: dict[str, Component]
    entries: tuple[Entry, ...]
    rooms: tuple[Room, ...]


def components() -> dict[str, Component]:
    def paper(
        code: str, title: str, minutes: int, tier: str = "", level: Level = Level.GCSE
    ) -> Component:
        return Component(
            code,
            title,
            level,
            DAY,
            Session.AM,
            dt.time(9),
            minutes,
            awarding_body="AQA",
            tier=tier,
            items_allowed=("Black pen", "Pencil", "Ruler", "Calculator")
            if "Maths" in title
            else (),
        )

    made = [
        paper("8300/1F", "Maths Paper 1 (non-calculator)", 90, "F"),
        paper("8300/1H", "Maths Paper 1 (non-calculator)", 90, "H"),
        paper("8145/1", "History Paper 1", 120),
        paper("7402/1", "Biology Paper 1", 120, level=Level.GCE),
        Component("8145/C", "History non-exam assessment", Level.GCSE),
    ]
    return {c.code: c for c in made}


def rooms() -> tuple[Room, ...]:
    return (
        Room(
            "HALL", "Main hall", 10, 14, off_seats=frozenset({Seat(0, 0), Seat(0, 13)})
        ),
        Room("GYM", "Gym", 8, 12),
        Room("DRAMA", "Drama studio", 6, 10, capacity=55),
        Room("LIB", "Library", 5, 8),
        Room("IT2", "IT room 2", 3, 4, suits=frozenset({RoomUse.WORD_PROCESSORS})),
        Room(
            "SI1",
            "Room S1",
            2,
            3,
            suits=frozenset({RoomUse.SEPARATE_INVIGILATION, RoomUse.READERS}),
        ),
    )


def summer_sitting(size: int = 300, seed: int = 7) -> SyntheticSitting:
    """``size`` candidates over four papers in "
    "one morning, with arrangements and clashes."""
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    people, entries = [], []
    for i in range(size):
        number = f"{1001 + i:04d}"
        people.append(
            Candidate(
                number,
                fake.last_name(),
                fake.first_name(),
                _uci(number),
                _arrangements(rng),
            )
        )
        entries += [Entry(number, code) for code in _papers(i, size, rng)]
    return SyntheticSitting(
        SITTING, tuple(people), components(), tuple(entries), rooms()
    )


def _uci(number: str) -> str:
    return f"12345026{number}X"


def _papers(i: int, size: int, rng: random.Random) -> list[str]:
    share = i / size
    if share < 0.1:
        return ["7402/1"]
    if share < 0.27:
        # A few historians also take maths this morning: a same-session clash.
        return ["8145/1", "8145/C"] + (["8300/1H"] if rng.random() < 0.1 else [])
    return ["8300/1H" if share < 0.65 else "8300/1F"]


def _arrangements(rng: random.Random) -> tuple[AccessArrangement, ...]:
    roll = rng.random()
    if roll < 0.12:
        return (AccessArrangement("extra_time_25"),)
    if roll < 0.14:
        return (AccessArrangement("extra_time_25"), AccessArrangement("word_processor"))
    if roll < 0.15:
        return (
            AccessArrangement("extra_time_up_to_50", percent=50),
            AccessArrangement("reader"),
        )
    if roll < 0.16:
        return (
            AccessArrangement("supervised_rest_breaks", minutes_per_hour=10),
            AccessArrangement("modified_18pt_bold"),
        )
    return ()
