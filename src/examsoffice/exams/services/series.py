"""Centres, series and mock series."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from examsoffice.errors import DataError
from examsoffice.exams import models as m
from examsoffice.identifiers import validate_centre_number


def current_centre() -> m.Centre:
    centre = m.Centre.objects.first()
    if centre is None:
        raise DataError(
            _("No exam centre is set up yet. Add one under Exams, Centre first.")
        )
    return centre


def season_of(series: m.Series) -> list[m.Series]:
    """Every series sat in the same weeks as ``series``, itself included."""
    return list(
        m.Series.objects.filter(centre=series.centre, season=series.season).order_by(
            "name"
        )
    )


@transaction.atomic
def create_series(
    *,
    jcq_id: str,
    code: str,
    name: str,
    season: str,
    year: int,
    entry_deadline: dt.date | None = None,
    centre_number: str = "",
    centre_name: str = "",
) -> m.Series:
    """A public series; the centre is made on first use from its number and name."""
    centre = m.Centre.objects.first()
    if centre is None:
        check = validate_centre_number(centre_number)
        if not check or not centre_name.strip():
            raise DataError(
                _("Give the centre number (5 digits) and name: no centre is set up."),
                field="centre number",
            )
        centre = m.Centre.objects.create(
            number=check.normalised, name=centre_name.strip()
        )
    body = m.AwardingBody.objects.filter(jcq_id=jcq_id).first()
    if body is None or not code.strip() or not name.strip():
        raise DataError(
            _("Choose the awarding body and give the series code and name."),
            field="series",
        )
    if m.Series.objects.filter(centre=centre, awarding_body=body, code=code).exists():
        raise DataError(
            _("%(body)s series %(code)s exists already.")
            % {"body": body.short_name, "code": code},
            field="series code",
        )
    return m.Series.objects.create(
        centre=centre,
        awarding_body=body,
        code=code.strip(),
        name=name.strip(),
        season=season.strip() or name.strip(),
        year=year,
        entry_deadline=entry_deadline,
    )


@transaction.atomic
def create_mock_series(
    source: m.Series, *, name: str, code: str, first_day: dt.date | None = None
) -> m.Series:
    """An internal series with ``source``'s qualifications, options and components.

    No basedata is needed: the mock reuses the public papers.  With ``first_day``
    the dates move so the first paper falls on that day, keeping their spacing.
    """
    mock = m.Series.objects.create(
        centre=source.centre,
        kind=m.SeriesKind.INTERNAL,
        code=code,
        name=name,
        season=name,
        year=(first_day or dt.date(source.year, 1, 1)).year,
        source=source,
    )
    shift = _shift(source, first_day)
    components = {
        c.pk: m.Component.objects.create(
            series=mock,
            code=c.code,
            title=c.title,
            date=c.date + shift if c.date else None,
            session=c.session,
            start=c.start,
            duration_minutes=c.duration_minutes,
        )
        for c in source.components.all()
    }
    for q in source.qualifications.prefetch_related("options__components"):
        _copy_qualification(mock, q, components)
    return mock


def _shift(source: m.Series, first_day: dt.date | None) -> dt.timedelta:
    first = source.components.exclude(date=None).order_by("date").first()
    if first_day is None or first is None or first.date is None:
        return dt.timedelta(0)
    return first_day - first.date


def _copy_qualification(
    mock: m.Series, q: m.Qualification, components: dict[int, m.Component]
) -> None:
    new_q = m.Qualification.objects.create(
        series=mock, code=q.code, title=q.title, level=q.level, qan=q.qan
    )
    for option in q.options.all():
        new_o = m.Option.objects.create(
            series=mock,
            qualification=new_q,
            code=option.code,
            title=option.title,
            tier=option.tier,
            fee_pence=0,
        )
        new_o.components.set([components[c.pk] for c in option.components.all()])
