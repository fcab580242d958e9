from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from examsoffice.formats.lrs_batch import COLUMNS, read_batch
from examsoffice.jobs.models import Job, JobStatus
from examsoffice.jobs.runner import run_pending
from examsoffice.register import jobs as _jobs  # noqa: F401  (registers the handler)
from tests.register.batch_files import mixed_rows, row, write_csv, write_malformed_csv

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "files"


def upload(client, path: Path, **extra):
    data = {"file": SimpleUploadedFile(path.name, path.read_bytes()), **extra}
    return client.post("/register/batch/", data)


def test_an_operator_uploads_a_batch_and_is_sent_to_its_progress(
    operator_client, operator, tmp_path
):
    response = upload(operator_client, write_csv(tmp_path, mixed_rows()))

    job = Job.objects.get()
    assert response.status_code == 302
    assert response.url == f"/register/batch/{job.pk}/"
    assert job.created_by == operator
    assert job.params["learners"] == 4


def test_the_list_shows_progress_and_offers_the_result(operator_client, tmp_path):
    upload(operator_client, write_csv(tmp_path, mixed_rows()))
    run_pending()
    job = Job.objects.get()

    page = operator_client.get("/register/batch/").content.decode()
    download = operator_client.get(f"/register/batch/{job.pk}/files/0/")

    assert job.status == JobStatus.DONE
    assert f"/register/batch/{job.pk}/" in page
    assert f"/register/batch/{job.pk}/files/0/" in page
    assert download.status_code == 200
    body = b"".join(download.streaming_content).decode("utf-8-sig")
    assert "WSRC0005" in body
    assert operator_client.get(f"/register/batch/{job.pk}/files/1/").status_code == 404


def test_only_register_operators_download_batch_results(officer_client):
    assert officer_client.get("/register/batch/1/files/0/").status_code == 403


def test_a_malformed_upload_is_refused_with_the_row_and_field(
    operator_client, tmp_path
):
    path = write_malformed_csv(tmp_path)

    response = upload(operator_client, path)

    page = response.content.decode()
    assert response.status_code == 200
    assert "2 problems" in page
    assert "row 5: The row has 27 values" in page
    assert "row 6: The row has 27 values" in page
    assert not Job.objects.exists()


def test_an_exams_officer_may_not_run_register_batches(officer_client, tmp_path):
    assert officer_client.get("/register/batch/").status_code == 403
    assert upload(officer_client, write_csv(tmp_path, [row("A1")])).status_code == 403
    assert not Job.objects.exists()


def test_a_signed_out_visitor_is_sent_to_sign_in(client):
    response = client.get("/register/batch/")

    assert response.status_code == 302
    assert "login" in response.url


def test_the_page_shows_the_batch_file_name_with_its_ukprn_part(operator_client):
    page = operator_client.get("/register/batch/").content.decode()

    assert "LRB_&lt;UKPRN&gt;_...CSV" in page
    assert "LRB__...CSV" not in page
    assert 'href="/register/batch/template.csv"' in page


def test_the_template_download_is_a_batch_file_the_register_reads(
    operator_client, tmp_path
):
    response = operator_client.get("/register/batch/template.csv")

    assert response.status_code == 200
    assert "LRB_batch_template.CSV" in response["Content-Disposition"]
    lines = response.content.decode().splitlines()
    assert lines[1].startswith("2A,")
    assert lines[2].split(",") == list(COLUMNS)
    batch = read_batch(response.content, name="LRB_10012345_010920251030.CSV")
    assert [(one.given_name, one.rejected) for one in batch.learners] == [
        ("Amelia", False)
    ]


def test_only_register_operators_download_the_template(officer_client):
    assert officer_client.get("/register/batch/template.csv").status_code == 403


def test_a_finished_batch_job_page_shows_its_outcomes_in_words(
    operator_client, tmp_path
):
    upload(operator_client, write_csv(tmp_path, mixed_rows()))
    run_pending()
    job = Job.objects.get()

    page = operator_client.get(f"/register/batch/{job.pk}/").content.decode()
    listing = operator_client.get("/register/batch/").content.decode()

    assert "<th>Possible matches</th><td>1</td>" in page
    assert "<th>Not found</th><td>0</td>" in page
    assert "possible_match" not in page
    assert "Possible matches" in listing


def test_a_finished_batch_links_its_possible_matches_to_the_queue(
    operator_client, tmp_path
):
    upload(operator_client, write_csv(tmp_path, mixed_rows()))
    run_pending()
    job = Job.objects.get()

    page = operator_client.get(f"/register/batch/{job.pk}/").content.decode()
    listing = operator_client.get("/register/batch/?partial=1").content.decode()

    assert 'href="/register/exceptions/"' in page
    assert "run the same file again" in page
    assert '<a href="/register/exceptions/">1</a>' in listing


def test_an_operator_opens_a_batch_started_from_the_command_line(
    operator_client, tmp_path
):
    from examsoffice.register import batch

    path = write_csv(tmp_path, mixed_rows())
    job = batch.start_batch(path.name, path.read_bytes())  # no user: the CLI
    listing = operator_client.get("/register/batch/").content.decode()

    page = operator_client.get(f"/register/batch/{job.pk}/")
    partial = operator_client.get(f"/register/batch/{job.pk}/?partial=1")

    assert f'href="/register/batch/{job.pk}/"' in listing
    assert page.status_code == partial.status_code == 200
    assert "Started from the command line" in page.content.decode()


def test_other_roles_cannot_open_a_batch_job(officer_client, tmp_path):
    from examsoffice.register import batch

    path = write_csv(tmp_path, mixed_rows())
    job = batch.start_batch(path.name, path.read_bytes())

    assert officer_client.get(f"/register/batch/{job.pk}/").status_code == 403


def test_the_same_upload_again_while_it_runs_goes_to_the_running_job(
    operator_client, tmp_path
):
    path = write_csv(tmp_path, mixed_rows())
    upload(operator_client, path)
    first = Job.objects.get()

    again = upload(operator_client, path)

    assert again.status_code == 302
    assert again.url == f"/register/batch/{first.pk}/"
    assert Job.objects.count() == 1
    page = operator_client.get(again.url).content.decode()
    assert "already being worked through" in page


def test_an_xml_upload_that_is_not_a_ctf_names_its_root_and_no_cli_option(
    operator_client, tmp_path
):
    path = tmp_path / "learners.XML"
    path.write_text("<Learners><Learner/></Learners>\n", encoding="utf-8")

    page = upload(operator_client, path).content.decode()

    assert "not a CTF: its root element is &lt;Learners&gt;" in page
    assert "--lenient" not in page
    assert not Job.objects.exists()
