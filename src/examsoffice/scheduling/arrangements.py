"""The JCQ access arrangement catalogue, kept as data, and adjusted durations.

The catalogue lives in ``data/access_arrangements.json`` so that it can be updated
each September without touching code.  Each entry says what the arrangement does
to timing (extra time, rest breaks), to rooming (what the room must suit) and to
paperwork (a facilitator's cover sheet, a modified paper).  Entries marked
``verified: false`` are recalled rather than read in the current JCQ text.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from examsoffice.errors import DataError

from .model import AccessArrangement, Candidate, Component, RoomUse

CATALOGUE_FILE = "access_arrangements.json"


@dataclass(frozen=True)
class ArrangementType:
    """One line of the catalogue."""

    code: str
    name: str
    short: str
    extra_time_percent: int = 0
    percent_range: tuple[int, int | None] | None = None
    rest_breaks: bool = False
    minutes_per_hour: int = 0
    room_needs: frozenset[RoomUse] = frozenset()
    facilitator: str | None = None
    modified_paper: bool = False
    source: str = ""
    verified: bool = False
    note: str = ""


@dataclass(frozen=True)
class Catalogue:
    """Every arrangement type by code, plus the sources they cite."""

    types: Mapping[str, ArrangementType]
    sources: Mapping[str, str]

    def get(self, code: str) -> ArrangementType:
        try:
            return self.types[code]
        except KeyError:
            known = ", ".join(sorted(self.types))
            raise DataError(
                f"'{code}' is not an access arrangement in the catalogue. "
                f"Use one of: {known}.",
                field="arrangement",
            ) from None

    def __iter__(self) -> Iterator[ArrangementType]:
        return iter(self.types.values())


@dataclass(frozen=True)
class AdjustedDuration:
    """A candidate's time for one component, in whole minutes."""

    base: int
    extra: int
    rest: int

    @property
    def total(self) -> int:
        return self.base + self.extra + self.rest

    @property
    def working(self) -> int:
        """Time writing: base plus extra time, without rest breaks."""
        return self.base + self.extra


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Read a catalogue file; without ``path``, the one shipped with examsoffice."""
    if path is None:
        return default_catalogue()
    return _parse(path.read_text(encoding="utf-8"), str(path))


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    text = (
        resources.files(__package__)
        .joinpath("data", CATALOGUE_FILE)
        .read_text(encoding="utf-8")
    )
    return _parse(text, CATALOGUE_FILE)


def _parse(text: str, file: str) -> Catalogue:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(
            f"The catalogue is not valid JSON ({exc.msg}); fix the file or restore "
            "the shipped copy.",
            file=file,
            line=exc.lineno,
        ) from exc
    types = {}
    for n, item in enumerate(raw.get("arrangements", []), start=1):
        kind = _type_from(item, file, n)
        types[kind.code] = kind
    return Catalogue(types=types, sources=dict(raw.get("sources", {})))


def _type_from(item: dict[str, Any], file: str, n: int) -> ArrangementType:
    record = f"arrangement {n} ({item.get('code', '?')})"
    try:
        needs = frozenset(RoomUse(v) for v in item.get("room_needs", []))
    except ValueError as exc:
        raise DataError(
            f"Unknown room need: {exc}. Use separate_invigilation, word_processors "
            "or readers.",
            file=file,
            record=record,
            field="room_needs",
        ) from exc
    band = item.get("percent_range")
    return ArrangementType(
        code=str(item["code"]),
        name=str(item["name"]),
        short=str(item.get("short", item["code"])),
        extra_time_percent=int(item.get("extra_time_percent", 0)),
        percent_range=(int(band[0]), band[1]) if band else None,
        rest_breaks=bool(item.get("rest_breaks", False)),
        minutes_per_hour=int(item.get("minutes_per_hour", 0)),
        room_needs=needs,
        facilitator=item.get("facilitator"),
        modified_paper=bool(item.get("modified_paper", False)),
        source=str(item.get("source", "")),
        verified=bool(item.get("verified", False)),
        note=str(item.get("note", "")),
    )


def extra_minutes(
    component: Component,
    arrangements: Iterable[AccessArrangement],
    catalogue: Catalogue | None = None,
) -> int:
    """The largest extra time granted; bands do not add up."""
    catalogue = catalogue or default_catalogue()
    best = 0
    for arrangement in arrangements:
        kind = catalogue.get(arrangement.code)
        best = max(best, _extra_for(component.duration_minutes, arrangement, kind))
    return best


def _extra_for(base: int, arrangement: AccessArrangement, kind: ArrangementType) -> int:
    if arrangement.minutes is not None:
        return arrangement.minutes
    percent = arrangement.percent
    if percent is None:
        percent = kind.extra_time_percent
    # Rounded up: a candidate never loses a part-minute they are entitled to.
    return math.ceil(base * percent / 100)


def rest_minutes(
    working_minutes: int,
    arrangements: Iterable[AccessArrangement],
    catalogue: Catalogue | None = None,
) -> int:
    """Supervised rest breaks allowed over the working time, rounded up."""
    catalogue = catalogue or default_catalogue()
    per_hour = 0
    for arrangement in arrangements:
        kind = catalogue.get(arrangement.code)
        if not kind.rest_breaks:
            continue
        rate = arrangement.minutes_per_hour
        per_hour = max(per_hour, kind.minutes_per_hour if rate is None else rate)
    return math.ceil(working_minutes * per_hour / 60)


def adjusted_duration(
    component: Component,
    arrangements: Iterable[AccessArrangement],
    catalogue: Catalogue | None = None,
) -> AdjustedDuration:
    """A candidate's duration for ``component`` with the arrangements that apply.

    Only approved arrangements that cover the component count.  Extra time is the
    largest granted (25% and 50% give 50%, not 75%); rest breaks are counted per
    hour of working time (base plus extra), and count toward clash totals.
    """
    relevant = [a for a in arrangements if a.applies_to(component)]
    extra = extra_minutes(component, relevant, catalogue)
    base = component.duration_minutes
    rest = rest_minutes(base + extra, relevant, catalogue)
    return AdjustedDuration(base=base, extra=extra, rest=rest)


def candidate_duration(
    candidate: Candidate, component: Component, catalogue: Catalogue | None = None
) -> AdjustedDuration:
    return adjusted_duration(component, candidate.arrangements, catalogue)


def types_for(
    candidate: Candidate, component: Component, catalogue: Catalogue | None = None
) -> list[ArrangementType]:
    """The catalogue entries of the arrangements the candidate holds for a paper."""
    catalogue = catalogue or default_catalogue()
    return [catalogue.get(a.code) for a in candidate.arrangements_for(component)]


def room_needs(
    candidate: Candidate,
    components: Iterable[Component],
    catalogue: Catalogue | None = None,
) -> frozenset[RoomUse]:
    """Everything the candidate's room must suit for these papers."""
    needs: set[RoomUse] = set()
    for component in components:
        for kind in types_for(candidate, component, catalogue):
            needs |= kind.room_needs
    return frozenset(needs)


def short_codes(
    candidate: Candidate, component: Component, catalogue: Catalogue | None = None
) -> str:
    """Short marks such as ``ET25 WP`` for plans, registers and labels."""
    return " ".join(k.short for k in types_for(candidate, component, catalogue))


def check_arrangement(
    arrangement: AccessArrangement, catalogue: Catalogue | None = None
) -> list[str]:
    """Reasons an arrangement does not fit its catalogue band; empty when fine."""
    kind = (catalogue or default_catalogue()).get(arrangement.code)
    if arrangement.percent is None or kind.percent_range is None:
        return []
    low, high = kind.percent_range
    if arrangement.percent < low or (high is not None and arrangement.percent > high):
        top = "no upper limit" if high is None else f"{high}%"
        return [
            f"{kind.name}: {arrangement.percent}% is outside the band "
            f"({low}% to {top}); choose the band that matches the approval."
        ]
    return []
