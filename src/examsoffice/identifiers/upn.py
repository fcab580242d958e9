"""Unique Pupil Number: check letter, LA (3), establishment (4), year (2), serial (3).

A permanent UPN ends in three digits; a temporary one in two digits and a letter.
The check letter is the weighted sum of characters 2 to 13 (weights 2 to 13, a letter
counting as its index in the 23-letter alphabet) mod 23, mapped onto that alphabet.
The LA codes come from the school census list, kept as data in ``data/la_codes.txt``.
"""

from __future__ import annotations

import operator
import random
from collections.abc import Iterable
from functools import cache
from importlib import resources

from examsoffice.identifiers._result import CheckResult, bad, ok, squeeze

ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"


@cache
def la_codes() -> frozenset[str]:
    """The LA codes the census accepts in characters 2 to 4."""
    text = resources.files(__package__).joinpath("data/la_codes.txt").read_text()
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(line for line in lines if line)


# A digit counts as itself, a letter as its index in the alphabet.
_VALUES = {**{str(d): d for d in range(10)}, **{c: i for i, c in enumerate(ALPHABET)}}
_WEIGHTS = range(2, 14)


def upn_check_letter(last_twelve: str) -> str:
    """The check letter for characters 2 to 13 of a UPN."""
    if len(last_twelve) != 12 or not set(last_twelve) <= _VALUES.keys():
        raise ValueError(
            f"{last_twelve!r} is not the 12 characters after a check letter."
        )
    total = sum(map(operator.mul, map(_VALUES.__getitem__, last_twelve), _WEIGHTS))
    return ALPHABET[total % 23]


def normalise_upn(value: str) -> str:
    return squeeze(value)


def is_temporary_upn(value: str) -> bool:
    upn = normalise_upn(value)
    return len(upn) == 13 and upn[12].isalpha()


def validate_upn(value: str) -> CheckResult:
    """Check a permanent or temporary UPN and say in words what is wrong with it."""
    upn = normalise_upn(value)

    fault = _format_fault(upn)
    if fault is not None:
        code, reason = fault
        return bad(value, upn, code, reason)

    kind = "temporary" if upn[12].isalpha() else "permanent"
    expected = upn_check_letter(upn[1:])
    if upn[0] != expected:
        return bad(
            value,
            upn,
            "upn.check_letter",
            f"The check letter (the first character) is {upn[0]} but should be "
            f"{expected}; a character has probably been mistyped.",
            expected=expected,
            kind=kind,
        )
    if upn[1:4] not in la_codes():
        return bad(
            value,
            upn,
            "upn.la_code",
            f"Characters 2 to 4 ({upn[1:4]}) are not a local authority code the "
            "school census recognises.",
            kind=kind,
        )
    return ok(value, upn, kind)


def _format_fault(upn: str) -> tuple[str, str] | None:
    if not upn:
        return "upn.missing", "The UPN is empty."
    if len(upn) != 13:
        return "upn.length", f"A UPN has 13 characters; this has {len(upn)}."
    if upn[0] not in ALPHABET:
        return (
            "upn.format",
            "The first character must be a check letter (A to Z except I, O and S).",
        )
    if not (upn[1:12].isdigit() and upn[1:12].isascii()):
        return "upn.format", "Characters 2 to 12 of a UPN must all be digits."
    if not (upn[12].isdigit() or upn[12] in ALPHABET):
        return (
            "upn.format",
            "The last character must be a digit, or for a temporary UPN a letter "
            "(A to Z except I, O and S).",
        )
    return None


def _body(la: str, estab: str, year: int) -> str:
    if len(la) != 3 or not la.isdigit():
        raise ValueError(f"LA code {la!r} must be 3 digits.")
    if len(estab) != 4 or not estab.isdigit():
        raise ValueError(f"Establishment number {estab!r} must be 4 digits.")
    return f"{la}{estab}{year % 100:02d}"


def make_upn(la: str, estab: str, year: int, serial: int) -> str:
    """A permanent UPN for tests and demo data; real ones come from the MIS or a CTF."""
    if not 0 <= serial <= 999:
        raise ValueError(f"Serial {serial} must be 0 to 999.")
    rest = f"{_body(la, estab, year)}{serial:03d}"
    return upn_check_letter(rest) + rest


def make_temporary_upn(la: str, estab: str, year: int, serial: int, letter: str) -> str:
    if not 0 <= serial <= 99 or letter not in ALPHABET:
        raise ValueError("A temporary UPN needs a serial 0 to 99 and a UPN letter.")
    rest = f"{_body(la, estab, year)}{serial:02d}{letter}"
    return upn_check_letter(rest) + rest


def next_temporary_upn(la: str, estab: str, year: int, used: Iterable[str]) -> str:
    """The first temporary UPN for this school and year that is not in ``used``.

    ``year`` is the academic year (only its last two digits are used). Candidates run
    00A, 01A ... 99A, 00B ... so the same inputs always give the same answer.
    """
    taken = {normalise_upn(u) for u in used}
    for letter in ALPHABET:
        for serial in range(100):
            upn = make_temporary_upn(la, estab, year, serial, letter)
            if upn not in taken:
                return upn
    raise ValueError(
        f"All 2,300 temporary UPNs for LA {la}, establishment {estab} and year "
        f"{year % 100:02d} are in use."
    )


def random_upn(rng: random.Random, *, temporary: bool = False) -> str:
    """A random valid UPN (LA from the census list), for tests and demo data."""
    la = rng.choice(sorted(la_codes()))
    estab = f"{rng.randint(0, 9999):04d}"
    year = rng.randint(0, 99)
    if temporary:
        letter = rng.choice(ALPHABET)
        return make_temporary_upn(la, estab, year, rng.randint(0, 99), letter)
    return make_upn(la, estab, year, rng.randint(0, 999))
