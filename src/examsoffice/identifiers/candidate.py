"""Candidate numbers (0001 to 9999) and centre numbers (5 digits)."""

from __future__ import annotations

from examsoffice.identifiers._result import CheckResult, bad, ok, squeeze


def normalise_candidate_number(value: str) -> str:
    """Digits padded to four: Excel drops the leading zeros of ``0042``."""
    number = squeeze(value)
    if number.isdigit() and number.isascii() and len(number) < 4:
        return number.zfill(4)
    return number


def validate_candidate_number(value: str) -> CheckResult:
    number = normalise_candidate_number(value)
    if not number:
        return bad(value, number, "candidate.missing", "The candidate number is empty.")
    if not (number.isdigit() and number.isascii()) or len(number) != 4:
        return bad(
            value,
            number,
            "candidate.format",
            "A candidate number is 4 digits, 0001 to 9999.",
        )
    if number == "0000":
        return bad(
            value,
            number,
            "candidate.zero",
            "0000 is not a candidate number; they run from 0001 to 9999.",
        )
    return ok(value, number)


def validate_centre_number(value: str) -> CheckResult:
    number = squeeze(value)
    if not number:
        return bad(value, number, "centre.missing", "The centre number is empty.")
    if not (number.isdigit() and number.isascii()) or len(number) != 5:
        return bad(
            value,
            number,
            "centre.format",
            f"A centre number is 5 digits; {number!r} is not.",
        )
    return ok(value, number)
