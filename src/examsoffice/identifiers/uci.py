"""Unique Candidate Identifier: centre (5), board (1), year (2), serial (4), check.

The check character: characters 1 to 12 weighted 16 down to 5, summed, mod 17, mapped
onto ``ABCDEFGHKLMRTVWXY``. This is WJEC's published rule, confirmed against WJEC's
worked example; the JCQ formats booklet itself was not seen, so treat it as
**unverified** against the official specification (shared/reference/jcq.md 2.1).

Character 6 is ``0`` for UK centres and ``B`` for Pearson's international centres.
How a letter there is valued is **unverified**: this module counts it as its index in
the check alphabet (B = 1). Public calculators value letters A = 1, B = 2; confirm
against the JCQ UCI document before relying on international UCIs.
"""

from __future__ import annotations

import operator
import random

from examsoffice.identifiers._result import CheckResult, bad, ok, squeeze
from examsoffice.identifiers.candidate import (
    validate_candidate_number,
    validate_centre_number,
)

ALPHABET = "ABCDEFGHKLMRTVWXY"
BOARD_CHARS = "0B"
_WEIGHTS = range(16, 4, -1)


# A digit counts as itself; a letter as its index in the check alphabet
# (unverified for letters: see the module docstring).
_VALUES = {**{str(d): d for d in range(10)}, **{c: i for i, c in enumerate(ALPHABET)}}


def uci_check_char(first_twelve: str) -> str:
    """The check character for the first 12 characters of a UCI."""
    if len(first_twelve) != 12 or not set(first_twelve) <= _VALUES.keys():
        raise ValueError(f"{first_twelve!r} is not the 12 characters of a UCI.")
    total = sum(map(operator.mul, map(_VALUES.__getitem__, first_twelve), _WEIGHTS))
    return ALPHABET[total % 17]


def normalise_uci(value: str) -> str:
    return squeeze(value)


def validate_uci(value: str) -> CheckResult:
    """Check a UCI and say in words what is wrong with it."""
    uci = normalise_uci(value)

    fault = _format_fault(uci)
    if fault is not None:
        code, reason = fault
        return bad(value, uci, code, reason)

    expected = uci_check_char(uci[:12])
    if uci[12] != expected:
        return bad(
            value,
            uci,
            "uci.check_char",
            f"The check character (the last one) is {uci[12]} but should be "
            f"{expected}; a character has probably been mistyped.",
            expected=expected,
        )
    return ok(value, uci)


def _format_fault(uci: str) -> tuple[str, str] | None:
    if (
        len(uci) == 13
        and uci[:5].isdigit()
        and uci[5] in BOARD_CHARS
        and uci[6:12].isdigit()
        and uci[8:12] != "0000"
        and uci[12] in ALPHABET
        and uci.isascii()
    ):
        return None  # the usual case, without building the parts' results
    if not uci:
        return "uci.missing", "The UCI is empty."
    if len(uci) != 13:
        return "uci.length", f"A UCI has 13 characters; this has {len(uci)}."
    if not validate_centre_number(uci[:5]):
        return "uci.format", "Characters 1 to 5 must be the 5-digit centre number."
    if uci[5] not in BOARD_CHARS:
        return (
            "uci.format",
            "Character 6 must be 0 (or B for an international centre).",
        )
    if not (uci[6:8].isdigit() and uci[6:8].isascii()):
        return "uci.format", "Characters 7 and 8 must be the two digits of the year."
    if not validate_candidate_number(uci[8:12]):
        return (
            "uci.format",
            "Characters 9 to 12 must be a candidate number from 0001 to 9999.",
        )
    if uci[12] not in ALPHABET:
        return (
            "uci.format",
            f"The last character must be a check letter, one of {ALPHABET}.",
        )
    return None


def make_uci(
    centre: str, year: int, candidate_number: int | str, *, board: str = "0"
) -> str:
    """The UCI for a centre, academic year and candidate number, check included.

    ``year`` is the academic year of registration (2024 for 2024/25; only the last two
    digits are used).
    """
    centre_check = validate_centre_number(centre)
    number_check = validate_candidate_number(str(candidate_number))
    if not centre_check:
        raise ValueError(centre_check.reason)
    if not number_check:
        raise ValueError(number_check.reason)
    if board not in BOARD_CHARS:
        raise ValueError("The board character must be 0 (or B, international).")
    first = f"{centre_check.normalised}{board}{year % 100:02d}{number_check.normalised}"
    return first + uci_check_char(first)


def random_uci(rng: random.Random) -> str:
    """A random valid UK UCI, for tests and demo data."""
    centre = f"{rng.randint(10000, 99999)}"
    return make_uci(centre, rng.randint(0, 99), rng.randint(1, 9999))
