"""Basedata import: preview what a file would change, then apply it in one go.

A refresh never deletes a qualification, option or component that has entries;
anything missing from the new file is reported and left alone.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from examsoffice.errors import Problem, ProblemLog, Severity
from examsoffice.exams import models as m
from examsoffice.formats.basedata import Basedata, read_basedata

log = logging.getLogger(__name__)


@dataclass
class Preview:
    basedata: Basedata
    problems: ProblemLog
    new: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    @property
    def can_apply(self) -> bool:
        return not self.problems.has_errors() and bool(self.basedata.components)

    @property
    def summary(self) -> str:
        """What the file adds and changes, as one sentence for the officer."""
        new = ", ".join(
            _count(self.new.get(kind, 0), kind)
            for kind in ("qualifications", "options", "components")
        )
        changed = _count(self.changed.get("components", 0), "components")
        return _("New: %(new)s. Changed: %(changed)s.") % {
            "new": new,
            "changed": changed,
        }


def _count(n: int, kind: str) -> str:
    words = {
        "qualifications": ngettext("%(n)d qualification", "%(n)d qualifications", n),
        "options": ngettext("%(n)d entry code", "%(n)d entry codes", n),
        "components": ngettext("%(n)d component", "%(n)d components", n),
    }
    return words[kind] % {"n": n}


def preview(series: m.Series, data: bytes, name: str) -> Preview:
    basedata, problems = read_basedata(data, name)
    result = Preview(basedata, problems)
    _check_series(series, basedata, name, problems)
    _compare(series, basedata, result)
    return result


def _check_series(
    series: m.Series, basedata: Basedata, name: str, problems: ProblemLog
) -> None:
    body = series.awarding_body
    if body and basedata.awarding_body and basedata.awarding_body != body.jcq_id:
        problems.add(
            Problem(
                "basedata.wrong_body",
                _(
                    "The file is for awarding body %(file)s but the series %(series)s "
                    "is %(body)s (%(id)s). Import it into that awarding body's series."
                )
                % {
                    "file": basedata.awarding_body,
                    "series": series.name,
                    "body": body.short_name,
                    "id": body.jcq_id,
                },
                file=name,
                field="awarding_body",
            )
        )
    if basedata.series_code and basedata.series_code != series.code:
        problems.add(
            Problem(
                "basedata.other_series",
                _(
                    "The file's series code is %(file)s; this series' code is "
                    "%(code)s. Check you chose the right file."
                )
                % {"file": basedata.series_code, "code": series.code},
                severity=Severity.WARNING,
                file=name,
                field="series",
            )
        )


def _compare(series: m.Series, basedata: Basedata, result: Preview) -> None:
    held = {c.code: c for c in series.components.all()}
    new = [c for c in basedata.components if c not in held]
    changed = [
        c.code
        for code, c in basedata.components.items()
        if code in held and _component_fields(held[code]) != _fields(c)
    ]
    result.new = {
        "qualifications": len(
            set(basedata.qualifications)
            - set(series.qualifications.values_list("code", flat=True))
        ),
        "options": len(
            set(basedata.options) - set(series.options.values_list("code", flat=True))
        ),
        "components": len(new),
    }
    result.changed = {"components": len(changed)}
    result.missing = sorted(set(held) - set(basedata.components))


def _fields(c: object) -> tuple[object, ...]:
    return tuple(
        getattr(c, f) for f in ("title", "date", "session", "start", "duration_minutes")
    )


def _component_fields(c: m.Component) -> tuple[object, ...]:
    return _fields(c)


@transaction.atomic
def apply(series: m.Series, upload: m.BasedataImport) -> Preview:
    """Write the file's basedata into the series, or nothing if it has errors."""
    result = preview(series, bytes(upload.content), upload.file_name)
    if not result.can_apply:
        return result
    components = _apply_components(series, result.basedata)
    qualifications = _apply_qualifications(series, result.basedata)
    _apply_options(series, result.basedata, qualifications, components)
    upload.series = series
    upload.applied_at = timezone.now()
    upload.summary = {"new": result.new, "changed": result.changed}
    upload.save()
    log.info("Basedata applied to series %s from import %s", series.pk, upload.pk)
    return result


def _apply_components(series: m.Series, basedata: Basedata) -> dict[str, m.Component]:
    found = {}
    for code, c in basedata.components.items():
        found[code], _created = m.Component.objects.update_or_create(
            series=series,
            code=code,
            defaults={
                "title": c.title,
                "date": c.date,
                "session": c.session,
                "start": c.start,
                "duration_minutes": c.duration_minutes,
            },
        )
    return found


def _apply_qualifications(
    series: m.Series, basedata: Basedata
) -> dict[str, m.Qualification]:
    found = {}
    for code, q in basedata.qualifications.items():
        found[code], _created = m.Qualification.objects.update_or_create(
            series=series,
            code=code,
            defaults={"title": q.title, "level": q.level, "qan": q.qan},
        )
    return found


def _apply_options(
    series: m.Series,
    basedata: Basedata,
    qualifications: dict[str, m.Qualification],
    components: dict[str, m.Component],
) -> None:
    for code, (q_code, o) in basedata.options.items():
        option, _created = m.Option.objects.update_or_create(
            series=series,
            code=code,
            defaults={
                "qualification": qualifications[q_code],
                "title": o.title,
                "tier": o.tier,
                "fee_pence": o.fee_pence,
            },
        )
        option.components.set([components[c] for c in o.component_codes])
