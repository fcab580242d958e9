"""Where the register meets the matching engine: records, keys, settings, candidates.

Every find goes through :func:`candidates_for` and :func:`rank`, so the single find,
the duplicate check on registration and the ULN request all score alike.
"""

from __future__ import annotations

import logging
import math
import random
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, NamedTuple

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Field, Model, Q

from examsoffice.matching import normalise
from examsoffice.matching.blocking import blocking_keys
from examsoffice.matching.engine import (
    Decision,
    FindOutcome,
    MatchEngine,
    MatchResult,
    TermFrequencies,
)
from examsoffice.matching.records import LearnerRecord
from examsoffice.matching.settings import MatchSettings
from examsoffice.register.models import (
    BlockingKey,
    Learner,
    MatchingConfiguration,
    NameFrequency,
    PreviousFamilyName,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Query:
    """The personal details a find or a registration is matched on."""

    given_name: str
    family_name: str
    date_of_birth: date | None
    gender: str = "0"
    postcode: str = ""
    previous_family_name: str = ""
    middle_names: str = ""
    address_line1: str = ""
    address_town: str = ""


def query_record(query: Query) -> LearnerRecord:
    previous = (query.previous_family_name,) if query.previous_family_name else ()
    return LearnerRecord(
        id="query",
        given=query.given_name,
        family=query.family_name,
        dob=query.date_of_birth,
        gender=query.gender,
        postcode=_postcode(query.postcode),
        middle=query.middle_names,
        previous_family_names=previous,
        address=query.address_line1,
        town=query.address_town,
    )


def learner_record(learner: Learner, previous: Sequence[str] = ()) -> LearnerRecord:
    return LearnerRecord(
        id=str(learner.pk),
        given=learner.given_name,
        family=learner.family_name,
        dob=learner.date_of_birth,
        gender=learner.gender,
        postcode=_postcode(learner.postcode),
        middle=learner.middle_names,
        previous_family_names=tuple(previous),
        address=learner.address_line1,
        town=learner.address_town,
        uln=learner.uln,
    )


def _postcode(value: str) -> str:
    # The unknown postcode agrees with nothing, so it must not count as agreement.
    # (Parsing is cached and the engine parses the postcode anyway.)
    if normalise.parse_postcode(value) is None:
        return ""
    return value


# ---------------------------------------------------------------- caching


class _Cache:
    """A small in-process cache whose entries expire after ``ttl`` seconds.

    Settings and name counts change rarely and a find needs them every time;
    this process drops an entry as soon as it changes it, and the expiry bounds
    how long another process (a second web server) may use an old value.
    """

    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._entries: dict[object, tuple[float, object]] = {}

    def get(self, key: object) -> object | None:
        found = self._entries.get(key)
        if found is None or found[0] < time.monotonic():
            return None
        return found[1]

    def put(self, key: object, value: object) -> None:
        if len(self._entries) >= CACHE_SIZE:
            self._entries.clear()
        self._entries[key] = (time.monotonic() + self.ttl, value)

    def drop(self, key: object) -> None:
        self._entries.pop(key, None)

    def clear(self) -> None:
        self._entries.clear()


CACHE_SECONDS = 30.0
CACHE_SIZE = 50_000
_settings_cache = _Cache(CACHE_SECONDS)
_counts_cache = _Cache(CACHE_SECONDS)


def clear_caches(**_kwargs: object) -> None:
    """Forget cached settings and name counts (connected to the settings' saves)."""
    _settings_cache.clear()
    _counts_cache.clear()


# ---------------------------------------------------------------- settings


def current_settings() -> MatchSettings:
    """The operator's saved settings, or the engine's defaults."""
    cached = _settings_cache.get("settings")
    if isinstance(cached, MatchSettings):
        return cached
    latest = MatchingConfiguration.objects.order_by("-saved_at", "-id").first()
    settings = (
        MatchSettings.default()
        if latest is None
        else MatchSettings.from_json(latest.settings_json)
    )
    _settings_cache.put("settings", settings)
    return settings


def engine_with(term_frequencies: TermFrequencies | None) -> MatchEngine:
    # Building an engine from settings costs more than a small find; the one
    # for the current settings is kept and copied with each find's name counts.
    settings = current_settings()
    base = _settings_cache.get("engine")
    if not isinstance(base, MatchEngine) or base.settings is not settings:
        base = MatchEngine(settings)
        _settings_cache.put("engine", base)
    return base.with_term_frequencies(term_frequencies)


# ---------------------------------------------------------------- keys


def write_keys(learner: Learner, previous: Sequence[str] = ()) -> None:
    """Replace a learner's blocking keys after their details changed."""
    BlockingKey.objects.filter(learner=learner).delete()
    write_keys_of([(learner, previous)])


def write_keys_of(learners: Sequence[tuple[Learner, Sequence[str]]]) -> None:
    """Write the blocking keys of learners who have none yet, in one statement
    (plain SQL: a batch writes thousands, and the ORM's objects cost more than
    the inserts)."""
    rows = [
        (learner.pk, key)
        for learner, previous in learners
        for key in sorted(blocking_keys(learner_record(learner, previous)))
    ]
    table = connection.ops.quote_name(BlockingKey._meta.db_table)
    sql = f"INSERT INTO {table} ({_LEARNER}, {_KEY}) VALUES (%s, %s)"
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


# ---------------------------------------------------------------- name counts

# The number of learners is kept in several rows, one picked at random on each
# registration, so concurrent registrations do not queue for a single row.
TOTAL = "total"
TOTAL_SHARDS = 16


def count_names(given: str, family: str, delta: int) -> None:
    """Keep the name counts in step when a learner is added (+1) or removed (-1)."""
    _count_name("given", normalise.compact(given), delta)
    _count_name("family", normalise.compact(family), delta)
    if delta > 0:
        _add_to_count(TOTAL, str(random.randrange(TOTAL_SHARDS)), delta)
    _counts_cache.drop(TOTAL)


def recount_names(old: tuple[str, str], new: tuple[str, str]) -> None:
    """Move a renamed learner from the old names' counts to the new ones'."""
    for (field, before), after in zip(
        (("given", old[0]), ("family", old[1])), new, strict=True
    ):
        if normalise.compact(before) != normalise.compact(after):
            _count_name(field, normalise.compact(before), -1)
            _count_name(field, normalise.compact(after), 1)


def _count_name(field: str, name: str, delta: int) -> None:
    _add_to_count(field, name, delta)
    _counts_cache.drop((field, name))


def _add_to_count(field: str, name: str, delta: int) -> None:
    rows = NameFrequency.objects.filter(field=field, name=name)
    if rows.update(count=F("count") + delta) or delta <= 0:
        return
    try:
        with transaction.atomic():
            NameFrequency.objects.create(field=field, name=name, count=delta)
    except IntegrityError:
        # A concurrent registration created the row first: add to it instead.
        rows.update(count=F("count") + delta)


def add_name_counts(counts: Counter[tuple[str, str]], learners: int) -> None:
    """Add the names of many learners at once (a bulk load), in few statements."""
    counts = Counter(counts)
    counts[TOTAL, str(random.randrange(TOTAL_SHARDS))] += learners
    # The table holds one row per distinct name: tens of thousands at most.
    existing = {(row.field, row.name): row for row in NameFrequency.objects.all()}
    changed, new = [], []
    for (field, name), count in counts.items():
        row = existing.get((field, name))
        if row is None:
            new.append(NameFrequency(field=field, name=name[:70], count=count))
        else:
            row.count += count
            changed.append(row)
    NameFrequency.objects.bulk_update(changed, ["count"], batch_size=2000)
    NameFrequency.objects.bulk_create(new, batch_size=2000)
    _counts_cache.clear()


def term_frequencies(record: LearnerRecord) -> TermFrequencies | None:
    """How common the record's given and family names are in the register.

    One query at most, for whichever of the two names and the total are not
    cached already.
    """
    return NameCounts.read([record]).frequencies(record)


def _name_keys(record: LearnerRecord) -> tuple[tuple[str, str], tuple[str, str]]:
    return (
        ("given", normalise.compact(record.given)),
        ("family", normalise.compact(record.family)),
    )


@dataclass
class NameCounts:
    """The name counts a set of finds needs, read in one query at most.

    A batch reads the counts of every name in a chunk at once, and adds the
    learners it registers as it goes (:meth:`add`), so each learner of the
    chunk is weighed with the counts a find of its own would have read.
    """

    counts: dict[object, int]

    @classmethod
    def read(cls, records: Sequence[LearnerRecord]) -> NameCounts:
        wanted: list[object] = [TOTAL]
        for record in records:
            wanted.extend(_name_keys(record))
        found = {key: _counts_cache.get(key) for key in dict.fromkeys(wanted)}
        counts = {k: v for k, v in found.items() if isinstance(v, int)}
        missing = [key for key, value in found.items() if value is None]
        if missing:
            counts.update(_read_counts(missing))
        return cls(counts)

    def frequencies(self, record: LearnerRecord) -> TermFrequencies | None:
        total = self.counts[TOTAL]
        if total < 1000:
            # Shares from a small register say nothing about how common a name is.
            return None
        given_key, family_key = _name_keys(record)
        given, family = given_key[1], family_key[1]
        given_count = self.counts.get(given_key, 0)
        family_count = self.counts.get(family_key, 0)
        return TermFrequencies(
            given={given: given_count} if given_count else {},
            family={family: family_count} if family_count else {},
            total=total,
        )

    def add(self, record: LearnerRecord) -> None:
        """Count a learner registered since the counts were read."""
        for key in (*_name_keys(record), TOTAL):
            self.counts[key] = self.counts.get(key, 0) + 1


def add_names_of(learners: Sequence[Learner]) -> None:
    """Count the names of learners just registered, in two statements.

    An upsert adds to each name's row (or makes it), so a registration running
    at the same time is never overwritten.
    """
    counts: Counter[tuple[str, str]] = Counter()
    for learner in learners:
        counts["given", normalise.compact(learner.given_name)] += 1
        counts["family", normalise.compact(learner.family_name)] += 1
    if not learners:
        return
    counts[TOTAL, str(random.randrange(TOTAL_SHARDS))] += len(learners)
    table = connection.ops.quote_name(NameFrequency._meta.db_table)
    columns = [column(NameFrequency, f) for f in ("field", "name", "count")]
    count = columns[2]
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES (%s, %s, %s) "
        f"ON CONFLICT ({columns[0]}, {columns[1]}) "
        f"DO UPDATE SET {count} = {table}.{count} + EXCLUDED.{count}"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(f, n[:70], c) for (f, n), c in counts.items()])
    for key in counts:
        _counts_cache.drop(TOTAL if key[0] == TOTAL else key)


def _read_counts(keys: list[object]) -> dict[object, int]:
    # One condition per field with its names (not one per name): a chunk of a
    # batch asks for hundreds of names at once.
    names: dict[str, list[str]] = {}
    condition = Q(field=TOTAL) if TOTAL in keys else Q()
    for key in keys:
        if isinstance(key, tuple):
            names.setdefault(key[0], []).append(key[1])
    for field, some in names.items():
        condition |= Q(field=field, name__in=some)
    counts: dict[object, int] = dict.fromkeys(keys, 0)
    rows = NameFrequency.objects.filter(condition).values_list("field", "name", "count")
    for field, name, count in rows:
        key = TOTAL if field == TOTAL else (field, name)
        counts[key] = counts.get(key, 0) + count if key == TOTAL else count
    for key, count in counts.items():
        _counts_cache.put(key, count)
    return counts


# ---------------------------------------------------------------- finding

# A key shared by more learners than this (a common name in a popular birth
# year, a block of flats) says little about who is who; the record's other keys
# still find its matches, so the key is left out of the find.
KEY_LIMIT = 150

# At most this many candidates are scored: those sharing the rarest keys first.
MAX_CANDIDATES = 100


@dataclass(frozen=True)
class Candidate:
    """A learner sharing a blocking key with a query, as the engine compares it."""

    record: LearnerRecord
    master_id: int | None


@dataclass(frozen=True)
class Scored:
    learner: Learner
    result: MatchResult


@dataclass(frozen=True)
class Ranked:
    outcome: FindOutcome
    matches: list[Scored]
    candidates: int = 0


def candidate_ids(record: LearnerRecord) -> list[int]:
    """Learners sharing a blocking key with the record, in one query.

    Each key reads at most ``KEY_LIMIT + 1`` index entries, so a find costs the
    same in a register of a thousand learners or of millions.
    """
    keys = sorted(blocking_keys(record))
    found = key_learners(keys)
    return shortlist([(key, learner) for key in keys for learner in found[key]])


# SQLite joins at most 500 selects with UNION ALL; a find sends one query of
# all its keys, a chunk of a batch one per this many.
KEYS_PER_QUERY = 250


def key_learners(keys: Sequence[str]) -> dict[str, list[int]]:
    """The learners holding each key (at most ``KEY_LIMIT + 1`` of them): a
    chunk of a batch asks for the keys of all its learners together."""
    found: dict[str, list[int]] = {key: [] for key in keys}
    distinct = list(found)
    for sql, params in _key_queries(distinct):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        for key, learner in rows:
            found[key].append(learner)
    return found


def _key_queries(keys: list[str]) -> list[tuple[str, list[Any]]]:
    if not keys:
        return []
    table = connection.ops.quote_name(BlockingKey._meta.db_table)
    limit = KEY_LIMIT + 1
    if connection.vendor == "postgresql":
        # One query for any number of keys: planning a union of hundreds of
        # selects cost PostgreSQL more than running them.
        sql = (
            f"SELECT k.key, b.{_LEARNER} FROM unnest(%s::text[]) AS k(key) "
            f"CROSS JOIN LATERAL (SELECT {_LEARNER} FROM {table} "
            f"WHERE {_KEY} = k.key LIMIT {limit}) AS b"
        )
        return [(sql, [keys])]
    part = (
        f"SELECT * FROM (SELECT {_KEY}, {_LEARNER} FROM {table} "
        f"WHERE {_KEY} = %s LIMIT {limit}) AS k{{n}}"
    )
    groups = [
        keys[start : start + KEYS_PER_QUERY]
        for start in range(0, len(keys), KEYS_PER_QUERY)
    ]
    return [
        (" UNION ALL ".join(part.format(n=n) for n in range(len(g))), list(g))
        for g in groups
    ]


_KEY = "key"
_LEARNER = "learner_id"


def shortlist(rows: Sequence[tuple[str, int]]) -> list[int]:
    """The learners most worth scoring: those sharing the rarest keys first.

    A key shared by few learners says more than one shared by many, so each
    shared key adds more the fewer learners hold it (like a search engine's
    inverse document frequency).  Ranked this way, the true match of a
    synthetic register of a million learners is in the first hundred nearly
    every time it is among the candidates at all.
    """
    per_key = Counter(key for key, _learner in rows)
    weight = {
        key: math.log2((KEY_LIMIT + 1) / count) + 1
        for key, count in per_key.items()
        if count <= KEY_LIMIT
    }
    if per_key and not weight:
        # Every key is broad (the commonest names, no date): too many to tell.
        logger.info("A find matched only keys shared by many learners")
    score: dict[int, float] = {}
    for key, learner in rows:
        if key in weight:
            score[learner] = score.get(learner, 0.0) + weight[key]
    ranked = sorted(score, key=lambda learner: (-score[learner], learner))
    if len(ranked) > MAX_CANDIDATES:
        logger.debug("A find reached the candidate limit of %s", MAX_CANDIDATES)
    return ranked[:MAX_CANDIDATES]


# The columns a comparison needs; reading only these (not whole learners) keeps
# a find with hundreds of candidates cheap.
_COLUMNS = (
    "id",
    "uln",
    "given_name",
    "family_name",
    "middle_names",
    "date_of_birth",
    "gender",
    "postcode",
    "address_line1",
    "address_town",
    "master",
)


def load_candidates(
    ids: Sequence[int], *, address: bool = True, town: bool = True
) -> list[Candidate]:
    """The candidates' records, with previous family names, in learner order.

    ``address`` and ``town`` False leave those blank: a comparison with a blank
    side counts for nothing, so when the query has none, normalising each
    candidate's address would be work for no difference.
    """
    rows = candidate_rows(ids)
    return [rows[pk].candidate(address, town) for pk in sorted(rows)]


class CandidateRow(NamedTuple):
    """A learner's compared columns as read, before a find picks its fields.

    A tuple, not a dataclass: a batch reads hundreds of thousands, and a frozen
    dataclass costs several times as much to make."""

    values: tuple[Any, ...]
    previous: tuple[str, ...]

    def candidate(self, address: bool, town: bool) -> Candidate:
        return _candidate(self.values, self.previous, address, town)

    def record(self) -> LearnerRecord:
        return _candidate(self.values, self.previous, True, True).record

    @property
    def master_id(self) -> int:
        """The learner's master, or the learner when they stand alone."""
        return int(self.values[-1] or self.values[0])


def candidate_rows(ids: Sequence[int]) -> dict[int, CandidateRow]:
    """The compared columns of learners: on PostgreSQL in one query (the ids
    as one array), on SQLite in one per thousand or so."""
    fields: dict[int, tuple[Any, ...]] = {}
    previous: dict[int, list[str]] = {}
    for sql, params in _candidate_queries(list(ids)):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        for row in rows:
            if row[-1]:
                previous.setdefault(row[0], []).append(row[-1])
            if row[0] not in fields:
                fields[row[0]] = row[:-1]
    none: tuple[str, ...] = ()
    return {
        pk: CandidateRow(
            values, tuple(sorted(previous[pk])) if pk in previous else none
        )
        for pk, values in fields.items()
    }


def candidate_columns(rows: Sequence[CandidateRow]) -> dict[str, list[Any]]:
    """The records of the rows, as :func:`bulk.build_columns` takes them: a
    chunk of a batch compares hundreds of thousands of candidates, and making
    each a record cost more than comparing them."""
    values = [row.values for row in rows]
    pk, _uln, given, family, middle, dob, gender, postcode, address, town, _m = (
        [list(c) for c in zip(*values, strict=True)]
        if values
        else [[] for _ in range(11)]
    )
    return {
        "id": [str(k) for k in pk],
        "given": given,
        "family": family,
        "middle": middle,
        "dob": [_as_date(d) for d in dob],
        "gender": gender,
        "postcode": postcode,
        "previous_family_names": [row.previous for row in rows],
        "address": address,
        "town": town,
    }


def column(model: type[Model], name: str) -> str:
    """The quoted database column of a model's field, for plain SQL."""
    field = model._meta.get_field(name)
    assert isinstance(field, Field)
    assert field.column
    return connection.ops.quote_name(field.column)


def _candidate_queries(ids: list[int]) -> list[tuple[str, list[Any]]]:
    if not ids:
        return []
    if connection.vendor == "postgresql":
        return [(_candidates_sql("= ANY(%s)"), [ids])]
    size = connection.features.max_query_params or 999
    groups = [ids[start : start + size] for start in range(0, len(ids), size)]
    return [(_candidates_sql(f"IN ({', '.join(['%s'] * len(g))})"), g) for g in groups]


def _candidates_sql(which: str) -> str:
    # Plain SQL: building this through the ORM cost more than running it.
    quote = connection.ops.quote_name
    columns = ", ".join(f"l.{column(Learner, name)}" for name in _COLUMNS)
    learners = quote(Learner._meta.db_table)
    previous = quote(PreviousFamilyName._meta.db_table)
    return (
        f"SELECT {columns}, p.{column(PreviousFamilyName, 'name')} "
        f"FROM {learners} l LEFT JOIN {previous} p "
        f"ON p.{column(PreviousFamilyName, 'learner')} = l.{column(Learner, 'id')} "
        f"WHERE l.{column(Learner, 'id')} {which}"
    )


def _as_date(value: Any) -> date | None:
    # Drivers hand back dates as dates, or as ISO text where not told the type.
    return date.fromisoformat(value) if isinstance(value, str) else value


def _candidate(
    values: tuple[Any, ...],
    previous: Sequence[str],
    with_address: bool,
    with_town: bool,
) -> Candidate:
    pk, uln, given, family, middle, dob, gender, postcode, address, town, master = (
        values
    )
    dob = _as_date(dob)
    # The postcode as stored: the engine reads the unknown postcode as none,
    # so parsing it here too (as learner_record does) would change nothing.
    record = LearnerRecord(
        id=str(pk),
        given=given,
        family=family,
        dob=dob,
        gender=gender,
        postcode=postcode,
        middle=middle,
        previous_family_names=tuple(previous),
        address=address if with_address else "",
        town=town if with_town else "",
        uln=uln,
    )
    return Candidate(record, master)


def rank(query: Query, *, exclude: int | None = None) -> Ranked:
    """Score the learners sharing a blocking key with the query, best first.

    A linked record stands for its master: a match on it returns the master.
    Only the learners returned are read in full.
    """
    record = query_record(query)
    ids = candidate_ids(record)
    found = load_candidates(ids, address=bool(record.address), town=bool(record.town))
    candidates = [c for c in found if c.record.id != str(exclude)]
    engine = engine_with(term_frequencies(record))
    results = engine.rank(record, [c.record for c in candidates])
    return resolve([judge(engine, results, candidates)])[0]


@dataclass(frozen=True)
class Judged:
    """A find's outcome and the matches it shows, by master id, before the
    learners are read (a batch reads those of a whole chunk at once)."""

    outcome: FindOutcome
    shown: list[tuple[int, MatchResult]]
    candidates: int


def judge(
    engine: MatchEngine, results: Sequence[MatchResult], candidates: Sequence[Candidate]
) -> Judged:
    """Classify a find from its results, ranked best first."""
    masters = {c.record.id: c.master_id or int(c.record.id) for c in candidates}
    return judge_results(engine, results, masters, len(candidates))


def judge_results(
    engine: MatchEngine,
    results: Sequence[MatchResult],
    masters: Mapping[str, int],
    candidates: int,
) -> Judged:
    """:func:`judge` given each result's master id by candidate id and the
    number of candidates (the results may leave out those matching nothing)."""
    kept = _masters_only(results, masters)
    outcome = engine.classify(kept)
    # The duplicate check on registration may use a threshold below "possible".
    duplicate = engine.settings.thresholds.duplicate
    shown = [
        (masters[r.right_id], r)
        for r in kept
        if r.decision is not Decision.NONE or r.probability >= duplicate
    ]
    return Judged(outcome, shown, candidates)


def resolve(
    judged: Sequence[Judged], known: dict[int, Learner] | None = None
) -> list[Ranked]:
    """The finds with their learners, read in one query; ``known`` learners
    (registered by the batch itself) are not read again."""
    known = known or {}
    wanted = {pk for j in judged for pk, _result in j.shown if pk not in known}
    learners = {**_learners(wanted), **known}
    return [
        Ranked(j.outcome, [Scored(learners[pk], r) for pk, r in j.shown], j.candidates)
        for j in judged
    ]


def _masters_only(
    results: Sequence[MatchResult], masters: Mapping[str, int]
) -> list[MatchResult]:
    seen: set[int] = set()
    out: list[MatchResult] = []
    for result in results:
        master = masters[result.right_id]
        if master in seen:
            continue
        seen.add(master)
        out.append(result)
    return out


def _learners(ids: set[int]) -> dict[int, Learner]:
    if not ids:
        return {}
    # Masters only, so there is no master to fetch with them.
    return {
        learner.pk: learner for learner in Learner.objects.filter(pk__in=ids).order_by()
    }


def save_settings(settings: MatchSettings, user: Any = None, reason: str = "") -> None:
    """Keep new settings; earlier ones stay, so every change is on record."""
    MatchingConfiguration.objects.create(
        settings_json=settings.to_json(), user=user, reason=reason
    )
    _settings_cache.clear()


def with_thresholds(settings: MatchSettings, **values: Any) -> MatchSettings:
    thresholds = replace(settings.thresholds, **values)
    return replace(settings, thresholds=thresholds)
