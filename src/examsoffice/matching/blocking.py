"""Blocking keys: which records are worth comparing at all.

A record gets a handful of short keys.  Two records are compared only if they
share a key, so a find in a register of millions looks at tens of candidates.
Each key leaves out at least one field, so a true duplicate with one field
wrong (a typo in the family name, a move of house, a mistyped date) still
shares some key with its original:

====  ==========================================  ===============================
key   made of                                     survives a change of
====  ==========================================  ===============================
fgy   family sound, given initial, birth year     date (day, month), address
df    date (day and month either way), either     a name, address; names swapped
      name's sound
dg    date (either way), given initial            family name (marriage), address
dp    date (either way), postcode district        both names
gf    given or middle name's sound and family     date, address; names swapped;
      sound, either order                         middle name used as first
dn    date (either way), first letter of either   both names but one letter
      name
nn    first three letters of each name, either    date, address; later typos
      order
p     full postcode                               date, names
====  ==========================================  ===============================

Family-name keys are made for every part of a double-barrelled name and for
every previous family name, so Smith-Jones and a former Smith are found from
Smith.  Given initials are taken from the sound of every variant of the name,
so Bill finds William and Kate finds Catherine.  The register stores these
strings in an indexed table; they are plain text and stable across releases
unless this table of keys changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from examsoffice.matching import normalise
from examsoffice.matching.records import LearnerRecord, PreparedRecord, prepare


def blocking_keys(record: LearnerRecord | PreparedRecord) -> set[str]:
    """Every blocking key of a record; records sharing any key are candidates."""
    rec = record if isinstance(record, PreparedRecord) else prepare(record)
    keys: set[str] = set()

    families = _family_sounds(rec)
    initials = _given_initials(rec)
    givens = {rec.given_phonetic} if rec.given_phonetic else set()
    year = f"{rec.dob.year:04d}" if rec.dob else ""
    dates = _date_key(rec.dob) if rec.dob else ""
    district = rec.postcode.district or rec.postcode.full if rec.postcode else ""

    if year:
        keys.update(f"fgy:{f}:{i}:{year}" for f in families for i in initials)
    if dates:
        keys.update(f"df:{dates}:{f}" for f in families | givens)
        keys.update(f"dg:{dates}:{i}" for i in initials)
        keys.update(f"dn:{dates}:{letter}" for letter in _first_letters(rec))
    if dates and district:
        keys.add(f"dp:{dates}:{district}")
    # A middle name used as the first name is found through its sound too.
    firsts = givens | {normalise.phonetic(m) for m in rec.other_names}
    firsts.discard("")
    for first in firsts:
        keys.update("gf:" + ":".join(sorted((first, f))) for f in families)
    if rec.given and rec.family:
        keys.add("nn:" + ":".join(sorted((rec.given[:3], rec.family[:3]))))
    if rec.postcode:
        keys.add(f"p:{rec.postcode.full}")
    return keys


def _date_key(value: date) -> str:
    # Day and month in ascending order, so 03/04 and 04/03 share a key.
    low, high = sorted((value.day, value.month))
    return f"{value.year:04d}{low:02d}{high:02d}"


def _family_sounds(rec: PreparedRecord) -> set[str]:
    sounds = {rec.family_phonetic} if rec.family_phonetic else set()
    if len(rec.family_parts) > 1:
        sounds.update(normalise.phonetic(part) for part in rec.family_parts)
    sounds.update(normalise.phonetic(name) for name in rec.previous)
    sounds.discard("")
    return sounds


def _given_initials(rec: PreparedRecord) -> set[str]:
    initials = {normalise.phonetic(group)[:1] for group in rec.given_groups}
    if rec.given_initial:
        initials.add(rec.given_initial.upper())
    initials.discard("")
    return initials


def _first_letters(rec: PreparedRecord) -> set[str]:
    return {name[:1] for name in (rec.given, rec.family) if name}


def keys_of_many(records: Sequence[LearnerRecord]) -> list[list[str]]:
    """Each record's blocking keys: the unit of work when a register is loaded
    in bulk, sent to another process as it needs nothing but this module."""
    return [list(blocking_keys(record)) for record in records]
