"""The register's background jobs (found by examsoffice.jobs.registry)."""

from __future__ import annotations

from typing import Any

from examsoffice.accounts.roles import Role
from examsoffice.jobs.models import Job
from examsoffice.jobs.runner import Progress, handler
from examsoffice.register import batch


@handler(batch.KIND, labels=batch.SUMMARY_LABELS, seen_by=Role.REGISTER_OPERATOR)
def register_batch(job: Job, progress: Progress) -> dict[str, Any]:
    return batch.run_batch(job, progress)
