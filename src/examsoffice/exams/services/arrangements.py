"""Access arrangements: checked against the JCQ catalogue (data) as recorded."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from examsoffice.errors import DataError
from examsoffice.exams import adapters
from examsoffice.exams import models as m
from examsoffice.learners.models import Pupil
from examsoffice.scheduling.arrangements import check_arrangement, default_catalogue


def _number(data: Mapping[str, str], field: str) -> int | None:
    value = (data.get(field) or "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise DataError(_("Write a whole number."), field=field)
    return int(value)


def add_arrangement(pupil: Pupil, data: Mapping[str, str]) -> m.AccessArrangement:
    """Record an arrangement from form fields; refuse unknown codes and bad bands."""
    code = (data.get("code") or "").strip()
    default_catalogue().get(code)
    status = data.get("status") or m.ApprovalStatus.APPROVED
    if status not in m.ApprovalStatus.values:
        raise DataError(_("Choose an approval status."), field="status")
    arrangement = m.AccessArrangement(
        pupil=pupil,
        code=code,
        status=status,
        approved_on=parse_date(data.get("approved_on") or ""),
        valid_from=parse_date(data.get("valid_from") or ""),
        valid_to=parse_date(data.get("valid_to") or ""),
        percent=_number(data, "percent"),
        minutes=_number(data, "minutes"),
        minutes_per_hour=_number(data, "minutes_per_hour"),
        subjects=(data.get("subjects") or "").strip(),
        note=(data.get("note") or "").strip(),
    )
    faults = check_arrangement(adapters.arrangement(arrangement))
    if faults:
        raise DataError(" ".join(faults), field="percent")
    arrangement.save()
    return arrangement
