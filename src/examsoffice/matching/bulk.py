"""Whole-register work in arrays: features and blocking keys per distinct value.

A register of a million learners holds perhaps fifty thousand distinct given
names, a few thousand dates of birth and a few hundred thousand postcodes.
Normalising each distinct value once, and spreading the result back to the
records by integer codes, is what lets a whole-register deduplication finish
in seconds rather than minutes.  The results are the same as preparing every
record (:func:`records.prepare`) and listing its keys (:func:`blocking_keys`):
the tests compare the two on every record.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from operator import attrgetter
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from examsoffice.matching import normalise
from examsoffice.matching.records import LearnerRecord, _groups
from examsoffice.matching.vectorised import (
    _GROUP_LIST,
    _NAMES,
    _PARTS,
    _POSTCODES,
    _SOUNDS,
    BLANK,
    FeatureTable,
    IntArray,
    _group_codes,
    _name_sounds,
    _padded,
    _Vocabulary,
)

T = TypeVar("T", bound=Hashable)
R = TypeVar("R")

# Key types, the high bits of a packed key: keys of two types never meet.
_FGY, _DF, _DG, _DN, _DP, _GF, _NN, _P = range(1, 9)
_TYPE_SHIFT = 58

#: The largest block of each key type a whole-register run pairs up.  Keys
#: made of a date and a sound, a district or a postcode stay small at any size;
#: keys of a sound or a letter and a year grow with the register, and a block
#: of hundreds adds tens of thousands of pairs for a duplicate or two that
#: other keys find anyway.  Measured on a synthetic million: 17 million pairs
#: holding 98.8% of the true pairs, against 158 million and 99.8% at 400 each.
BULK_LIMITS: dict[str, int] = {
    "fgy": 20,
    "df": 400,
    "dg": 20,
    "dn": 10,
    "dp": 400,
    "gf": 60,
    "nn": 20,
    "p": 400,
}
_KINDS = {"fgy": _FGY, "df": _DF, "dg": _DG, "dn": _DN, "dp": _DP, "gf": _GF}
_KINDS |= {"nn": _NN, "p": _P}

# The first three letters of names, for the "nn" key.
_PREFIXES = _Vocabulary()


def _factorise(values: Sequence[T]) -> tuple[IntArray, list[T]]:
    """Codes of the values and the distinct values, in order of first sight."""
    seen: dict[T, int] = {}
    codes = [seen.setdefault(v, len(seen)) for v in values]
    return np.array(codes, dtype=np.int64), list(seen)


def _per_distinct(
    values: Sequence[T], work: Callable[[T], R]
) -> tuple[IntArray, list[R]]:
    codes, distinct = _factorise(values)
    return codes, [work(v) for v in distinct]


@dataclass(frozen=True, slots=True)
class _Given:
    given: str
    extra: tuple[str, ...]
    groups: frozenset[str]
    sound: str
    initials: tuple[str, ...]


# Cached: a batch builds a table per chunk, and names recur from chunk to chunk.
@lru_cache(maxsize=200_000)
def _given(raw: str) -> _Given:
    parts = normalise.name_parts(raw)
    given = "".join(parts)
    groups = _groups(given, parts)
    initials = {normalise.phonetic(group)[:1] for group in groups}
    if given:
        initials.add(given[:1].upper())
    initials.discard("")
    return _Given(given, parts[1:], groups, normalise.phonetic(given), tuple(initials))


@dataclass(frozen=True, slots=True)
class _Family:
    family: str
    parts: tuple[str, ...]
    sound: str
    part_sounds: tuple[str, ...]


# Cached: a batch builds a table per chunk, and names recur from chunk to chunk.
@lru_cache(maxsize=200_000)
def _family(raw: str) -> _Family:
    parts = normalise.name_parts(raw)
    family = "".join(parts)
    sounds: tuple[str, ...] = ()
    if len(parts) > 1:
        sounds = tuple(normalise.phonetic(p) for p in parts)
    return _Family(family, parts, normalise.phonetic(family), sounds)


def _previous(family: str, raw: tuple[str, ...]) -> tuple[str, ...]:
    names = {normalise.compact(p) for p in raw}
    return tuple(sorted(n for n in names if n and n != family))


@dataclass(frozen=True, slots=True)
class BulkTable:
    """A register's feature table and the packed blocking keys of its records."""

    table: FeatureTable
    ids: list[str]
    key_owner: IntArray
    key: IntArray

    def limited_keys(
        self, limits: dict[str, int] | None = None
    ) -> tuple[IntArray, IntArray]:
        """(owner, key) rows without the keys whose block is over its limit."""
        limits = BULK_LIMITS if limits is None else limits
        table = np.zeros(16, dtype=np.int64)
        for name, kind in _KINDS.items():
            table[kind] = limits.get(name, 0)
        # The keys are sorted (see _keys): a block is a run of equal keys.
        key = self.key
        starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
        counts = np.diff(np.append(starts, len(key)))
        size = np.repeat(counts, counts)
        keep = size <= table[key >> _TYPE_SHIFT]
        return self.key_owner[keep], self.key[keep]


#: The record attributes a table is built from, as :func:`build_columns` takes them.
COLUMNS = (
    "id",
    "given",
    "family",
    "middle",
    "dob",
    "gender",
    "postcode",
    "previous_family_names",
    "address",
    "town",
)


def _column(records: Sequence[LearnerRecord], name: str) -> list[Any]:
    return list(map(attrgetter(name), records))


def build(
    records: Sequence[LearnerRecord],
    fields: Collection[str] | None = None,
    *,
    keys: bool = True,
) -> BulkTable:
    """The feature table and blocking keys of many records, value by value.

    Address and town are worked out only when ``fields`` (the compared fields,
    all by default) include them; otherwise their columns are blank.  With
    ``keys`` False only the table is made (the key arrays are empty).
    """
    columns = {name: _column(records, name) for name in COLUMNS}
    return build_columns(columns, fields, keys=keys)


def build_columns(
    columns: Mapping[str, Sequence[Any]],
    fields: Collection[str] | None = None,
    *,
    keys: bool = True,
) -> BulkTable:
    """:func:`build` given the records' attributes as columns (see
    :data:`COLUMNS`), for rows read from a database that need never become
    records."""
    given_code, givens = _per_distinct(columns["given"], _given)
    family_code, families = _per_distinct(columns["family"], _family)
    middle_code, middles = _per_distinct(columns["middle"], normalise.name_parts)
    dob_code, dob_values = _factorise(columns["dob"])
    postcode_code, postcodes = _per_distinct(
        columns["postcode"], normalise.parse_postcode
    )
    previous = {
        k: _previous(families[family_code[k]].family, names)
        for k, names in enumerate(columns["previous_family_names"])
        if names
    }

    table = _table(
        columns,
        fields,
        (given_code, givens),
        (family_code, families),
        (middle_code, middles),
        (dob_code, dob_values),
        (postcode_code, postcodes),
        previous,
    )
    if not keys:
        empty = np.zeros(0, dtype=np.int64)
        return BulkTable(table, list(columns["id"]), empty, empty)
    owner, key = _keys(
        table,
        (given_code, givens),
        (family_code, families),
        previous,
        postcodes,
        postcode_code,
    )
    return BulkTable(table, list(columns["id"]), owner, key)


def _table(
    columns: Mapping[str, Sequence[Any]],
    fields: Collection[str] | None,
    given: tuple[IntArray, list[_Given]],
    family: tuple[IntArray, list[_Family]],
    middle: tuple[IntArray, list[tuple[str, ...]]],
    dob: tuple[IntArray, list[date | None]],
    postcode: tuple[IntArray, list[normalise.Postcode | None]],
    previous: dict[int, tuple[str, ...]],
) -> FeatureTable:
    g_code, g_vals = given
    f_code, f_vals = family
    m_code, m_vals = middle
    d_code, d_vals = dob
    p_code, p_vals = postcode

    # Middle names: the middle field's words, then any further given words
    # (distinct pairs of the two, as most given names have one word).
    extra = np.array([bool(g.extra) for g in g_vals], dtype=bool)[g_code]
    pair_code = np.where(extra, g_code + 1, 0) * np.int64(len(m_vals) + 1) + m_code
    combos, rows = np.unique(pair_code, return_inverse=True)
    size = np.int64(len(m_vals) + 1)
    middle_rows = [
        m_vals[c % size] + (g_vals[c // size - 1].extra if c // size else ())
        for c in combos.tolist()
    ]
    middle_counts = np.array([len(m) for m in m_vals], np.int64)[m_code]

    def spread(values: list[str], codes: IntArray, vocabulary: object) -> IntArray:
        encoded = vocabulary.encode(values)  # type: ignore[attr-defined]
        return np.asarray(encoded, dtype=np.int64)[codes] if len(values) else codes

    given_codes = spread([g.given for g in g_vals], g_code, _NAMES)
    family_codes = spread([f.family for f in f_vals], f_code, _NAMES)
    parts = [f.parts for f in f_vals]
    family_parts = _padded(parts)[f_code]
    part_counts = np.array([len(p) for p in parts], np.int64)[f_code]
    middle_padded = _padded(middle_rows)[rows.reshape(-1)]
    previous_padded = _sparse_padded(previous, len(columns["id"]))
    group_codes = _group_codes([g.groups for g in g_vals])[g_code]
    family_sound = spread([f.sound for f in f_vals], f_code, _SOUNDS)

    ordinal = np.array([d.toordinal() if d else BLANK for d in d_vals], np.int64)
    years = np.array([d.year if d else BLANK for d in d_vals], np.int64)
    months = np.array([d.month if d else BLANK for d in d_vals], np.int64)
    days = np.array([d.day if d else BLANK for d in d_vals], np.int64)
    digits_text = "".join(normalise.date_key(d) if d else "00000000" for d in d_vals)
    digits = (
        np.frombuffer(digits_text.encode(), dtype=np.uint8).reshape(len(d_vals), 8) - 48
    ).astype(np.int8)

    def part(prefix: str, attribute: str) -> IntArray:
        values = [
            prefix + getattr(p, attribute) if p and getattr(p, attribute) else ""
            for p in p_vals
        ]
        return spread(values, p_code, _PARTS)

    postcode_codes = spread([p.full if p else "" for p in p_vals], p_code, _POSTCODES)
    gender_code, genders = _per_distinct(
        columns["gender"], lambda g: int(g) if g in ("1", "2") else 0
    )
    blank = np.array([""], dtype=object)[np.zeros(len(columns["id"]), dtype=np.int64)]
    address, town = blank, blank
    if fields is None or "address" in fields:
        code, values = _per_distinct(columns["address"], normalise.fold)
        address = np.array(values, dtype=object)[code]
    if fields is None or "town" in fields:
        code, values = _per_distinct(columns["town"], normalise.compact)
        town = np.array(values, dtype=object)[code]
    names = _NAMES.strings()
    name_lengths, name_initials = _NAMES.facts()
    return FeatureTable(
        records=(),
        names=names,
        name_lengths=name_lengths,
        name_initials=name_initials,
        given=given_codes,
        given_groups=group_codes,
        groups=_GROUP_LIST,
        middle=middle_padded,
        middle_count=middle_counts,
        family=family_codes,
        family_parts=family_parts,
        part_counts=part_counts,
        previous=previous_padded,
        family_sound=family_sound,
        dob=ordinal[d_code],
        dob_year=years[d_code],
        dob_month=months[d_code],
        dob_day=days[d_code],
        dob_digits=digits[d_code],
        gender=np.array(genders, dtype=np.int64)[gender_code],
        postcodes=_POSTCODES.strings(),
        postcode=postcode_codes,
        sector=part("s", "sector"),
        district=part("d", "district"),
        area=part("a", "area"),
        address=address,
        town=town,
    )


def _sparse_padded(rows: dict[int, tuple[str, ...]], n: int) -> IntArray:
    """Padded name codes for n records of which only ``rows`` have any."""
    width = max((len(r) for r in rows.values()), default=0) or 1
    out = np.full((n, width), BLANK, dtype=np.int64)
    if rows:
        out[np.array(list(rows), dtype=np.int64)] = _padded(list(rows.values()))
    return out


def _explode(
    owner_codes: IntArray, lists: list[tuple[int, ...]]
) -> tuple[IntArray, IntArray]:
    """(record, value) for every value in the list of each record's code."""
    counts = np.array([len(v) for v in lists], dtype=np.int64)
    flat = np.array([x for v in lists for x in v], dtype=np.int64)
    offsets = np.cumsum(counts) - counts
    per_record = counts[owner_codes]
    records = np.repeat(np.arange(len(owner_codes), dtype=np.int64), per_record)
    start = np.repeat(offsets[owner_codes], per_record)
    within = np.arange(len(records)) - np.repeat(
        np.cumsum(per_record) - per_record, per_record
    )
    return records, flat[start + within]


def _keys(
    table: FeatureTable,
    given: tuple[IntArray, list[_Given]],
    family: tuple[IntArray, list[_Family]],
    previous: dict[int, tuple[str, ...]],
    postcodes: list[normalise.Postcode | None],
    postcode_code: IntArray,
) -> tuple[IntArray, IntArray]:
    """Every (record, packed key) pair: :func:`blocking_keys` as integers."""
    g_code, g_vals = given
    f_code, f_vals = family
    n = len(g_code)
    everyone = np.arange(n, dtype=np.int64)

    # Family sounds: the whole name's, each part's, each previous name's.
    sound = _SOUNDS.encode
    main = np.asarray(sound([f.sound for f in f_vals]), np.int64)[f_code]
    fam_rec, fam_sound = everyone[main != BLANK], main[main != BLANK]
    part_lists = [
        tuple(c for c in sound(list(f.part_sounds)).tolist() if c != BLANK)
        for f in f_vals
    ]
    extra_rec, extra_sound = _explode(f_code, part_lists)
    prev_rec = np.array([k for k, p in previous.items() for _ in p], np.int64)
    prev_sound = sound(
        [normalise.phonetic(name) for p in previous.values() for name in p]
    )
    keep = prev_sound != BLANK
    fam_rec = np.concatenate([fam_rec, extra_rec, prev_rec[keep]])
    fam_sound = np.concatenate([fam_sound, extra_sound, prev_sound[keep]])

    # Given initials (one per variant sound) and the given name's own sound.
    init_rec, initial = _explode(
        g_code, [tuple(ord(i) for i in g.initials) for g in g_vals]
    )
    given_sound = np.asarray(sound([g.sound for g in g_vals]), np.int64)[g_code]

    year = np.where(table.dob_year != BLANK, table.dob_year, BLANK)
    low = np.minimum(table.dob_day, table.dob_month)
    high = np.maximum(table.dob_day, table.dob_month)
    dates = np.where(year != BLANK, year * 10000 + low * 100 + high, BLANK)

    owners: list[IntArray] = []
    keys: list[IntArray] = []

    def add(
        kind: int, rec: IntArray, payload: IntArray, ok: npt.NDArray[np.bool_]
    ) -> None:
        owners.append(rec[ok])
        keys.append((np.int64(kind) << _TYPE_SHIFT) | payload[ok])

    # fgy: family sound x initial x year (pairs of the two exploded lists).
    fr, ir = _cross(fam_rec, init_rec)
    y = year[fam_rec[fr]]
    add(_FGY, fam_rec[fr], (fam_sound[fr] << 19) | (initial[ir] << 12) | y, y != BLANK)

    # df: dates x (family sounds and the given sound).
    has_given = given_sound != BLANK
    sound_rec = np.concatenate([fam_rec, everyone[has_given]])
    sounds = np.concatenate([fam_sound, given_sound[has_given]])
    d = dates[sound_rec]
    add(_DF, sound_rec, (d << 30) | sounds, d != BLANK)

    # dg: dates x initials.
    d = dates[init_rec]
    add(_DG, init_rec, (d << 7) | initial, d != BLANK)

    # dn: dates x first letters of the given and family names.
    for column in (table.given, table.family):
        letters = np.where(column != BLANK, table.name_initials[column], BLANK)
        add(
            _DN, everyone, (dates << 7) | letters, (dates != BLANK) & (letters != BLANK)
        )

    # dp: dates x postcode district (or the full code without a district).
    place = _PARTS.encode(
        ["k" + (p.district or p.full) if p else "" for p in postcodes]
    )[postcode_code]
    add(_DP, everyone, (dates << 30) | place, (dates != BLANK) & (place != BLANK))

    # gf: given sound with each family sound, in either order; and each
    # middle name's sound with each family sound.
    gs = given_sound[fam_rec]
    lo, hi = np.minimum(gs, fam_sound), np.maximum(gs, fam_sound)
    add(_GF, fam_rec, (lo << 28) | hi, gs != BLANK)
    name_sound = _name_sounds(table.names)
    for column in table.middle.T:
        has = column != BLANK
        mid_rec, mid_sound = everyone[has], name_sound[column[has]]
        fr, mr = _cross(fam_rec, mid_rec)
        ms = mid_sound[mr]
        lo, hi = np.minimum(ms, fam_sound[fr]), np.maximum(ms, fam_sound[fr])
        add(_GF, fam_rec[fr], (lo << 28) | hi, ms != BLANK)

    # nn: the first three letters of each name, in either order.
    names = table.names
    prefixes = _PREFIXES.encode([str(v)[:3] for v in names[:-1]])
    ga = np.where(table.given != BLANK, prefixes[table.given], BLANK)
    fa = np.where(table.family != BLANK, prefixes[table.family], BLANK)
    lo, hi = np.minimum(ga, fa), np.maximum(ga, fa)
    add(_NN, everyone, (lo << 28) | hi, (ga != BLANK) & (fa != BLANK))

    # p: the full postcode.
    add(_P, everyone, table.postcode, table.postcode != BLANK)

    return _sorted_once(np.concatenate(owners), np.concatenate(keys), n)


def _sorted_once(owner: IntArray, key: IntArray, n: int) -> tuple[IntArray, IntArray]:
    """(owner, key) rows sorted by key, each row once (a record gives each key
    once, as blocking_keys does).

    One sort by key numbers the keys in order; number and owner then fit in
    one integer, and a second sort (of nearly sorted numbers) does what a sort
    by two columns would, in half the time.
    """
    if len(key) == 0:
        return owner, key
    order = np.argsort(key)
    key, owner = key[order], owner[order]
    starts = np.concatenate(([True], key[1:] != key[:-1]))
    numbers = np.cumsum(starts) - 1
    rows = sorted_unique(numbers * np.int64(n) + owner)
    return rows % n, key[starts][rows // n]


def sorted_unique(values: IntArray) -> IntArray:
    """The distinct values, sorted: numpy's hashed unique is several times
    slower than a plain sort on the tens of millions a big register makes."""
    values = np.sort(values)
    keep = np.ones(len(values), dtype=bool)
    keep[1:] = values[1:] != values[:-1]
    return values[keep]


def _cross(a_rec: IntArray, b_rec: IntArray) -> tuple[IntArray, IntArray]:
    """Index pairs (i, j) with a_rec[i] == b_rec[j]: two exploded lists joined."""
    order_b = np.argsort(b_rec, kind="stable")
    sorted_b = b_rec[order_b]
    start = np.searchsorted(sorted_b, a_rec, side="left")
    stop = np.searchsorted(sorted_b, a_rec, side="right")
    counts = stop - start
    left = np.repeat(np.arange(len(a_rec), dtype=np.int64), counts)
    within = np.arange(len(left)) - np.repeat(np.cumsum(counts) - counts, counts)
    right = order_b[np.repeat(start, counts) + within]
    return left, right
