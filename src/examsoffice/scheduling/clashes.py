"""Candidate timetables, clash detection and each candidate's effective timetable.

Rules (JCQ ICE, timetable clashes; overnight supervision guidance), all held in
:class:`ClashRules` so that a centre can update them each year:

* two or more papers in one session: sat consecutively in that session, with a
  short supervised break between them;
* if that session's total, with extra time and rest breaks, exceeds 3 hours, one
  paper moves to the other session of the same day, under supervision;
* three or more papers in a day over 5 h 30 (GCSE) or 6 h (GCE): the centre may
  arrange overnight supervision and move one paper to the next morning.

The officer's :class:`~.model.ClashResolution` records are applied by
:func:`effective_timetable`, which gives actual start and finish times for the
documents to print.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .arrangements import Catalogue, candidate_duration
from .model import (
    Candidate,
    Clash,
    ClashKind,
    ClashResolution,
    Component,
    Entry,
    Level,
    ResolutionAction,
    ScheduledPaper,
    Session,
    Sitting,
)


def _default_day_limits() -> dict[Level, int]:
    return {Level.GCSE: 330, Level.GCE: 360, Level.OTHER: 330}


def _default_starts() -> dict[Session, dt.time]:
    return {Session.AM: dt.time(9, 0), Session.PM: dt.time(13, 30)}


@dataclass(frozen=True)
class ClashRules:
    """The limits, in minutes, with JCQ defaults (see jcq.md section 3.2).

    ``day_limit_min_papers`` follows the overnight guidance (three or more papers);
    set it to 1 to flag any long day.  A day that mixes levels uses the lowest limit.
    ``break_minutes`` is the supervised break between consecutive papers (JCQ: no
    more than 20).  ``session_starts`` are the standard start times (9.00, 13.30).
    """

    session_limit_minutes: int = 180
    day_limit_minutes: Mapping[Level, int] = field(default_factory=_default_day_limits)
    day_limit_min_papers: int = 3
    break_minutes: int = 10
    session_starts: Mapping[Session, dt.time] = field(default_factory=_default_starts)
    supervision_after_start_minutes: int = 30


def candidate_papers(
    candidate_number: str,
    entries: Iterable[Entry],
    components: Mapping[str, Component],
) -> list[Component]:
    """The timetabled components a candidate is entered for, in timetable order."""
    codes = {
        e.component_code for e in entries if e.candidate_number == candidate_number
    }
    papers = [components[c] for c in codes if c in components]
    return sorted((p for p in papers if p.timetabled), key=_timetable_order)


def papers_by_candidate(
    entries: Iterable[Entry], components: Mapping[str, Component]
) -> dict[str, list[Component]]:
    """Every candidate's timetabled papers at once (one pass over the entries)."""
    found: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        component = components.get(entry.component_code)
        if component is not None and component.timetabled:
            found[entry.candidate_number].add(entry.component_code)
    return {
        number: sorted((components[c] for c in codes), key=_timetable_order)
        for number, codes in found.items()
    }


def _timetable_order(component: Component) -> tuple[object, ...]:
    return (
        component.date,
        component.session,
        component.start or dt.time(0),
        component.code,
    )


def find_clashes(
    candidate: Candidate,
    papers: Sequence[Component],
    rules: ClashRules | None = None,
    catalogue: Catalogue | None = None,
) -> list[Clash]:
    """Every clash in one candidate's timetable, sessions first then days."""
    rules = rules or ClashRules()
    minutes = {
        p.code: candidate_duration(candidate, p, catalogue).total for p in papers
    }
    clashes = _session_clashes(candidate.number, papers, minutes, rules)
    return clashes + _day_clashes(candidate.number, papers, minutes, rules)


def find_all_clashes(
    candidates: Iterable[Candidate],
    entries: Iterable[Entry],
    components: Mapping[str, Component],
    rules: ClashRules | None = None,
    catalogue: Catalogue | None = None,
) -> list[Clash]:
    """Clashes for a whole cohort, in candidate-number order."""
    by_candidate = papers_by_candidate(entries, components)
    found: list[Clash] = []
    for candidate in sorted(candidates, key=lambda c: c.number):
        papers = by_candidate.get(candidate.number, [])
        found.extend(find_clashes(candidate, papers, rules, catalogue))
    return found


def _session_clashes(
    number: str,
    papers: Sequence[Component],
    minutes: Mapping[str, int],
    rules: ClashRules,
) -> list[Clash]:
    clashes = []
    for sitting, group in _group_by_sitting(papers).items():
        if len(group) < 2:
            continue
        total = sum(minutes[p.code] for p in group)
        over = total > rules.session_limit_minutes
        clashes.append(
            Clash(
                kind=ClashKind.SESSION_TOO_LONG if over else ClashKind.SAME_SESSION,
                candidate_number=number,
                date=sitting.date,
                session=sitting.session,
                component_codes=tuple(p.code for p in group),
                total_minutes=total,
                limit_minutes=rules.session_limit_minutes,
                advice=_session_advice(over, sitting, rules),
            )
        )
    return clashes


def _session_advice(over: bool, sitting: Sitting, rules: ClashRules) -> str:
    if not over:
        return (
            "Sit the papers one after the other in this session, with a supervised "
            f"break of no more than 20 minutes between them (set to "
            f"{rules.break_minutes}). Choose the order."
        )
    other = sitting.session.other.value
    return (
        f"Together they take more than {rules.session_limit_minutes // 60} hours with "
        f"extra time and rest breaks. Move one paper to the {other} session of the "
        "same day and keep the candidate under supervision in between."
    )


def _day_clashes(
    number: str,
    papers: Sequence[Component],
    minutes: Mapping[str, int],
    rules: ClashRules,
) -> list[Clash]:
    clashes = []
    for day, group in _group_by_day(papers).items():
        limit = min(rules.day_limit_minutes[p.level] for p in group)
        total = sum(minutes[p.code] for p in group)
        if len(group) < rules.day_limit_min_papers or total <= limit:
            continue
        clashes.append(
            Clash(
                kind=ClashKind.DAY_TOO_LONG,
                candidate_number=number,
                date=day,
                session=None,
                component_codes=tuple(p.code for p in group),
                total_minutes=total,
                limit_minutes=limit,
                advice=(
                    f"More than {_hours(limit)} of exams in one day. The centre may "
                    "arrange overnight supervision and move one paper to the next "
                    "morning; offer the candidate the chance to sit all papers today."
                ),
            )
        )
    return clashes


def _hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if rest else f"{hours} hours"


def _group_by_sitting(papers: Iterable[Component]) -> dict[Sitting, list[Component]]:
    groups: dict[Sitting, list[Component]] = defaultdict(list)
    for paper in papers:
        if paper.sitting is not None:
            groups[paper.sitting].append(paper)
    return dict(sorted(groups.items()))


def _group_by_day(papers: Iterable[Component]) -> dict[dt.date, list[Component]]:
    groups: dict[dt.date, list[Component]] = defaultdict(list)
    for paper in papers:
        if paper.date is not None:
            groups[paper.date].append(paper)
    return dict(sorted(groups.items()))


def is_resolved(clash: Clash, resolutions: Iterable[ClashResolution]) -> bool:
    """Whether the officer has recorded a decision that answers this clash."""
    answers = {
        ClashKind.SAME_SESSION: {
            ResolutionAction.ORDER_IN_SESSION,
            ResolutionAction.MOVE_TO_OTHER_SESSION,
        },
        ClashKind.SESSION_TOO_LONG: {ResolutionAction.MOVE_TO_OTHER_SESSION},
        ClashKind.DAY_TOO_LONG: {
            ResolutionAction.MOVE_TO_NEXT_MORNING,
            ResolutionAction.SUPERVISION_ARRANGED,
        },
    }[clash.kind]
    return any(
        r.candidate_number == clash.candidate_number
        and r.component_code in clash.component_codes
        and r.action in answers
        for r in resolutions
    )


def effective_timetable(
    candidate: Candidate,
    papers: Sequence[Component],
    resolutions: Iterable[ClashResolution] = (),
    rules: ClashRules | None = None,
    catalogue: Catalogue | None = None,
) -> list[ScheduledPaper]:
    """The candidate's papers with the officer's resolutions applied.

    Papers sharing a session run one after another: the first at its published
    start, each next one after the previous finish plus ``rules.break_minutes``.
    Papers that stay in their session come before papers moved into it, unless an
    ``ORDER_IN_SESSION`` resolution gives a position.
    """
    rules = rules or ClashRules()
    mine = [r for r in resolutions if r.candidate_number == candidate.number]
    placed = _place(papers, mine)
    scheduled: list[ScheduledPaper] = []
    for sitting, group in sorted(placed.items()):
        scheduled.extend(
            _run_session(candidate, sitting, group, mine, rules, catalogue)
        )
    return scheduled


def _place(
    papers: Sequence[Component], resolutions: Sequence[ClashResolution]
) -> dict[Sitting, list[Component]]:
    placed: dict[Sitting, list[Component]] = defaultdict(list)
    for paper in papers:
        if paper.sitting is not None:
            placed[_target(paper.sitting, paper.code, resolutions)].append(paper)
    return placed


def _target(
    sitting: Sitting, code: str, resolutions: Sequence[ClashResolution]
) -> Sitting:
    actions = {r.action for r in resolutions if r.component_code == code}
    if ResolutionAction.MOVE_TO_NEXT_MORNING in actions:
        # JCQ: a Friday-afternoon paper deferred is sat on Saturday morning, so the
        # next calendar day is right even at the end of the week.
        return Sitting(sitting.date + dt.timedelta(days=1), Session.AM)
    if ResolutionAction.MOVE_TO_OTHER_SESSION in actions:
        return Sitting(sitting.date, sitting.session.other)
    return sitting


def _run_session(
    candidate: Candidate,
    sitting: Sitting,
    group: list[Component],
    resolutions: Sequence[ClashResolution],
    rules: ClashRules,
    catalogue: Catalogue | None,
) -> list[ScheduledPaper]:
    ordered = sorted(group, key=lambda p: _order_key(p, sitting, resolutions))
    clock = _session_start(sitting, ordered, rules)
    out = []
    for paper in ordered:
        duration = candidate_duration(candidate, paper, catalogue)
        finish = clock + dt.timedelta(minutes=duration.total)
        out.append(
            ScheduledPaper(
                candidate_number=candidate.number,
                component_code=paper.code,
                sitting=sitting,
                start=clock.time(),
                finish=finish.time(),
                base_minutes=duration.base,
                extra_minutes=duration.extra,
                rest_minutes=duration.rest,
                timetabled_sitting=paper.sitting or sitting,
                supervision=_supervision(paper, sitting, resolutions, rules),
                notes=tuple(
                    r.note
                    for r in resolutions
                    if r.component_code == paper.code and r.note
                ),
            )
        )
        clock = finish + dt.timedelta(minutes=rules.break_minutes)
    return out


def _order_key(
    paper: Component, sitting: Sitting, resolutions: Sequence[ClashResolution]
) -> tuple[int, int, tuple[object, ...]]:
    for r in resolutions:
        if (
            r.component_code == paper.code
            and r.action is ResolutionAction.ORDER_IN_SESSION
        ):
            return (0, r.position, _timetable_order(paper))
    moved_in = 0 if paper.sitting == sitting else 1
    return (1 + moved_in, 0, _timetable_order(paper))


def _session_start(
    sitting: Sitting, ordered: Sequence[Component], rules: ClashRules
) -> dt.datetime:
    first = ordered[0]
    published = first.start if first.sitting == sitting else None
    start = published or rules.session_starts[sitting.session]
    return dt.datetime.combine(sitting.date, start)


def _supervision(
    paper: Component,
    sitting: Sitting,
    resolutions: Sequence[ClashResolution],
    rules: ClashRules,
) -> str:
    arranged = any(
        r.component_code == paper.code
        and r.action is ResolutionAction.SUPERVISION_ARRANGED
        for r in resolutions
    )
    if paper.sitting is None or paper.sitting == sitting:
        return "Supervision arranged." if arranged else ""
    published = paper.start or rules.session_starts[paper.sitting.session]
    if sitting > paper.sitting:
        from_time = dt.datetime.combine(paper.sitting.date, published) + dt.timedelta(
            minutes=rules.supervision_after_start_minutes
        )
        when = "overnight" if sitting.date > paper.sitting.date else "until the paper"
        return (
            f"Under supervision from {from_time:%H:%M} on {paper.sitting.label()} "
            f"{when}; no contact with other candidates."
        )
    return (
        f"Sits this paper early; under supervision until {published:%H:%M} when "
        "the other candidates start it; no contact with them."
    )
