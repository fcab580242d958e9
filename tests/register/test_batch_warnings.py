"""What is said of the whole batch file reaches the person: on the command line and
on the job's page."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from examsoffice.jobs.models import Job
from examsoffice.jobs.runner import run_pending
from tests.register.batch_files import mixed_rows, write_csv
from tests.register.test_batch_cli import run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "files"


def unicode_text(tmp_path: Path) -> Path:
    """The batch as Excel's 'Unicode Text' saves it: UTF-16, separated by tabs."""
    comma = write_csv(tmp_path, mixed_rows())
    rows = list(csv.reader(io.StringIO(comma.read_text(encoding="utf-8-sig"))))
    out = io.StringIO()
    csv.writer(out, delimiter="\t", lineterminator="\r\n").writerows(rows)
    path = tmp_path / "unicode" / comma.name
    path.parent.mkdir()
    path.write_bytes(out.getvalue().encode("utf-16"))
    return path


def test_the_command_says_the_file_was_read_as_tab_separated(capsys, tmp_path):
    path = unicode_text(tmp_path)

    code, _, err = run(capsys, "register", "batch", str(path))

    assert code == 0, err
    assert "Warning: The file is separated by tabs" in err


def test_the_jobs_page_says_the_file_was_read_as_tab_separated(
    operator_client, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    path = unicode_text(tmp_path)
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    operator_client.post("/register/batch/", {"file": upload})
    run_pending()
    job = Job.objects.get()

    page = operator_client.get(f"/register/batch/{job.pk}/").content.decode()

    assert "Warning: The file is separated by tabs" in page


def test_the_jobs_list_shows_an_operator_batches_from_the_command_line(
    capsys, operator_client, exams_officer, tmp_path
):
    from django.test import Client

    code, _, err = run(
        capsys, "register", "batch", str(write_csv(tmp_path, mixed_rows()))
    )
    job = Job.objects.get()
    officer = Client()
    officer.force_login(exams_officer)

    listed = operator_client.get("/jobs/").content.decode()
    opened = operator_client.get(f"/jobs/{job.pk}/")

    assert code == 0, err
    assert job.created_by is None
    assert job.title in listed
    assert opened.status_code == 200
    assert job.title not in officer.get("/jobs/").content.decode()


def test_each_downloaded_result_is_named_after_the_file_and_its_job(
    operator_client, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    path = write_csv(tmp_path, mixed_rows())
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    operator_client.post("/register/batch/", {"file": upload})
    run_pending()
    job = Job.objects.get()

    response = operator_client.get(f"/register/batch/{job.pk}/files/0/")
    response.close()

    expected = f"{path.stem}_result_job{job.pk}.CSV"
    assert expected in response["Content-Disposition"]
