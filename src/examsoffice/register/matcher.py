"""Where the register meets the matching engine: records, keys, settings, candidates.

Every find goes through :func:`candidates_for` and :func:`rank`, so the single find,
the duplicate check on registration and the ULN request all score alike.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from examsoffice.matching import normalise
from examsoffice.matching.blocking import blocking_keys
from examsoffice.matching.engine import (
    FindOutcome,
    MatchEngine,
    MatchResult,
    TermFrequencies,
)
from examsoffice.matching.records import LearnerRecord
from examsoffice.matching.settings import MatchSettings
from examsoffice.register.models import (
    UNKNOWN_POSTCODE,
    BlockingKey,
    Learner,
    MatchingConfiguration,
    NameFrequency,
)

logger = logging.getLogger(__name__)

# A key shared by more learners than this (twins' postcode, a common name in a
# popular birth year) is too broad to be useful; the other keys still find them.
MAX_CANDIDATES = 400


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
    if normalise.compact(value) == normalise.compact(UNKNOWN_POSTCODE):
        return ""
    return value


# ---------------------------------------------------------------- settings


_cache: dict[str, object] = {}


def current_settings() -> MatchSettings:
    """The operator's saved settings, or the engine's defaults."""
    latest = MatchingConfiguration.objects.order_by("-saved_at", "-id").first()
    if latest is None:
        return MatchSettings.default()
    if _cache.get("json") != latest.settings_json:
        _cache["json"] = latest.settings_json
        _cache["settings"] = MatchSettings.from_json(latest.settings_json)
    settings = _cache["settings"]
    assert isinstance(settings, MatchSettings)
    return settings


# ---------------------------------------------------------------- keys


def write_keys(learner: Learner, previous: Sequence[str] = ()) -> None:
    """Replace a learner's blocking keys after their details changed."""
    BlockingKey.objects.filter(learner=learner).delete()
    keys = blocking_keys(learner_record(learner, previous))
    BlockingKey.objects.bulk_create(
        BlockingKey(learner=learner, key=key) for key in sorted(keys)
    )


def count_names(given: str, family: str, delta: int) -> None:
    """Keep the name counts in step when a learner is added or renamed."""
    for field, name in (
        ("given", normalise.compact(given)),
        ("family", normalise.compact(family)),
        ("total", ""),
    ):
        if field == "total" and delta == 0:
            continue
        _add_to_count(field, name, delta)


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


def term_frequencies(record: LearnerRecord) -> TermFrequencies | None:
    given = normalise.compact(record.given)
    family = normalise.compact(record.family)
    rows = NameFrequency.objects.filter(
        field__in=("given", "family", "total"), name__in=(given, family, "")
    ).values_list("field", "name", "count")
    counts = {(f, n): c for f, n, c in rows}
    total = counts.get(("total", ""), 0)
    if total < 1000:
        # Shares from a small register say nothing about how common a name is.
        return None
    return TermFrequencies(
        given={given: counts[("given", given)]} if ("given", given) in counts else {},
        family=(
            {family: counts[("family", family)]} if ("family", family) in counts else {}
        ),
        total=total,
    )


# ---------------------------------------------------------------- finding


@dataclass(frozen=True)
class Scored:
    learner: Learner
    result: MatchResult


@dataclass(frozen=True)
class Ranked:
    outcome: FindOutcome
    matches: list[Scored]


def candidate_ids(record: LearnerRecord) -> list[int]:
    keys = blocking_keys(record)
    if not keys:
        return []
    rows = (
        BlockingKey.objects.filter(key__in=keys)
        .values_list("learner_id", flat=True)
        .distinct()[: MAX_CANDIDATES + 1]
    )
    ids = list(rows)
    if len(ids) > MAX_CANDIDATES:
        logger.info("A find reached the candidate limit of %s", MAX_CANDIDATES)
    return ids


def load_learners(ids: Iterable[int]) -> list[Learner]:
    return list(
        Learner.objects.filter(pk__in=list(ids))
        .select_related("master")
        .prefetch_related("previous_family_names")
    )


def rank(query: Query, *, exclude: int | None = None) -> Ranked:
    """Score the learners sharing a blocking key with the query, best first.

    A linked record stands for its master: a match on it returns the master.
    """
    record = query_record(query)
    learners = [
        learner
        for learner in load_learners(candidate_ids(record))
        if learner.pk != exclude
    ]
    engine = MatchEngine(current_settings(), term_frequencies(record))
    results = engine.rank(
        record,
        [learner_record(x, _previous(x)) for x in learners],
    )
    by_id = {str(x.pk): x for x in learners}
    scored = _masters_only([Scored(by_id[r.right_id], r) for r in results])
    outcome = engine.classify([s.result for s in scored])
    return Ranked(outcome, scored)


def _previous(learner: Learner) -> list[str]:
    return [p.name for p in learner.previous_family_names.all()]


def _masters_only(scored: list[Scored]) -> list[Scored]:
    seen: set[int] = set()
    out: list[Scored] = []
    for item in scored:
        learner = item.learner
        if learner.master is not None:
            learner = learner.master
        if learner.pk in seen:
            continue
        seen.add(learner.pk)
        out.append(Scored(learner, item.result))
    return out


def save_settings(settings: MatchSettings, user: Any = None, reason: str = "") -> None:
    """Keep new settings; earlier ones stay, so every change is on record."""
    MatchingConfiguration.objects.create(
        settings_json=settings.to_json(), user=user, reason=reason
    )


def with_thresholds(settings: MatchSettings, **values: Any) -> MatchSettings:
    thresholds = replace(settings.thresholds, **values)
    return replace(settings, thresholds=thresholds)
