"""Candidate documents for a large cohort are built as a background job."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings

from examsoffice.exams import models as m
from examsoffice.exams.services import documents
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


@handler(KIND)
def build_documents(job: Job, progress: Progress) -> dict[str, Any]:
    params = job.params
    series = m.Series.objects.get(pk=params["series"])
    progress.save(0, 1, {})

    pdf = build(
        series, params["kind"], params["pupil_ids"], params["officer"], params["fees"]
    )
    folder = Path(settings.MEDIA_ROOT) / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{params['kind']}-{series.code}-{job.pk}.pdf"
    path.write_bytes(pdf)

    job.result_file = str(path)
    job.save(update_fields=["result_file"])
    progress.save(1, 1, {"written": path.name})
    return {"Document": path.name, "Size (KB)": len(pdf) // 1024}
