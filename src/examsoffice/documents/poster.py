"""A poster per paper of the items candidates need, to display before the exam."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from ._layout import Heading, day, hhmm, para, render
from .pack import SittingPack

TITLE = "Items required"
# Used when a paper lists no items of its own; centres can pass their own list.
DEFAULT_ITEMS = ("Black pen", "Pencil", "Ruler", "Eraser", "Clear pencil case")


def build(pack: SittingPack, default_items: tuple[str, ...] = DEFAULT_ITEMS) -> bytes:
    story: list[Flowable] = []
    for component in pack.components_in_sitting():
        items = component.items_allowed or default_items
        story += [
            Heading(component.code),
            Spacer(0, 20 * mm),
            para(component.title, "Big"),
            para(f"{component.code} {component.tier}".strip(), "Big"),
            para(f"{day(component.date)} {hhmm(component.start)}", "Title"),
            Spacer(0, 12 * mm),
            para("Bring:", "Heading1"),
            *[para(f"\u2022 {item}", "Heading2") for item in items],
            Spacer(0, 10 * mm),
            para(
                "No phones, watches or notes. Water only "
                "in a clear bottle without a label.",
                "Heading3",
            ),
            PageBreak(),
        ]
    return render(story[:-1] or [para("No papers.")], pack.context, TITLE)
