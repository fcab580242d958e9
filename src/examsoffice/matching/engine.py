"""Score pairs of records, decide exact, possible or no match, and rank candidates.

The score is Fellegi-Sunter: each field's level of agreement adds
``log2(m / u)`` to a match weight that starts at the prior's log-odds; the
probability is ``2**w / (1 + 2**w)``.  An exact agreement on a given or family
name is weighed by how common that name is in the register (term frequency):
agreeing on a rare family name says more than agreeing on Smith.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from examsoffice.matching.comparisons import COMPARISONS, Comparer
from examsoffice.matching.records import LearnerRecord, PreparedRecord, prepare
from examsoffice.matching.settings import MatchSettings


class Decision(StrEnum):
    EXACT = "exact"
    POSSIBLE = "possible"
    NONE = "none"


class FindOutcome(StrEnum):
    """What a find by personal details found, in the national service's terms."""

    NO_MATCH = "no_match"  # WSRC0001
    TOO_MANY = "too_many"  # WSRC0002
    POSSIBLE = "possible"  # WSRC0003
    EXACT = "exact"  # WSRC0004


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The comparison of two records: weight, probability and each field's level."""

    left_id: str
    right_id: str
    weight: float
    probability: float
    levels: tuple[tuple[str, str | None], ...]
    differing: tuple[str, ...]
    flags: frozenset[str]
    decision: Decision

    @property
    def level_of(self) -> dict[str, str | None]:
        return dict(self.levels)


@dataclass(frozen=True, slots=True)
class TermFrequencies:
    """How often each normalised given and family name occurs in the register."""

    given: dict[str, int]
    family: dict[str, int]
    total: int

    @classmethod
    def from_records(
        cls, records: Iterable[LearnerRecord | PreparedRecord]
    ) -> TermFrequencies:
        given: Counter[str] = Counter()
        family: Counter[str] = Counter()
        total = 0
        for record in records:
            rec = _prepared(record)
            total += 1
            if rec.given:
                given[rec.given] += 1
            if rec.family:
                family[rec.family] += 1
        return cls(dict(given), dict(family), total)

    def share(self, field: str, value: str) -> float | None:
        table = self.given if field == "given_name" else self.family
        count = table.get(value)
        if count is None or self.total == 0:
            return None
        return max(count, 1) / self.total


# Flags a verify reports, named after the national service's failure flags.
FLAG_NAMES_SWAPPED = "names_swapped"
FLAG_PREVIOUS_FAMILY_NAME = "previous_family_name_used"
FLAG_DOB_DIFFERS = "dob_differs"
FLAG_GENDER_DIFFERS = "gender_differs"
FLAG_POSSIBLE_TWIN = "possible_twin"

_FIRST_LEVELS = {"exact", "agree", "full"}
_GIVEN_DISAGREE = {"fuzzy", "else"}
_SAME_FAMILY = {"exact", "close", "part", "previous"}
_SAME_HOME = {"full", "close"}


@lru_cache(maxsize=500_000)
def _cached_prepare(record: LearnerRecord) -> PreparedRecord:
    return prepare(record)


def _prepared(record: LearnerRecord | PreparedRecord) -> PreparedRecord:
    if isinstance(record, PreparedRecord):
        return record
    return _cached_prepare(record)


class MatchEngine:
    """Scores and classifies pairs of learner records with one set of settings."""

    def __init__(
        self,
        settings: MatchSettings | None = None,
        term_frequencies: TermFrequencies | None = None,
    ) -> None:
        self.settings = settings or MatchSettings.default()
        self.term_frequencies = term_frequencies
        self._fields = tuple(c.field for c in self.settings.comparisons)
        self._comparers: tuple[Comparer, ...] = tuple(
            COMPARISONS[f][1] for f in self._fields
        )
        self._names = tuple(COMPARISONS[f][0] for f in self._fields)
        self._weights = tuple(
            tuple(level.weight for level in c.levels) for c in self.settings.comparisons
        )
        self._exact_u = tuple(c.levels[0].u for c in self.settings.comparisons)
        self._tf = tuple(c.term_frequency for c in self.settings.comparisons)
        self._given_index = (
            self._fields.index("given_name") if "given_name" in self._fields else -1
        )
        self._dob_index = self._fields.index("dob") if "dob" in self._fields else -1

    def prepare(self, record: LearnerRecord | PreparedRecord) -> PreparedRecord:
        return _prepared(record)

    def levels(
        self, a: LearnerRecord | PreparedRecord, b: LearnerRecord | PreparedRecord
    ) -> tuple[int | None, ...]:
        """Each comparison's level index for a pair (None where a side is blank)."""
        x, y = _prepared(a), _prepared(b)
        return tuple(compare(x, y) for compare in self._comparers)

    def score(
        self, a: LearnerRecord | PreparedRecord, b: LearnerRecord | PreparedRecord
    ) -> MatchResult:
        """Compare two records and say how likely they are the same learner."""
        x, y = _prepared(a), _prepared(b)
        levels = self.levels(x, y)
        weight = self._weight(x, y, levels)
        flags = self._flags(levels)
        if FLAG_POSSIBLE_TWIN in flags:
            weight = min(weight, self.settings.twin_guard_weight)
        probability = probability_from_weight(weight)
        differing = self._differing(levels)
        named = tuple(
            (f, None if lv is None else names[lv])
            for f, lv, names in zip(self._fields, levels, self._names, strict=True)
        )
        return MatchResult(
            left_id=x.record.id,
            right_id=y.record.id,
            weight=weight,
            probability=probability,
            levels=named,
            differing=differing,
            flags=flags,
            decision=self._decide(probability, named),
        )

    def weight_of(
        self, a: LearnerRecord | PreparedRecord, b: LearnerRecord | PreparedRecord
    ) -> float:
        """Only the match weight of a pair: the fast path for bulk deduplication."""
        x, y = _prepared(a), _prepared(b)
        levels = self.levels(x, y)
        weight = self._weight(x, y, levels)
        if self._is_twin(levels):
            weight = min(weight, self.settings.twin_guard_weight)
        return weight

    def rank(
        self,
        query: LearnerRecord | PreparedRecord,
        candidates: Iterable[LearnerRecord | PreparedRecord],
        limit: int | None = None,
    ) -> list[MatchResult]:
        """Candidates scored against a query, best first."""
        results = [self.score(query, c) for c in candidates]
        results.sort(key=lambda r: r.weight, reverse=True)
        return results if limit is None else results[:limit]

    def classify(self, results: Sequence[MatchResult]) -> FindOutcome:
        """The outcome of a find from its scored candidates."""
        exact = [r for r in results if r.decision is Decision.EXACT]
        possible = [r for r in results if r.decision is not Decision.NONE]
        if len(exact) == 1:
            return FindOutcome.EXACT
        if len(possible) > self.settings.thresholds.max_possible:
            return FindOutcome.TOO_MANY
        if possible:
            return FindOutcome.POSSIBLE
        return FindOutcome.NO_MATCH

    def _weight(
        self, x: PreparedRecord, y: PreparedRecord, levels: tuple[int | None, ...]
    ) -> float:
        weight = self.settings.prior_weight
        for i, level in enumerate(levels):
            if level is None:
                continue
            weight += self._weights[i][level]
            if level == 0 and self._tf[i] and self.term_frequencies is not None:
                weight += self._tf_adjustment(i, x)
        return weight

    def _tf_adjustment(self, index: int, x: PreparedRecord) -> float:
        assert self.term_frequencies is not None
        field = self._fields[index]
        value = x.given if field == "given_name" else x.family
        share = self.term_frequencies.share(field, value)
        if share is None:
            return 0.0
        return math.log2(self._exact_u[index] / share)

    def _is_twin(self, levels: tuple[int | None, ...]) -> bool:
        if not self.settings.twin_guard or self._given_index < 0 or self._dob_index < 0:
            return False
        given = levels[self._given_index]
        if (
            given is None
            or self._names[self._given_index][given] not in _GIVEN_DISAGREE
        ):
            return False
        if levels[self._dob_index] == 0:
            return True
        # A different first name in the same family at the same address is a
        # brother or sister far more often than a mistyped duplicate.
        family, postcode = self._household_levels(levels)
        return family in _SAME_FAMILY and postcode in _SAME_HOME

    def _household_levels(
        self, levels: tuple[int | None, ...]
    ) -> tuple[str | None, str | None]:
        named: list[str | None] = []
        for field in ("family_name", "postcode"):
            if field not in self._fields:
                named.append(None)
                continue
            index = self._fields.index(field)
            level = levels[index]
            named.append(None if level is None else self._names[index][level])
        return named[0], named[1]

    def _flags(self, levels: tuple[int | None, ...]) -> frozenset[str]:
        flags: set[str] = set()
        named = {
            f: names[lv]
            for f, lv, names in zip(self._fields, levels, self._names, strict=True)
            if lv is not None
        }
        if (
            named.get("given_name") == "swapped"
            or named.get("family_name") == "swapped"
        ):
            flags.add(FLAG_NAMES_SWAPPED)
        if named.get("family_name") == "previous":
            flags.add(FLAG_PREVIOUS_FAMILY_NAME)
        if named.get("dob", "exact") != "exact":
            flags.add(FLAG_DOB_DIFFERS)
        if named.get("gender") == "disagree":
            flags.add(FLAG_GENDER_DIFFERS)
        if self._is_twin(levels):
            flags.add(FLAG_POSSIBLE_TWIN)
        return frozenset(flags)

    def _differing(self, levels: tuple[int | None, ...]) -> tuple[str, ...]:
        return tuple(
            f
            for f, lv, names in zip(self._fields, levels, self._names, strict=True)
            if lv is not None and names[lv] not in _FIRST_LEVELS
        )

    def _decide(
        self, probability: float, named: tuple[tuple[str, str | None], ...]
    ) -> Decision:
        t = self.settings.thresholds
        if probability >= t.exact:
            exact_fields = dict(named)
            if all(
                exact_fields.get(f, "exact") in _FIRST_LEVELS for f in t.exact_fields
            ):
                return Decision.EXACT
        if probability >= t.possible:
            return Decision.POSSIBLE
        return Decision.NONE


def probability_from_weight(weight: float) -> float:
    # Guard the exponent: weights of +-60 are ordinary and 2**1100 overflows.
    if weight > 60:
        return 1.0
    if weight < -60:
        return 0.0
    odds: float = math.pow(2.0, weight)
    return odds / (1.0 + odds)
