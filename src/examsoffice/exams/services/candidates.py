"""Candidates: numbers, UCIs and the identifier checks before a submission."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from examsoffice.errors import DataError
from examsoffice.exams import models as m
from examsoffice.exams.services import as_user
from examsoffice.identifiers import make_uci, normalise_uci, validate_uci, validate_uln
from examsoffice.learners.models import IdentifierChange, Pupil

log = logging.getLogger(__name__)

FIRST, LAST = 1, 9999


def season_numbers(series: m.Series) -> dict[str, int]:
    """Candidate numbers held in the season, to the pupil holding each."""
    rows = m.Candidate.objects.filter(
        series__centre=series.centre, series__season=series.season
    ).values_list("number", "pupil_id")
    return dict(rows)


def allocate_number(series: m.Series, pupil: Pupil) -> str:
    """The pupil's number in this season, or the next free one in their range.

    One number per learner per season, so the same number goes to every awarding
    body; the year group's range (if the centre set one) says where to look.
    """
    held = season_numbers(series)
    for number, pupil_id in held.items():
        if pupil_id == pupil.pk:
            return number
    first, last = _range_for(series.centre, pupil.year_group)
    taken = {int(n) for n in held}
    for n in range(first, last + 1):
        if n not in taken:
            return f"{n:04d}"
    raise DataError(
        _(
            "No candidate number is free in %(first)04d-%(last)04d for Year %(year)s. "
            "Widen the range under Candidate number ranges."
        )
        % {"first": first, "last": last, "year": pupil.year_group or "?"},
        record=str(pupil),
        field="candidate number",
    )


def _range_for(centre: m.Centre, year_group: str) -> tuple[int, int]:
    found = centre.number_ranges.filter(year_group=year_group).first()
    if found is None:
        return FIRST, LAST
    return found.first, found.last


@transaction.atomic
def enter_candidate(series: m.Series, pupil: Pupil, user: object = None) -> m.Candidate:
    """The pupil as a candidate in the series, made if need be, with a UCI."""
    existing = m.Candidate.objects.filter(series=series, pupil=pupil).first()
    if existing is not None:
        return existing
    candidate = m.Candidate.objects.create(
        series=series, pupil=pupil, number=allocate_number(series, pupil)
    )
    ensure_uci(candidate, user)
    return candidate


@transaction.atomic
def enter_candidates(
    series: m.Series, pupils: list[Pupil], user: object = None
) -> dict[int, m.Candidate]:
    """Many pupils as candidates at once (bulk entry, the demo), by pupil id.

    The same rules as :func:`enter_candidate`, worked out in memory so a year group
    costs a few queries rather than a few per pupil.
    """
    found = {c.pupil_id: c for c in series.candidates.filter(pupil__in=pupils)}
    held = season_numbers(series)
    by_pupil = {pupil_id: number for number, pupil_id in held.items()}
    taken = {int(n) for n in held}
    new = []
    for pupil in pupils:
        if pupil.pk in found:
            continue
        number = by_pupil.get(pupil.pk) or _next_free(series, pupil, taken)
        taken.add(int(number))
        new.append(m.Candidate(series=series, pupil=pupil, number=number))
    m.Candidate.objects.bulk_create(new)
    for candidate in m.Candidate.objects.filter(
        series=series, pupil__in=[c.pupil for c in new]
    ).select_related("pupil"):
        found[candidate.pupil_id] = candidate
    _bulk_ucis(series, [c for c in found.values() if not c.pupil.uci], user)
    return found


def _next_free(series: m.Series, pupil: Pupil, taken: set[int]) -> str:
    first, last = _range_for(series.centre, pupil.year_group)
    for n in range(first, last + 1):
        if n not in taken:
            return f"{n:04d}"
    raise DataError(
        _("No candidate number is free in %(first)04d-%(last)04d for Year %(year)s.")
        % {"first": first, "last": last, "year": pupil.year_group or "?"},
        record=str(pupil),
        field="candidate number",
    )


def _bulk_ucis(series: m.Series, candidates: list[m.Candidate], user: object) -> None:
    year = series.academic_year
    source = _("made for series %(s)s") % {"s": series.name}
    changes = []
    for c in candidates:
        c.pupil.uci = make_uci(series.centre.number, year, c.number)
        changes.append(
            IdentifierChange(
                pupil=c.pupil,
                identifier="UCI",
                new_value=c.pupil.uci,
                source=source,
                user=as_user(user),
            )
        )
    Pupil.objects.bulk_update([c.pupil for c in candidates], ["uci"])
    IdentifierChange.objects.bulk_create(changes)


def ensure_uci(candidate: m.Candidate, user: object = None) -> str:
    """Give the learner a UCI the first time they are a candidate; keep it for life."""
    pupil = candidate.pupil
    if pupil.uci:
        return pupil.uci
    series = candidate.series
    pupil.uci = make_uci(series.centre.number, series.academic_year, candidate.number)
    pupil.save(update_fields=["uci", "updated"])
    IdentifierChange.objects.create(
        pupil=pupil,
        identifier="UCI",
        new_value=pupil.uci,
        source=_("made for series %(s)s") % {"s": series.name},
        user=as_user(user),
    )
    return pupil.uci


def record_uci(pupil: Pupil, uci: str, source: str) -> m.UciException | None:
    """Take a UCI from elsewhere (a previous school, a board); a second one is kept
    aside as an exception for the officer to resolve, never silently replaced."""
    value = normalise_uci(uci)
    check = validate_uci(value)
    if not check:
        raise DataError(check.reason, record=str(pupil), field="UCI")
    if not pupil.uci:
        pupil.uci = value
        pupil.save(update_fields=["uci", "updated"])
        IdentifierChange.objects.create(
            pupil=pupil, identifier="UCI", new_value=value, source=source
        )
        return None
    if pupil.uci == value:
        return None
    exception, _created = m.UciException.objects.get_or_create(
        pupil=pupil,
        held_uci=pupil.uci,
        other_uci=value,
        kept_uci="",
        defaults={"source": source},
    )
    return exception


@transaction.atomic
def resolve_uci(exception: m.UciException, keep: str, user: object) -> None:
    """Keep one of the two UCIs (the boards ask for the earliest allocated)."""
    if keep not in {exception.held_uci, exception.other_uci}:
        raise DataError(
            _("Keep one of the two UCIs shown: %(a)s or %(b)s.")
            % {"a": exception.held_uci, "b": exception.other_uci},
            field="UCI",
        )
    pupil = exception.pupil
    if pupil.uci != keep:
        IdentifierChange.objects.create(
            pupil=pupil,
            identifier="UCI",
            old_value=pupil.uci,
            new_value=keep,
            source=_("second UCI resolved"),
            user=as_user(user),
        )
        pupil.uci = keep
        pupil.save(update_fields=["uci", "updated"])
    exception.kept_uci = keep
    exception.resolved_at = timezone.now()
    exception.resolved_by = as_user(user)
    exception.save()


@dataclass(frozen=True)
class IdentifierFlag:
    candidate: m.Candidate
    field: str
    message: str


def identifier_flags(series: m.Series) -> list[IdentifierFlag]:
    """Candidates whose ULN or UCI would stop or spoil a submission."""
    flags = []
    for c in series.candidates.select_related("pupil").order_by("number"):
        uln = validate_uln(c.pupil.uln)
        if not uln:
            flags.append(
                IdentifierFlag(
                    c,
                    "ULN",
                    _("%(reason)s Ask the learner register for the ULN first.")
                    % {"reason": uln.reason},
                )
            )
        uci = validate_uci(c.pupil.uci)
        if not uci:
            flags.append(IdentifierFlag(c, "UCI", uci.reason))
    return flags + _second_ucis(series)


def _second_ucis(series: m.Series) -> list[IdentifierFlag]:
    waiting = m.UciException.objects.filter(
        kept_uci="", pupil__candidacies__series=series
    ).values_list("pupil_id", flat=True)
    return [
        IdentifierFlag(
            c,
            "UCI",
            _("Two UCIs (%(a)s and %(b)s): keep one on the candidate's page.")
            % {"a": e.held_uci, "b": e.other_uci},
        )
        for c in series.candidates.filter(pupil_id__in=waiting).select_related("pupil")
        for e in c.pupil.uci_exceptions.filter(kept_uci="")
    ]


def allocation_year(uci: str) -> int | None:
    """The year a UCI was first allocated (its characters 7 and 8), e.g. 2019."""
    digits = uci[6:8]
    return 2000 + int(digits) if len(uci) == 13 and digits.isdigit() else None
