"""Turn the names, dates and postcodes people type into forms that can be compared.

Everything here is deterministic and cheap, because it runs for every record put
into the register and for every query.  Names are folded to lower-case ASCII
letters and single spaces; a family name keeps its parts so that "Smith-Jones"
can be found from "Smith"; given names know their variants (Bill and William,
Kate and Catherine, Mohammed and Muhammad) from a data file that ships with the
package.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib import resources

import jellyfish

#: The postcode the national service uses when a learner's postcode is unknown.
UNKNOWN_POSTCODE = "ZZ999ZZ"

_NOT_LETTERS = re.compile(r"[^a-z ]+")
_SPACES = re.compile(r"\s+")
_NOT_POSTCODE = re.compile(r"[^A-Z0-9]")
_UK_POSTCODE = re.compile(r"^([A-Z]{1,2})(\d[A-Z\d]?)(\d)([A-Z]{2})$")

# Separators that join parts of one name; they become spaces so the parts survive.
_JOINERS = str.maketrans({"-": " ", "_": " ", "/": " ", ".": " ", ",": " "})

# Letters that Unicode does not decompose into a base letter and an accent, spelt
# out in ASCII as people write them without the accent (Łucja is Lucja).
_UNDECOMPOSED = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ħ": "h",
        "ı": "i",
        "ŧ": "t",
    }
)

# Apostrophes vanish rather than split: O'Brien is one word, obrien.
_APOSTROPHES = str.maketrans({"'": "", "’": "", "‘": "", "`": ""})


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Fold to lower-case ASCII words: " Zoë O'Brien-Smith " -> "zoe obrien smith"."""
    text = text.translate(_APOSTROPHES).translate(_JOINERS)

    if text.isascii():
        # Nothing to decompose: plain text (nearly every name and address)
        # skips the letter-by-letter pass, with the same result.
        text = text.lower()
    else:
        # Decompose accented letters and drop the accents; ß, ł and the like
        # need spelling out.
        text = unicodedata.normalize("NFKD", text.casefold())
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = text.translate(_UNDECOMPOSED)

    text = _NOT_LETTERS.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def compact(text: str) -> str:
    """The folded name without spaces, the form compared for exact agreement."""
    return fold(text).replace(" ", "")


def name_parts(text: str) -> tuple[str, ...]:
    """The separate words of a name: "Smith-Jones" -> ("smith", "jones")."""
    return tuple(fold(text).split())


@lru_cache(maxsize=200_000)
def phonetic(name: str) -> str:
    """A Metaphone key of a folded name, so Thompson and Thomson block together."""
    letters = name.replace(" ", "")
    if not letters:
        return ""
    return str(jellyfish.metaphone(letters)) or letters[:1].upper()


@cache
def _variant_table() -> dict[str, frozenset[str]]:
    """Each name mapped to the names it stands for, read once from the data file.

    A row ``william,bill`` puts "william" among Bill's groups.  Groups are then
    widened by one step so that Kathy reaches Catherine through Katherine, but
    not further: a short form shared by two names (Jo: Joseph, Joanne) must not
    make those two names variants of each other.
    """
    direct: dict[str, set[str]] = {}
    data = resources.files("examsoffice.matching").joinpath(
        "data/given_name_variants.csv"
    )
    with data.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name, variant = compact(row["name"]), compact(row["variant"])
            direct.setdefault(name, {name}).add(name)
            direct.setdefault(variant, {variant}).add(name)

    widened: dict[str, frozenset[str]] = {}
    for name, groups in direct.items():
        wider = set(groups)
        for group in groups:
            wider |= direct.get(group, set())
        widened[name] = frozenset(wider)
    return widened


def given_name_groups(name: str) -> frozenset[str]:
    """The variant groups of a given name; two names are variants if these meet."""
    key = compact(name)
    if not key:
        return frozenset()
    return _variant_table().get(key, frozenset({key}))


def is_known_given_name(name: str) -> bool:
    """Whether a folded given name is in the variant data (a name people use)."""
    return compact(name) in _variant_table()


def are_variants(first: str, second: str) -> bool:
    """Whether two given names are the same name spelt or shortened differently."""
    return not given_name_groups(first).isdisjoint(given_name_groups(second))


@dataclass(frozen=True, slots=True)
class Postcode:
    """A postcode split into the parts that say how near two addresses are.

    For ``SW1A 2AA``: area ``SW``, district ``SW1A``, sector ``SW1A 2``.  A code
    that is not a UK postcode keeps only its full form.
    """

    full: str
    area: str = ""
    district: str = ""
    sector: str = ""


@lru_cache(maxsize=200_000)
def parse_postcode(text: str) -> Postcode | None:
    """Split a postcode, or None when it is empty or the national 'unknown' code."""
    upper = text.upper()
    code = upper.replace(" ", "")
    if not (code.isascii() and code.isalnum()):
        # Only odd input needs the slower pass that drops all but A-Z and 0-9.
        code = _NOT_POSTCODE.sub("", upper)
    if not code or code == UNKNOWN_POSTCODE:
        return None

    match = _UK_POSTCODE.match(code)
    if match is None:
        return Postcode(full=code)

    area, district_part, sector_digit, _unit = match.groups()
    district = area + district_part
    return Postcode(
        full=code,
        area=area,
        district=district,
        sector=f"{district} {sector_digit}",
    )


def date_key(value: date) -> str:
    """The date as eight digits, YYYYMMDD, for digit-level comparison."""
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def day_month_swapped(value: date) -> date | None:
    """The date with day and month exchanged, or None when that is no date."""
    if value.day > 12 or value.day == value.month:
        return None
    return value.replace(month=value.day, day=value.month)
