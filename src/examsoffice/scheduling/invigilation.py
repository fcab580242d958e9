"""Invigilators needed per room, from ratios kept as data, and the rooming.

The ratios in ``data/invigilation_ratios.json`` are marked unverified: the
research notes did not find the current ICE figures.  A centre can load its own
file with :func:`load_ratios`.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from examsoffice.errors import DataError

from .arrangements import Catalogue, types_for
from .model import Candidate, Component, Room, RoomUse
from .seating import SeatingPlan

RATIOS_FILE = "invigilation_ratios.json"


@dataclass(frozen=True)
class Ratio:
    candidates_per_invigilator: int
    minimum_per_room: int = 1


@dataclass(frozen=True)
class Ratios:
    """Ratios by kind of room (written, on_screen, separate_invigilation)."""

    kinds: Mapping[str, Ratio]
    verified: bool = False
    source: str = ""

    def for_kind(self, kind: str) -> Ratio:
        try:
            return self.kinds[kind]
        except KeyError:
            raise DataError(
                f"No invigilation ratio for '{kind}'; add it to {RATIOS_FILE}.",
                file=RATIOS_FILE,
                field="kinds",
            ) from None


@dataclass(frozen=True)
class RoomInvigilation:
    """One line of the rooming sheet."""

    room: Room
    candidates: int
    needed: int
    invigilators: tuple[str, ...] = ()
    facilitators: Mapping[str, int] = field(default_factory=dict)

    @property
    def shortfall(self) -> int:
        return max(0, self.needed - len(self.invigilators))


@dataclass(frozen=True)
class Rooming:
    """Who invigilates where in one sitting, and who leads."""

    rooms: tuple[RoomInvigilation, ...]
    lead: str = ""

    @property
    def needed(self) -> int:
        return sum(r.needed for r in self.rooms)

    @property
    def shortfall(self) -> int:
        return sum(r.shortfall for r in self.rooms)


def load_ratios(path: Path | None = None) -> Ratios:
    if path is None:
        return default_ratios()
    return _parse(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def default_ratios() -> Ratios:
    text = (
        resources.files(__package__)
        .joinpath("data", RATIOS_FILE)
        .read_text(encoding="utf-8")
    )
    return _parse(text)


def _parse(text: str) -> Ratios:
    raw = json.loads(text)
    kinds = {
        name: Ratio(
            int(v["candidates_per_invigilator"]), int(v.get("minimum_per_room", 1))
        )
        for name, v in raw["kinds"].items()
    }
    return Ratios(kinds, bool(raw.get("verified", False)), str(raw.get("source", "")))


def room_kind(room: Room) -> str:
    if RoomUse.SEPARATE_INVIGILATION in room.suits:
        return "separate_invigilation"
    return "written"


def invigilators_needed(candidates: int, ratio: Ratio) -> int:
    """At least the room minimum, then one more for each block of the ratio."""
    if candidates <= 0:
        return 0
    return max(
        ratio.minimum_per_room, math.ceil(candidates / ratio.candidates_per_invigilator)
    )


def rooming(
    plan: SeatingPlan,
    candidates: Mapping[str, Candidate],
    components: Mapping[str, Component],
    allocations: Mapping[str, Sequence[str]] | None = None,
    lead: str = "",
    ratios: Ratios | None = None,
    kinds: Mapping[str, str] | None = None,
    catalogue: Catalogue | None = None,
) -> Rooming:
    """The rooming sheet for a seated sitting.

    ``allocations`` maps room code to invigilators' names; ``kinds`` overrides a
    room's ratio kind (``on_screen`` for a computer room).  Rooms nobody sits in
    are left out.  Facilitators (readers, scribes...) are counted per room from
    the candidates' arrangements: one each, as they work one to one.
    """
    ratios = ratios or default_ratios()
    allocations = allocations or {}
    kinds = kinds or {}
    lines = []
    for room in plan.rooms:
        seated = plan.in_room(room.code)
        if not seated:
            continue
        kind = kinds.get(room.code, room_kind(room))
        helpers: Counter[str] = Counter()
        for a in seated:
            helpers.update(
                _facilitators(
                    candidates[a.candidate_number],
                    a.component_codes,
                    components,
                    catalogue,
                )
            )
        lines.append(
            RoomInvigilation(
                room=room,
                candidates=len(seated),
                needed=invigilators_needed(len(seated), ratios.for_kind(kind)),
                invigilators=tuple(allocations.get(room.code, ())),
                facilitators=dict(helpers),
            )
        )
    return Rooming(tuple(lines), lead)


def _facilitators(
    candidate: Candidate,
    codes: Sequence[str],
    components: Mapping[str, Component],
    catalogue: Catalogue | None,
) -> set[str]:
    found: set[str] = set()
    for code in codes:
        component = components.get(code)
        if component is None:
            continue
        found |= {
            k.facilitator
            for k in types_for(candidate, component, catalogue)
            if k.facilitator
        }
    return found


def allocate(
    staff: Sequence[str], rooming_sheet: Rooming
) -> dict[str, tuple[str, ...]]:
    """Share staff across rooms in order until each room has what it needs.

    A first draft for the officer to adjust; the first name is suggested as lead.
    """
    pool = list(staff)
    out: dict[str, tuple[str, ...]] = {}
    for line in rooming_sheet.rooms:
        take, pool = pool[: line.needed], pool[line.needed :]
        out[line.room.code] = tuple(take)
    return out
