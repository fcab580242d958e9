"""Join documents into one PDF, and the half-day folder for a sitting.

Documents are built separately (each keeps its own "Page x of y") and joined
with pypdf, with one bookmark per document so the officer can jump about.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Sequence

from pypdf import PdfReader, PdfWriter

from . import (
    access_arrangements,
    attendance_register,
    desk_labels,
    invigilators,
    paper_requirements,
    poster,
    seating_plan,
)
from .pack import SittingPack

logger = logging.getLogger(__name__)


def merge(documents: Sequence[tuple[str, bytes]]) -> bytes:
    """One PDF from (bookmark title, PDF bytes) pairs, in the order given."""
    writer = PdfWriter()
    for title, pdf in documents:
        first = len(writer.pages)
        reader = PdfReader(io.BytesIO(pdf))
        for page in reader.pages:
            writer.add_page(page)
        writer.add_outline_item(title=title, page_number=first)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def folder_parts(
    pack: SittingPack, label_sheet: str = "L7160"
) -> list[tuple[str, Callable[[], bytes]]]:
    """The half-day folder's documents in the order an exams officer files them."""
    return [
        ("Seating plans", lambda: seating_plan.build(pack)),
        ("Attendance registers", lambda: attendance_register.build(pack)),
        ("Desk labels", lambda: desk_labels.build(pack, label_sheet)),
        ("Paper requirements and packing list", lambda: paper_requirements.build(pack)),
        ("Invigilator rooming sheet", lambda: invigilators.build_rooming(pack)),
        ("Invigilator briefings", lambda: invigilators.build_briefing(pack)),
        ("Invigilator signing-in sheet", lambda: invigilators.build_signing_in(pack)),
        (
            "Access arrangement cover sheets",
            lambda: access_arrangements.build_cover_sheets(pack),
        ),
        (
            "Access arrangement desk cards",
            lambda: access_arrangements.build_desk_cards(pack),
        ),
        ("Items required posters", lambda: poster.build(pack)),
        (
            "Alphabetical attendance lists",
            lambda: attendance_register.build_alphabetical(pack),
        ),
    ]


def half_day_folder(pack: SittingPack, label_sheet: str = "L7160") -> bytes:
    """Everything printed for one sitting, as one PDF."""
    built = [(title, make()) for title, make in folder_parts(pack, label_sheet)]
    logger.info("Half-day folder: %s documents", len(built))
    return merge(built)
