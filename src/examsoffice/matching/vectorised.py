"""Comparison levels for many pairs at once, in numpy arrays.

The per-pair functions in :mod:`comparisons` are the definition of each level;
this module computes the same levels for arrays of pairs, so a find scores 300
candidates in a few milliseconds and a deduplication scores millions of pairs
in seconds.  Records become a :class:`FeatureTable` once: every name is a code
in one vocabulary (so "given name equals the other's family name" is a
comparison of integers), dates are numbers, postcodes are codes for each part.
String similarities (Jaro-Winkler, edit distances) are worked out by rapidfuzz
for each distinct pair of strings only, then spread back to the pairs.

The tests check, pair by pair, that these levels equal the per-pair ones.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import OSA, DamerauLevenshtein, JaroWinkler

from examsoffice.matching import normalise
from examsoffice.matching.comparisons import (
    CLOSE,
    FUZZY,
    TYPO_EDITS,
    names_typo_of_variant,
)
from examsoffice.matching.records import PreparedRecord

IntArray = npt.NDArray[np.int64]
Levels = npt.NDArray[np.int8]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: Below this many pairs, string metrics are computed pair by pair rather than
#: once per distinct pair of strings (finding the distinct ones costs a sort).
_UNIQUE_FROM = 4096

BLANK = -1


class _Vocabulary:
    """Codes for strings, shared by every table in the process and only growing,
    so a record's codes never change and building a table is a dict lookup.

    The arrays of strings (and of name lengths and first letters) grow by
    doubling and are filled in place, so a find that meets a new name costs a
    few slots, not a copy of a vocabulary that holds every name seen so far.
    Slots past the last code hold "" (length 0, first letter " "), which is
    also what the blank code -1 reads.
    """

    def __init__(self) -> None:
        self.codes: dict[str, int] = {}
        self.values: list[str] = []
        self._lock = threading.Lock()
        self._filled = 0
        self._array: npt.NDArray[np.object_] = np.array([""], dtype=object)
        self._lengths: IntArray = np.zeros(1, dtype=np.int64)
        self._initials: IntArray = np.full(1, ord(" "), dtype=np.int64)

    def encode(self, values: Sequence[str]) -> IntArray:
        get = self.codes.get
        found = [get(v, BLANK) if v else BLANK for v in values]
        new = [k for k, c in enumerate(found) if c == BLANK and values[k]]
        if new:
            with self._lock:
                for k in new:
                    found[k] = self._add(values[k])
        return np.array(found, dtype=np.int64)

    def _add(self, value: str) -> int:
        code = self.codes.get(value)
        if code is None:
            code = len(self.values)
            self.values.append(value)
            self.codes[value] = code
        return code

    def strings(self) -> npt.NDArray[np.object_]:
        """Every string by code, and "" at index -1 (the blank code)."""
        self._fill()
        return self._array

    def facts(self) -> tuple[IntArray, IntArray]:
        """The length and the first letter's code point of every string by code."""
        self._fill()
        return self._lengths, self._initials

    def _fill(self) -> None:
        if self._filled == len(self.values):
            return
        with self._lock:
            count = len(self.values)
            if count + 1 > len(self._array):
                self._grow(max(2 * len(self._array), count + 1))
            new = self.values[self._filled : count]
            start = self._filled
            self._array[start:count] = new
            self._lengths[start:count] = [len(v) for v in new]
            self._initials[start:count] = [ord(v[:1] or " ") for v in new]
            self._filled = count

    def _grow(self, size: int) -> None:
        # Tables built earlier keep the old arrays, which hold all their codes.
        array = np.full(size, "", dtype=object)
        lengths = np.zeros(size, dtype=np.int64)
        initials = np.full(size, ord(" "), dtype=np.int64)
        done = self._filled
        array[:done] = self._array[:done]
        lengths[:done] = self._lengths[:done]
        initials[:done] = self._initials[:done]
        self._array, self._lengths, self._initials = array, lengths, initials


_NAMES = _Vocabulary()
_SOUNDS = _Vocabulary()
_POSTCODES = _Vocabulary()
_PARTS = _Vocabulary()
_GROUPS: dict[frozenset[str], int] = {}
_GROUP_LIST: list[frozenset[str]] = []


def _group_codes(groups: Sequence[frozenset[str]]) -> IntArray:
    out = []
    for group in groups:
        code = _GROUPS.get(group)
        if code is None:
            code = _GROUPS.setdefault(group, len(_GROUPS))
            if code == len(_GROUP_LIST):
                _GROUP_LIST.append(group)
        out.append(code)
    return np.array(out, dtype=np.int64)


_GROUP_SIZES: list[int] = []


def _group_sizes(groups: list[frozenset[str]]) -> IntArray:
    """How many names each variant group code stands for (grown as codes are)."""
    _GROUP_SIZES.extend(len(g) for g in groups[len(_GROUP_SIZES) :])
    return np.array(_GROUP_SIZES[: len(groups)], dtype=np.int64)


def _padded(rows: Sequence[Sequence[str]]) -> IntArray:
    width = max((len(r) for r in rows), default=0) or 1
    out = np.full((len(rows), width), BLANK, dtype=np.int64)
    for k in range(width):
        column = [r[k] if len(r) > k else "" for r in rows]
        out[:, k] = _NAMES.encode(column)
    return out


@dataclass(frozen=True, slots=True)
class FeatureTable:
    """Prepared records as columns of codes and numbers, made once per list."""

    records: tuple[PreparedRecord, ...]
    names: npt.NDArray[np.object_]
    name_lengths: IntArray
    name_initials: IntArray
    given: IntArray
    given_groups: IntArray
    groups: list[frozenset[str]]
    #: Each record's middle names, then the further words of its first name;
    #: the first ``middle_count`` of a row are real middle names.
    middle: IntArray
    middle_count: IntArray
    family: IntArray
    family_parts: IntArray
    part_counts: IntArray
    previous: IntArray
    family_sound: IntArray
    dob: IntArray
    dob_year: IntArray
    dob_month: IntArray
    dob_day: IntArray
    dob_digits: npt.NDArray[np.int8]
    gender: IntArray
    postcodes: npt.NDArray[np.object_]
    postcode: IntArray
    sector: IntArray
    district: IntArray
    area: IntArray
    address: npt.NDArray[np.object_]
    town: npt.NDArray[np.object_]

    def __len__(self) -> int:
        return len(self.given)

    @classmethod
    def build(cls, records: Sequence[PreparedRecord]) -> FeatureTable:
        """Columns for the records, field by field (each a list comprehension)."""
        recs = tuple(records)
        given = _NAMES.encode([r.given for r in recs])
        family = _NAMES.encode([r.family for r in recs])
        middle = _padded([r.other_names for r in recs])
        parts = [r.family_parts for r in recs]
        family_parts = _padded(parts)
        previous = _padded([sorted(r.previous) if r.previous else () for r in recs])
        postcodes = [r.postcode for r in recs]
        dobs = [r.dob for r in recs]
        ordinal = np.array([d.toordinal() if d else BLANK for d in dobs], np.int64)
        digits = "".join([r.dob_digits or "00000000" for r in recs]).encode()
        postcode = _POSTCODES.encode([p.full if p else "" for p in postcodes])
        names = _NAMES.strings()
        name_lengths, name_initials = _NAMES.facts()
        return cls(
            records=recs,
            names=names,
            name_lengths=name_lengths,
            name_initials=name_initials,
            given=given,
            given_groups=_group_codes([r.given_groups for r in recs]),
            groups=_GROUP_LIST,
            middle=middle,
            middle_count=np.array([len(r.middle) for r in recs], np.int64),
            family=family,
            family_parts=family_parts,
            part_counts=np.array([len(p) for p in parts], np.int64),
            previous=previous,
            family_sound=_SOUNDS.encode([r.family_phonetic for r in recs]),
            dob=ordinal,
            dob_year=np.array([d.year if d else BLANK for d in dobs], np.int64),
            dob_month=np.array([d.month if d else BLANK for d in dobs], np.int64),
            dob_day=np.array([d.day if d else BLANK for d in dobs], np.int64),
            dob_digits=(
                np.frombuffer(digits, dtype=np.uint8).reshape(len(recs), 8) - 48
            ).astype(np.int8),
            gender=np.array([int(r.gender or 0) for r in recs], np.int64),
            postcodes=_POSTCODES.strings(),
            postcode=postcode,
            sector=_PARTS.encode(
                ["s" + p.sector if p and p.sector else "" for p in postcodes]
            ),
            district=_PARTS.encode(
                ["d" + p.district if p and p.district else "" for p in postcodes]
            ),
            area=_PARTS.encode(
                ["a" + p.area if p and p.area else "" for p in postcodes]
            ),
            address=np.array([r.address for r in recs], dtype=object),
            town=np.array([r.town for r in recs], dtype=object),
        )


class _NameSounds:
    """The sound code of every name, by name code, grown as names are added.

    Keyed by how many names have been coded, not by the size of the names array:
    that array grows by doubling and is filled in place, so its size says nothing
    about what it holds.
    """

    def __init__(self) -> None:
        self._codes: list[int] = []
        self._lock = threading.Lock()

    def of_every_name(self) -> IntArray:
        count = len(_NAMES.values)
        if len(self._codes) < count:
            with self._lock:
                new = _NAMES.values[len(self._codes) : count]
                sounds = _SOUNDS.encode([normalise.phonetic(n) for n in new])
                self._codes.extend(int(c) for c in sounds)
        # The blank name code -1 reads the last slot: the blank sound.
        return np.array([*self._codes[:count], BLANK], dtype=np.int64)


_NAME_SOUNDS = _NameSounds()


def _name_sounds(names: npt.NDArray[np.object_]) -> IntArray:
    """The sound code of every name that ``names`` can hold (blank at index -1)."""
    return _NAME_SOUNDS.of_every_name()


Scorer = Callable[..., Any]


def distinct(keys: IntArray) -> tuple[IntArray, IntArray]:
    """The distinct keys and, for each key, the index of its distinct value.

    A hash table (pandas' factorize) rather than a sort: a million pairs are
    reduced to their distinct strings a dozen times per scoring.
    """
    import pandas as pd

    inverse, unique = pd.factorize(keys, sort=False)
    return np.asarray(unique, dtype=np.int64), np.asarray(inverse, dtype=np.int64)


def _metric(
    left: IntArray,
    right: IntArray,
    strings: npt.NDArray[np.object_],
    scorer: Scorer,
    **kwargs: Any,
) -> FloatArray:
    """A string metric for pairs of codes, worked out once per distinct pair."""
    if len(left) == 0:
        return np.zeros(0)
    if len(left) < _UNIQUE_FROM:
        return np.asarray(
            process.cpdist(
                list(strings[left]),
                list(strings[right]),
                scorer=scorer,
                dtype=np.float64,
                **kwargs,
            ),
            dtype=np.float64,
        )
    size = np.int64(len(strings))
    keys = left * size + right
    unique, inverse = distinct(keys)
    values = process.cpdist(
        list(strings[unique // size]),
        list(strings[unique % size]),
        scorer=scorer,
        workers=-1,
        dtype=np.float64,
        **kwargs,
    )
    return np.asarray(values, dtype=np.float64)[inverse]


def _text_metric(
    left: npt.NDArray[np.object_], right: npt.NDArray[np.object_], scorer: Scorer
) -> FloatArray:
    if len(left) == 0:
        return np.zeros(0)
    # Starting threads costs more than a find's few hundred pairs take on one.
    workers = -1 if len(left) >= _UNIQUE_FROM else 1
    return np.asarray(
        process.cpdist(
            list(left), list(right), scorer=scorer, workers=workers, dtype=np.float64
        ),
        dtype=np.float64,
    )


def _in_rows(values: IntArray, rows: IntArray) -> BoolArray:
    """Whether each value (not blank) appears in the same row of ``rows``."""
    hit = (rows == values[:, None]) & (values[:, None] != BLANK)
    return np.asarray(hit.any(axis=1), dtype=bool)


def _rows_meet(a: IntArray, b: IntArray) -> BoolArray:
    """Whether two padded rows share any (non-blank) code."""
    hit = np.zeros(len(a), dtype=bool)
    for k in range(a.shape[1]):
        column = a[:, k : k + 1]
        hit |= ((b == column) & (column != BLANK)).any(axis=1)
    return hit


def shared_middle(
    a: IntArray, a_count: IntArray, b: IntArray, b_count: IntArray
) -> IntArray:
    """For each pair of padded middle-name rows, the first of ``a``'s names that
    ``b`` has too, where one side holds it among its first ``count`` (real
    middle) names; blank where they share none.  As
    comparisons.shared_middle_name."""
    out = np.full(len(a), BLANK, dtype=np.int64)
    for k in range(a.shape[1] - 1, -1, -1):
        column = a[:, k]
        real = k < a_count
        hit = np.zeros(len(a), dtype=bool)
        for j in range(b.shape[1]):
            hit |= (b[:, j] == column) & (real | (j < b_count))
        hit &= column != BLANK
        out[hit] = column[hit]
    return out


def _select(conditions: list[BoolArray], blank: BoolArray, size: int) -> Levels:
    """The index of the first condition that holds; the last level otherwise."""
    out = np.full(size, len(conditions), dtype=np.int8)
    for level in range(len(conditions) - 1, -1, -1):
        out[conditions[level]] = level
    out[blank] = BLANK
    return out


class PairLevels:
    """Comparison levels for the pairs (ia[k], ib[k]) of one feature table."""

    def __init__(self, table: FeatureTable, ia: IntArray, ib: IntArray) -> None:
        self.t = table
        self.ia = ia
        self.ib = ib
        self.n = len(ia)
        self._cache: dict[str, Any] = {}

    # Name pairs are shared by the given-name, family-name and twin logic.
    def _pair(self, key: str, left: IntArray, right: IntArray) -> tuple[Any, ...]:
        found = self._cache.get(key)
        if found is None:
            found = self._name_metrics(left, right)
            self._cache[key] = found
        return tuple(found)

    def _name_metrics(self, left: IntArray, right: IntArray) -> tuple[Any, ...]:
        """JW, DL <= 1 and minimum length for the pairs where both names exist."""
        ok = (left != BLANK) & (right != BLANK)
        jw = np.zeros(self.n)
        dl1 = np.zeros(self.n, dtype=bool)
        idx = np.flatnonzero(ok & (left != right))
        names = self.t.names
        jw[idx] = _metric(
            left[idx], right[idx], names, JaroWinkler.normalized_similarity
        )
        # One edit apart needs lengths at most one apart: test only those.
        la, lb = self.t.name_lengths[left], self.t.name_lengths[right]
        near = idx[np.abs(la[idx] - lb[idx]) <= 1]
        dl1[near] = (
            _metric(
                left[near],
                right[near],
                names,
                DamerauLevenshtein.distance,
                score_cutoff=1,
            )
            <= 1
        )
        lengths = np.minimum(la, lb)
        return ok, jw, dl1, lengths

    def _crossed(self, needed: BoolArray) -> BoolArray:
        # The given-name and family-name levels both ask, mostly about the
        # same pairs: each pair is worked out once.
        found, asked = self._cache.get("crossed", (None, None))
        if found is None or asked is None:
            found = np.zeros(self.n, dtype=bool)
            asked = np.zeros(self.n, dtype=bool)
        todo = needed & ~asked
        swapped = self._names_swapped(todo)
        found |= swapped | self._rearranged(todo & ~swapped)
        asked |= todo
        self._cache["crossed"] = (found, asked)
        return np.asarray(found & needed, dtype=bool)

    def _names_swapped(self, needed: BoolArray) -> BoolArray:
        """Given and family names crossed, tested only where ``needed``."""
        t = self.t
        idx = np.flatnonzero(needed)
        a, b = self.ia[idx], self.ib[idx]
        ga, gb, fa, fb = t.given[a], t.given[b], t.family[a], t.family[b]
        ok = (ga != BLANK) & (gb != BLANK) & (fa != BLANK) & (fb != BLANK)
        names = t.names
        similarity = JaroWinkler.normalized_similarity
        first = np.where(ga == fb, 1.0, _metric(ga, fb, names, similarity))
        # Both crossings must reach FUZZY: the second is needed only there.
        near = np.flatnonzero(ok & (first >= FUZZY))
        second = np.zeros(len(idx))
        fa_near, gb_near = fa[near], gb[near]
        second[near] = np.where(
            fa_near == gb_near, 1.0, _metric(fa_near, gb_near, names, similarity)
        )
        high, low = np.maximum(first, second), np.minimum(first, second)
        out = np.zeros(self.n, dtype=bool)
        out[idx] = ok & (high >= CLOSE) & (low >= FUZZY)
        return out

    def _rearranged(self, needed: BoolArray) -> BoolArray:
        """As comparisons.names_rearranged, tested only where ``needed``."""
        t = self.t
        out = np.zeros(self.n, dtype=bool)
        idx = np.flatnonzero(needed)
        a, b = self.ia[idx], self.ib[idx]
        ga, gb, fa, fb = t.given[a], t.given[b], t.family[a], t.family[b]
        ok = (ga != BLANK) & (gb != BLANK) & (fa != BLANK) & (fb != BLANK)
        sounds = _name_sounds(t.names)
        initials = t.name_initials
        family_a = np.hstack([fa[:, None], t.previous[a]])
        family_b = np.hstack([fb[:, None], t.previous[b]])
        other_a = np.hstack([family_a, t.middle[a]])
        other_b = np.hstack([family_b, t.middle[b]])

        def meets(value: IntArray, rows: IntArray, slips: bool = False) -> BoolArray:
            initial = initials[rows] == initials[value][:, None]
            alike = (sounds[rows] == sounds[value][:, None]) & initial
            same = (rows == value[:, None]) | alike
            if slips:
                same |= self._one_slip(value, rows, initial & ~same)
            hit = same & (rows != BLANK) & (value[:, None] != BLANK)
            return np.asarray(hit.any(axis=1), dtype=bool)

        def meets_with_slips(value: IntArray, rows: IntArray) -> BoolArray:
            return meets(value, rows, slips=True)

        def any_meets(values: IntArray, rows: IntArray) -> BoolArray:
            hit = np.zeros(len(values), dtype=bool)
            for k in range(values.shape[1]):
                hit |= meets(values[:, k], rows)
            return hit

        crossed = ok & (meets(ga, family_b) | meets(gb, family_a))
        sub = np.flatnonzero(crossed)
        bag_a = np.hstack([ga[sub, None], other_a[sub]])
        bag_b = np.hstack([gb[sub, None], other_b[sub]])
        family = any_meets(family_a[sub], bag_b) | any_meets(family_b[sub], bag_a)
        shared = np.minimum(
            _count_met(bag_a, bag_b, meets_with_slips),
            _count_met(bag_b, bag_a, meets_with_slips),
        )
        needed = np.where(fa[sub] == fb[sub], 3, 2)
        a_sub, b_sub = a[sub], b[sub]
        needed += (
            shared_middle(
                t.middle[a_sub],
                t.middle_count[a_sub],
                t.middle[b_sub],
                t.middle_count[b_sub],
            )
            != BLANK
        )
        out[idx[sub]] = family & (shared >= needed)
        return out

    def _one_slip(
        self, value: IntArray, rows: IntArray, needed: BoolArray
    ) -> BoolArray:
        """As comparisons._one_slip for each value against each of its row's
        names, tested only where ``needed``."""
        lengths = self.t.name_lengths
        la, lb = lengths[value][:, None], lengths[rows]
        needed = needed & (np.minimum(la, lb) >= 4) & (np.abs(la - lb) <= 1)
        needed &= (rows != BLANK) & (value[:, None] != BLANK)
        out = np.zeros(rows.shape, dtype=bool)
        at = np.nonzero(needed)
        if len(at[0]) == 0:
            return out
        left = value[at[0]]
        right = rows[at]
        distance = _metric(
            left, right, self.t.names, DamerauLevenshtein.distance, score_cutoff=1
        )
        out[at] = distance <= 1
        return out

    def given_name(self) -> Levels:
        t = self.t
        ga, gb = t.given[self.ia], t.given[self.ib]
        ok, jw, dl1, shortest = self._pair("gg", ga, gb)
        close = _close(dl1, shortest, jw)
        one_letter = (t.name_lengths[ga] == 1) | (t.name_lengths[gb] == 1)
        initial = one_letter & (t.name_initials[ga] == t.name_initials[gb])
        middle = _in_rows(ga, t.middle[self.ib]) | _in_rows(gb, t.middle[self.ia])
        exact = ga == gb
        variant = self._variants(ga, gb, ok)
        conditions = [
            exact,
            variant,
            close,
            self._crossed(ok & ~exact & ~variant & ~close),
            middle,
            initial,
            jw >= FUZZY,
        ]
        return _select(conditions, ~ok, self.n)

    def _variants(self, ga: IntArray, gb: IntArray, ok: BoolArray) -> BoolArray:
        # Names are variants when their variant groups meet; the groups of each
        # distinct pair of group sets are compared once.
        t = self.t
        xa, xb = t.given_groups[self.ia], t.given_groups[self.ib]
        # Two names with one set of groups (Kate, Katie) are variants outright;
        # two different names that each stand only for themselves are not.
        out = ok & (ga != gb) & (xa == xb)
        sizes = _group_sizes(t.groups)
        varied = (sizes[xa] > 1) | (sizes[xb] > 1)
        idx = np.flatnonzero(ok & (ga != gb) & (xa != xb) & varied)
        if len(idx) == 0:
            return np.asarray(out, dtype=bool)
        size = np.int64(len(t.groups))
        keys = xa[idx] * size + xb[idx]
        unique, inverse = distinct(keys)
        meet = np.array(
            [not t.groups[k // size].isdisjoint(t.groups[k % size]) for k in unique],
            dtype=bool,
        )
        out[idx] = meet[inverse]
        return np.asarray(out, dtype=bool)

    def family_name(self) -> Levels:
        t = self.t
        fa, fb = t.family[self.ia], t.family[self.ib]
        ok, jw, dl1, shortest = self._pair("ff", fa, fb)
        pa, pb = t.previous[self.ia], t.previous[self.ib]
        previous = _in_rows(fa, pb) | _in_rows(fb, pa) | _rows_meet(pa, pb)
        formerly = (pa != BLANK).any(axis=1) | (pb != BLANK).any(axis=1)
        # A family name one slip from a previous name of the other's.
        idx = np.flatnonzero(ok & formerly & ~previous & (fa != fb))
        near = np.zeros(len(idx), dtype=bool)
        for k in range(pb.shape[1]):
            near |= self._close_codes(fa[idx], pb[idx, k])
        for k in range(pa.shape[1]):
            near |= self._close_codes(fb[idx], pa[idx, k])
        previous[idx] |= near
        double = (t.part_counts[self.ia] > 1) | (t.part_counts[self.ib] > 1)
        xa, xb = t.family_parts[self.ia], t.family_parts[self.ib]
        part = double & _rows_meet(xa, xb)
        # A part of one double-barrelled name one slip from a part of the
        # other's (Lewws-Todd and Lewis).
        idx = np.flatnonzero(ok & double & ~part & (fa != fb))
        near = np.zeros(len(idx), dtype=bool)
        for k in range(xa.shape[1]):
            for j in range(xb.shape[1]):
                near |= self._close_codes(xa[idx, k], xb[idx, j])
        part[idx] |= near
        sounds = t.family_sound[self.ia] == t.family_sound[self.ib]
        close = _close(dl1, shortest, jw) | sounds
        exact = fa == fb
        conditions = [
            exact,
            previous,
            part,
            close,
            self._crossed(ok & ~exact & ~previous & ~part & ~close),
            jw >= FUZZY,
        ]
        return _select(conditions, ~ok, self.n)

    def _close_codes(self, left: IntArray, right: IntArray) -> BoolArray:
        """As comparisons._close for pairs of name codes (False where blank)."""
        out = np.zeros(len(left), dtype=bool)
        idx = np.flatnonzero((left != BLANK) & (right != BLANK))
        if len(idx) == 0:
            return out
        x, y = left[idx], right[idx]
        names, lengths = self.t.names, self.t.name_lengths
        jw = _metric(x, y, names, JaroWinkler.normalized_similarity)
        lx, ly = lengths[x], lengths[y]
        dl1 = np.zeros(len(idx), dtype=bool)
        near = np.flatnonzero(np.abs(lx - ly) <= 1)
        dl1[near] = (
            _metric(
                x[near], y[near], names, DamerauLevenshtein.distance, score_cutoff=1
            )
            <= 1
        )
        out[idx] = _close(dl1, np.minimum(lx, ly), jw)
        return out

    def dob(self) -> Levels:
        t = self.t
        a, b = self.ia, self.ib
        ok = (t.dob[a] != BLANK) & (t.dob[b] != BLANK)
        ya, ma, da = t.dob_year[a], t.dob_month[a], t.dob_day[a]
        yb, mb, db = t.dob_year[b], t.dob_month[b], t.dob_day[b]
        swapped = (da <= 12) & (da != ma) & (yb == ya) & (mb == da) & (db == ma)
        conditions = [
            t.dob[a] == t.dob[b],
            swapped,
            _one_edit(t.dob_digits[a], t.dob_digits[b])
            | (np.abs(t.dob[a] - t.dob[b]) == 1),
            ya == yb,
        ]
        return _select(conditions, ~ok, self.n)

    def gender(self) -> Levels:
        ga, gb = self.t.gender[self.ia], self.t.gender[self.ib]
        return _select([ga == gb], (ga == 0) | (gb == 0), self.n)

    def postcode(self) -> Levels:
        t = self.t
        a, b = self.ia, self.ib
        pa, pb = t.postcode[a], t.postcode[b]
        ok = (pa != BLANK) & (pb != BLANK)
        da, db = t.district[a], t.district[b]
        same_district = (da == BLANK) | (db == BLANK) | (da == db)
        near = np.zeros(self.n, dtype=bool)
        idx = np.flatnonzero(ok & (pa != pb) & same_district)
        near[idx] = (
            _metric(
                pa[idx],
                pb[idx],
                t.postcodes,
                DamerauLevenshtein.distance,
                score_cutoff=1,
            )
            <= 1
        )
        conditions = [
            pa == pb,
            near,
            (t.sector[a] != BLANK) & (t.sector[a] == t.sector[b]),
            (da != BLANK) & (da == db),
            (t.area[a] != BLANK) & (t.area[a] == t.area[b]),
        ]
        return _select(conditions, ~ok, self.n)

    def _text(
        self, column: npt.NDArray[np.object_], cutoffs: tuple[float, ...]
    ) -> Levels:
        x, y = column[self.ia], column[self.ib]
        blank = (x == "") | (y == "")
        same = x == y
        idx = np.flatnonzero(~blank & ~same)
        jw = np.zeros(self.n)
        jw[idx] = _text_metric(x[idx], y[idx], JaroWinkler.normalized_similarity)
        conditions = [same] + [jw >= c for c in cutoffs]
        return _select(conditions, blank, self.n)

    def address(self) -> Levels:
        return self._text(self.t.address, (0.90, 0.75))

    def town(self) -> Levels:
        return self._text(self.t.town, (0.90,))

    def middle_name(self) -> Levels:
        t = self.t
        ma, mb = t.middle[self.ia], t.middle[self.ib]
        ca, cb = t.middle_count[self.ia], t.middle_count[self.ib]
        ga, gb = t.given[self.ia], t.given[self.ib]
        has_a, has_b = ca > 0, cb > 0
        shared = shared_middle(ma, ca, mb, cb) != BLANK
        moved = self._moved_to_middle(ga, mb, ~shared)
        moved[moved] = self._moved_to_middle(gb[moved], ma[moved], None)
        blank = ~has_a & ~has_b
        return _select([shared, moved, has_a != has_b], blank, self.n)

    def _moved_to_middle(
        self, given: IntArray, rows: IntArray, needed: BoolArray | None
    ) -> BoolArray:
        """As comparisons._moved_to_middle for each given name and row of names."""
        t = self.t
        if needed is not None:
            given = np.where(needed, given, BLANK)
        out = _in_rows(given, rows)
        lengths, initials = t.name_lengths, t.name_initials
        for k in range(rows.shape[1]):
            other = rows[:, k]
            near = (
                ~out
                & (given != BLANK)
                & (other != BLANK)
                & (given != other)
                & (initials[given] == initials[other])
                & (np.minimum(lengths[given], lengths[other]) >= 4)
                & (np.abs(lengths[given] - lengths[other]) <= 1)
            )
            idx = np.flatnonzero(near)
            if len(idx) == 0:
                continue
            distance = _metric(
                given[idx],
                other[idx],
                t.names,
                DamerauLevenshtein.distance,
                score_cutoff=1,
            )
            out[idx] |= distance <= 1
        return out

    def typo_close_given(self) -> BoolArray:
        """Whether each pair's given names could be one name mistyped."""
        t = self.t
        ga, gb = t.given[self.ia], t.given[self.ib]
        named = (ga != BLANK) & (gb != BLANK) & (ga != gb)
        la, lb = t.name_lengths[ga], t.name_lengths[gb]
        ok = named & (np.minimum(la, lb) >= 3)
        limit = np.where(np.maximum(la, lb) <= 4, 1, TYPO_EDITS)
        out = np.zeros(self.n, dtype=bool)
        idx = np.flatnonzero(ok)
        distance = _metric(
            ga[idx], gb[idx], t.names, OSA.distance, score_cutoff=TYPO_EDITS
        )
        out[idx] = distance <= limit[idx]
        return out | self._typo_of_variant(named & ~out)

    def _typo_of_variant(self, needed: BoolArray) -> BoolArray:
        """As comparisons.typo_of_variant, for the pairs where plain typos fail.

        A name's variant groups always hold the name itself, so a name with
        one group has no variant to mistype: only pairs where one name has
        variants are looked at.
        """
        t = self.t
        out = np.zeros(self.n, dtype=bool)
        sizes = _group_sizes(t.groups)
        varied = (sizes[t.given_groups[self.ia]] > 1) | (
            sizes[t.given_groups[self.ib]] > 1
        )
        idx = np.flatnonzero(needed & varied)
        if len(idx) == 0:
            return out
        a, b = self.ia[idx], self.ib[idx]
        size = np.int64(len(t.names))
        _, first, inverse = np.unique(
            t.given[a] * size + t.given[b], return_index=True, return_inverse=True
        )
        ga, gb = t.given[a], t.given[b]
        xa, xb = t.given_groups[a], t.given_groups[b]
        found = np.array(
            [
                names_typo_of_variant(
                    str(t.names[ga[k]]),
                    str(t.names[gb[k]]),
                    t.groups[xa[k]],
                    t.groups[xb[k]],
                )
                for k in first
            ],
            dtype=bool,
        )
        out[idx] = found[inverse.reshape(-1)]
        return out

    def compute(self, field: str) -> Levels:
        method: Callable[[], Levels] = getattr(self, field)
        return method()


def _count_met(
    bag: IntArray, other: IntArray, meets: Callable[[IntArray, IntArray], BoolArray]
) -> IntArray:
    """How many distinct names of each row of ``bag`` meet a name of ``other``."""
    shared = np.zeros(len(bag), dtype=np.int64)
    for k in range(bag.shape[1]):
        column = bag[:, k]
        fresh = column != BLANK
        for j in range(k):
            fresh &= bag[:, j] != column
        shared += fresh & meets(column, other)
    return shared


def _close(dl1: BoolArray, shortest: IntArray, jw: FloatArray) -> BoolArray:
    # As comparisons._close: one edit decides by length alone, else by JW.
    return np.where(dl1, shortest >= 4, jw >= CLOSE)


def _one_edit(a: npt.NDArray[np.int8], b: npt.NDArray[np.int8]) -> BoolArray:
    """Two eight-digit dates one substitution or one neighbour swap apart."""
    differ = a != b
    count = differ.sum(axis=1)
    swap = np.zeros(len(a), dtype=bool)
    for k in range(a.shape[1] - 1):
        swap |= (
            differ[:, k]
            & differ[:, k + 1]
            & (a[:, k] == b[:, k + 1])
            & (a[:, k + 1] == b[:, k])
        )
    return np.asarray((count == 1) | ((count == 2) & swap), dtype=bool)
