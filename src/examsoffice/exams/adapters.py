"""Turn exams models into the scheduling core's dataclasses, and back.

The core knows candidates by number and components by code; everything here is one
query per kind of object, so a whole cohort converts in a handful of queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from examsoffice.exams import models as m
from examsoffice.scheduling import model as core

_LEVELS = {
    "GCSE": core.Level.GCSE,
    "GCE": core.Level.GCE,
    "A LEVEL": core.Level.GCE,
    "AS": core.Level.GCE,
    "AS LEVEL": core.Level.GCE,
}


def level_of(text: str) -> core.Level:
    return _LEVELS.get(text.strip().upper(), core.Level.OTHER)


def component(c: m.Component, level: str = "", body: str = "") -> core.Component:
    return core.Component(
        code=c.code,
        title=c.title,
        level=level_of(level),
        date=c.date,
        session=core.Session(c.session) if c.date and c.session else None,
        start=c.start,
        duration_minutes=c.duration_minutes,
        awarding_body=body,
    )


def arrangement(a: m.AccessArrangement) -> core.AccessArrangement:
    return core.AccessArrangement(
        code=a.code,
        status=core.ApprovalStatus(a.status),
        subjects=a.subject_codes,
        percent=a.percent,
        minutes=a.minutes,
        minutes_per_hour=a.minutes_per_hour,
        valid_from=a.valid_from,
        valid_to=a.valid_to,
        note=a.note,
    )


def candidate(
    c: m.Candidate, arrangements: Iterable[m.AccessArrangement] = ()
) -> core.Candidate:
    pupil = c.pupil
    return core.Candidate(
        number=c.number,
        surname=pupil.surname,
        forenames=pupil.forename,
        uci=pupil.uci,
        arrangements=tuple(arrangement(a) for a in arrangements),
        date_of_birth=pupil.date_of_birth,
        uln=pupil.uln,
    )


def resolution(r: m.ClashResolution) -> core.ClashResolution:
    return core.ClashResolution(
        candidate_number=r.candidate.number,
        component_code=r.component.code,
        action=core.ResolutionAction(r.action),
        position=r.position,
        note=r.note,
    )


@dataclass
class Cohort:
    """A series (or part of it) as the core sees it."""

    candidates: dict[str, core.Candidate]
    components: dict[str, core.Component]
    entries: list[core.Entry]
    resolutions: list[core.ClashResolution]
    models: dict[str, m.Candidate]


def cohort(
    series: Iterable[m.Series], pupil_ids: Iterable[int] | None = None
) -> Cohort:
    """Everyone entered in these series (the series of one season, as a rule).

    A learner is one core candidate across the series: the centre gives them one
    candidate number per season, so their papers with every awarding body meet in
    one timetable.  ``pupil_ids`` narrows the cohort to some learners.
    """
    series = list(series)
    rows = m.Candidate.objects.filter(series__in=series).select_related("pupil")
    if pupil_ids is not None:
        rows = rows.filter(pupil_id__in=list(pupil_ids))
    chosen = {c.pk: c for c in rows.order_by("number", "series_id")}
    aas = _arrangements_by_pupil([c.pupil_id for c in chosen.values()])
    entries = m.Entry.objects.filter(
        candidate_id__in=chosen, status=m.EntryStatus.ENTERED
    ).select_related("option__qualification")
    core_entries, levels = _entries(entries, chosen)
    first: dict[str, m.Candidate] = {}
    for c in chosen.values():
        first.setdefault(c.number, c)
    return Cohort(
        candidates={
            number: candidate(c, aas.get(c.pupil_id, [])) for number, c in first.items()
        },
        components=_components(series, levels),
        entries=core_entries,
        resolutions=[
            resolution(r)
            for r in m.ClashResolution.objects.filter(
                candidate_id__in=chosen
            ).select_related("candidate", "component")
        ],
        models=first,
    )


def _arrangements_by_pupil(
    pupil_ids: list[int],
) -> dict[int, list[m.AccessArrangement]]:
    found: dict[int, list[m.AccessArrangement]] = defaultdict(list)
    for a in m.AccessArrangement.objects.filter(pupil_id__in=pupil_ids):
        found[a.pupil_id].append(a)
    return found


def _entries(
    entries: Iterable[m.Entry], chosen: dict[int, m.Candidate]
) -> tuple[list[core.Entry], dict[int, str]]:
    links = defaultdict(list)
    for option_id, component_id in m.Option.components.through.objects.values_list(
        "option_id", "component_id"
    ):
        links[option_id].append(component_id)
    codes = dict(m.Component.objects.values_list("id", "code"))
    found: list[core.Entry] = []
    levels: dict[int, str] = {}
    for e in entries:
        number = chosen[e.candidate_id].number
        for component_id in links[e.option_id]:
            levels[component_id] = e.option.qualification.level
            found.append(core.Entry(number, codes[component_id], e.fee_pence))
    return found, levels


def _components(
    series: list[m.Series], levels: dict[int, str]
) -> dict[str, core.Component]:
    found = {}
    for c in m.Component.objects.filter(series__in=series).select_related(
        "series__awarding_body"
    ):
        body = c.series.awarding_body
        found[c.code] = component(
            c, levels.get(c.pk, ""), body.short_name if body else ""
        )
    return found
