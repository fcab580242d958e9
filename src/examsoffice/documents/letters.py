"""Letters from editable templates: the covering letter and the clash letter.

A template is plain text with ``$placeholders`` (Python's :class:`string.Template`).
The shipped ones live in ``templates/``; a centre passes its own wording instead.
A placeholder the template uses but the data lacks is an error naming it, so a
letter never goes out with a gap.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from importlib import resources

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from examsoffice.errors import DataError
from examsoffice.scheduling.model import Candidate, Component, ScheduledPaper

from ._layout import STYLES, Context, Heading, day, escape, hhmm, para, render

COVERING = "notice_covering_letter.txt"
CLASH = "clash_letter.txt"


def template(name: str) -> str:
    return (
        resources.files(__package__)
        .joinpath("templates", name)
        .read_text(encoding="utf-8")
    )


def fill(text: str, values: Mapping[str, str], name: str = "letter") -> str:
    try:
        return string.Template(text).substitute(values)
    except KeyError as exc:
        raise DataError(
            f"The template uses ${exc.args[0]} but no value was given; remove it from "
            "the template or ask for it to be added. "
            f"Known: {', '.join(sorted(values))}.",
            file=name,
        ) from None
    except ValueError as exc:
        raise DataError(
            f"The template has a stray $ sign ({exc}); write $$ for a dollar sign.",
            file=name,
        ) from None


def common_values(
    context: Context, candidate: Candidate, officer: str
) -> dict[str, str]:
    return {
        "forenames": candidate.forenames,
        "surname": candidate.surname,
        "candidate_number": candidate.number,
        "centre_name": context.centre_name,
        "centre_number": context.centre_number,
        "series": context.series,
        "officer": officer,
    }


def clash_values(
    papers: Sequence[ScheduledPaper], components: Mapping[str, Component]
) -> dict[str, str]:
    """The clash letter's lines: each paper with its actual times and supervision."""
    lines = []
    supervision = []
    for p in papers:
        lines.append(
            f"- {components[p.component_code].label()}: {day(p.sitting.date)} "
            f"{p.sitting.session.value}, {hhmm(p.start)} to {hhmm(p.finish)}"
        )
        if p.supervision:
            supervision.append(p.supervision)
    return {
        "clash_date": day(papers[0].timetabled_sitting.date) if papers else "",
        "papers": "\n".join(lines),
        "supervision": "\n".join(supervision)
        or "You will be supervised between papers.",
    }


def build(
    context: Context, letters: Sequence[tuple[str, str]], title: str = "Letter"
) -> bytes:
    """``letters`` are (heading, filled text) pairs, one letter per page."""
    story: list[Flowable] = []
    for heading, text in letters:
        story += [Heading(heading), Spacer(0, 10 * mm)]
        for block in text.split("\n\n"):
            # Lines starting with "-" are a list: keep their line breaks.
            joiner = "<br/>" if block.lstrip().startswith("-") else " "
            markup = escape(block.strip()).replace("\n", joiner)
            story += [Paragraph(markup, STYLES["Normal"]), Spacer(0, 3 * mm)]
        story.append(PageBreak())
    return render(story[:-1] or [para("No letters.")], context, title)
