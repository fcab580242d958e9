"""Attendance registers per paper per room, and alphabetical lists per paper."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from examsoffice.scheduling.model import Component, Room

from ._layout import Heading, day, grid_table, hhmm, para, render
from .pack import SittingPack

TITLE = "Attendance register"
BOX = ""  # the ruled cell is the box to tick


def build(pack: SittingPack) -> bytes:
    story: list[Flowable] = []
    for component in pack.components_in_sitting():
        for room in pack.plan.rooms:
            part = register_story(pack, component, room)
            if part:
                story += [*part, PageBreak()]
    return render(
        story[:-1] or [para("No registers: no one is seated.")], pack.context, TITLE
    )


def register_story(
    pack: SittingPack, component: Component, room: Room
) -> list[Flowable]:
    here = [a for a in pack.sitting_for(component.code) if a.room_code == room.code]
    if not here:
        return []
    heading = f"{component.code} - {room.name}"
    rows: list[list[str]] = [
        [
            "Cand. no.",
            "Name",
            "Seat",
            "AA",
            "Finish",
            "Present",
            "Absent",
            "Transferred",
        ]
    ]
    for a in here:
        candidate = pack.candidates[a.candidate_number]
        time = pack.paper_time(a.candidate_number, component.code)
        rows.append(
            [
                candidate.number,
                candidate.name,
                a.seat.label,
                pack.marks(candidate.number, component.code),
                hhmm(time.finish) if time else "",
                BOX,
                BOX,
                BOX,
            ]
        )
    widths = [18 * mm, 58 * mm, 12 * mm, 24 * mm, 14 * mm, 16 * mm, 14 * mm, 22 * mm]
    return [
        Heading(heading),
        para(f"{component.label()}", "Heading2"),
        para(
            f"{day(component.date)} {component.session or ''} "
            f"- start {hhmm(component.start)}, "
            f"{component.duration_minutes} minutes - "
            f"room {room.name} - {len(here)} candidates",
        ),
        Spacer(0, 3 * mm),
        grid_table(rows, widths),
        Spacer(0, 5 * mm),
        para(
            "Add any candidate who sits but is not "
            "listed; cross through withdrawn candidates."
        ),
        para(
            "Present ____   Absent ____   Transferred ____  "
            " Invigilator signature ______________________"
        ),
    ]


def build_alphabetical(pack: SittingPack) -> bytes:
    """One list per paper, by surname, for heads of department and attendance staff."""
    story: list[Flowable] = []
    for component in pack.components_in_sitting():
        sitting = pack.sitting_for(component.code)
        people = sorted(
            sitting,
            key=lambda a: (
                pack.candidates[a.candidate_number].name,
                a.candidate_number,
            ),
        )
        rows = [["Name", "Cand. no.", "Room", "Seat", "Tier"]]
        for a in people:
            rows.append(
                [
                    pack.candidates[a.candidate_number].name,
                    a.candidate_number,
                    a.room_code,
                    a.seat.label,
                    component.tier,
                ]
            )
        story += [
            Heading(component.code),
            para(component.label(), "Heading2"),
            grid_table(rows),
            PageBreak(),
        ]
    return render(
        story[:-1] or [para("No papers in this sitting.")],
        pack.context,
        "Alphabetical attendance list",
    )
