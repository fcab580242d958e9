"""Invigilator rooming sheet, briefing per paper and signing-in sheet."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from examsoffice.scheduling.model import Component

from ._layout import Heading, grid_table, hhmm, para, render
from .pack import SittingPack

ROOMING_TITLE = "Invigilator rooming sheet"
BRIEFING_TITLE = "Invigilator briefing"
SIGNING_TITLE = "Invigilator signing-in sheet"


def build_rooming(pack: SittingPack) -> bytes:
    sheet = pack.rooming
    rows = [["Room", "Candidates", "Needed", "Invigilators", "Facilitators"]]
    for line in sheet.rooms:
        helpers = ", ".join(
            f"{n} {k.replace('_', ' ')}" for k, n in sorted(line.facilitators.items())
        )
        names = ", ".join(line.invigilators) or "(to allocate)"
        rows.append(
            [
                f"{line.room.name} ({line.room.code})",
                str(line.candidates),
                str(line.needed),
                names,
                helpers,
            ]
        )
    story: list[Flowable] = [
        para(f"Rooming - {pack.plan.sitting.label()}", "Heading2"),
        para(f"Lead invigilator: {sheet.lead or '(to name)'}"),
        Spacer(0, 3 * mm),
        grid_table(rows, [45 * mm, 20 * mm, 16 * mm, 60 * mm, 39 * mm]),
        Spacer(0, 3 * mm),
        para(
            f"Invigilators needed: {sheet.needed}. "
            f"Still to allocate: {sheet.shortfall}."
        ),
        para(
            "Ratios come from the centre's settings (unverified against the current ICE"
            " until checked); facilitators work one to one and are not invigilators.",
            "Small",
        ),
    ]
    return render(story, pack.context, ROOMING_TITLE)


def build_briefing(pack: SittingPack) -> bytes:
    story: list[Flowable] = []
    for component in pack.components_in_sitting():
        story += [*briefing_story(pack, component), PageBreak()]
    return render(story[:-1] or [para("No papers.")], pack.context, BRIEFING_TITLE)


def briefing_story(pack: SittingPack, component: Component) -> list[Flowable]:
    sitting = pack.sitting_for(component.code)
    times = [
        t for a in sitting if (t := pack.paper_time(a.candidate_number, component.code))
    ]
    standard = [t for t in times if not t.extra_minutes and not t.rest_minutes]
    usual = min((t.finish for t in standard), default=None)
    rows = [["Cand. no.", "Name", "Room", "Seat", "Arrangements", "Start", "Finish"]]
    for a in sitting:
        t = pack.paper_time(a.candidate_number, component.code)
        names = pack.arrangement_names(a.candidate_number, component.code)
        moved = t is not None and (t.moved or t.start != component.start)
        if names or moved:
            rows.append(
                [
                    a.candidate_number,
                    pack.candidates[a.candidate_number].name,
                    a.room_code,
                    a.seat.label,
                    para(", ".join(names), "Small"),
                    hhmm(t.start) if t else "",
                    hhmm(t.finish) if t else "",
                ]
            )
    rooms = sorted({a.room_code for a in sitting})
    items = ", ".join(component.items_allowed) or "as printed on the question paper"
    latest = max((t.finish for t in times), default=None)
    story: list[Flowable] = [
        Heading(component.code),
        para(component.label(), "Heading2"),
        para(
            f"{pack.plan.sitting.label()} - rooms: "
            f"{', '.join(rooms)} - {len(sitting)} candidates"
        ),
        para(
            f"Start {hhmm(component.start)}. Duration "
            f"{component.duration_minutes} minutes. "
            f"Standard finish {hhmm(usual)}. Last "
            f"finish, with extra time: {hhmm(latest)}."
        ),
        para(f"Items allowed: {items}."),
        Spacer(0, 3 * mm),
    ]
    if len(rows) > 1:
        story += [
            para("Candidates with arrangements or other times", "Heading4"),
            grid_table(
                rows,
                [18 * mm, 45 * mm, 18 * mm, 12 * mm, 52 * mm, 13 * mm, 13 * mm],
                font_size=8,
            ),
        ]
    else:
        story.append(
            para("No candidate has extra time or other arrangements for this paper.")
        )
    return story


def build_signing_in(pack: SittingPack, blank_rows: int = 20) -> bytes:
    rows = [["Name", "Room", "Time in", "Signature", "Time out", "Signature"]]
    for line in pack.rooming.rooms:
        for name in line.invigilators:
            rows.append([name, line.room.code, "", "", "", ""])
    rows += [["", "", "", "", "", ""] for _ in range(blank_rows)]
    story: list[Flowable] = [
        para(f"Signing in - {pack.plan.sitting.label()}", "Heading2"),
        grid_table(rows, [45 * mm, 20 * mm, 18 * mm, 40 * mm, 18 * mm, 39 * mm]),
    ]
    return render(story, pack.context, SIGNING_TITLE)
