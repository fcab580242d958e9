"""The record the matching engine compares, and its ready-to-compare form."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from examsoffice.matching import normalise


@dataclass(frozen=True, slots=True)
class LearnerRecord:
    """One learner's personal details as the register or a query holds them.

    ``gender`` uses the national codes: 0 not known, 1 male, 2 female, 9 not
    specified.  ``address`` (the first lines) and ``town`` are optional extras;
    a comparison with a blank side counts as neither for nor against.
    """

    id: str
    given: str
    family: str
    dob: date | None = None
    gender: str = "0"
    postcode: str = ""
    middle: str = ""
    previous_family_names: tuple[str, ...] = ()
    address: str = ""
    town: str = ""
    uln: str = ""


@dataclass(frozen=True, slots=True)
class PreparedRecord:
    """A record with every normalised form the comparisons need, worked out once."""

    record: LearnerRecord
    given: str
    given_initial: str
    given_groups: frozenset[str]
    middle: tuple[str, ...]
    family: str
    family_parts: tuple[str, ...]
    previous: frozenset[str]
    dob: date | None
    dob_digits: str
    gender: str
    postcode: normalise.Postcode | None
    address: str
    town: str
    given_phonetic: str = field(default="")
    family_phonetic: str = field(default="")
    #: Words of the first name after its first ("Leigh" of "Amy-Leigh"):
    #: they may be met as a middle name or a first name, but two records
    #: sharing them share their first name, not a middle name.
    given_extra: tuple[str, ...] = field(default=())

    @property
    def other_names(self) -> tuple[str, ...]:
        """The middle names, then the further words of the first name."""
        return self.middle + self.given_extra


def prepare(record: LearnerRecord) -> PreparedRecord:
    """Normalise a record for comparison and blocking."""
    given_parts = normalise.name_parts(record.given)

    # A first name typed as "Mary Ann" keeps "maryann" for exact agreement; its
    # other words are kept apart from the middle names (see given_extra).
    given = "".join(given_parts)
    middle = tuple(normalise.name_parts(record.middle))
    family = normalise.compact(record.family)
    previous = frozenset(
        name
        for name in (normalise.compact(p) for p in record.previous_family_names)
        if name and name != family
    )
    return PreparedRecord(
        record=record,
        given=given,
        given_initial=given[:1],
        given_groups=_groups(given, given_parts),
        middle=middle,
        family=family,
        family_parts=normalise.name_parts(record.family),
        previous=previous,
        dob=record.dob,
        dob_digits=normalise.date_key(record.dob) if record.dob else "",
        gender=record.gender if record.gender in ("1", "2") else "",
        postcode=normalise.parse_postcode(record.postcode),
        address=normalise.fold(record.address),
        town=normalise.compact(record.town),
        given_phonetic=normalise.phonetic(given),
        family_phonetic=normalise.phonetic(family),
        given_extra=given_parts[1:],
    )


def _groups(given: str, parts: tuple[str, ...]) -> frozenset[str]:
    """Variant groups of the whole first name and of its first word."""
    groups = normalise.given_name_groups(given)
    if len(parts) > 1:
        groups |= normalise.given_name_groups(parts[0])
    return groups
