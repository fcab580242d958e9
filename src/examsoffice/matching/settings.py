"""The matching model's settings: m and u per level, the prior, and the thresholds.

Settings are plain data and round-trip through JSON, so a register operator can
read them, change a threshold, and keep the file with the register.  ``m`` is
the share of true matches at a level, ``u`` the share of unrelated pairs; a
level's weight is ``log2(m / u)``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from typing import Any

from examsoffice.errors import ConfigurationError
from examsoffice.matching.comparisons import COMPARISONS

# Defaults for an English school or college register: a few birth years, names
# drawn from a few thousand, postcodes from a couple of hundred thousand.
_DEFAULT_LEVELS: dict[str, dict[str, tuple[float, float]]] = {
    "given_name": {
        "exact": (0.75, 0.009),
        "variant": (0.04, 0.001),
        "close": (0.08, 0.0013),
        "swapped": (0.06, 0.00003),
        # Middle names are first names: a first name is often among an
        # unrelated learner's middle names.
        "middle": (0.03, 0.008),
        "initial": (0.01, 0.0005),
        "fuzzy": (0.02, 0.005),
        "else": (0.01, 0.975),
    },
    "family_name": {
        "exact": (0.8, 0.0035),
        "previous": (0.06, 0.0001),
        "part": (0.02, 0.00005),
        "close": (0.07, 0.0015),
        "swapped": (0.005, 0.00005),
        "fuzzy": (0.01, 0.004),
        "else": (0.035, 0.99),
    },
    # Birthdays spread over about eight school years; a mistyped digit or a
    # day out lands on one of a dozen or so other dates.
    "dob": {
        "exact": (0.87, 0.00035),
        "transposed": (0.03, 0.00012),
        "typo": (0.08, 0.007),
        "year": (0.01, 0.11),
        "else": (0.01, 0.88),
    },
    "gender": {"agree": (0.97, 0.5), "disagree": (0.03, 0.5)},
    # Learners move house between two registrations more often than not
    # within a district, so "else" keeps a fair share of true matches.
    "postcode": {
        "full": (0.67, 0.00005),
        "close": (0.02, 0.00005),
        "sector": (0.02, 0.001),
        "district": (0.02, 0.005),
        "area": (0.04, 0.05),
        "else": (0.23, 0.94),
    },
    "address": {
        "exact": (0.7, 0.0001),
        "close": (0.1, 0.0005),
        "fuzzy": (0.05, 0.01),
        "else": (0.15, 0.9894),
    },
    "town": {"exact": (0.8, 0.02), "close": (0.05, 0.005), "else": (0.15, 0.975)},
    # Half of learners have a middle name; two unrelated ones rarely share it.
    # When only one record has one, a source left it out now and then.
    "middle_name": {
        "exact": (0.83, 0.004),
        "swapped": (0.06, 0.0001),
        "missing": (0.08, 0.66),
        "else": (0.03, 0.334),
    },
}

_TERM_FREQUENCY_FIELDS = ("given_name", "family_name", "middle_name")


@dataclass(frozen=True, slots=True)
class Level:
    """One level of agreement: its name and its m and u probabilities."""

    name: str
    m: float
    u: float

    @property
    def weight(self) -> float:
        """The log2 Bayes factor this level adds to a pair's match weight."""
        return math.log2(self.m / self.u)


@dataclass(frozen=True, slots=True)
class ComparisonSettings:
    """The levels of one field's comparison, in the order they are tested."""

    field: str
    levels: tuple[Level, ...]
    term_frequency: bool = False

    def level(self, name: str) -> Level:
        for level in self.levels:
            if level.name == name:
                return level
        raise KeyError(name)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Where a match probability becomes an exact, a possible or a duplicate match.

    ``exact_fields`` must agree exactly for an exact match, whatever the score.
    More than ``max_possible`` possible matches is "too many" (WSRC0002).
    """

    exact: float = 0.99
    possible: float = 0.5
    duplicate: float = 0.5
    max_possible: int = 10
    exact_fields: tuple[str, ...] = ("given_name", "family_name", "dob")


@dataclass(frozen=True, slots=True)
class MatchSettings:
    """Everything the engine needs to score a pair of records."""

    comparisons: tuple[ComparisonSettings, ...]
    prior: float = 1e-6
    thresholds: Thresholds = field(default_factory=Thresholds)
    # Twins share a family name, a birthday and an address; different given
    # names must then outweigh everything else, whatever the other weights say.
    twin_guard: bool = True
    twin_guard_weight: float = -20.0

    @classmethod
    def default(cls, fields: tuple[str, ...] | None = None) -> MatchSettings:
        """Sensible untrained settings for the given fields (all fields by default)."""
        chosen = fields or tuple(_DEFAULT_LEVELS)
        comparisons = tuple(
            ComparisonSettings(
                field=name,
                levels=tuple(
                    Level(n, m, u) for n, (m, u) in _DEFAULT_LEVELS[name].items()
                ),
                term_frequency=name in _TERM_FREQUENCY_FIELDS,
            )
            for name in chosen
        )
        return cls(comparisons=comparisons)

    @property
    def prior_weight(self) -> float:
        return math.log2(self.prior / (1.0 - self.prior))

    def comparison(self, name: str) -> ComparisonSettings:
        for comparison in self.comparisons:
            if comparison.field == name:
                return comparison
        raise KeyError(name)

    def with_levels(self, field_name: str, levels: tuple[Level, ...]) -> MatchSettings:
        """A copy with one comparison's levels replaced."""
        comparisons = tuple(
            replace(c, levels=levels) if c.field == field_name else c
            for c in self.comparisons
        )
        return replace(self, comparisons=comparisons)

    def to_dict(self) -> dict[str, Any]:
        return {
            "prior": self.prior,
            "twin_guard": self.twin_guard,
            "twin_guard_weight": self.twin_guard_weight,
            "thresholds": {
                "exact": self.thresholds.exact,
                "possible": self.thresholds.possible,
                "duplicate": self.thresholds.duplicate,
                "max_possible": self.thresholds.max_possible,
                "exact_fields": list(self.thresholds.exact_fields),
            },
            "comparisons": [
                {
                    "field": c.field,
                    "term_frequency": c.term_frequency,
                    "levels": [
                        {
                            "name": lv.name,
                            "m": lv.m,
                            "u": lv.u,
                            "weight": round(lv.weight, 3),
                        }
                        for lv in c.levels
                    ],
                }
                for c in self.comparisons
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MatchSettings:
        comparisons = tuple(_comparison_from_dict(c) for c in data["comparisons"])
        t = data.get("thresholds", {})
        thresholds = Thresholds(
            exact=float(t.get("exact", 0.99)),
            possible=float(t.get("possible", 0.5)),
            duplicate=float(t.get("duplicate", 0.5)),
            max_possible=int(t.get("max_possible", 10)),
            exact_fields=tuple(
                t.get("exact_fields", ("given_name", "family_name", "dob"))
            ),
        )
        settings = cls(
            comparisons=comparisons,
            prior=float(data.get("prior", 1e-6)),
            thresholds=thresholds,
            twin_guard=bool(data.get("twin_guard", True)),
            twin_guard_weight=float(data.get("twin_guard_weight", -20.0)),
        )
        _check(settings)
        return settings

    @classmethod
    def from_json(cls, text: str) -> MatchSettings:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConfigurationError(
                f"The matching settings are not valid JSON (line {exc.lineno}): "
                f"{exc.msg}. Restore the file from a backup or delete it to use "
                "the defaults."
            ) from exc
        return cls.from_dict(data)


def _comparison_from_dict(data: dict[str, Any]) -> ComparisonSettings:
    name = str(data.get("field", ""))
    if name not in COMPARISONS:
        known = ", ".join(COMPARISONS)
        raise ConfigurationError(
            f"The matching settings name a field '{name}' that the engine does not "
            f"compare. Use one of: {known}."
        )
    expected, _ = COMPARISONS[name]
    levels = tuple(
        Level(str(lv["name"]), float(lv["m"]), float(lv["u"])) for lv in data["levels"]
    )
    levels = _with_new_levels(name, levels)
    if tuple(lv.name for lv in levels) != expected:
        raise ConfigurationError(
            f"The matching settings for '{name}' must list the levels "
            f"{', '.join(expected)} in that order."
        )
    return ComparisonSettings(name, levels, bool(data.get("term_frequency", False)))


#: Levels added since settings were first saved: (field, level, the level it
#: follows).  Settings saved without one get it with its default m and u.
_ADDED_LEVELS = (("middle_name", "missing", "swapped"),)


def _with_new_levels(field_name: str, levels: tuple[Level, ...]) -> tuple[Level, ...]:
    names = [lv.name for lv in levels]
    for added_field, added, after in _ADDED_LEVELS:
        if field_name != added_field or added in names or after not in names:
            continue
        m, u = _DEFAULT_LEVELS[field_name][added]
        at = names.index(after) + 1
        levels = (*levels[:at], Level(added, m, u), *levels[at:])
        names.insert(at, added)
    return levels


def _check(settings: MatchSettings) -> None:
    if not 0.0 < settings.prior < 1.0:
        raise ConfigurationError(
            "The matching settings' prior must be a probability between 0 and 1 "
            f"(it is {settings.prior})."
        )
    for comparison in settings.comparisons:
        for level in comparison.levels:
            if not (0.0 < level.m <= 1.0 and 0.0 < level.u <= 1.0):
                raise ConfigurationError(
                    f"The matching settings for '{comparison.field}', level "
                    f"'{level.name}', need m and u between 0 and 1 (not 0): "
                    f"m is {level.m}, u is {level.u}."
                )
    t = settings.thresholds
    if not 0.0 <= t.possible <= t.exact <= 1.0:
        raise ConfigurationError(
            "The matching thresholds must satisfy 0 <= possible <= exact <= 1 "
            f"(possible is {t.possible}, exact is {t.exact})."
        )
