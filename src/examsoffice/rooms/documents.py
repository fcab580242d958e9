"""The exam-day documents for a sitting or one room, built by the core's documents."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from examsoffice.documents import (
    access_arrangements,
    attendance_register,
    desk_labels,
    invigilators,
    paper_requirements,
    poster,
    seating_plan,
)
from examsoffice.documents._layout import Context
from examsoffice.documents.bundle import half_day_folder
from examsoffice.documents.pack import SittingPack, make_pack
from examsoffice.exams.services.series import current_centre
from examsoffice.rooms import seating
from examsoffice.rooms.models import Allocation, Sitting
from examsoffice.rooms.services import RoomsError
from examsoffice.scheduling.seating import SeatingPlan

logger = logging.getLogger(__name__)

DEFAULT_SHEET = "L7160"


@dataclass(frozen=True)
class Document:
    key: str
    title: str
    build: Callable[[SittingPack, str], bytes]


DOCUMENTS = [
    Document("seating-plan", "Seating plans", lambda p, s: seating_plan.build(p)),
    Document(
        "registers", "Attendance registers", lambda p, s: attendance_register.build(p)
    ),
    Document(
        "alphabetical",
        "Alphabetical attendance lists",
        lambda p, s: attendance_register.build_alphabetical(p),
    ),
    Document("desk-labels", "Desk labels", lambda p, s: desk_labels.build(p, s)),
    Document(
        "papers",
        "Paper requirements and packing list",
        lambda p, s: paper_requirements.build(p),
    ),
    Document(
        "rooming",
        "Invigilator rooming sheet",
        lambda p, s: invigilators.build_rooming(p),
    ),
    Document(
        "briefing", "Invigilator briefings", lambda p, s: invigilators.build_briefing(p)
    ),
    Document(
        "signing-in",
        "Invigilator signing-in sheet",
        lambda p, s: invigilators.build_signing_in(p),
    ),
    Document(
        "aa-cover",
        "Access arrangement cover sheets",
        lambda p, s: access_arrangements.build_cover_sheets(p),
    ),
    Document(
        "aa-cards",
        "Access arrangement desk cards",
        lambda p, s: access_arrangements.build_desk_cards(p),
    ),
    Document("poster", "Items required posters", lambda p, s: poster.build(p)),
    Document("folder", "Half-day folder (everything)", half_day_folder),
]
BY_KEY = {d.key: d for d in DOCUMENTS}


def label_sheets() -> dict[str, str]:
    return {code: s.name for code, s in desk_labels.label_sheets().items()}


def _room_only(plan: SeatingPlan, room_code: str) -> SeatingPlan:
    return SeatingPlan(
        plan.sitting,
        tuple(r for r in plan.rooms if r.code == room_code),
        tuple(plan.in_room(room_code)),
    )


def pack(sitting: Sitting, room_code: str = "") -> SittingPack:
    data = seating.load(sitting)
    plan = seating.stored_plan(sitting, data.rooms)
    if not plan.assignments:
        raise RoomsError(f"{sitting} is not seated yet; seat it first.")
    if room_code:
        plan = _room_only(plan, room_code)
    centre = current_centre()
    seasons = sorted({s.season for s in seating.series_sat(sitting)})
    allocations: dict[str, list[str]] = {}
    lead = ""
    for a in Allocation.objects.filter(sitting=sitting).select_related(
        "room", "invigilator"
    ):
        allocations.setdefault(a.room.code, []).append(str(a.invigilator))
        if a.lead:
            lead = str(a.invigilator)
    return make_pack(
        Context(centre.number, centre.name, ", ".join(seasons)),
        plan,
        list(data.cohort.candidates.values()),
        data.cohort.components,
        data.cohort.resolutions,
        allocations,
        lead,
    )


def build(
    sitting: Sitting, key: str, room_code: str = "", sheet: str = DEFAULT_SHEET
) -> bytes:
    if key not in BY_KEY:
        raise RoomsError(f"There is no document called '{key}'.")
    if sheet not in desk_labels.label_sheets():
        raise RoomsError(f"Unknown label sheet '{sheet}'; choose one from the list.")
    body = BY_KEY[key].build(pack(sitting, room_code), sheet)
    logger.debug("Built %s for sitting %s", key, sitting.pk)
    return body
