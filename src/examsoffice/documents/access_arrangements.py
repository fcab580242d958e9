"""Access arrangement cover sheets (scribe, reader, word processor) and desk cards."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from examsoffice.scheduling.arrangements import types_for

from ._layout import Heading, grid_table, hhmm, para, render
from .pack import SittingPack

COVER_TITLE = "Access arrangement cover sheet"
CARD_TITLE = "Access arrangement desk cards"
GREEN = colors.HexColor("#2E7D32")
PALE_GREEN = colors.HexColor("#E8F5E9")


def build_cover_sheets(pack: SittingPack) -> bytes:
    story: list[Flowable] = []
    for component in pack.components_in_sitting():
        for a in pack.sitting_for(component.code):
            candidate = pack.candidates[a.candidate_number]
            for kind in types_for(candidate, component, pack.catalogue):
                if kind.facilitator:
                    story += [
                        *_cover(pack, a.candidate_number, component.code, kind.name),
                        PageBreak(),
                    ]
    return render(
        story[:-1] or [para("No cover sheets needed in this sitting.")],
        pack.context,
        COVER_TITLE,
    )


def _cover(pack: SittingPack, number: str, code: str, kind: str) -> list[Flowable]:
    candidate = pack.candidates[number]
    component = pack.components[code]
    ctx = pack.context
    rows = [
        ["Centre", f"{ctx.centre_number} {ctx.centre_name}"],
        ["Candidate", f"{candidate.number} {candidate.display_name}"],
        ["Paper", component.label()],
        ["Date and session", pack.plan.sitting.label()],
        ["Arrangement", kind],
        ["Name of the person acting", ""],
        ["Their role in the centre", ""],
    ]
    return [
        Heading(f"{number} {code}"),
        para(f"Cover sheet: {kind}", "Heading2"),
        grid_table(rows, [55 * mm, 125 * mm], header_rows=0, font_size=10),
        Spacer(0, 6 * mm),
        para(
            "I confirm that the arrangement was carried "
            "out as approved, that I followed the "
            "awarding body's instructions, and that the work is the candidate's own."
        ),
        Spacer(0, 10 * mm),
        para("Signed ______________________________   Date ______________"),
        Spacer(0, 4 * mm),
        para("Attach this sheet to the candidate's script, on top.", "Small"),
    ]


def build_desk_cards(pack: SittingPack) -> bytes:
    """Green cards for the desks of candidates with arrangements, four to a page."""
    cards: list[Flowable] = []
    for room in pack.plan.rooms:
        for a in pack.plan.in_room(room.code):
            lines = []
            for code in a.component_codes:
                names = pack.arrangement_names(a.candidate_number, code)
                t = pack.paper_time(a.candidate_number, code)
                if names:
                    finish = f" - finish {hhmm(t.finish)}" if t else ""
                    lines.append(f"{code}: {', '.join(names)}{finish}")
            if lines:
                cards.append(
                    _card(
                        pack, a.candidate_number, f"{room.code} {a.seat.label}", lines
                    )
                )
    if not cards:
        return render(
            [para("No candidate in this sitting has an access arrangement.")],
            pack.context,
            CARD_TITLE,
        )
    return render(cards, pack.context, CARD_TITLE)


def _card(pack: SittingPack, number: str, where: str, lines: list[str]) -> Flowable:
    candidate = pack.candidates[number]
    body = [
        # Heading3 is bold already; para() escapes, so no markup goes in.
        [para(f"{candidate.number}  {candidate.display_name}", "Heading3")],
        [para(f"Seat {where} - {pack.plan.sitting.label()}")],
        *[[para(line)] for line in lines],
    ]
    table = Table(body, colWidths=[180 * mm], rowHeights=None)
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 3, GREEN),
                ("BACKGROUND", (0, 0), (-1, -1), PALE_GREEN),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return KeepTogether([table, Spacer(0, 8 * mm)])
