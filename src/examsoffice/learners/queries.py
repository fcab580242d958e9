"""Questions asked of the roll, shared by pages, dashboard and commands."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from examsoffice.learners.models import Pupil, RollStatus

PLACEHOLDER_ULN = "9999999999"


def on_roll() -> QuerySet[Pupil]:
    return Pupil.objects.filter(status=RollStatus.ON_ROLL)


def without_uln(pupils: QuerySet[Pupil]) -> QuerySet[Pupil]:
    # The placeholder 9999999999 means "no ULN yet", not a ULN.
    return pupils.filter(Q(uln="") | Q(uln=PLACEHOLDER_ULN))


def with_uln(pupils: QuerySet[Pupil]) -> QuerySet[Pupil]:
    return pupils.exclude(uln="").exclude(uln=PLACEHOLDER_ULN)
