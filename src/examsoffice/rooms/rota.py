"""The invigilation rota as a PDF: one row per sitting and room, lead first."""

from __future__ import annotations

import io
from collections.abc import Sequence
from itertools import groupby
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from examsoffice.rooms.services import Duty


def rota_pdf(duties: Sequence[Duty], title: str, school: str = "") -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=title,
    )
    styles = getSampleStyleSheet()
    # Paragraph reads its text as markup: a name with '&' or '<' must not break it.
    story = [Paragraph(escape(title), styles["Title"])]
    if school:
        story.append(Paragraph(escape(school), styles["Normal"]))
    story.append(Spacer(1, 4 * mm))
    if not duties:
        story.append(Paragraph("Nobody has been given a room yet.", styles["Normal"]))
    rows = [["Date", "Session", "Arrive", "Room", "Invigilators (lead in bold)"]]
    for (sitting, room), group in groupby(duties, key=lambda d: (d.sitting, d.room)):
        people = sorted(group, key=lambda d: not d.lead)
        names = ", ".join(
            f"<b>{escape(str(d.invigilator))}</b>"
            if d.lead
            else escape(str(d.invigilator))
            for d in people
        )
        rows.append(
            [
                sitting.date.strftime("%a %d %b"),
                sitting.session,
                timezone.localtime(people[0].arrive).strftime("%H:%M"),
                f"{room.name} ({room.code})",
                Paragraph(names, styles["Normal"]),
            ]
        )
    if duties:
        table = Table(rows, colWidths=[26 * mm, 18 * mm, 16 * mm, 45 * mm, 75 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f5")),
                    ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
    doc.build(story)
    return out.getvalue()
