"""Candidate desk labels on standard label sheets, one colour per paper and tier.

Sheet layouts are data (``data/label_sheets.json``).  The first page is the
colour legend; label pages carry no header or footer, as they print on labels.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from examsoffice.errors import DataError
from examsoffice.scheduling.model import Component, SeatAssignment

from ._layout import MARGIN
from .pack import SittingPack

TITLE = "Desk labels"
PALETTE = (
    "#F4A6A6",
    "#A6C8F4",
    "#B5E3A1",
    "#F7D98B",
    "#D4B5F0",
    "#9EE0DA",
    "#F5B98E",
    "#C9C9C9",
    "#F2A7D8",
    "#C8E08E",
)


@dataclass(frozen=True)
class LabelSheet:
    code: str
    name: str
    columns: int
    rows: int
    width: float
    height: float
    left: float
    top: float
    h_pitch: float
    v_pitch: float

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows


@lru_cache(maxsize=1)
def label_sheets() -> Mapping[str, LabelSheet]:
    text = (
        resources.files(__package__)
        .joinpath("data", "label_sheets.json")
        .read_text(encoding="utf-8")
    )
    raw = json.loads(text)["sheets"]
    return {code: LabelSheet(code=code, **spec) for code, spec in raw.items()}


def sheet(code: str) -> LabelSheet:
    sheets = label_sheets()
    if code not in sheets:
        raise DataError(
            f"Unknown label sheet '{code}'; choose one of {', '.join(sorted(sheets))}.",
            field="label_sheet",
        )
    return sheets[code]


def colours(components: Sequence[Component]) -> dict[str, str]:
    """A colour per paper (each tier is its own paper), in the sitting's order."""
    return {c.code: PALETTE[i % len(PALETTE)] for i, c in enumerate(components)}


def build(pack: SittingPack, sheet_code: str = "L7160") -> bytes:
    layout = sheet(sheet_code)
    components = pack.components_in_sitting()
    palette = colours(components)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle(TITLE)
    _legend(canvas, pack, components, palette, layout)
    labels = _labels(pack, components)
    for start in range(0, len(labels), layout.per_sheet):
        canvas.showPage()
        for slot, (assignment, code) in enumerate(
            labels[start : start + layout.per_sheet]
        ):
            _label(canvas, pack, layout, slot, assignment, code, palette[code])
    canvas.save()
    return buffer.getvalue()


def _labels(
    pack: SittingPack, components: Sequence[Component]
) -> list[tuple[SeatAssignment, str]]:
    # Room by room in seat order, so a sheet can be laid out desk by desk.
    out = []
    for room in pack.plan.rooms:
        for a in pack.plan.in_room(room.code):
            out.append((a, a.component_codes[0]))
    return out


def _legend(
    canvas: Canvas,
    pack: SittingPack,
    components: Sequence[Component],
    palette: Mapping[str, str],
    layout: LabelSheet,
) -> None:
    height = A4[1]
    ctx = pack.context
    canvas.setFont("Helvetica-Bold", 14)
    canvas.drawString(
        MARGIN, height - 25 * mm, f"{ctx.centre_number} {ctx.centre_name}"
    )
    canvas.drawString(
        MARGIN, height - 33 * mm, f"Desk labels - {pack.plan.sitting.label()}"
    )
    canvas.setFont("Helvetica", 10)
    canvas.drawString(MARGIN, height - 40 * mm, f"Print on {layout.name}. Colour key:")
    y = height - 52 * mm
    for component in components:
        canvas.setFillColor(colors.HexColor(palette[component.code]))
        canvas.rect(MARGIN, y - 2 * mm, 14 * mm, 8 * mm, stroke=1, fill=1)
        canvas.setFillColor(colors.black)
        count = len(pack.sitting_for(component.code))
        canvas.drawString(MARGIN + 18 * mm, y, f"{component.label()} - {count} labels")
        y -= 11 * mm
    canvas.setFont("Helvetica", 8)
    canvas.drawString(MARGIN, 10 * mm, f"Printed {ctx.printed:%d/%m/%Y %H:%M}")


def _label(
    canvas: Canvas,
    pack: SittingPack,
    layout: LabelSheet,
    slot: int,
    assignment: SeatAssignment,
    code: str,
    colour: str,
) -> None:
    row, column = divmod(slot, layout.columns)
    x = (layout.left + column * layout.h_pitch) * mm
    top = A4[1] - (layout.top + row * layout.v_pitch) * mm
    w, h = layout.width * mm, layout.height * mm
    canvas.setFillColor(colors.HexColor(colour))
    canvas.rect(x + 2 * mm, top - h + 2 * mm, 4 * mm, h - 4 * mm, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    candidate = pack.candidates[assignment.candidate_number]
    component = pack.components[code]
    tx = x + 8 * mm
    size = 9 if layout.width < 80 else 11
    canvas.setFont("Helvetica-Bold", size + 5)
    canvas.drawString(tx, top - 8 * mm, candidate.number)
    canvas.drawRightString(
        x + w - 3 * mm, top - 8 * mm, f"{assignment.room_code} {assignment.seat.label}"
    )
    canvas.setFont("Helvetica-Bold", size)
    canvas.drawString(
        tx,
        top - 14 * mm,
        _fit(candidate.display_name, w - 11 * mm, "Helvetica-Bold", size),
    )
    canvas.setFont("Helvetica", size - 1)
    paper = f"{component.code} {component.tier}".strip()
    canvas.drawString(
        tx,
        top - 19 * mm,
        _fit(f"{paper} {component.title}", w - 11 * mm, "Helvetica", size - 1),
    )
    marks = pack.marks(candidate.number, code)
    if marks:
        canvas.setFillColor(colors.HexColor("#B00020"))
        canvas.setFont("Helvetica-Bold", size - 1)
        canvas.drawString(tx, top - 24 * mm, f"AA: {marks}")
        canvas.setFillColor(colors.black)


def _fit(text: str, width: float, font: str, size: float) -> str:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    while text and stringWidth(text, font, size) > width:
        text = text[:-1]
    return text
