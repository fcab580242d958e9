"""A person's names and date of birth, checked as the learner register takes them.

The age limits are data (``data/date_of_birth_limits.csv``), taken from the ILR's
validation rules DateOfBirth_04 (115 or over) and DateOfBirth_05 (under 4); the
national register's own earliest and latest dates are not confirmed (lrs.md 1.6).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from examsoffice.identifiers._result import CheckResult, bad, ok

# Besides letters of any alphabet (and the accents that combine with them).
NAME_PUNCTUATION = frozenset(" -'’.")


@dataclass(frozen=True)
class AgeLimits:
    """Ages a learner's date of birth must give: at least ``youngest`` and under
    ``oldest`` years, with the rule each limit comes from."""

    oldest: int
    youngest: int
    oldest_rule: str
    youngest_rule: str


@cache
def age_limits() -> AgeLimits:
    table = resources.files(__package__).joinpath("data/date_of_birth_limits.csv")
    with io.StringIO(table.read_text(encoding="utf-8"), newline="") as handle:
        rows = {row["limit"]: row for row in csv.DictReader(handle)}
    return AgeLimits(
        oldest=int(rows["oldest"]["years"]),
        youngest=int(rows["youngest"]["years"]),
        oldest_rule=rows["oldest"]["rule"],
        youngest_rule=rows["youngest"]["rule"],
    )


def age_on(dob: date, today: date) -> int:
    """Whole years from ``dob`` to ``today`` (negative for a date to come)."""
    years = today.year - dob.year
    if (today.month, today.day) < (dob.month, dob.day):
        years -= 1
    return years


def validate_date_of_birth(dob: date, today: date) -> CheckResult:
    """Whether ``dob`` can be a learner's: not in the future, not implausibly old
    or young."""
    text = dob.isoformat()
    limits = age_limits()
    if dob > today:
        return bad(text, text, "future", f"{text} is in the future.")
    age = age_on(dob, today)
    if age >= limits.oldest:
        return bad(
            text,
            text,
            "too_old",
            f"{text} makes the learner {age}; a learner aged {limits.oldest} or over "
            f"is not plausible (ILR rule {limits.oldest_rule}). Check the year.",
        )
    if age < limits.youngest:
        return bad(
            text,
            text,
            "too_young",
            f"{text} makes the learner {age}; a learner under {limits.youngest} is "
            f"not plausible (ILR rule {limits.youngest_rule}). Check the year.",
        )
    return ok(text, text)


def normalise_name(value: str) -> str:
    """A name as the register stores it: no spaces at either end, one space
    wherever there were several, accents composed (NFC)."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def validate_name(value: str) -> CheckResult:
    """Whether ``value`` can be a name: letters of any alphabet (with accents),
    spaces, hyphens, apostrophes and full stops, with at least one letter.

    An empty value is valid here; whether a name is required is the caller's rule.
    """
    text = unicodedata.normalize("NFC", value.strip())
    for char in text:
        fault = _char_fault(char)
        if fault:
            return bad(value, text, "character", fault)
    if text and not any(char.isalpha() for char in text):
        return bad(value, text, "no_letters", "it has no letters.")
    return ok(value, text)


def _char_fault(char: str) -> str:
    category = unicodedata.category(char)
    if category[0] in "LM" or char in NAME_PUNCTUATION:
        return ""
    if category == "Nd" or char.isdigit():
        return f"it holds the digit {char!r}, and a name cannot hold digits."
    if char in "<>&":
        return f"it holds {char!r}, as in web markup, which a name cannot hold."
    shown = repr(char) if char.isprintable() else f"U+{ord(char):04X}"
    return f"it holds the character {shown}, which a name cannot hold."


NAME_RULE = (
    "Use letters (any alphabet, with accents), spaces, hyphens, apostrophes and "
    "full stops only."
)
