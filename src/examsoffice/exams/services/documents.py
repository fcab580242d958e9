"""Candidate documents as one PDF: for one candidate, a group or the whole cohort."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from examsoffice.documents import letters, personal_timetable, statement_of_entry
from examsoffice.documents._layout import Context
from examsoffice.documents.bundle import merge
from examsoffice.exams import adapters
from examsoffice.exams import models as m
from examsoffice.exams.reference import CLASH_LETTER, COVERING_LETTER
from examsoffice.exams.seats import seating_plans
from examsoffice.exams.services.series import season_of
from examsoffice.exams.services.timetable import clashes, season_cohort, timetables

KINDS = ("statement", "timetable", "notice", "clash")


def _context(series: m.Series) -> Context:
    return Context(
        centre_number=series.centre.number,
        centre_name=series.centre.name,
        series=series.season,
    )


def _ordered(cohort: adapters.Cohort) -> list[object]:
    return [cohort.candidates[n] for n in sorted(cohort.candidates)]


def statement(
    series: m.Series, pupil_ids: Iterable[int] | None = None, show_fees: bool = False
) -> bytes:
    cohort = season_cohort(series, pupil_ids)
    return statement_of_entry.build(
        _context(series),
        _ordered(cohort),  # type: ignore[arg-type]
        cohort.entries,
        cohort.components,
        show_fees=show_fees,
    )


def timetable(series: m.Series, pupil_ids: Iterable[int] | None = None) -> bytes:
    cohort = season_cohort(series, pupil_ids)
    return personal_timetable.build(
        _context(series),
        _ordered(cohort),  # type: ignore[arg-type]
        timetables(cohort),
        cohort.components,
        seating_plans(season_of(series)),
    )


def letter_text(key: str) -> str:
    held = m.LetterTemplate.objects.filter(key=key).first()
    if held is not None:
        return held.body
    name = letters.CLASH if key == CLASH_LETTER else letters.COVERING
    return letters.template(name)


def notice(
    series: m.Series, pupil_ids: Iterable[int] | None = None, officer: str = ""
) -> bytes:
    """Covering letter, statement of entry and timetable for each candidate."""
    cohort = season_cohort(series, pupil_ids)
    context = _context(series)
    text = letter_text(COVERING_LETTER)
    reply_by = (timezone.localdate() + dt.timedelta(days=7)).strftime("%d %B %Y")
    tables = timetables(cohort)
    plans = seating_plans(season_of(series))
    parts = []
    for number in sorted(cohort.candidates):
        candidate = cohort.candidates[number]
        values = letters.common_values(context, candidate, officer)
        values["reply_by"] = reply_by
        filled = letters.fill(text, values, COVERING_LETTER)
        parts += [
            (number, letters.build(context, [(number, filled)])),
            (
                f"{number} statement",
                statement_of_entry.build(
                    context, [candidate], cohort.entries, cohort.components
                ),
            ),
            (
                f"{number} timetable",
                personal_timetable.build(
                    context, [candidate], tables, cohort.components, plans
                ),
            ),
        ]
    return merge(parts) if parts else letters.build(context, [])


def clash_letters(
    series: m.Series, pupil_ids: Iterable[int] | None = None, officer: str = ""
) -> bytes:
    """One letter per clash day per candidate, with the resolved times."""
    cohort = season_cohort(series, pupil_ids)
    context = _context(series)
    text = letter_text(CLASH_LETTER)
    tables = timetables(cohort)
    found = []
    for item in clashes(series, pupil_ids):
        number = item.clash.candidate_number
        papers = [
            p
            for p in tables.get(number, [])
            if p.component_code in item.clash.component_codes
        ]
        values = letters.common_values(context, cohort.candidates[number], officer)
        values |= letters.clash_values(papers, cohort.components)
        found.append((f"{number} clash", letters.fill(text, values)))
    return letters.build(context, found, "Timetable clash")
