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
            f"{postcode!r} is not shaped like a UK postcode (for example SW1A 1AA).",
        )
    return ok(value, postcode, "bs7666")
