"""UK postcodes: the BS7666 pattern, with the two values that are not postcodes.

``ZZ99 9ZZ`` is the agreed "postcode not known" value, and forces addresses read
``BFPO`` and a number of up to four digits. The pattern checks the shape only:
whether a postcode exists is for Royal Mail's address file to say.
"""

from __future__ import annotations

import re

from examsoffice.identifiers._result import CheckResult, bad, ok, squeeze

UNKNOWN = "ZZ99 9ZZ"

# BS7666 v2.0 PostCodeType with the XSD character-class subtraction spelt out.
_BS7666 = re.compile(
    r"^(GIR 0AA|([A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?"
    r"|[A-PR-UWYZ][0-9][A-HJKSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"
    r" [0-9][ABD-HJLNP-UW-Z]{2})$"
)
_BFPO = re.compile(r"^BFPO ?([0-9]{1,4})$")


def normalise_postcode(value: str) -> str:
    """Upper case, with exactly one space before the last three characters."""
    compact = squeeze(value)
    bfpo = _BFPO.match(compact)
    if bfpo:
        return f"BFPO {bfpo.group(1)}"
    if len(compact) >= 5:
        return f"{compact[:-3]} {compact[-3:]}"
    return compact


def validate_postcode(value: str) -> CheckResult:
    """Check the shape of a postcode and say in words what is wrong with it."""
    postcode = normalise_postcode(value)

    if not postcode:
        return bad(value, postcode, "postcode.missing", "The postcode is empty.")
    if postcode == UNKNOWN:
        return bad(
            value,
            postcode,
            "postcode.unknown",
            "ZZ99 9ZZ means the postcode is not known; find the real one.",
            kind="placeholder",
        )
    if _BFPO.match(postcode):
        return ok(value, postcode, "bfpo")
    if not _BS7666.match(postcode):
        return bad(
            value,
            postcode,
            "postcode.format",
            f"{postcode!r} is not shaped like a UK postcode: {_why_not(postcode)}. "
            "Check it against the address (a UK postcode looks like SW1A 1AA).",
        )
    return ok(value, postcode, "bs7666")


# Letters Royal Mail never uses in each place, so a mistyped postcode can be named.
_NOT_FIRST = "QVX"
_NOT_SECOND = "IJZ"
_THIRD = "ABCDEFGHJKPSTUW"
_FOURTH = "ABEHMNPRVWXY"
_NOT_INWARD = "CIKMOV"


def _why_not(postcode: str) -> str:
    """The first thing that stops ``postcode`` being a postcode, in words."""
    outward, _space, inward = postcode.rpartition(" ")
    if not outward or len(inward) != 3:
        return "it should have 5 to 7 letters and digits, three of them after the space"
    return (
        _inward_fault(inward)
        or _outward_fault(outward)
        or "the letters and digits are in an order no postcode uses"
    )


def _inward_fault(inward: str) -> str:
    if not inward[0].isdigit():
        return f"the part after the space must start with a digit, not {inward[0]}"
    if not inward[1:].isalpha():
        return "the part after the space must end with two letters"
    wrong = [c for c in inward[1:] if c in _NOT_INWARD]
    if wrong:
        return (
            "the last two letters can't be C, I, K, M, O or V "
            f"(here {' and '.join(wrong)})"
        )
    return ""


def _outward_fault(outward: str) -> str:
    if not 2 <= len(outward) <= 4:
        return "the part before the space should have 2 to 4 letters and digits"
    first = outward[0]
    if not first.isalpha():
        return f"a postcode starts with a letter, not {first}"
    if first in _NOT_FIRST:
        return f"no postcode starts with {first} (never Q, V or X)"
    second = outward[1]
    if second.isalpha() and second in _NOT_SECOND:
        return f"the second letter can't be I, J or Z (here {second})"
    last = outward[-1]
    if last.isalpha() and len(outward) == 3 and last not in _THIRD:
        return f"{last} can't end the first part after one letter and a digit"
    if last.isalpha() and len(outward) == 4 and last not in _FOURTH:
        return f"{last} can't end the first part after two letters and a digit"
    return ""
