"""Fill the register quickly from many records at once, for demos and benchmarks.

One learner at a time goes through :func:`services.create_learner` with its
checks and history; this loader skips the duplicate check (the records are
synthetic, duplicates included on purpose) and writes every table in big
batches inside one transaction: COPY on PostgreSQL, plain multi-row inserts on
SQLite with settings for a bulk load.  The blocking-key index is built once at
the end when the register starts empty, which is much cheaper than keeping it
up to date row by row.  A million learners load in minutes.
"""

from __future__ import annotations

import logging
import multiprocessing
import random
import secrets
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from examsoffice.identifiers import NO_ULN, normalise_name, uln_check_digit
from examsoffice.matching import normalise
from examsoffice.matching.blocking import keys_of_many
from examsoffice.matching.records import LearnerRecord
from examsoffice.register import matcher
from examsoffice.register.models import (
    UNKNOWN_POSTCODE,
    BlockingKey,
    IssuedUln,
    Learner,
    LearnerChange,
    PreviousFamilyName,
)

logger = logging.getLogger(__name__)

BATCH = 20_000

# A load of this many learners makes its blocking keys in other processes.
PARALLEL_FROM = 200_000
WORKERS = 2
LOOKAHEAD = 3

# The learner columns a record fills; every other column takes its default.
_LEARNER_COLUMNS = (
    "id",
    "uln",
    "given_name",
    "middle_names",
    "family_name",
    "date_of_birth",
    "gender",
    "postcode",
    "address_line1",
    "address_town",
)


def load(
    records: Sequence[LearnerRecord],
    *,
    seed: int | None = None,
    ulns: Sequence[str] | None = None,
    progress: Callable[[int], object] = lambda _n: None,
) -> list[int]:
    """Put records on the register; returns the new learners' ids, in order.

    Each gets a new random ULN, or the one at the same place in ``ulns`` (for
    learners who already hold one, such as the demo school's pupils).
    """
    rng = random.Random(secrets.randbits(64) if seed is None else seed)
    names: Counter[tuple[str, str]] = Counter()
    ids: list[int] = []
    starts = range(0, len(records), BATCH)
    with (
        _bulk_session(),
        transaction.atomic(),
        _key_maker(len(records)) as make_keys,
    ):
        rebuild = not BlockingKey.objects.exists()
        if rebuild:
            _drop_key_indexes()
        uln_source = _UlnSource(rng)
        # Keys for the next batches are worked out while this one is written.
        pending: deque[Future[list[list[str]]]] = deque()
        ahead = iter(starts)
        for start in starts:
            while len(pending) < LOOKAHEAD and (nxt := next(ahead, None)) is not None:
                pending.append(make_keys(_for_keys(records[nxt : nxt + BATCH])))
            batch = [_stored(rec) for rec in records[start : start + BATCH]]
            given = ulns[start : start + BATCH] if ulns is not None else None
            batch_ulns = (
                list(given) if given is not None else uln_source.draw(len(batch))
            )
            ids += _load_batch(batch, batch_ulns, pending.popleft().result())
            _count(batch, names)
            progress(start + len(batch))
        if rebuild:
            _create_key_indexes()
        matcher.add_name_counts(names, len(records))
    if connection.vendor == "postgresql":
        # Fresh statistics, or the planner guesses at an empty table's sizes.
        with connection.cursor() as cursor:
            for model in (Learner, BlockingKey, PreviousFamilyName):
                cursor.execute(f"ANALYZE {_table(model)}")
    return ids


@contextmanager
def _key_maker(
    count: int,
) -> Iterator[Callable[[list[LearnerRecord]], Future[list[list[str]]]]]:
    """Work out blocking keys here, or for a big load in two other processes.

    Keys cost more to make than to write; the workers import only the pure
    matching code, so they start the same way on Windows and Linux.
    """
    if count < PARALLEL_FROM:

        def here(batch: list[LearnerRecord]) -> Future[list[list[str]]]:
            done: Future[list[list[str]]] = Future()
            done.set_result(keys_of_many(batch))
            return done

        yield here
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=WORKERS, mp_context=context) as pool:

        def there(batch: list[LearnerRecord]) -> Future[list[list[str]]]:
            return pool.submit(keys_of_many, batch)

        yield there


@contextmanager
def _bulk_session() -> Iterator[None]:
    """SQLite settings for one big write: no waiting for the disk on each page
    and a large page cache.  Crash safety is kept by the write-ahead log."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    pragmas = {"synchronous": "OFF", "cache_size": "-1000000", "temp_store": "MEMORY"}
    with connection.cursor() as cursor:
        before = {}
        for name, value in pragmas.items():
            cursor.execute(f"PRAGMA {name}")
            before[name] = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA {name} = {value}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name, value in before.items():
                cursor.execute(f"PRAGMA {name} = {value}")


def _load_batch(
    batch: Sequence[LearnerRecord], ulns: Sequence[str], keys: list[list[str]]
) -> list[int]:
    now = _now()
    _write(IssuedUln, ("uln", "issued_at"), [(u, now) for u in ulns])
    ids = _new_ids(len(batch))
    _write_learners(batch, ulns, ids, now)
    _write(
        PreviousFamilyName,
        ("learner_id", "name", "recorded"),
        [
            (pk, name, now)
            for pk, rec in zip(ids, batch, strict=True)
            for name in rec.previous_family_names
        ],
    )
    _write(
        LearnerChange,
        ("learner_id", "action", "changes", "reason", "changed_at"),
        [(pk, "registered", "{}", "Synthetic register", now) for pk in ids],
    )
    _write(
        BlockingKey,
        ("learner_id", "key"),
        [(pk, key) for pk, own in zip(ids, keys, strict=True) for key in own],
    )
    return ids


def _count(batch: Sequence[LearnerRecord], names: Counter[tuple[str, str]]) -> None:
    for rec in batch:
        names["given", normalise.compact(rec.given)] += 1
        names["family", normalise.compact(rec.family)] += 1


def _stored(rec: LearnerRecord) -> LearnerRecord:
    """The record as the register will hold it (its lengths, its defaults)."""
    # A learner on the register always has a date of birth; a synthetic record
    # that lost it keeps the first of January of a plausible year.
    return LearnerRecord(
        id="",
        given=_name(rec.given),
        family=_name(rec.family),
        dob=rec.dob or date(2010, 1, 1),
        gender=rec.gender if rec.gender in ("0", "1", "2", "9") else "0",
        postcode=rec.postcode or UNKNOWN_POSTCODE,
        middle=_name(rec.middle),
        previous_family_names=tuple(
            dict.fromkeys(
                _name(name) for name in rec.previous_family_names if name.strip()
            )
        ),
        address=rec.address[:50],
        town=rec.town[:50],
    )


def _name(value: str) -> str:
    """Normalised as :func:`services.create_learner` stores a name, and cut to
    the column's 35 characters."""
    return normalise_name(value)[:35].rstrip()


def _for_keys(records: Sequence[LearnerRecord]) -> list[LearnerRecord]:
    """The stored records with only what blocking keys are made of.

    The keys are the ones :func:`matcher.write_keys` would write (the unknown
    postcode makes none); addresses make none either, and normalising them would
    only slow a load down. Middle names do make keys (one used as a first name).
    """
    return [replace(_stored(rec), address="", town="") for rec in records]


def _write_learners(
    stored: Sequence[LearnerRecord], ulns: Sequence[str], ids: Sequence[int], now: Any
) -> None:
    constant = _learner_defaults(now)
    columns = _LEARNER_COLUMNS + tuple(constant)
    extra = tuple(constant.values())
    rows = [
        (
            pk,
            uln,
            rec.given,
            rec.middle,
            rec.family,
            rec.dob.isoformat() if rec.dob else None,
            rec.gender,
            rec.postcode,
            rec.address,
            rec.town,
            *extra,
        )
        for rec, uln, pk in zip(stored, ulns, ids, strict=True)
    ]
    _write(Learner, columns, rows)


def _learner_defaults(now: Any) -> dict[str, Any]:
    """Every other learner column with the value a new learner gets."""
    # The record's fields are named as their columns (none is a foreign key).
    given = set(_LEARNER_COLUMNS)
    values: dict[str, Any] = {}
    for field in Learner._meta.concrete_fields:
        name = field.column
        if not name or name in given:
            continue
        if field.name in ("created", "updated"):
            values[name] = now
        else:
            values[name] = field.get_db_prep_save(field.get_default(), connection)
    return values


class _UlnSource:
    """New ULNs, drawn in order from a seeded generator (a seed gives the same
    ULNs on an empty register) and never one issued before."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.drawn: set[str] = set()
        # On an empty register only this load's own ULNs can clash.
        self.check_register = IssuedUln.objects.exists()

    def draw(self, count: int) -> list[str]:
        out: list[str] = []
        while len(out) < count:
            fresh = [self._one() for _ in range(count - len(out))]
            taken = self._issued(fresh) if self.check_register else set()
            for uln in fresh:
                if uln not in taken and uln not in self.drawn:
                    self.drawn.add(uln)
                    out.append(uln)
        return out

    def _one(self) -> str:
        # One draw for the nine leading digits (the first never 0), then the
        # check digit; about a tenth of draws have none and are drawn again.
        while True:
            first_nine = str(self.rng.randrange(100_000_000, 1_000_000_000))
            check = uln_check_digit(first_nine)
            if check is not None and first_nine + check != NO_ULN:
                return first_nine + check

    @staticmethod
    def _issued(ulns: list[str]) -> set[str]:
        taken: set[str] = set()
        for start in range(0, len(ulns), 5000):
            chunk = ulns[start : start + 5000]
            taken.update(
                IssuedUln.objects.filter(uln__in=chunk).values_list("uln", flat=True)
            )
        return taken


def _new_ids(count: int) -> list[int]:
    """Primary keys for ``count`` new learners, taken before they are written.

    Knowing them up front lets every table be written in one pass, with COPY
    on PostgreSQL (which cannot return the keys it made).
    """
    table = _table(Learner)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                "FROM generate_series(1, %s)",
                [Learner._meta.db_table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the transaction holds the write lock, so nobody else can take
        # these; the sequence table remembers ids of learners since deleted.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        highest = cursor.fetchone()[0]
        cursor.execute(
            "SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = %s",
            [Learner._meta.db_table],
        )
        highest = max(highest, cursor.fetchone()[0])
    return list(range(highest + 1, highest + 1 + count))


def _write(
    model: type[Model], columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    if not rows:
        return
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is several times faster than INSERT for millions of short rows.
            raw = cursor.cursor
            with raw.copy(f"COPY {_table(model)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        # Plain executemany: the ORM's per-object work costs more than the database's.
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(
            f"INSERT INTO {_table(model)} ({names}) VALUES ({marks})", rows
        )


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _drop_key_indexes() -> None:
    with connection.cursor() as cursor:
        for index in BlockingKey._meta.indexes:
            cursor.execute(
                f"DROP INDEX IF EXISTS {connection.ops.quote_name(index.name or '')}"
            )


def _create_key_indexes() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Sorting tens of millions of keys in memory, not in many passes on disk.
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for index in BlockingKey._meta.indexes:
            columns = ", ".join(matcher.column(BlockingKey, f) for f in index.fields)
            cursor.execute(
                f"CREATE INDEX {connection.ops.quote_name(index.name or '')} "
                f"ON {_table(BlockingKey)} ({columns})"
            )


def _now() -> Any:
    return connection.ops.adapt_datetimefield_value(timezone.now())
