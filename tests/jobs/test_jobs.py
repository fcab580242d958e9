from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from examsoffice.jobs.models import Job, JobStatus
from examsoffice.jobs.runner import (
    Progress,
    enqueue,
    handler,
    recover_stale,
    run_pending,
)

pytestmark = pytest.mark.django_db

# Each chunk of the test job appends its items here, as a real job writes rows.
WRITTEN: list[int] = []


class StoppedError(Exception):
    pass


@handler("test-count")
def count_items(job: Job, progress: Progress) -> dict[str, Any]:
    items = list(range(job.params["items"]))
    start = job.checkpoint.get("next", 0)
    crash_at = job.params.get("crash_at")

    for first in range(start, len(items), 3):
        if crash_at is not None and first >= crash_at:
            raise StoppedError("the server was stopped")
        chunk = items[first : first + 3]
        WRITTEN.extend(chunk)
        progress.save(first + len(chunk), len(items), {"next": first + len(chunk)})
    return {"counted": len(items)}


@pytest.fixture(autouse=True)
def _clean() -> None:
    WRITTEN.clear()


def test_a_job_runs_to_the_end_with_progress_and_a_summary():
    job = enqueue("test-count", "Count ten", {"items": 10})
    seen: list[int] = []

    ran = run_pending(listener=lambda j: seen.append(j.done))

    job.refresh_from_db()
    assert ran == 1
    assert job.status == JobStatus.DONE
    assert job.summary == {"counted": 10}
    assert seen == [3, 6, 9, 10]
    assert job.percent == 100


def test_a_job_whose_worker_died_resumes_without_repeating_work():
    job = enqueue("test-count", "Count nine", {"items": 9})
    # A worker did the first two chunks and then died without a word.
    WRITTEN.extend(range(6))
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        checkpoint={"next": 6},
        done=6,
        heartbeat=timezone.now() - timedelta(minutes=10),
    )

    run_pending()

    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert sorted(WRITTEN) == list(range(9))


def test_a_running_job_with_a_fresh_heartbeat_is_left_alone():
    job = enqueue("test-count", "Busy", {"items": 3})
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, heartbeat=timezone.now()
    )

    assert recover_stale() == 0


def test_a_failing_job_says_why_and_keeps_its_progress():
    job = enqueue("test-count", "Crashes", {"items": 9, "crash_at": 6})

    run_pending()

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.message == "the server was stopped"
    assert job.done == 6


def test_enqueue_refuses_an_unknown_kind():
    with pytest.raises(KeyError, match="no-such-kind"):
        enqueue("no-such-kind", "x", {})


def test_the_job_page_shows_progress_only_to_its_owner(officer_client, teacher):
    job = enqueue("test-count", "Count three", {"items": 3})
    Job.objects.filter(pk=job.pk).update(created_by=teacher, done=1, total=3)

    response = officer_client.get(f"/jobs/{job.pk}/")

    assert response.status_code == 404


def test_the_job_page_shows_the_owner_how_far_it_has_got(officer_client, exams_officer):
    job = enqueue("test-count", "Count three", {"items": 3}, user=exams_officer)
    Job.objects.filter(pk=job.pk).update(done=1, total=3)

    response = officer_client.get(f"/jobs/{job.pk}/?partial=1")

    assert b'value="33"' in response.content
    assert b"1 of 3" in response.content


@handler("test-runs-ahead")
def runs_ahead(job: Job, progress: Progress) -> dict[str, Any]:
    progress.save(1, 3, {"next": 1})
    # The handler moves its checkpoint on in memory, then fails before committing.
    job.checkpoint = {"next": 2}
    raise StoppedError("stopped between chunks")


def test_a_failure_keeps_the_last_committed_checkpoint_not_the_one_in_memory():
    job = enqueue("test-runs-ahead", "Runs ahead", {})

    run_pending()

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.checkpoint == {"next": 1}


@handler("test-labelled", labels={"possible_match": "Possible matches"})
def labelled(job: Job, progress: Progress) -> dict[str, Any]:
    return {"possible_match": 2, "not_found": 1}


def test_the_job_page_shows_summary_keys_in_words(officer_client, exams_officer):
    job = enqueue("test-labelled", "Labelled", {}, user=exams_officer)
    run_pending()

    page = officer_client.get(f"/jobs/{job.pk}/?partial=1").content.decode()

    assert "<th>Possible matches</th><td>2</td>" in page
    assert "<th>Not found</th><td>1</td>" in page
    assert "possible_match" not in page
    assert "not_found" not in page


def test_a_job_with_no_recent_progress_says_it_will_carry_on(
    officer_client, exams_officer
):
    job = enqueue("test-count", "Count three", {"items": 3}, user=exams_officer)
    fresh = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, done=1, total=3, heartbeat=fresh
    )
    quiet = officer_client.get(f"/jobs/{job.pk}/?partial=1")
    Job.objects.filter(pk=job.pk).update(heartbeat=fresh - timedelta(minutes=1))

    stalled = officer_client.get(f"/jobs/{job.pk}/?partial=1")

    assert b"carries on from its last saved part" not in quiet.content
    assert b"carries on from its last saved part" in stalled.content
