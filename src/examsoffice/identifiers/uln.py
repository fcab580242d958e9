"""Unique Learner Number: 10 digits, first not 0, mod-11 check digit.

Weights 10 to 2 on digits 1 to 9 give a sum S; r = S mod 11. r = 0 means no check
digit can work; otherwise the check digit is 10 - r. ``9999999999`` is the ILR
placeholder for "no ULN" and fails the check anyway.
"""

from __future__ import annotations

import operator
import random

from examsoffice.identifiers._result import CheckResult, bad, ok, squeeze

NO_ULN = "9999999999"
_WEIGHTS = range(10, 1, -1)


def uln_check_digit(first_nine: str) -> str | None:
    """The check digit for nine leading digits, or None when none exists."""
    if len(first_nine) != 9 or not (first_nine.isdigit() and first_nine.isascii()):
        raise ValueError(f"{first_nine!r} is not nine digits.")
    total = sum(map(operator.mul, map(int, first_nine), _WEIGHTS))
    remainder = total % 11
    if remainder == 0:
        return None
    return str(10 - remainder)


def normalise_uln(value: str) -> str:
    return squeeze(value)


def validate_uln(value: str) -> CheckResult:
    """Check a ULN and say in words what is wrong with it."""
    uln = normalise_uln(value)

    if uln == NO_ULN:
        return bad(
            value,
            uln,
            "uln.placeholder",
            "9999999999 is the placeholder for 'no ULN', not a ULN; "
            "ask the learner register for the learner's real ULN.",
            kind="placeholder",
        )
    if not uln:
        return bad(value, uln, "uln.missing", "The ULN is empty.")
    if not uln.isdigit() or not uln.isascii():
        return bad(
            value, uln, "uln.format", "A ULN is made of digits only; this has others."
        )
    if len(uln) != 10:
        return bad(
            value,
            uln,
            "uln.length",
            f"A ULN has 10 digits; this has {len(uln)}.",
        )
    if uln[0] == "0":
        return bad(value, uln, "uln.leading_zero", "A ULN never starts with 0.")
    return _check_digit(value, uln)


def _check_digit(value: str, uln: str) -> CheckResult:
    expected = uln_check_digit(uln[:9])
    if expected is None:
        return bad(
            value,
            uln,
            "uln.check_digit",
            "No check digit fits the first nine digits, so at least one of them is "
            "wrong; check the ULN against the learner's records.",
        )
    if uln[9] != expected:
        return bad(
            value,
            uln,
            "uln.check_digit",
            f"The check digit (the last digit) is {uln[9]} but should be {expected}; "
            "a digit has probably been mistyped.",
            expected=expected,
        )
    return ok(value, uln)


def random_uln(rng: random.Random) -> str:
    """A random valid ULN, for tests and demo data (never issue one to a learner)."""
    while True:
        first_nine = str(rng.randint(1, 9)) + "".join(
            str(rng.randint(0, 9)) for _ in range(8)
        )
        check = uln_check_digit(first_nine)
        if check is not None and first_nine + check != NO_ULN:
            return first_nine + check
