"""Questions asked of the roll, shared by pages, dashboard and commands."""

from __future__ import annotations

from django.apps import apps
from django.db.models import Q, QuerySet

from examsoffice.learners.models import (
    ExceptionStatus,
    ImportException,
    Pupil,
    RollStatus,
)

PLACEHOLDER_ULN = "9999999999"


def on_roll() -> QuerySet[Pupil]:
    return Pupil.objects.filter(status=RollStatus.ON_ROLL)


def without_uln(pupils: QuerySet[Pupil]) -> QuerySet[Pupil]:
    # The placeholder 9999999999 means "no ULN yet", not a ULN.
    return pupils.filter(Q(uln="") | Q(uln=PLACEHOLDER_ULN))


def with_uln(pupils: QuerySet[Pupil]) -> QuerySet[Pupil]:
    return pupils.exclude(uln="").exclude(uln=PLACEHOLDER_ULN)


def temporary_upn(pupils: QuerySet[Pupil]) -> QuerySet[Pupil]:
    # A temporary UPN ends in a letter where a permanent one ends in a digit.
    return pupils.filter(upn__regex=r"^[A-Z][0-9]{11}[A-Z]$")


def with_open_exceptions(pupils: QuerySet[Pupil]) -> QuerySet[Pupil]:
    return pupils.filter(import_exceptions__status=ExceptionStatus.OPEN).distinct()


def open_exceptions() -> QuerySet[ImportException]:
    return ImportException.objects.filter(status=ExceptionStatus.OPEN)


def exam_entries(pupil_id: int) -> tuple[int, int]:
    """How many exam entries the pupil has, and in how many series.

    Asked through the app registry: the exams app builds on the roll, not the
    other way round, and the roll works without it.
    """
    if not apps.is_installed("examsoffice.exams"):
        return 0, 0
    entry = apps.get_model("exams", "Entry")
    found = entry._default_manager.filter(candidate__pupil_id=pupil_id)
    series = found.values("candidate__series_id").distinct().count()
    return found.count(), series
