"""Score pairs of records, decide exact, possible or no match, and rank candidates.

The score is Fellegi-Sunter: each field's level of agreement adds
``log2(m / u)`` to a match weight that starts at the prior's log-odds; the
probability is ``2**w / (1 + 2**w)``.  An exact agreement on a given or family
name is weighed by how common that name is in the register (term frequency):
agreeing on a rare family name says more than agreeing on Smith.
"""

from __future__ import annotations

import copy
import math
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from examsoffice.matching import normalise
from examsoffice.matching.comparisons import (
    COMPARISONS,
    Comparer,
    shared_middle_name,
    typo_of_variant,
)
from examsoffice.matching.records import LearnerRecord, PreparedRecord, prepare
from examsoffice.matching.settings import MatchSettings
from examsoffice.matching.vectorised import (
    FeatureTable,
    IntArray,
    PairLevels,
    distinct,
    shared_middle,
)


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
    """How often each normalised given and family name occurs in the register.

    ``households`` is the share of all pairs of records that share a family
    name and a full postcode.  Brothers and sisters make that share far larger
    than the family and postcode shares multiplied together, so the engine
    uses it to stop counting one household as two pieces of evidence.
    """

    given: dict[str, int]
    family: dict[str, int]
    total: int
    households: float = 0.0

    @classmethod
    def from_records(
        cls, records: Iterable[LearnerRecord | PreparedRecord]
    ) -> TermFrequencies:
        given: Counter[str] = Counter()
        family: Counter[str] = Counter()
        homes: Counter[tuple[str, str]] = Counter()
        same_name: Counter[tuple[str, str, str]] = Counter()
        total = 0
        for record in records:
            rec = _prepared(record)
            total += 1
            if rec.given:
                given[rec.given] += 1
            if rec.family:
                family[rec.family] += 1
                if rec.postcode is not None:
                    homes[(rec.family, rec.postcode.full)] += 1
                    same_name[(rec.family, rec.postcode.full, rec.given)] += 1
        households = _household_share(homes, same_name, total)
        return cls(dict(given), dict(family), total, households)

    @classmethod
    def from_table(cls, table: FeatureTable) -> TermFrequencies:
        """The same counts as ``from_records``, from a feature table's codes."""
        total = len(table)
        names = table.names
        given = _code_counts(table.given, names)
        family = _code_counts(table.family, names)
        home = (table.family != -1) & (table.postcode != -1)
        size = np.int64(len(names))
        homes = (
            table.family[home] * np.int64(len(table.postcodes)) + table.postcode[home]
        )
        _, home_counts = np.unique(homes, return_counts=True)
        same = (homes * size) + table.given[home]
        _, same_counts = np.unique(same, return_counts=True)
        pairs = total * (total - 1) / 2
        households = 0.0
        if pairs:
            shared = float((home_counts * (home_counts - 1) / 2).sum())
            shared -= float((same_counts * (same_counts - 1) / 2).sum())
            households = shared / pairs
        return cls(given, family, total, households)

    def share(self, field: str, value: str) -> float | None:
        table = self.given if field == "given_name" else self.family
        count = table.get(value)
        if count is None or self.total == 0:
            return None
        return max(count, 1) / self.total

    def is_rare_given(self, value: str) -> bool:
        """Whether a given name is seen at most once: a typo more often than not."""
        return self.given.get(value, 0) <= 1


def _code_counts(codes: IntArray, names: npt.NDArray[np.object_]) -> dict[str, int]:
    present = codes[codes != -1]
    unique, counts = np.unique(present, return_counts=True)
    return dict(zip(names[unique].tolist(), counts.tolist(), strict=True))


def _household_share(
    homes: Counter[tuple[str, str]],
    same_name: Counter[tuple[str, str, str]],
    total: int,
) -> float:
    # Pairs at one address with one family name but different first names:
    # brothers and sisters.  Pairs with the same first name are left out, as
    # they are mostly the duplicates the engine is looking for.
    pairs = total * (total - 1) / 2
    if not pairs:
        return 0.0
    shared = sum(k * (k - 1) / 2 for k in homes.values())
    shared -= sum(k * (k - 1) / 2 for k in same_name.values())
    return shared / pairs


# Flags a verify reports, named after the national service's failure flags.
FLAG_NAMES_SWAPPED = "names_swapped"
FLAG_PREVIOUS_FAMILY_NAME = "previous_family_name_used"
FLAG_DOB_DIFFERS = "dob_differs"
FLAG_GENDER_DIFFERS = "gender_differs"
FLAG_POSSIBLE_TWIN = "possible_twin"

_FIRST_LEVELS = {"exact", "agree", "full"}
_GIVEN_DISAGREE = {"fuzzy", "else"}
# Twins or brothers and sisters one letter apart (Jane and Janet) tell
# themselves apart by these.
_TWIN_DIFFERENCES = {"gender": "disagree", "middle_name": "else"}
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
        self._index = {f: i for i, f in enumerate(self._fields)}
        self._household_adjustment = self._household_weight()
        self._repeats = self._repeated_levels()
        given_names = self._names[self._given_index] if self._given_index >= 0 else ()
        self._given_disagree = {
            k for k, name in enumerate(given_names) if name in _GIVEN_DISAGREE
        }
        self._close_given = given_names.index("close") if given_names else -1
        self._masks: dict[tuple[str, frozenset[str]], npt.NDArray[np.bool_]] = {}
        self._descriptions: dict[
            tuple[tuple[int, ...], bool],
            tuple[tuple[tuple[str, str | None], ...], tuple[str, ...], frozenset[str]],
        ] = {}

    def _repeated_levels(self) -> tuple[tuple[int, int, int, int], ...]:
        """Levels that only repeat what another field's level has already said.

        Names swapped between fields make both the given and the family name
        "swapped"; first and middle names exchanged make the middle name
        "swapped" and put the first name among the other's middle names (the
        given name's "middle" level).  Each is one fact, which would otherwise
        count twice, so the weaker repeat is dropped, as a blank is.  Each rule
        is (column, level, repeated column, repeated level).
        """
        rules = (
            ("given_name", "swapped", "family_name", "swapped"),
            ("middle_name", "swapped", "given_name", "middle"),
        )
        return tuple(
            (
                self._index[field],
                COMPARISONS[field][0].index(level),
                self._index[other],
                COMPARISONS[other][0].index(repeat),
            )
            for field, level, other, repeat in rules
            if field in self._index and other in self._index
        )

    def with_term_frequencies(
        self, term_frequencies: TermFrequencies | None
    ) -> MatchEngine:
        """This engine weighing names by other counts, made without redoing the
        settings' tables: a register builds one per find."""
        other = copy.copy(self)
        other.term_frequencies = term_frequencies
        other._household_adjustment = other._household_weight()
        return other

    def prepare(self, record: LearnerRecord | PreparedRecord) -> PreparedRecord:
        return _prepared(record)

    def levels(
        self, a: LearnerRecord | PreparedRecord, b: LearnerRecord | PreparedRecord
    ) -> tuple[int | None, ...]:
        """Each comparison's level index for a pair (None where a side is blank)."""
        x, y = _prepared(a), _prepared(b)
        levels = [compare(x, y) for compare in self._comparers]
        for column, level, repeated, repeat in self._repeats:
            if levels[column] == level and levels[repeated] == repeat:
                levels[repeated] = None
        if self._is_rare_typo(x, y, levels):
            levels[self._given_index] = self._close_given
        return tuple(levels)

    def _is_rare_typo(
        self, x: PreparedRecord, y: PreparedRecord, levels: list[int | None]
    ) -> bool:
        """Given names the "close" level leaves out (short ones, two slips) that
        are still one name mistyped: one of them is all but unseen in the
        register, and the genders do not differ."""
        if self._given_index < 0:
            return False
        given = levels[self._given_index]
        if given is None or given not in self._given_disagree:
            return False
        gender = self._index.get("gender")
        if gender is not None and levels[gender] == 1:
            return False
        if not (self._is_rare(x.given) or self._is_rare(y.given)):
            return False
        return typo_of_variant(x, y)

    def score(
        self, a: LearnerRecord | PreparedRecord, b: LearnerRecord | PreparedRecord
    ) -> MatchResult:
        """Compare two records and say how likely they are the same learner."""
        x, y = _prepared(a), _prepared(b)
        levels = self.levels(x, y)
        weight = self._weight(x, y, levels)
        flags = self._flags(x, y, levels)
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
        if self._is_twin(x, y, levels):
            weight = min(weight, self.settings.twin_guard_weight)
        return weight

    def score_many(
        self,
        query: LearnerRecord | PreparedRecord,
        candidates: Iterable[LearnerRecord | PreparedRecord],
    ) -> list[MatchResult]:
        """``score(query, c)`` for every candidate, in order, computed in arrays."""
        table = FeatureTable.build(
            [_prepared(query)] + [_prepared(c) for c in candidates]
        )
        count = len(table) - 1
        ia = np.zeros(count, dtype=np.int64)
        ib = np.arange(1, count + 1, dtype=np.int64)
        return self.score_pairs(table, ia, ib)

    def score_pairs(
        self,
        table: FeatureTable,
        ia: IntArray,
        ib: IntArray,
        levels: npt.NDArray[np.int8] | None = None,
        *,
        ids: Sequence[str] | None = None,
        min_weight: float = -math.inf,
        typos: npt.NDArray[np.bool_] | None = None,
    ) -> list[MatchResult]:
        """``score`` for the pairs (ia[k], ib[k]) of a feature table, in order.

        ``levels`` from :meth:`pair_levels` and ``typos`` from
        :meth:`given_typos` may be given when worked out for many pairs at
        once; ``ids`` name the records of a table built without them; pairs
        weighing less than ``min_weight`` are left out.
        """
        if levels is None:
            levels = self.pair_levels(table, ia, ib)
        weights, twins = self.pair_weights(table, ia, ib, levels, typos)
        keep = np.flatnonzero(weights >= min_weight)
        names = ids if ids is not None else [r.record.id for r in table.records]
        return [
            self._result(names[i], names[j], row, weight, twin)
            for i, j, row, weight, twin in zip(
                ia[keep].tolist(),
                ib[keep].tolist(),
                levels[keep].tolist(),
                weights[keep].tolist(),
                twins[keep].tolist(),
                strict=True,
            )
        ]

    def weights_many(
        self,
        query: LearnerRecord | PreparedRecord,
        candidates: Iterable[LearnerRecord | PreparedRecord],
    ) -> npt.NDArray[np.float64]:
        """Only the match weights of ``score_many``: the cheapest batch path."""
        table = FeatureTable.build(
            [_prepared(query)] + [_prepared(c) for c in candidates]
        )
        count = len(table) - 1
        ia = np.zeros(count, dtype=np.int64)
        ib = np.arange(1, count + 1, dtype=np.int64)
        return self.pair_weights(table, ia, ib)[0]

    def pair_levels(
        self, table: FeatureTable, ia: IntArray, ib: IntArray
    ) -> npt.NDArray[np.int8]:
        """Level indexes (-1 where a side is blank), one row per pair, one column
        per compared field, for the pairs (ia[k], ib[k]) of a feature table."""
        pairs = PairLevels(table, ia, ib)
        out = np.empty((len(ia), len(self._fields)), dtype=np.int8)
        for column, field in enumerate(self._fields):
            out[:, column] = pairs.compute(field)
        for column, level, repeated, repeat in self._repeats:
            out[(out[:, column] == level) & (out[:, repeated] == repeat), repeated] = -1
        if self._given_index >= 0:
            typo = self._rare_typos(table, ia, ib, out)
            out[typo, self._given_index] = self._close_given
        return out

    def _rare_typos(
        self,
        table: FeatureTable,
        ia: IntArray,
        ib: IntArray,
        out: npt.NDArray[np.int8],
    ) -> npt.NDArray[np.bool_]:
        """``_is_rare_typo`` for every pair; the typo test runs on the few pairs
        with a different, all but unseen given name."""
        found = self._level_in(out, "given_name", _GIVEN_DISAGREE)
        gender = self._index.get("gender")
        if gender is not None:
            found &= out[:, gender] != 1
        idx = np.flatnonzero(found)
        # Only the names of those pairs are looked up (a find's engine is new
        # each time, so nothing would be kept for the next).
        rare = self._rare_names(table, table.given[ia[idx]])
        rare |= self._rare_names(table, table.given[ib[idx]])
        idx = idx[rare]
        typo = np.zeros(len(ia), dtype=bool)
        typo[idx] = PairLevels(table, ia[idx], ib[idx]).typo_close_given()
        return typo

    def _level_in(
        self, levels: npt.NDArray[np.int8], field: str, names: Collection[str]
    ) -> npt.NDArray[np.bool_]:
        """Which rows' level of the field is one of the named levels (False
        where the field is not compared or blank): ``np.isin`` by a lookup
        table, as a find asks a dozen times for a hundred pairs."""
        index = self._index.get(field)
        if index is None:
            return np.zeros(len(levels), dtype=bool)
        key = (field, frozenset(names))
        mask = self._masks.get(key)
        if mask is None:
            # One slot past the last level: the blank level -1 reads it.
            mask = np.zeros(len(self._names[index]) + 1, dtype=bool)
            mask[[k for k, n in enumerate(self._names[index]) if n in names]] = True
            self._masks[key] = mask
        return mask[levels[:, index]]

    def pair_weights(
        self,
        table: FeatureTable,
        ia: IntArray,
        ib: IntArray,
        levels: npt.NDArray[np.int8] | None = None,
        typos: npt.NDArray[np.bool_] | None = None,
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
        """Match weights of pairs of a feature table, and which are possible
        twins (``typos`` as :meth:`score_pairs` takes them)."""
        if levels is None:
            levels = self.pair_levels(table, ia, ib)
        weight = np.full(len(ia), self.settings.prior_weight)
        for column in range(len(self._fields)):
            level = levels[:, column].astype(np.int64)
            present = level >= 0
            table_w = np.array(self._weights[column] + (0.0,))
            weight += np.where(present, table_w[level], 0.0)
            if self._tf[column] and self.term_frequencies is not None:
                weight += self._tf_many(column, table, ia, ib, level == 0)
        if self._household_adjustment and {"family_name", "postcode"} <= set(
            self._index
        ):
            home = (levels[:, self._index["family_name"]] == 0) & (
                levels[:, self._index["postcode"]] == 0
            )
            weight += np.where(home, self._household_adjustment, 0.0)
        twins = self._twins_many(table, ia, ib, levels, typos)
        weight = np.where(
            twins, np.minimum(weight, self.settings.twin_guard_weight), weight
        )
        return weight, twins

    def _tf_many(
        self,
        column: int,
        table: FeatureTable,
        ia: IntArray,
        ib: IntArray,
        exact: npt.NDArray[np.bool_],
    ) -> npt.NDArray[np.float64]:
        field = self._fields[column]
        out = np.zeros(len(ia))
        idx = np.flatnonzero(exact)
        if len(idx) == 0:
            return out
        if field == "middle_name":
            a, b = ia[idx], ib[idx]
            codes = shared_middle(
                table.middle[a],
                table.middle_count[a],
                table.middle[b],
                table.middle_count[b],
            )
        else:
            codes = (table.given if field == "given_name" else table.family)[ia[idx]]
        unique, inverse = distinct(codes)
        adjust = np.array([self._tf_value(column, str(table.names[c])) for c in unique])
        out[idx] = adjust[inverse]
        return out

    def _tf_value(self, column: int, value: str) -> float:
        assert self.term_frequencies is not None
        # A middle name is a first name: how common it is comes from the
        # given names, which every register counts.
        field = self._fields[column]
        field = "given_name" if field == "middle_name" else field
        share = self.term_frequencies.share(field, value)
        if share is None:
            return 0.0
        return math.log2(self._exact_u[column] / share)

    def _twins_many(
        self,
        table: FeatureTable,
        ia: IntArray,
        ib: IntArray,
        levels: npt.NDArray[np.int8],
        typos: npt.NDArray[np.bool_] | None = None,
    ) -> npt.NDArray[np.bool_]:
        if not self.settings.twin_guard or self._given_index < 0 or self._dob_index < 0:
            return np.zeros(len(ia), dtype=bool)

        def named(field: str, names: set[str]) -> npt.NDArray[np.bool_]:
            return self._level_in(levels, field, names)

        household = named("family_name", _SAME_FAMILY) & named("postcode", _SAME_HOME)
        twins = named("given_name", _GIVEN_DISAGREE) & (
            (levels[:, self._dob_index] == 0) | household
        )
        close = named("given_name", {"close"}) & named("postcode", _SAME_HOME)
        close &= (levels[:, self._dob_index] == 0) | household
        close &= ~named("middle_name", {"exact", "swapped"})
        differ = np.zeros(len(ia), dtype=bool)
        for field, level in _TWIN_DIFFERENCES.items():
            differ |= named(field, {level})
        close &= differ
        idx = np.flatnonzero(twins)
        if len(idx) == 0:
            return np.asarray(twins | close, dtype=bool)
        # The typo test runs only on the few pairs the guard would catch and
        # that have a name the register has hardly seen.
        ga, gb = table.given[ia[idx]], table.given[ib[idx]]
        spared = self._rare_names(table, ga) | self._rare_names(table, gb)
        gender = self._index.get("gender")
        if gender is not None:
            spared &= levels[idx, gender] != 1
        typo = np.flatnonzero(spared)
        if typos is not None:
            spared[typo] = typos[idx[typo]]
        else:
            spared[typo] = PairLevels(
                table, ia[idx[typo]], ib[idx[typo]]
            ).typo_close_given()
        middle = self._index.get("middle_name")
        if middle is not None:
            shared = levels[idx, middle]
            spared |= (shared == 0) | (shared == 1)
        twins[idx] = ~spared
        return np.asarray(twins | close, dtype=bool)

    def given_typos(
        self,
        table: FeatureTable,
        ia: IntArray,
        ib: IntArray,
        levels: npt.NDArray[np.int8],
    ) -> npt.NDArray[np.bool_]:
        """Whether each pair's given names could be one name mistyped, for the
        pairs whose given names differ (False for the rest): the twin guard's
        typo test, worked out for a batch's pairs at once rather than find by
        find.  It depends on the two names alone, not the name counts."""
        idx = np.flatnonzero(self._level_in(levels, "given_name", _GIVEN_DISAGREE))
        typos = np.zeros(len(ia), dtype=bool)
        typos[idx] = PairLevels(table, ia[idx], ib[idx]).typo_close_given()
        return typos

    def _rare_names(
        self, table: FeatureTable, codes: IntArray
    ) -> npt.NDArray[np.bool_]:
        unique, inverse = distinct(codes)
        rare = np.array([self._is_rare(str(table.names[c])) for c in unique], bool)
        return rare[inverse]

    def _result(
        self,
        left_id: str,
        right_id: str,
        row: list[int],
        weight: float,
        twin: bool,
    ) -> MatchResult:
        named, differing, flags = self._described(tuple(row), twin)
        probability = probability_from_weight(weight)
        return MatchResult(
            left_id=left_id,
            right_id=right_id,
            weight=weight,
            probability=probability,
            levels=named,
            differing=differing,
            flags=flags,
            decision=self._decide(probability, named),
        )

    def _described(
        self, row: tuple[int, ...], twin: bool
    ) -> tuple[tuple[tuple[str, str | None], ...], tuple[str, ...], frozenset[str]]:
        key = (row, twin)
        found = self._descriptions.get(key)
        if found is None:
            levels = tuple(None if lv < 0 else lv for lv in row)
            named = tuple(
                (f, None if lv is None else names[lv])
                for f, lv, names in zip(self._fields, levels, self._names, strict=True)
            )
            flags = set(self._level_flags(levels))
            if twin:
                flags.add(FLAG_POSSIBLE_TWIN)
            found = (named, self._differing(levels), frozenset(flags))
            self._descriptions[key] = found
        return found

    def rank(
        self,
        query: LearnerRecord | PreparedRecord,
        candidates: Iterable[LearnerRecord | PreparedRecord],
        limit: int | None = None,
    ) -> list[MatchResult]:
        """Candidates scored against a query, best first."""
        results = self.score_many(query, candidates)
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
                weight += self._tf_adjustment(i, x, y)
        if self._household_adjustment and self._same_household(levels):
            weight += self._household_adjustment
        return weight

    def _household_weight(self) -> float:
        """The (negative) correction for a pair sharing family name and postcode.

        The family and postcode weights assume the two agreements are
        independent; within a household they are not.  The correction replaces
        their product of u by the register's measured share of same-household
        pairs, and never adds evidence.
        """
        tf = self.term_frequencies
        family, postcode = self._index.get("family_name"), self._index.get("postcode")
        if tf is None or not tf.households or family is None or postcode is None:
            return 0.0
        joint = self._exact_u[family] * self._exact_u[postcode]
        # At worst a shared home adds nothing to the shared family name (a
        # register of a few records gives no sensible share to go on).
        floor = -max(self._weights[postcode][0], 0.0)
        return min(0.0, max(floor, math.log2(joint / tf.households)))

    def _same_household(self, levels: Sequence[int | None]) -> bool:
        family = levels[self._index["family_name"]]
        postcode = levels[self._index["postcode"]]
        return family == 0 and postcode == 0

    def _tf_adjustment(self, index: int, x: PreparedRecord, y: PreparedRecord) -> float:
        assert self.term_frequencies is not None
        field = self._fields[index]
        if field == "middle_name":
            value = shared_middle_name(x, y)
        else:
            value = x.given if field == "given_name" else x.family
        return self._tf_value(index, value)

    def _is_twin(
        self, x: PreparedRecord, y: PreparedRecord, levels: tuple[int | None, ...]
    ) -> bool:
        if not self.settings.twin_guard or self._given_index < 0 or self._dob_index < 0:
            return False
        given = levels[self._given_index]
        if given is None or not self._twin_setting(levels):
            return False
        if given == self._close_given:
            return self._close_twins(levels)
        if self._names[self._given_index][given] not in _GIVEN_DISAGREE:
            return False
        return not self._typo_not_twin(x, y, levels)

    def _close_twins(self, levels: tuple[int | None, ...]) -> bool:
        """Given names one slip apart at one address are two children (Jane and
        Janet, Nicola and Nicolas) when their genders or middle names differ."""
        _, postcode = self._household_levels(levels)
        if postcode not in _SAME_HOME:
            return False
        # A shared middle name says one child after all.
        middle = self._index.get("middle_name")
        if middle is not None and levels[middle] in (0, 1):
            return False
        return any(
            field in self._index
            and levels[self._index[field]]
            == self._names[self._index[field]].index(level)
            for field, level in _TWIN_DIFFERENCES.items()
        )

    def _twin_setting(self, levels: tuple[int | None, ...]) -> bool:
        if levels[self._dob_index] == 0:
            return True
        # A different first name in the same family at the same address is a
        # brother or sister far more often than a mistyped duplicate.
        family, postcode = self._household_levels(levels)
        return family in _SAME_FAMILY and postcode in _SAME_HOME

    def _typo_not_twin(
        self, x: PreparedRecord, y: PreparedRecord, levels: tuple[int | None, ...]
    ) -> bool:
        """Whether different given names look like one name, not two children.

        Twins have different middle names and two real first names; a mistyped
        duplicate keeps its middle name, and its misspelt first name is one
        the register has hardly seen.
        """
        # Shared middle names, or first and middle names exchanged: parents
        # give neither to two children.
        middle = self._index.get("middle_name")
        if middle is not None and levels[middle] in (0, 1):
            return True
        gender = self._index.get("gender")
        if gender is not None and levels[gender] == 1:
            return False
        if not typo_of_variant(x, y):
            return False
        return self._is_rare(x.given) or self._is_rare(y.given)

    def _is_rare(self, name: str) -> bool:
        if self.term_frequencies is not None:
            return self.term_frequencies.is_rare_given(name)
        return not normalise.is_known_given_name(name)

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

    def _flags(
        self, x: PreparedRecord, y: PreparedRecord, levels: tuple[int | None, ...]
    ) -> frozenset[str]:
        flags = set(self._level_flags(levels))
        if self._is_twin(x, y, levels):
            flags.add(FLAG_POSSIBLE_TWIN)
        return frozenset(flags)

    def _level_flags(self, levels: tuple[int | None, ...]) -> frozenset[str]:
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
