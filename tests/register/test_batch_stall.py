"""The batch list says when a running batch has stopped making progress."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from examsoffice.jobs.models import Job, JobStatus
from examsoffice.register import jobs as _jobs  # noqa: F401  (registers the handler)
from tests.register.batch_files import mixed_rows, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "files"


def test_a_batch_with_no_recent_progress_says_it_will_carry_on(
    operator_client, tmp_path
):
    path = write_csv(tmp_path, mixed_rows())
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    operator_client.post("/register/batch/", {"file": upload})
    running = Job.objects.filter(pk=Job.objects.get().pk)
    running.update(status=JobStatus.RUNNING, done=1, heartbeat=timezone.now())
    busy = operator_client.get("/register/batch/").content.decode()

    running.update(heartbeat=timezone.now() - timedelta(minutes=1))
    quiet = operator_client.get("/register/batch/").content.decode()

    assert "carries on from its last saved part" not in busy
    assert "carries on from its last saved part" in quiet
