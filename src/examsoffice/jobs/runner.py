"""Running jobs: a registry of handlers, claiming, chunked progress and recovery.

A handler is a function ``handler(job, progress)`` registered under a kind. It does its
work in chunks; after each chunk it calls ``progress.save(done, total, checkpoint)``,
which commits the chunk's own writes together with the checkpoint. If the process dies,
the job is found again (its heartbeat is stale), and the handler, reading
``job.checkpoint``, carries on after the last saved chunk.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise

from examsoffice.jobs.labels import SUMMARY_LABELS
from examsoffice.jobs.models import Job, JobStatus

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=2)


class Progress:
    """What a handler reports through; saving it is a commit point."""

    def __init__(self, job: Job, listener: Callable[[Job], Any] | None = None) -> None:
        self.job = job
        self.listener = listener

    def save(self, done: int, total: int, checkpoint: dict[str, Any]) -> None:
        self.job.done = done
        self.job.total = total
        self.job.checkpoint = checkpoint
        self.job.heartbeat = timezone.now()
        self.job.save(update_fields=["done", "total", "checkpoint", "heartbeat"])
        if self.listener is not None:
            self.listener(self.job)


Handler = Callable[[Job, Progress], dict[str, Any]]
HANDLERS: dict[str, Handler] = {}


#: The role whose holders see every job of a kind, whoever started it (from the
#: command line too); others see the jobs they started.
SEEN_BY: dict[str, str] = {}


def handler(
    kind: str,
    labels: Mapping[str, str | Promise] | None = None,
    seen_by: str = "",
) -> Callable[[Handler], Handler]:
    """Register ``func`` for ``kind``; ``labels`` give its summary keys in words,
    ``seen_by`` the role that sees all jobs of the kind."""

    def register(func: Handler) -> Handler:
        HANDLERS[kind] = func
        if labels is not None:
            SUMMARY_LABELS[kind] = labels
        if seen_by:
            SEEN_BY[kind] = seen_by
        return func

    return register


class AlreadyQueuedError(Exception):
    """A job with the same ``once`` key is still waiting or running: ``job``."""

    def __init__(self, job: Job) -> None:
        super().__init__(f"Job {job.pk} is already {job.status}.")
        self.job = job


def unfinished(once: str) -> Job | None:
    """The job waiting or running under the key ``once``, if there is one."""
    waiting = Job.objects.filter(
        once=once, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
    )
    return waiting.first() if once else None


def enqueue(
    kind: str, title: str, params: dict[str, Any], user: Any = None, *, once: str = ""
) -> Job:
    """Queue a job; with ``once``, raise :class:`AlreadyQueuedError` if one waits.

    The database's unique constraint decides between two requests at once: the
    second insert fails, and the first one's job is read back.
    """
    if kind not in HANDLERS:
        raise KeyError(f"No job handler is registered for {kind!r}.")
    try:
        with transaction.atomic():
            return Job.objects.create(
                kind=kind, title=title, params=params, created_by=user, once=once
            )
    except IntegrityError:
        job = unfinished(once)
        if job is None:  # finished meanwhile: this one may run after all
            raise
        raise AlreadyQueuedError(job) from None


def recover_stale() -> int:
    """Put jobs whose worker died back in the queue; they resume from a checkpoint."""
    cutoff = timezone.now() - STALE_AFTER
    return Job.objects.filter(status=JobStatus.RUNNING, heartbeat__lt=cutoff).update(
        status=JobStatus.QUEUED
    )


def _claim_next() -> Job | None:
    with transaction.atomic():
        queued = Job.objects.filter(status=JobStatus.QUEUED).order_by("created")
        job = queued.select_for_update(skip_locked=True).first()
        if job is None:
            return None
        job.status = JobStatus.RUNNING
        job.started = job.started or timezone.now()
        job.heartbeat = timezone.now()
        job.save(update_fields=["status", "started", "heartbeat"])
        return job


def run_job(job: Job, listener: Callable[[Job], Any] | None = None) -> Job:
    """Run one claimed job to its end, recording success or the failure's reason."""
    func = HANDLERS.get(job.kind)
    try:
        if func is None:
            raise LookupError(f"No handler for jobs of kind {job.kind!r}.")
        summary = func(job, Progress(job, listener))
    except Exception as exc:
        log.error("Job %s (%s) failed: %s", job.pk, job.kind, type(exc).__name__)
        log.debug("%s", traceback.format_exc())
        # Only what the failure itself changes is saved: the checkpoint in memory
        # may run ahead of the last committed chunk, and the saved one must not.
        job.status = JobStatus.FAILED
        job.message = str(exc) or type(exc).__name__
        job.finished = timezone.now()
        job.save(update_fields=["status", "message", "finished"])
        return job

    job.status = JobStatus.DONE
    job.summary = summary
    job.finished = timezone.now()
    job.save()
    return job


def run_pending(listener: Callable[[Job], Any] | None = None) -> int:
    """Run queued jobs until none is left; returns how many ran."""
    recover_stale()
    count = 0
    while (job := _claim_next()) is not None:
        run_job(job, listener)
        count += 1
    return count


class Worker(threading.Thread):
    """Polls for jobs in the background of ``examsoffice serve``."""

    def __init__(self, interval: float = 2.0) -> None:
        super().__init__(name="examsoffice-jobs", daemon=True)
        self.interval = interval
        self.stopping = threading.Event()

    def run(self) -> None:
        from django.db import close_old_connections

        from examsoffice.jobs.registry import load_handlers

        load_handlers()
        while not self.stopping.is_set():
            try:
                run_pending()
            except Exception:
                log.exception("The job worker hit an error; it will try again")
            finally:
                close_old_connections()
            self.stopping.wait(self.interval)
