"""Fill the register quickly from many records at once, for demos and benchmarks.

One learner at a time goes through :func:`services.create_learner` with its
checks and history; this loader skips the duplicate check (the records are
synthetic, duplicates included on purpose) and writes in batches, with COPY on
PostgreSQL for the blocking keys, so a million learners load in minutes.
"""

from __future__ import annotations

import logging
import random
import secrets
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from examsoffice.identifiers import random_uln
from examsoffice.matching import normalise
from examsoffice.matching.blocking import blocking_keys
from examsoffice.matching.records import LearnerRecord
from examsoffice.register.models import (
    UNKNOWN_POSTCODE,
    BlockingKey,
    IssuedUln,
    Learner,
    LearnerChange,
    NameFrequency,
    PreviousFamilyName,
)

logger = logging.getLogger(__name__)

BATCH = 5000


def load(
    records: Sequence[LearnerRecord],
    *,
    seed: int | None = None,
    ulns: Sequence[str] | None = None,
    progress: Callable[[int], object] = lambda _n: None,
) -> list[Learner]:
    """Put records on the register; returns the learners made.

    Each gets a new random ULN, or the one at the same place in ``ulns`` (for
    learners who already hold one, such as the demo school's pupils).
    """
    rng = random.Random(secrets.randbits(64) if seed is None else seed)
    names: Counter[tuple[str, str]] = Counter()
    made: list[Learner] = []
    for start in range(0, len(records), BATCH):
        batch = records[start : start + BATCH]
        with transaction.atomic():
            given = ulns[start : start + BATCH] if ulns is not None else None
            made += _load_batch(batch, rng, names, given)
        progress(start + len(batch))
    _add_name_counts(names, len(records))
    return made


def _load_batch(
    batch: Sequence[LearnerRecord],
    rng: random.Random,
    names: Counter[tuple[str, str]],
    given: Sequence[str] | None = None,
) -> list[Learner]:
    ulns = list(given) if given is not None else _new_ulns(len(batch), rng)
    _insert(IssuedUln, ("uln", "issued_at"), [(u, _now()) for u in ulns])
    learners = Learner.objects.bulk_create(
        [_learner(rec, uln) for rec, uln in zip(batch, ulns, strict=True)]
    )
    PreviousFamilyName.objects.bulk_create(
        PreviousFamilyName(learner=learner, name=name[:35])
        for learner, rec in zip(learners, batch, strict=True)
        for name in rec.previous_family_names
    )
    _insert(
        LearnerChange,
        ("learner_id", "action", "changes", "reason", "changed_at"),
        [(x.pk, "registered", "{}", "Synthetic register", _now()) for x in learners],
    )
    _write_keys(
        (learner.pk, key)
        for learner, rec in zip(learners, batch, strict=True)
        for key in blocking_keys(rec)
    )
    for rec in batch:
        names["given", normalise.compact(rec.given)] += 1
        names["family", normalise.compact(rec.family)] += 1
    return learners


def _new_ulns(count: int, rng: random.Random) -> list[str]:
    # Drawn in order from the seeded generator, so a seed gives the same ULNs.
    drawn: list[str] = []
    seen: set[str] = set()
    while len(drawn) < count:
        fresh = [random_uln(rng) for _ in range(count - len(drawn))]
        taken = set(
            IssuedUln.objects.filter(uln__in=fresh).values_list("uln", flat=True)
        )
        for uln in fresh:
            if uln not in taken and uln not in seen:
                seen.add(uln)
                drawn.append(uln)
    return drawn


def _learner(rec: LearnerRecord, uln: str) -> Learner:
    # A learner on the register always has a date of birth; a synthetic record
    # that lost it keeps the first of January of a plausible year.
    dob = rec.dob or date(2010, 1, 1)
    return Learner(
        uln=uln,
        given_name=rec.given[:35],
        middle_names=rec.middle[:35],
        family_name=rec.family[:35],
        date_of_birth=dob,
        gender=rec.gender if rec.gender in ("0", "1", "2", "9") else "0",
        postcode=rec.postcode or UNKNOWN_POSTCODE,
        address_line1=rec.address[:50],
        address_town=rec.town[:50],
    )


def _write_keys(rows: Iterable[tuple[int, str]]) -> None:
    if connection.vendor == "postgresql":
        # COPY is several times faster than INSERT for millions of short rows.
        table = BlockingKey._meta.db_table
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {table} (learner_id, key) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    _insert(BlockingKey, ("learner_id", "key"), list(rows))


def _insert(
    model: type[Model], columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    # Plain executemany: the ORM's per-object work costs more than the database's.
    table = model._meta.db_table
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _now() -> Any:
    return connection.ops.adapt_datetimefield_value(timezone.now())


def _add_name_counts(names: Counter[tuple[str, str]], total: int) -> None:
    names["total", ""] += total
    # The table holds one row per distinct name: tens of thousands at most.
    existing = {(row.field, row.name): row for row in NameFrequency.objects.all()}
    changed, new = [], []
    for (field, name), count in names.items():
        row = existing.get((field, name))
        if row is None:
            new.append(NameFrequency(field=field, name=name[:70], count=count))
        else:
            row.count += count
            changed.append(row)
    NameFrequency.objects.bulk_update(changed, ["count"], batch_size=2000)
    NameFrequency.objects.bulk_create(new, batch_size=2000)
