"""Candidate timetables and clashes across a season, and the officer's resolutions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from examsoffice.errors import DataError
from examsoffice.exams import adapters
from examsoffice.exams import models as m
from examsoffice.exams.services import as_user
from examsoffice.exams.services.series import season_of
from examsoffice.scheduling import clashes as core_clashes
from examsoffice.scheduling.arrangements import candidate_duration
from examsoffice.scheduling.model import Clash, ScheduledPaper


@dataclass(frozen=True)
class FoundClash:
    clash: Clash
    candidate: m.Candidate
    resolved: bool
    resolutions: tuple[m.ClashResolution, ...]


def season_cohort(
    series: m.Series, pupil_ids: Iterable[int] | None = None
) -> adapters.Cohort:
    return adapters.cohort(season_of(series), pupil_ids)


def clashes(
    series: m.Series, pupil_ids: Iterable[int] | None = None
) -> list[FoundClash]:
    """Every clash in the season, each marked resolved once the officer has decided."""
    cohort = season_cohort(series, pupil_ids)
    found = core_clashes.find_all_clashes(
        cohort.candidates.values(), cohort.entries, cohort.components
    )
    stored = _stored_resolutions(cohort)
    return [
        FoundClash(
            clash=c,
            candidate=cohort.models[c.candidate_number],
            resolved=core_clashes.is_resolved(c, cohort.resolutions),
            resolutions=tuple(
                r
                for r in stored.get(c.candidate_number, [])
                if r.component.code in c.component_codes
            ),
        )
        for c in found
    ]


def _stored_resolutions(cohort: adapters.Cohort) -> dict[str, list[m.ClashResolution]]:
    rows = m.ClashResolution.objects.filter(
        candidate__pupil_id__in=[c.pupil_id for c in cohort.models.values()],
        candidate__series__season=next(iter(cohort.models.values())).series.season
        if cohort.models
        else "",
    ).select_related("candidate", "component")
    found: dict[str, list[m.ClashResolution]] = {}
    for r in rows:
        found.setdefault(r.candidate.number, []).append(r)
    return found


def timetables(cohort: adapters.Cohort) -> dict[str, list[ScheduledPaper]]:
    """Each candidate's effective timetable, with resolutions applied."""
    papers = core_clashes.papers_by_candidate(cohort.entries, cohort.components)
    return {
        number: core_clashes.effective_timetable(
            candidate, papers.get(number, []), cohort.resolutions
        )
        for number, candidate in sorted(cohort.candidates.items())
    }


def durations(cohort: adapters.Cohort, number: str) -> dict[str, tuple[int, int, int]]:
    """Base, extra and rest minutes per component for one candidate."""
    candidate = cohort.candidates[number]
    papers = core_clashes.papers_by_candidate(cohort.entries, cohort.components)
    found = {}
    for paper in papers.get(number, []):
        d = candidate_duration(candidate, paper)
        found[paper.code] = (d.base, d.extra, d.rest)
    return found


@transaction.atomic
def resolve(
    series: m.Series,
    candidate_number: str,
    component_code: str,
    action: str,
    *,
    position: int = 0,
    note: str = "",
    user: object = None,
) -> m.ClashResolution:
    """Record the officer's decision about one paper of a candidate's clash."""
    season = season_of(series)
    component = m.Component.objects.filter(
        series__in=season, code=component_code
    ).first()
    candidate = (
        m.Candidate.objects.filter(
            series__in=season,
            number=candidate_number,
            entries__option__components=component,
        ).first()
        if component
        else None
    )
    if component is None or candidate is None:
        raise DataError(
            _("Candidate %(n)s is not entered for %(c)s in %(s)s.")
            % {"n": candidate_number, "c": component_code, "s": series.season},
            field="component",
        )
    if action not in m.ResolutionAction.values:
        raise DataError(_("Choose one of the decisions offered."), field="decision")
    resolution, _created = m.ClashResolution.objects.update_or_create(
        candidate=candidate,
        component=component,
        action=action,
        defaults={
            "position": position,
            "note": note,
            "user": as_user(user),
        },
    )
    return resolution
