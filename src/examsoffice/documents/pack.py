"""Everything the exam-day documents need about one sitting, in one object.

The ``rooms`` app builds a :class:`SittingPack` from its models (or calls
:func:`make_pack`) and passes it to any document module or to
:func:`examsoffice.documents.bundle.half_day_folder`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from examsoffice.scheduling.arrangements import Catalogue, default_catalogue, types_for
from examsoffice.scheduling.clashes import ClashRules, effective_timetable
from examsoffice.scheduling.invigilation import Rooming, rooming
from examsoffice.scheduling.model import (
    Candidate,
    ClashResolution,
    Component,
    ScheduledPaper,
    SeatAssignment,
)
from examsoffice.scheduling.seating import SeatingPlan

from ._layout import Context


@dataclass(frozen=True)
class SittingPack:
    """A seated sitting with its people, papers, times and invigilation."""

    context: Context
    plan: SeatingPlan
    candidates: Mapping[str, Candidate]
    components: Mapping[str, Component]
    times: Mapping[tuple[str, str], ScheduledPaper]
    rooming: Rooming
    catalogue: Catalogue = field(default_factory=default_catalogue)

    def paper_time(self, candidate_number: str, code: str) -> ScheduledPaper | None:
        return self.times.get((candidate_number, code))

    def components_in_sitting(self) -> list[Component]:
        codes = {c for a in self.plan.assignments for c in a.component_codes}
        found = [self.components[c] for c in codes if c in self.components]
        return sorted(found, key=lambda c: (c.start or dt.time(0), c.code))

    def sitting_for(self, code: str) -> list[SeatAssignment]:
        """Everyone sitting a paper, in candidate-number order."""
        found = [a for a in self.plan.assignments if code in a.component_codes]
        return sorted(found, key=lambda a: a.candidate_number)

    def marks(self, candidate_number: str, code: str) -> str:
        """Short access arrangement marks (``ET25 WP``) for one candidate and paper."""
        component = self.components.get(code)
        if component is None:
            return ""
        kinds = types_for(self.candidates[candidate_number], component, self.catalogue)
        return " ".join(k.short for k in kinds)

    def arrangement_names(self, candidate_number: str, code: str) -> list[str]:
        component = self.components.get(code)
        if component is None:
            return []
        candidate = self.candidates[candidate_number]
        return [k.name for k in types_for(candidate, component, self.catalogue)]


def make_pack(
    context: Context,
    plan: SeatingPlan,
    candidates: Sequence[Candidate],
    components: Mapping[str, Component],
    resolutions: Sequence[ClashResolution] = (),
    allocations: Mapping[str, Sequence[str]] | None = None,
    lead: str = "",
    rules: ClashRules | None = None,
    catalogue: Catalogue | None = None,
) -> SittingPack:
    """Work out each seated candidate's actual times and the rooming sheet."""
    catalogue = catalogue or default_catalogue()
    people = {c.number: c for c in candidates}
    times: dict[tuple[str, str], ScheduledPaper] = {}
    for a in plan.assignments:
        papers = [components[c] for c in a.component_codes if c in components]
        candidate = people[a.candidate_number]
        for paper in effective_timetable(
            candidate, papers, resolutions, rules, catalogue
        ):
            times[(a.candidate_number, paper.component_code)] = paper
    sheet = rooming(plan, people, components, allocations, lead, catalogue=catalogue)
    return SittingPack(context, plan, people, components, times, sheet, catalogue)
