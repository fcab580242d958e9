"""Personal timetable: papers with actual times, room and seat (or TBC)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from examsoffice.scheduling.model import Candidate, Component, ScheduledPaper, Sitting
from examsoffice.scheduling.seating import SeatingPlan

from ._layout import Context, Heading, day, grid_table, hhmm, para, render

TITLE = "Personal timetable"
TBC = "TBC"


def build(
    context: Context,
    candidates: Sequence[Candidate],
    timetables: Mapping[str, Sequence[ScheduledPaper]],
    components: Mapping[str, Component],
    plans: Mapping[Sitting, SeatingPlan] | None = None,
) -> bytes:
    """``timetables`` come from ``scheduling.clashes.effective_timetable``.

    Room and seat show once the sitting is seated; before then they read "TBC".
    """
    plans = plans or {}
    story: list[Flowable] = []
    for candidate in candidates:
        papers = timetables.get(candidate.number, ())
        story += [
            *_timetable(context, candidate, papers, components, plans),
            PageBreak(),
        ]
    return render(story[:-1] or [para("No candidates.")], context, TITLE)


def _timetable(
    context: Context,
    candidate: Candidate,
    papers: Sequence[ScheduledPaper],
    components: Mapping[str, Component],
    plans: Mapping[Sitting, SeatingPlan],
) -> list[Flowable]:
    rows = [["Date", "Session", "Start", "Finish", "Paper", "Room", "Seat"]]
    notes = []
    for p in papers:
        component = components[p.component_code]
        seat = _seat(plans.get(p.sitting), candidate.number)
        rows.append(
            [
                day(p.sitting.date),
                p.sitting.session.value,
                hhmm(p.start),
                hhmm(p.finish),
                component.label(),
                seat[0],
                seat[1],
            ]
        )
        if p.moved or p.supervision:
            notes.append(
                f"{component.code}: moved from "
                f"{p.timetabled_sitting.label()}. {p.supervision}"
            )
    story: list[Flowable] = [
        Heading(f"{candidate.number} {candidate.display_name}"),
        para(candidate.display_name, "Heading2"),
        para(f"Candidate number {candidate.number}   {context.series}"),
        Spacer(0, 3 * mm),
        grid_table(
            rows,
            [28 * mm, 14 * mm, 13 * mm, 13 * mm, 78 * mm, 22 * mm, 12 * mm],
            font_size=8,
        ),
        Spacer(0, 3 * mm),
    ]
    story += [para(n, "Small") for n in notes]
    story.append(
        para(
            "Finish times include your extra time and rest breaks. Arrive 15 "
            "minutes before the start. TBC: room and seat not yet set."
        )
    )
    return story


def _seat(plan: SeatingPlan | None, number: str) -> tuple[str, str]:
    found = plan.find(number) if plan else None
    if found is None:
        return TBC, TBC
    return found.room_code, found.seat.label
