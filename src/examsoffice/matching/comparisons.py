"""Per-field comparisons: how closely two prepared records agree on one field.

Each comparison has a fixed, ordered tuple of level names; the first level that
holds is the answer.  ``None`` means one side is blank, which counts neither for
nor against a match.  The level names are part of the settings file, so they
are stable words a register operator can read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from rapidfuzz.distance import OSA, DamerauLevenshtein, JaroWinkler

from examsoffice.matching import normalise
from examsoffice.matching.records import PreparedRecord

# Jaro-Winkler similarities for "close" and "fuzzy" name agreement.
CLOSE = 0.92
FUZZY = 0.80

GIVEN_LEVELS = (
    "exact",
    "variant",
    "close",
    "swapped",
    "middle",
    "initial",
    "fuzzy",
    "else",
)
FAMILY_LEVELS = (
    "exact",
    "previous",
    "part",
    "close",
    "swapped",
    "fuzzy",
    "else",
)
DOB_LEVELS = ("exact", "transposed", "typo", "year", "else")
GENDER_LEVELS = ("agree", "disagree")
POSTCODE_LEVELS = ("full", "close", "sector", "district", "area", "else")
ADDRESS_LEVELS = ("exact", "close", "fuzzy", "else")
TOWN_LEVELS = ("exact", "close", "else")
MIDDLE_LEVELS = ("exact", "swapped", "missing", "else")

#: Given names this near (edits, a swap of neighbours counting as one) may be
#: one name mistyped; used with other evidence to tell a typo from a twin.
TYPO_EDITS = 2

Comparer = Callable[[PreparedRecord, PreparedRecord], int | None]


def _similar(first: str, second: str, cutoff: float) -> bool:
    # Compared outside rapidfuzz so that a similarity of exactly the cutoff
    # counts, as it does in the vectorised comparisons.
    return JaroWinkler.similarity(first, second) >= cutoff


def _close(first: str, second: str) -> bool:
    # One slip of the keyboard, or a similar spelling by Jaro-Winkler.
    if DamerauLevenshtein.distance(first, second, score_cutoff=1) <= 1:
        return min(len(first), len(second)) >= 4
    return _similar(first, second, CLOSE)


def _names_swapped(a: PreparedRecord, b: PreparedRecord) -> bool:
    if not (a.given and a.family and b.given and b.family):
        return False
    # One crossing must be close; the other may carry a typo.
    first = JaroWinkler.similarity(a.given, b.family)
    second = JaroWinkler.similarity(a.family, b.given)
    return max(first, second) >= CLOSE and min(first, second) >= FUZZY


def _same_name(x: str, y: str, slips: bool = False) -> bool:
    # Spelt alike, or sounding alike with the same first letter (Gibson and
    # Gibosn; not Kelli and Coley); with ``slips``, also one slip apart with
    # the same first letter (Hamilton and Hailton).
    if x == y:
        return True
    if x[:1] != y[:1]:
        return False
    if normalise.phonetic(x) == normalise.phonetic(y):
        return True
    return slips and _one_slip(x, y)


def _one_slip(x: str, y: str) -> bool:
    return (
        min(len(x), len(y)) >= 4
        and DamerauLevenshtein.distance(x, y, score_cutoff=1) <= 1
    )


def _meets(names: Iterable[str], others: Sequence[str], slips: bool = False) -> bool:
    return any(_same_name(x, y, slips) for x in names for y in others)


def names_rearranged(a: PreparedRecord, b: PreparedRecord) -> bool:
    """Names moved between fields: given, middle, family and previous names.

    One record's given name is among the other's family or previous names;
    one record's family or previous name is among the other's
    names; and the two share at least two names, or three when the family
    names are the same (twins share a family name, and a first name of one
    may sound like the other's middle name).
    """
    if not (a.given and a.family and b.given and b.family):
        return False
    a_family = (a.family, *sorted(a.previous))
    b_family = (b.family, *sorted(b.previous))
    a_other = (*a_family, *a.other_names)
    b_other = (*b_family, *b.other_names)
    # A first name among the other's family names: one among the other's
    # middle names alone is the "middle" level, and common by chance.
    if not (_meets((a.given,), b_family) or _meets((b.given,), a_family)):
        return False
    bag_a, bag_b = (a.given, *a_other), (b.given, *b_other)
    if not (_meets(a_family, bag_b) or _meets(b_family, bag_a)):
        return False
    # Counted from both sides, so that one name sounding like two of the
    # other's (Lane, Leanne and Leonie) counts once, whichever record is first.
    # Once names are known to have moved, a kept name may carry a slip.
    # A shared middle name is the middle-name level's evidence, counted there.
    needed = 3 if a.family == b.family else 2
    needed += 1 if shared_middle_name(a, b) else 0
    shared = min(
        sum(1 for x in set(bag_a) if _meets((x,), bag_b, slips=True)),
        sum(1 for y in set(bag_b) if _meets((y,), bag_a, slips=True)),
    )
    return shared >= needed


def compare_given(a: PreparedRecord, b: PreparedRecord) -> int | None:
    x, y = a.given, b.given
    if not x or not y:
        return None
    if x == y:
        return 0
    if not a.given_groups.isdisjoint(b.given_groups):
        return 1
    if _close(x, y):
        return 2
    if _names_swapped(a, b) or names_rearranged(a, b):
        return 3
    if x in b.other_names or y in a.other_names:
        return 4
    if (len(x) == 1 or len(y) == 1) and x[0] == y[0]:
        return 5
    if _similar(x, y, FUZZY):
        return 6
    return 7


def compare_family(a: PreparedRecord, b: PreparedRecord) -> int | None:
    x, y = a.family, b.family
    if not x or not y:
        return None
    if x == y:
        return 0
    if x in b.previous or y in a.previous or not a.previous.isdisjoint(b.previous):
        return 1
    if _close_to_any(x, b.previous) or _close_to_any(y, a.previous):
        return 1
    if _shares_part(a.family_parts, b.family_parts):
        return 2
    if _close(x, y) or a.family_phonetic == b.family_phonetic:
        return 3
    if _names_swapped(a, b) or names_rearranged(a, b):
        return 4
    if _similar(x, y, FUZZY):
        return 5
    return 6


def _shares_part(x: tuple[str, ...], y: tuple[str, ...]) -> bool:
    # Only double-barrelled names: two plain names that differ share no part.
    # A part may carry a typo (Lewws-Todd and Lewis).
    if len(x) < 2 and len(y) < 2:
        return False
    return not set(x).isdisjoint(y) or any(_close_to_any(p, y) for p in x)


def _close_to_any(name: str, others: Iterable[str]) -> bool:
    """Whether a name is one slip away from one of the others (a former name
    typed with a typo: Wyte for Whyte)."""
    return any(_close(name, other) for other in others)


def compare_dob(a: PreparedRecord, b: PreparedRecord) -> int | None:
    if a.dob is None or b.dob is None:
        return None
    if a.dob == b.dob:
        return 0
    if normalise.day_month_swapped(a.dob) == b.dob:
        return 1
    # One digit mistyped or two swapped, or a day out (a birth near midnight,
    # a form filled in from memory).
    if DamerauLevenshtein.distance(a.dob_digits, b.dob_digits, score_cutoff=1) <= 1:
        return 2
    if abs(a.dob.toordinal() - b.dob.toordinal()) == 1:
        return 2
    if a.dob.year == b.dob.year:
        return 3
    return 4


def compare_gender(a: PreparedRecord, b: PreparedRecord) -> int | None:
    if not a.gender or not b.gender:
        return None
    return 0 if a.gender == b.gender else 1


def compare_postcode(a: PreparedRecord, b: PreparedRecord) -> int | None:
    x, y = a.postcode, b.postcode
    if x is None or y is None:
        return None
    if x.full == y.full:
        return 0
    if DamerauLevenshtein.distance(x.full, y.full, score_cutoff=1) <= 1 and not (
        x.district and y.district and x.district != y.district
    ):
        return 1
    if x.sector and x.sector == y.sector:
        return 2
    if x.district and x.district == y.district:
        return 3
    if x.area and x.area == y.area:
        return 4
    return 5


def compare_address(a: PreparedRecord, b: PreparedRecord) -> int | None:
    x, y = a.address, b.address
    if not x or not y:
        return None
    if x == y:
        return 0
    if _similar(x, y, 0.90):
        return 1
    if _similar(x, y, 0.75):
        return 2
    return 3


def compare_town(a: PreparedRecord, b: PreparedRecord) -> int | None:
    x, y = a.town, b.town
    if not x or not y:
        return None
    if x == y:
        return 0
    if _similar(x, y, 0.90):
        return 1
    return 2


def compare_middle(a: PreparedRecord, b: PreparedRecord) -> int | None:
    """Middle names: shared, moved to or from the first name, or different.

    Twins are given different middle names, so two records sharing one are
    rarely twins; first and middle names exchanged count as "swapped" (one
    first name among the other's middle names is the given name's "middle"
    level, so this level needs it both ways).
    A middle name on one record only is "missing": a source that leaves
    middle names out does so now and then, but most records of one learner
    carry the same middle names or none.

    The further words of a first name (Leigh of Amy-Leigh) meet a middle
    name, but not each other: two Amy-Leighs share a first name, which the
    given-name level has counted already.
    """
    if shared_middle_name(a, b):
        return 0
    if _moved_to_middle(a.given, b.other_names) and _moved_to_middle(
        b.given, a.other_names
    ):
        return 1
    if not a.middle and not b.middle:
        return None
    if not a.middle or not b.middle:
        return 2
    return 3


def shared_middle_name(a: PreparedRecord, b: PreparedRecord) -> str:
    """The first of ``a``'s middle names (then further first-name words) that
    ``b`` has too, where at least one side holds it as a real middle name."""
    a_names, b_names = a.other_names, b.other_names
    a_real, b_real = len(a.middle), len(b.middle)
    for k, name in enumerate(a_names):
        for j, other in enumerate(b_names):
            if name == other and (k < a_real or j < b_real):
                return name
    return ""


def _moved_to_middle(given: str, others: Sequence[str]) -> bool:
    # The first name among the other's middle names, perhaps with one slip
    # (Terence and Terente); a slip keeps the first letter, as most do.
    return any(
        given == other or (given[:1] == other[:1] and _one_slip(given, other))
        for other in others
    )


def typo_close(first: str, second: str) -> bool:
    """Whether two different given names could be one name with a typo or two."""
    if min(len(first), len(second)) < 3:
        return False
    limit = 1 if max(len(first), len(second)) <= 4 else TYPO_EDITS
    return OSA.distance(first, second, score_cutoff=limit) <= limit


def typo_of_variant(a: PreparedRecord, b: PreparedRecord) -> bool:
    """Whether two given names could be one name, mistyped, or a variant of it
    mistyped (Kathryn and Catheine, a slip in Catherine)."""
    return names_typo_of_variant(a.given, b.given, a.given_groups, b.given_groups)


def names_typo_of_variant(
    x: str, y: str, x_groups: frozenset[str], y_groups: frozenset[str]
) -> bool:
    """``typo_of_variant`` for two given names and their variant groups."""
    if typo_close(x, y):
        return True
    return any(typo_close(x, v) for v in y_groups if v != y) or any(
        typo_close(v, y) for v in x_groups if v != x
    )


#: Every comparison the engine knows: name -> (levels, function).
COMPARISONS: dict[str, tuple[tuple[str, ...], Comparer]] = {
    "given_name": (GIVEN_LEVELS, compare_given),
    "family_name": (FAMILY_LEVELS, compare_family),
    "dob": (DOB_LEVELS, compare_dob),
    "gender": (GENDER_LEVELS, compare_gender),
    "postcode": (POSTCODE_LEVELS, compare_postcode),
    "address": (ADDRESS_LEVELS, compare_address),
    "town": (TOWN_LEVELS, compare_town),
    "middle_name": (MIDDLE_LEVELS, compare_middle),
}
