"""Statement of entry: every entry a candidate holds in the series."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

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
        _details(context, candidate),
        Spacer(0, 3 * mm),
        _left(grid_table(rows, widths, font_size=8)),
        Spacer(0, 4 * mm),
    ]
    if show_fees:
        story.append(para(f"Total fees: {_money(fees)}"))
    story.append(
        para(
            "Check your name, date of birth, ULN and "
            "entries. Tell the exams office about any "
            "mistake straight away: a wrong name on "
            "a certificate costs money to put right."
        )
    )
    return story


def _left(table: Table) -> Table:
    # Level with the candidate's details above it, not centred under them.
    table.hAlign = "LEFT"
    return table


def _details(context: Context, candidate: Candidate) -> Table:
    """What the awarding bodies hold about the candidate, for them to check."""
    missing = "Not recorded: tell the exams office"
    born = candidate.date_of_birth
    rows = [
        ["Name", candidate.display_name],
        ["Date of birth", f"{born.day} {born:%B %Y}" if born else missing],
        ["Candidate number", candidate.number],
        ["UCI", candidate.uci or missing],
        ["ULN", candidate.uln or missing],
        ["Series", context.series],
    ]
    table = Table(rows, colWidths=[34 * mm, 90 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (0, -1), "Helvetica-Bold", 9),
                ("FONT", (1, 0), (1, -1), "Helvetica", 9),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
            ]
        )
    )
    return table


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
