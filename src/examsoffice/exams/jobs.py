"""Candidate documents for a large cohort are built as a background job."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings

from examsoffice.documents.bundle import merge
from examsoffice.exams import models as m
from examsoffice.exams.services import documents
from examsoffice.exams.services.series import season_of
from examsoffice.exams.services.timetable import clashes
from examsoffice.jobs.models import Job
from examsoffice.jobs.runner import Progress, handler

KIND = "exams-documents"


def build(
    series: m.Series, kind: str, pupil_ids: list[int] | None, officer: str, fees: bool
) -> bytes:
    if kind == "statement":
        return documents.statement(series, pupil_ids, show_fees=fees)
    if kind == "timetable":
        return documents.timetable(series, pupil_ids)
    if kind == "notice":
        return documents.notice(series, pupil_ids, officer)
    return documents.clash_letters(series, pupil_ids, officer)


# Candidates per part: the page's bar moves as each part is built.
CHUNK = 40


@handler(KIND)
def build_documents(job: Job, progress: Progress) -> dict[str, Any]:
    params = job.params
    series = m.Series.objects.get(pk=params["series"])
    pupils = _pupils_in_order(series, params["kind"], params["pupil_ids"])
    progress.save(0, len(pupils), {})

    parts = []
    for start in range(0, len(pupils), CHUNK):
        chunk = pupils[start : start + CHUNK]
        pdf = build(series, params["kind"], chunk, params["officer"], params["fees"])
        parts.append((f"Candidates {start + 1} to {start + len(chunk)}", pdf))
        progress.save(start + len(chunk), len(pupils), {})
    pdf = merge(parts) if parts else build(series, params["kind"], [], "", False)

    folder = Path(settings.MEDIA_ROOT) / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{params['kind']}-{series.code}-{job.pk}.pdf"
    path.write_bytes(pdf)
    job.result_file = str(path)
    job.save(update_fields=["result_file"])
    return {"Document": path.name, "Size (KB)": len(pdf) // 1024}


def _pupils_in_order(
    series: m.Series, kind: str, wanted: list[int] | None
) -> list[int]:
    """The learners to print, in candidate-number order, as the PDF runs."""
    rows = m.Candidate.objects.filter(series__in=season_of(series))
    if wanted is not None:
        rows = rows.filter(pupil_id__in=wanted)
    if kind == "clash":
        # Only learners with a clash get a letter; a part without any would
        # print a page saying there are no letters.
        rows = rows.filter(pupil_id__in={c.candidate.pupil_id for c in clashes(series)})
    ordered = rows.order_by("number", "series_id").values_list("pupil_id", flat=True)
    return list(dict.fromkeys(ordered))
