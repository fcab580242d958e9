"""The answer every identifier check gives: valid or not, and why in words."""

from __future__ import annotations

from dataclasses import dataclass


# Slots: a CTF or a register batch checks several identifiers per learner, and
# a slotted result is made in two thirds of the time.
@dataclass(frozen=True, slots=True)
class CheckResult:
    """The outcome of checking one identifier.

    ``value`` is what was given, ``normalised`` the cleaned form (spaces removed, upper
    case, ...), ``reason`` a sentence for the user when ``valid`` is false, ``code`` a
    short stable name for the fault (for reports and census mapping), ``expected`` the
    check character that would make the value valid when only that is wrong, and
    ``kind`` what sort of valid value it is (``permanent``, ``temporary``, ``bfpo``...)
    or ``placeholder`` for the agreed "not known" values.
    """

    value: str
    normalised: str
    valid: bool
    reason: str = ""
    code: str = ""
    expected: str = ""
    kind: str = ""

    def __bool__(self) -> bool:
        return self.valid


def ok(value: str, normalised: str, kind: str = "") -> CheckResult:
    return CheckResult(value=value, normalised=normalised, valid=True, kind=kind)


def bad(
    value: str,
    normalised: str,
    code: str,
    reason: str,
    *,
    expected: str = "",
    kind: str = "",
) -> CheckResult:
    return CheckResult(
        value=value,
        normalised=normalised,
        valid=False,
        reason=reason,
        code=code,
        expected=expected,
        kind=kind,
    )


def squeeze(value: str) -> str:
    """Upper case with every space removed: how identifiers arrive pasted from Excel."""
    return "".join(value.split()).upper()
