"""A synthetic English learner register with known duplicates, for demos and tests.

Learners live in households (a family name, an address, one to three children,
now and then twins).  A share of learners is registered a second time with the
mistakes and changes real registers see: typos, nicknames, a middle name used as
the first name, a family name changed on marriage or by deed poll, a move of
house, a day and month transposed, a lost postcode or gender.  The truth (which
records are one learner, and which pairs are twins) comes back with the records.
Everything is drawn from a seeded generator, so a seed gives the same register.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from itertools import accumulate

from examsoffice.matching import normalise
from examsoffice.matching.records import LearnerRecord

_LOCALES = ("en_GB", "en_IE", "en_US", "en_NZ")

#: How often a changed family name comes with the old one as a previous name.
PREVIOUS_NAME_KEPT = 0.85

# Names from England's larger communities that Faker's English lists lack.
_EXTRA_MALE = [
    "Mohammed",
    "Muhammad",
    "Ahmed",
    "Ali",
    "Omar",
    "Yusuf",
    "Ibrahim",
    "Hamza",
    "Bilal",
    "Zain",
    "Arjun",
    "Rohan",
    "Aarav",
    "Jakub",
    "Oskar",
    "Piotr",
    "Mikolaj",
    "Kacper",
]
_EXTRA_FEMALE = [
    "Aisha",
    "Fatima",
    "Maryam",
    "Zainab",
    "Amira",
    "Layla",
    "Yasmin",
    "Priya",
    "Ananya",
    "Zofia",
    "Zuzanna",
    "Maja",
]
_EXTRA_FAMILY = [
    "Khan",
    "Ahmed",
    "Hussain",
    "Begum",
    "Ali",
    "Patel",
    "Shah",
    "Akhtar",
    "Rahman",
    "Islam",
    "Singh",
    "Kaur",
    "Kowalski",
    "Nowak",
    "Wisniewski",
    "Okafor",
    "Mensah",
    "Adeyemi",
]


#: The letters a postcode's last two places may hold: BS7666 never uses C, I, K,
#: M, O or V there.
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


@dataclass(frozen=True, slots=True)
class SyntheticRegister:
    records: list[LearnerRecord]
    #: Pairs of record ids that are the same learner.
    duplicate_pairs: set[tuple[str, str]]
    #: Pairs of record ids that are twins: must never be merged.
    twin_pairs: set[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class _Pools:
    male: tuple[str, ...]
    female: tuple[str, ...]
    family: tuple[str, ...]
    family_weights: tuple[float, ...]
    #: Running totals of ``family_weights``: ``random.choices`` would otherwise
    #: add up thousands of weights on every draw.
    family_cumulative: tuple[float, ...]
    streets: tuple[str, ...]
    towns: tuple[str, ...]


@cache
def _pools() -> _Pools:
    from faker import Faker

    male: list[str] = []
    female: list[str] = []
    family: dict[str, float] = {}
    for locale in _LOCALES:
        provider = next(
            p for p in Faker(locale).providers if "person" in type(p).__module__
        )
        male += [n for n in provider.first_names_male if n not in male]
        female += [n for n in provider.first_names_female if n not in female]
        last = provider.last_names
        weights = last.items() if isinstance(last, dict) else ((n, 0.02) for n in last)
        for name, weight in weights:
            family[name] = max(family.get(name, 0.0), float(weight))
    for name in _EXTRA_FAMILY:
        family[name] = 0.2

    fake = Faker("en_GB")
    fake.seed_instance(20240901)
    streets = tuple(sorted({fake.street_name() for _ in range(4000)}))
    towns = tuple(sorted({fake.city() for _ in range(1500)}))
    return _Pools(
        male=tuple(male + _EXTRA_MALE),
        female=tuple(female + _EXTRA_FEMALE),
        family=tuple(family),
        family_weights=tuple(family.values()),
        family_cumulative=tuple(accumulate(family.values())),
        streets=streets,
        towns=towns,
    )


def _zipf_weights(count: int) -> list[float]:
    return [1.0 / (rank + 1) ** 0.9 for rank in range(count)]


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.pools = _pools()
        self.male_w = list(accumulate(_zipf_weights(len(self.pools.male))))
        self.female_w = list(accumulate(_zipf_weights(len(self.pools.female))))
        self.serial = 0

    def next_id(self) -> str:
        self.serial += 1
        return f"L{self.serial:07d}"

    def postcode(self) -> str:
        """A well-formed BS7666 postcode (whether it exists is not checked)."""
        r = self.rng
        area = r.choice(("B", "M", "L", "S", "N", "E", "W", "LS", "BS", "NG", "CF"))
        area += "" if len(area) == 2 or r.random() < 0.5 else r.choice("ABDEGHKLMNRST")
        return (
            f"{area}{r.randint(1, 29)} {r.randint(0, 9)}"
            f"{r.choice(_INWARD_LETTERS)}{r.choice(_INWARD_LETTERS)}"
        )

    def given(self, gender: str, taken: set[str] | None = None) -> str:
        names, weights = (
            (self.pools.male, self.male_w)
            if gender == "1"
            else (self.pools.female, self.female_w)
        )
        # Parents do not give two children the same name, or one child's first
        # name as another's middle name.
        while True:
            name = self.rng.choices(names, cum_weights=weights)[0]
            if not taken or not any(normalise.are_variants(name, t) for t in taken):
                if taken is not None:
                    taken.add(name)
                return name

    def household(self) -> tuple[str, str, str, str]:
        r = self.rng
        family = r.choices(self.pools.family, cum_weights=self.pools.family_cumulative)[
            0
        ]
        address = f"{r.randint(1, 240)} {r.choice(self.pools.streets)}"
        return family, address, self.postcode(), r.choice(self.pools.towns)

    def learner(
        self, home: tuple[str, str, str, str], dob: date, taken: set[str]
    ) -> LearnerRecord:
        family, address, postcode, town = home
        r = self.rng
        gender = r.choice("12")
        given = self.given(gender, taken)
        middle = self.given(gender, taken) if r.random() < 0.5 else ""
        return LearnerRecord(
            id=self.next_id(),
            given=given,
            family=family,
            dob=dob,
            gender=gender,
            postcode=postcode,
            middle=middle,
            address=address,
            town=town,
        )

    def birthday(self) -> date:
        start = date(2006, 9, 1)
        return start + timedelta(days=self.rng.randrange(8 * 365))


def generate(
    learners: int, seed: int = 0, duplicate_share: float = 0.1, twin_share: float = 0.02
) -> SyntheticRegister:
    """``learners`` people, plus duplicates of about ``duplicate_share`` of them."""
    gen = _Generator(seed)
    r = gen.rng
    originals: list[LearnerRecord] = []
    twins: set[tuple[str, str]] = set()

    while len(originals) < learners:
        home = gen.household()
        taken: set[str] = set()
        for _ in range(r.choice((1, 1, 2, 2, 3))):
            child = gen.learner(home, gen.birthday(), taken)
            originals.append(child)
            if r.random() < twin_share:
                twin = _twin_of(gen, child, taken)
                originals.append(twin)
                twins.add(_pair(child.id, twin.id))

    originals = originals[:learners]
    records = list(originals)
    duplicates: set[tuple[str, str]] = set()
    for original in r.sample(originals, int(learners * duplicate_share)):
        copy = _corrupt(gen, original)
        records.append(copy)
        duplicates.add(_pair(original.id, copy.id))

    r.shuffle(records)
    kept = {rec.id for rec in records}
    twins = {p for p in twins if p[0] in kept and p[1] in kept}
    return SyntheticRegister(records, duplicates, twins)


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def _twin_of(gen: _Generator, child: LearnerRecord, taken: set[str]) -> LearnerRecord:
    gender = gen.rng.choice("12")
    given = gen.given(gender, taken)
    middle = gen.given(gender, taken) if gen.rng.random() < 0.5 else ""
    return replace(child, id=gen.next_id(), given=given, gender=gender, middle=middle)


def _corrupt(gen: _Generator, original: LearnerRecord) -> LearnerRecord:
    r = gen.rng
    record = replace(original, id=gen.next_id())
    changes = r.sample(_CHANGES, k=r.choice((1, 1, 2, 2, 3)))
    for change in changes:
        record = change(gen, record)
    return record


def _typo(r: random.Random, text: str) -> str:
    if len(text) < 3:
        return text
    i = r.randrange(1, len(text) - 1)
    kind = r.choice(("swap", "drop", "change", "double"))
    if kind == "swap":
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if kind == "drop":
        return text[:i] + text[i + 1 :]
    if kind == "double":
        return text[:i] + text[i] + text[i:]
    return text[:i] + r.choice(string.ascii_lowercase) + text[i + 1 :]


def _given_typo(gen: _Generator, rec: LearnerRecord) -> LearnerRecord:
    return replace(rec, given=_typo(gen.rng, rec.given))


def _family_typo(gen: _Generator, rec: LearnerRecord) -> LearnerRecord:
    return replace(rec, family=_typo(gen.rng, rec.family))


def _nickname(gen: _Generator, rec: LearnerRecord) -> LearnerRecord:
    variants = sorted(
        normalise.given_name_groups(rec.given) - {normalise.compact(rec.given)}
    )
    if not variants:
        return _given_typo(gen, rec)
    return replace(rec, given=gen.rng.choice(variants).title())


def _middle_as_given(gen: _Generator, rec: LearnerRecord) -> LearnerRecord:
    if not rec.middle:
        return _nickname(gen, rec)
    return replace(rec, given=rec.middle, middle=rec.given)


def _new_family_name(gen: _Generator, rec: LearnerRecord) -> LearnerRecord:
    # Deed poll, adoption or a step-parent's name.  The register keeps the
    # old name as a previous family name (a school's transfer file carries
    # the former surname), except now and then when nobody passed it on.
    r = gen.rng
    new = r.choices(gen.pools.family, cum_weights=gen.pools.family_cumulative)[0]
    if r.random() < 0.3:
        new = f"{rec.family}-{new}"
    previous = (rec.family,) if r.random() < PREVIOUS_NAME_KEPT else ()
    return replace(rec, family=new, previous_family_names=previous)


def _moved(gen: _Generator, rec: LearnerRecord) -> LearnerRecord:
    _, address, postcode, town = gen.household()
    return replace(rec, address=address, postcode=postcode, town=town)


def _dob_error(gen: _Generator, rec: LearnerRecord) -> LearnerRecord:
    assert rec.dob is not None
    swapped = normalise.day_month_swapped(rec.dob)
    if swapped is not None and gen.rng.random() < 0.6:
        return replace(rec, dob=swapped)
    # A day out, or the tens digit of the day mistyped; the change goes the
    # other way when the first way is no date.
    delta = gen.rng.choice((-10, -1, 1, 10))
    for day in (rec.dob.day + delta, rec.dob.day - delta):
        try:
            return replace(rec, dob=rec.dob.replace(day=day))
        except ValueError:
            continue
    return rec


def _lost_details(gen: _Generator, rec: LearnerRecord) -> LearnerRecord:
    if gen.rng.random() < 0.5:
        return replace(rec, postcode="ZZ99 9ZZ", address="", town="")
    return replace(rec, gender=gen.rng.choice("09"))


def _swapped_names(gen: _Generator, rec: LearnerRecord) -> LearnerRecord:
    return replace(rec, given=rec.family, family=rec.given)


def _shouting(gen: _Generator, rec: LearnerRecord) -> LearnerRecord:
    # Typed in capitals with stray spaces: normalisation's job, not a real error.
    return replace(rec, given=f" {rec.given.upper()}", family=rec.family.upper() + " ")


_CHANGES = (
    _given_typo,
    _family_typo,
    _nickname,
    _middle_as_given,
    _new_family_name,
    _moved,
    _moved,
    _dob_error,
    _lost_details,
    _swapped_names,
    _shouting,
)
