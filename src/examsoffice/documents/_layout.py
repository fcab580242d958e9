"""The page every document shares: centre, title, page x of y, printed date.

Documents build a list of ReportLab flowables and hand it to :func:`render`.
A :class:`Heading` flowable changes the running sub-title (a room, a candidate)
from the page it starts on.  Page numbers are drawn after the whole document is
laid out, so "Page 3 of 12" is right.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, StyleSheet1, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

MARGIN = 15 * mm
GRID = colors.HexColor("#888888")
SHADE = colors.HexColor("#EEEEEE")


@dataclass(frozen=True)
class Context:
    """What every document prints in its frame."""

    centre_number: str
    centre_name: str
    series: str = ""
    printed: dt.datetime = field(
        default_factory=lambda: dt.datetime.now().replace(microsecond=0)
    )


def styles() -> StyleSheet1:
    sheet = getSampleStyleSheet()
    sheet.add(ParagraphStyle("Small", parent=sheet["Normal"], fontSize=8, leading=10))
    sheet.add(ParagraphStyle("Cell", parent=sheet["Normal"], fontSize=9, leading=11))
    sheet.add(
        ParagraphStyle(
            "Big", parent=sheet["Title"], fontSize=28, leading=34, alignment=TA_CENTER
        )
    )
    return sheet


STYLES = styles()


class Heading(Flowable):  # type: ignore[misc]
    """Invisible marker: from here on, pages carry ``text`` as their sub-title."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.width = self.height = 0

    def wrap(
        self, available_width: float, available_height: float
    ) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        self.canv._examsoffice_heading = self.text


class _FramedCanvas(Canvas):  # type: ignore[misc]
    """Keeps every page until the end so the frame can say "Page x of y"."""

    def __init__(self, *args: Any, context: Context, title: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._context = context
        self._title = title
        self._pages: list[dict[str, Any]] = []
        self._examsoffice_heading = ""

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._draw_frame(number, total)
            Canvas.showPage(self)
        Canvas.save(self)

    def _draw_frame(self, number: int, total: int) -> None:
        width, height = self._pagesize
        ctx = self._context
        self.setFont("Helvetica-Bold", 10)
        self.drawString(
            MARGIN, height - 10 * mm, f"{ctx.centre_number}  {ctx.centre_name}"
        )
        self.drawRightString(width - MARGIN, height - 10 * mm, self._title)
        self.setFont("Helvetica", 9)
        heading = self._examsoffice_heading or ctx.series
        self.drawRightString(width - MARGIN, height - 14.5 * mm, heading)
        self.setStrokeColor(GRID)
        self.line(MARGIN, height - 16.5 * mm, width - MARGIN, height - 16.5 * mm)
        self.setFont("Helvetica", 8)
        self.drawString(MARGIN, 8 * mm, f"Printed {ctx.printed:%d/%m/%Y %H:%M}")
        self.drawRightString(width - MARGIN, 8 * mm, f"Page {number} of {total}")


def render(
    story: Sequence[Flowable], context: Context, title: str, wide: bool = False
) -> bytes:
    """Lay out ``story`` on A4 (landscape when ``wide``) and return the PDF bytes."""
    buffer = io.BytesIO()
    size = landscape(A4) if wide else A4
    doc = SimpleDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=20 * mm,
        bottomMargin=15 * mm,
        title=title,
        author=context.centre_name,
    )

    def make_canvas(*args: Any, **kwargs: Any) -> _FramedCanvas:
        return _FramedCanvas(*args, context=context, title=title, **kwargs)

    doc.build(list(story), canvasmaker=make_canvas)
    return buffer.getvalue()


def para(text: str, style: str = "Normal") -> Paragraph:
    return Paragraph(escape(text), STYLES[style])


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def grid_table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float] | None = None,
    header_rows: int = 1,
    font_size: float = 9,
) -> Table:
    """A ruled table with a shaded header row that repeats on every page."""
    table = Table(list(rows), colWidths=widths, repeatRows=header_rows)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Helvetica", font_size),
                ("FONT", (0, 0), (-1, header_rows - 1), "Helvetica-Bold", font_size),
                ("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE),
                ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def hhmm(value: dt.time | None) -> str:
    return "" if value is None else f"{value:%H:%M}"


def day(value: dt.date | None) -> str:
    return "" if value is None else f"{value:%a %d %b %Y}"
