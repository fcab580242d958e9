"""Statement of entry: every entry a candidate holds in the series."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from examsoffice.scheduling.model import Candidate, Component, Entry

from ._layout import Context, Heading, day, grid_table, hhmm, para, render

TITLE = "Statement of entry"


def build(
    context: Context,
    candidates: Sequence[Candidate],
    entries: Sequence[Entry],
    components: Mapping[str, Component],
    show_fees: bool = False,
) -> bytes:
    """One page (or more) per candidate, in the order given."""
    story: list[Flowable] = []
    for candidate in candidates:
        mine = [e for e in entries if e.candidate_number == candidate.number]
        story += [
            *_statement(context, candidate, mine, components, show_fees),
            PageBreak(),
        ]
    return render(story[:-1] or [para("No candidates.")], context, TITLE)


def _statement(
    context: Context,
    candidate: Candidate,
    entries: Sequence[Entry],
    components: Mapping[str, Component],
    show_fees: bool,
) -> list[Flowable]:
    header = ["Code", "Title", "Level", "Tier", "Date", "Session", "Start"]
    rows = [header + (["Fee"] if show_fees else [])]
    fees = 0
    for entry in sorted(
        entries, key=lambda e: _order(components.get(e.component_code), e)
    ):
        component = components.get(entry.component_code)
        if component is None:
            continue
        row = [
            component.code,
            component.title,
            component.level.value,
            component.tier,
            day(component.date) or "Not timetabled",
            component.session.value if component.session else "",
            hhmm(component.start),
        ]
        if show_fees:
            row.append(_money(entry.fee_pence))
            fees += entry.fee_pence or 0
        rows.append(row)
    widths = [22 * mm, 58 * mm, 14 * mm, 10 * mm, 30 * mm, 15 * mm, 13 * mm]
    if show_fees:
        widths = [w * 0.92 for w in widths] + [16 * mm]
    story: list[Flowable] = [
        Heading(f"{candidate.number} {candidate.display_name}"),
        para(f"{candidate.display_name}", "Heading2"),
        para(
            f"Candidate number {candidate.number}   UCI "
            f"{candidate.uci or '-'}   {context.series}"
        ),
        Spacer(0, 3 * mm),
        grid_table(rows, widths, font_size=8),
        Spacer(0, 4 * mm),
    ]
    if show_fees:
        story.append(para(f"Total fees: {_money(fees)}"))
    story.append(
        para(
            "Check your name, date of birth and "
            "entries. Tell the exams office about any "
            "mistake straight away: a wrong name on "
            "a certificate costs money to put right."
        )
    )
    return story


def _order(component: Component | None, entry: Entry) -> tuple[object, ...]:
    if component is None or component.date is None:
        return (1, "", "", entry.component_code)
    return (
        0,
        component.date.isoformat(),
        component.session or "",
        entry.component_code,
    )


def _money(pence: int | None) -> str:
    return "" if pence is None else f"\u00a3{pence / 100:,.2f}"
