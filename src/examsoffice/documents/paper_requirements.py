"""Room paper requirements (paper, tier, quantity, modified) and a packing list."""

from __future__ import annotations

from collections import Counter

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from examsoffice.scheduling.arrangements import types_for
from examsoffice.scheduling.model import Component, Room

from ._layout import Heading, grid_table, para, render
from .pack import SittingPack

TITLE = "Paper requirements"


def counts(
    pack: SittingPack, component: Component, room: Room
) -> tuple[int, Counter[str]]:
    """Standard papers and modified papers (by kind) needed in one room."""
    modified: Counter[str] = Counter()
    standard = 0
    for a in pack.sitting_for(component.code):
        if a.room_code != room.code:
            continue
        candidate = pack.candidates[a.candidate_number]
        kinds = [
            k
            for k in types_for(candidate, component, pack.catalogue)
            if k.modified_paper
        ]
        if kinds:
            modified.update(k.name for k in kinds)
        else:
            standard += 1
    return standard, modified


def build(pack: SittingPack) -> bytes:
    story: list[Flowable] = []
    for room in pack.plan.rooms:
        if pack.plan.count(room.code):
            story += [*_room(pack, room), PageBreak()]
    story += _packing_list(pack)
    return render(story, pack.context, TITLE)


def _room(pack: SittingPack, room: Room) -> list[Flowable]:
    rows = [["Paper", "Title", "Tier", "Standard", "Modified papers"]]
    for component in pack.components_in_sitting():
        standard, modified = counts(pack, component, room)
        if standard or modified:
            extra = ", ".join(f"{n} x {kind}" for kind, n in sorted(modified.items()))
            rows.append(
                [component.code, component.title, component.tier, str(standard), extra]
            )
    return [
        Heading(room.name),
        para(f"{room.name} ({room.code}) - {pack.plan.sitting.label()}", "Heading2"),
        para(
            f"{pack.plan.count(room.code)} candidates seated. "
            "Write the room and quantity on each packet."
        ),
        Spacer(0, 3 * mm),
        grid_table(rows, [25 * mm, 70 * mm, 14 * mm, 20 * mm, 51 * mm]),
    ]


def _packing_list(pack: SittingPack) -> list[Flowable]:
    rows = [["Paper", "Tier", "Room", "Standard", "Modified", "Packed"]]
    for component in pack.components_in_sitting():
        total = 0
        for room in pack.plan.rooms:
            standard, modified = counts(pack, component, room)
            if standard or modified:
                total += standard + sum(modified.values())
                rows.append(
                    [
                        component.code,
                        component.tier,
                        room.code,
                        str(standard),
                        str(sum(modified.values())),
                        "",
                    ]
                )
        rows.append([f"{component.code} total", "", "", str(total), "", ""])
    return [
        Heading("Packing list"),
        para(f"Packing list - {pack.plan.sitting.label()}", "Heading2"),
        grid_table(rows, [40 * mm, 14 * mm, 30 * mm, 22 * mm, 22 * mm, 16 * mm]),
    ]
