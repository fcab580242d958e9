"""Entries: single and bulk, tier changes, withdrawals, late fees, teachers' checks.

Every change is written to :class:`~examsoffice.exams.models.EntryChange`, which is
both the entry's history and the queue of the next submission.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from examsoffice.errors import DataError, Problem, ProblemLog
from examsoffice.exams import models as m
from examsoffice.exams.services import as_user
from examsoffice.exams.services.candidates import enter_candidate, enter_candidates
from examsoffice.formats.tables import read_table
from examsoffice.identifiers import normalise_candidate_number
from examsoffice.learners.models import Pupil


def fee_rule_for(series: m.Series, day: dt.date) -> m.FeeRule | None:
    """The late-fee rule in force on ``day``: the latest that has started."""
    return series.fee_rules.filter(starts_on__lte=day).order_by("-starts_on").first()


def _log(
    entry: m.Entry, kind: str, user: object, previous: str = "", detail: str = ""
) -> None:
    series = entry.candidate.series
    m.EntryChange.objects.create(
        series=series,
        awarding_body=series.awarding_body,
        candidate=entry.candidate,
        entry=entry,
        kind=kind,
        option_code=entry.option.code,
        previous_code=previous,
        detail=detail,
        user=as_user(user),
    )


@transaction.atomic
def enter(
    candidate: m.Candidate,
    option: m.Option,
    *,
    user: object = None,
    today: dt.date | None = None,
) -> m.Entry:
    """Enter the candidate for an option; late if a fee rule has started."""
    today = today or timezone.localdate()
    held = candidate.entries.filter(option=option).first()
    if held is not None:
        if held.status == m.EntryStatus.WITHDRAWN:
            return reinstate(held, user=user)
        return held
    _refuse_second_tier(candidate, option)
    rule = fee_rule_for(candidate.series, today)
    entry = m.Entry.objects.create(
        candidate=candidate,
        option=option,
        entered_on=today,
        fee_rule=rule,
        fee_pence=option.fee_pence,
        late_fee_pence=rule.extra_for(option.fee_pence) if rule else 0,
    )
    _log(entry, m.ChangeKind.ENTRY, user, detail=rule.name if rule else "")
    return entry


def _refuse_second_tier(candidate: m.Candidate, option: m.Option) -> None:
    other = (
        candidate.entries.filter(
            option__qualification=option.qualification, status=m.EntryStatus.ENTERED
        )
        .exclude(option=option)
        .first()
    )
    if other is not None:
        raise DataError(
            _(
                "Candidate %(n)s is already entered for %(held)s in this "
                "qualification. Change the tier of that entry instead of adding "
                "%(new)s."
            )
            % {"n": candidate.number, "held": other.option.code, "new": option.code},
            record=f"candidate {candidate.number}",
            field="entry code",
        )


@transaction.atomic
def change_tier(entry: m.Entry, option: m.Option, *, user: object = None) -> m.Entry:
    if option.qualification_id != entry.option.qualification_id:
        raise DataError(
            _(
                "%(new)s is not an option of %(qual)s; a tier change stays within "
                "one qualification. Withdraw and enter instead."
            )
            % {"new": option.code, "qual": entry.option.qualification},
            field="entry code",
        )
    previous = entry.option.code
    if previous == option.code:
        return entry
    entry.option = option
    entry.fee_pence = option.fee_pence
    entry.save()
    _log(entry, m.ChangeKind.TIER, user, previous=previous)
    return entry


@transaction.atomic
def withdraw(entry: m.Entry, *, user: object = None) -> m.Entry:
    if entry.status != m.EntryStatus.WITHDRAWN:
        entry.status = m.EntryStatus.WITHDRAWN
        entry.save(update_fields=["status"])
        _log(entry, m.ChangeKind.WITHDRAWAL, user)
    return entry


@transaction.atomic
def reinstate(entry: m.Entry, *, user: object = None) -> m.Entry:
    if entry.status == m.EntryStatus.WITHDRAWN:
        entry.status = m.EntryStatus.ENTERED
        entry.save(update_fields=["status"])
        _log(entry, m.ChangeKind.REINSTATEMENT, user)
    return entry


@transaction.atomic
def enter_many(
    series: m.Series,
    pairs: list[tuple[m.Candidate, m.Option]],
    *,
    user: object = None,
    today: dt.date | None = None,
) -> tuple[int, ProblemLog]:
    """Many new entries at once, with the rules of :func:`enter` checked in memory.

    An entry the candidate already holds is left as it is; another tier of a
    qualification already entered is a problem (change the tier instead).
    """
    today = today or timezone.localdate()
    rule = fee_rule_for(series, today)
    held = {
        (e.candidate_id, e.option.qualification_id): e.option_id
        for e in m.Entry.objects.filter(
            candidate__in=[c for c, _o in pairs]
        ).select_related("option")
    }
    problems = ProblemLog()
    new = []
    for candidate, option in pairs:
        key = (candidate.pk, option.qualification_id)
        if key in held:
            if held[key] != option.pk:
                problems.add(
                    Problem(
                        "entry.other_tier",
                        _("Already entered for another tier of %(q)s; change the tier.")
                        % {"q": option.qualification},
                        record=f"candidate {candidate.number}",
                        field="entry code",
                        value=option.code,
                    )
                )
            continue
        held[key] = option.pk
        new.append(
            m.Entry(
                candidate=candidate,
                option=option,
                entered_on=today,
                fee_rule=rule,
                fee_pence=option.fee_pence,
                late_fee_pence=rule.extra_for(option.fee_pence) if rule else 0,
            )
        )
    _bulk_log(series, m.Entry.objects.bulk_create(new), rule, user)
    return len(new), problems


def _bulk_log(
    series: m.Series, made: list[m.Entry], rule: m.FeeRule | None, user: object
) -> None:
    m.EntryChange.objects.bulk_create(
        m.EntryChange(
            series=series,
            awarding_body=series.awarding_body,
            candidate=e.candidate,
            entry=e,
            kind=m.ChangeKind.ENTRY,
            option_code=e.option.code,
            detail=rule.name if rule else "",
            user=as_user(user),
        )
        for e in made
    )


@transaction.atomic
def enter_group(
    series: m.Series,
    pupils: Iterable[Pupil],
    option: m.Option,
    *,
    user: object = None,
    today: dt.date | None = None,
) -> tuple[int, ProblemLog]:
    """Enter every pupil of a teaching group or year group for one option."""
    people = list(pupils)
    candidates = enter_candidates(series, people, user)
    pairs = [(candidates[p.pk], option) for p in people]
    return enter_many(series, pairs, user=user, today=today)


def enter_from_sheet(
    series: m.Series,
    data: bytes,
    name: str,
    *,
    user: object = None,
    today: dt.date | None = None,
) -> tuple[int, ProblemLog]:
    """Entries from a sheet of candidate_number and entry_code; all or nothing.

    A candidate already entered for another tier of the qualification has the tier
    changed.  Any error leaves the database as it was.
    """
    table, problems = read_table(data, name, ("candidate_number", "entry_code"))
    pupils = _season_pupils(series)
    options = {
        o.code.upper(): o for o in series.options.select_related("qualification")
    }
    count = 0
    with transaction.atomic():
        for line, cells in table:
            if _sheet_row(
                series, cells, line, name, pupils, options, problems, user, today
            ):
                count += 1
        if problems.has_errors():
            transaction.set_rollback(True)
            return 0, problems
    return count, problems


def _season_pupils(series: m.Series) -> dict[str, Pupil]:
    rows = m.Candidate.objects.filter(
        series__centre=series.centre, series__season=series.season
    ).select_related("pupil")
    return {c.number: c.pupil for c in rows}


def _sheet_row(
    series: m.Series,
    cells: dict[str, str],
    line: int,
    name: str,
    pupils: dict[str, Pupil],
    options: dict[str, m.Option],
    problems: ProblemLog,
    user: object,
    today: dt.date | None,
) -> bool:
    number = normalise_candidate_number(cells.get("candidate_number", ""))
    code = cells.get("entry_code", "").strip().upper()
    pupil = pupils.get(number)
    option = options.get(code)
    if pupil is None:
        problems.add(
            Problem(
                "entry.no_candidate",
                _(
                    "No candidate has number %(n)s in %(season)s. Add the learner as "
                    "a candidate first, or correct the number."
                )
                % {"n": number or "(empty)", "season": series.season},
                file=name,
                line=line,
                field="candidate_number",
                value=number,
            )
        )
    if option is None:
        problems.add(
            Problem(
                "entry.no_option",
                _("%(code)s is not an entry code in %(series)s; check the basedata.")
                % {"code": code or "(empty)", "series": series.name},
                file=name,
                line=line,
                field="entry_code",
                value=code,
            )
        )
    if pupil is None or option is None:
        return False
    candidate = enter_candidate(series, pupil, user)
    other = (
        candidate.entries.filter(
            option__qualification=option.qualification, status=m.EntryStatus.ENTERED
        )
        .exclude(option=option)
        .first()
    )
    if other is not None:
        change_tier(other, option, user=user)
    else:
        enter(candidate, option, user=user, today=today)
    return True


def entries_for_teacher(user: object, series: m.Series) -> QuerySet[m.Entry]:
    codes = m.SubjectTeacher.objects.filter(user=as_user(user)).values_list(
        "qualification_code", flat=True
    )
    return (
        m.Entry.objects.filter(
            candidate__series=series, option__qualification__code__in=list(codes)
        )
        .select_related("candidate__pupil", "option__qualification")
        .order_by("option__code", "candidate__number")
    )


@dataclass(frozen=True)
class SeriesToCheck:
    """A series holding entries in a teacher's subjects, and how many they checked."""

    series: m.Series
    entries: int
    checked: int

    @property
    def left(self) -> int:
        return self.entries - self.checked


def series_for_teacher(user: object) -> list[SeriesToCheck]:
    """Every series with entries in the teacher's subjects, newest first."""
    person = as_user(user)
    codes = list(
        m.SubjectTeacher.objects.filter(user=person).values_list(
            "qualification_code", flat=True
        )
    )
    if not codes:
        return []
    found = []
    for series in (
        m.Series.objects.filter(
            candidates__entries__option__qualification__code__in=codes
        )
        .distinct()
        .order_by("-year", "name")
    ):
        mine = entries_for_teacher(person, series)
        checked = m.EntryCheck.objects.filter(teacher=person, entry__in=mine).count()
        found.append(SeriesToCheck(series, mine.count(), checked))
    return found


def check_entry(
    entry: m.Entry, teacher: object, verdict: str, comment: str = ""
) -> m.EntryCheck:
    if verdict != m.Verdict.CORRECT and not comment.strip():
        raise DataError(
            _("Say what is wrong or what you are asking in the comment."),
            field="comment",
        )
    person = as_user(teacher)
    if person is None:
        raise DataError(_("Sign in as a teacher to check entries."))
    check, _created = m.EntryCheck.objects.update_or_create(
        entry=entry,
        teacher=person,
        defaults={"verdict": verdict, "comment": comment.strip(), "answer": ""},
    )
    return check


def answer_check(check: m.EntryCheck, user: object, answer: str) -> m.EntryCheck:
    check.answer = answer.strip()
    check.answered_by = as_user(user)
    check.answered_at = timezone.now()
    check.save()
    return check
