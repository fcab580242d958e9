"""Seating plan per room: the grid with numbers, names and access arrangements."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from examsoffice.scheduling.model import Room, Seat, row_letter

from ._layout import GRID, SHADE, STYLES, Heading, escape, hhmm, para, render
from .pack import SittingPack

TITLE = "Seating plan"
OFF = colors.HexColor("#BBBBBB")
AA_COLOUR = "#B00020"


def build(pack: SittingPack) -> bytes:
    story: list[Flowable] = []
    for room in pack.plan.rooms:
        if pack.plan.count(room.code):
            story += room_story(pack, room)
            story.append(PageBreak())
    return render(
        story[:-1] or [para("No one is seated in this sitting.")],
        pack.context,
        TITLE,
        wide=True,
    )


def room_story(pack: SittingPack, room: Room) -> list[Flowable]:
    sitting = pack.plan.sitting
    heading = f"{room.name} ({room.code}) - {sitting.label()}"
    lines = [Heading(heading), para(heading, "Heading2")]
    lines.append(para(_papers_line(pack, room), "Small"))
    lines.append(Spacer(0, 2 * mm))
    lines.append(
        _banner(
            f"FRONT - invigilator desk ({room.desk_side}).  Candidates face this way."
        )
    )
    lines.append(_grid(pack, room))
    lines.append(
        _banner(
            f"Exit: {room.exit_side}.  Red marks = access "
            "arrangements.  Grey = seat not in use."
        )
    )
    lines.append(Spacer(0, 4 * mm))
    lines.append(
        para(
            "Signed as a true record of the seating: "
            "______________________   Time: ________",
            "Small",
        )
    )
    return lines


def _papers_line(pack: SittingPack, room: Room) -> str:
    seated = pack.plan.in_room(room.code)
    parts = []
    for component in pack.components_in_sitting():
        here = [a for a in seated if component.code in a.component_codes]
        if here:
            finish = _latest_finish(
                pack, component.code, [a.candidate_number for a in here]
            )
            parts.append(
                f"{component.label()}: {len(here)} "
                f"candidates, start {hhmm(component.start)}, "
                f"last finish {finish}"
            )
    return "; ".join(parts)


def _latest_finish(pack: SittingPack, code: str, numbers: Sequence[str]) -> str:
    finishes = [
        t.finish for n in numbers if (t := pack.paper_time(n, code)) is not None
    ]
    return hhmm(max(finishes)) if finishes else ""


def _banner(text: str) -> Table:
    table = Table([[text]], colWidths=["100%"])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Helvetica-Bold", 9),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("BACKGROUND", (0, 0), (-1, -1), SHADE),
            ]
        )
    )
    return table


def _grid(pack: SittingPack, room: Room) -> Table:
    width = 267 * mm
    cell_width = (width - 8 * mm) / room.columns
    # The whole room must fit on one landscape page: about 120 mm for the grid.
    cell_height = min(16 * mm, 120 * mm / room.rows)
    size = max(4.5, min(8.0, cell_width / mm * 0.4, cell_height / 4.3))
    by_seat = {a.seat: a for a in pack.plan.in_room(room.code)}
    header: list[object] = ["", *(str(c + 1) for c in range(room.columns))]
    rows: list[list[object]] = [header]
    for r in range(room.rows):
        cells: list[object] = [row_letter(r)]
        for c in range(room.columns):
            cells.append(_cell(pack, by_seat.get(Seat(r, c)), size))
        rows.append(cells)
    heights = [5 * mm] + [cell_height] * room.rows
    table = Table(
        rows, colWidths=[8 * mm] + [cell_width] * room.columns, rowHeights=heights
    )
    table.setStyle(_grid_style(room))
    return table


def _cell(pack: SittingPack, assignment: object, size: float) -> object:
    from examsoffice.scheduling.model import SeatAssignment

    if not isinstance(assignment, SeatAssignment):
        return ""
    candidate = pack.candidates[assignment.candidate_number]
    found = [pack.marks(candidate.number, code) for code in assignment.component_codes]
    # A candidate sitting two papers often holds the same arrangement for both.
    marks = " ".join(dict.fromkeys(m for text in found for m in text.split()))
    text = f"<b>{candidate.number}</b>"
    if marks:
        text += f' <font color="{AA_COLOUR}">{escape(marks)}</font>'
    text += f"<br/>{escape(candidate.surname)}<br/>{escape(candidate.forenames[:14])}"
    style = STYLES["Small"].clone("GridCell", fontSize=size, leading=size * 1.2)
    return Paragraph(text, style)


def _grid_style(room: Room) -> TableStyle:
    commands: list[tuple[object, ...]] = [
        ("GRID", (1, 1), (-1, -1), 0.5, GRID),
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8),
        ("FONT", (0, 0), (0, -1), "Helvetica-Bold", 8),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    for seat in room.off_seats:
        if room.has_seat(seat):
            cell = (seat.column + 1, seat.row + 1)
            commands.append(("BACKGROUND", cell, cell, OFF))
    return TableStyle(commands)
