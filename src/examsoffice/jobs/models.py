"""Background jobs kept in the database, so they survive a restart of the server."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    kind = models.CharField(_("kind"), max_length=50)
    title = models.CharField(_("title"), max_length=255)
    params = models.JSONField(_("parameters"), default=dict)
    status = models.CharField(
        max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    done = models.PositiveIntegerField(_("items done"), default=0)
    total = models.PositiveIntegerField(_("items in all"), default=0)
    # What a handler needs to carry on where it stopped: saved with each chunk of
    # work in the same transaction, so a restart neither loses nor repeats a chunk.
    checkpoint = models.JSONField(default=dict)
    summary = models.JSONField(_("summary"), default=dict)
    message = models.TextField(_("message"), blank=True)
    result_file = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    # A key (such as a hash of the input) of which only one job may be waiting
    # or running at a time: the same upload sent twice starts one job.
    once = models.CharField(max_length=64, blank=True, default="", editable=False)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["status", "created"])]
        constraints = [
            models.UniqueConstraint(
                fields=["once"],
                condition=models.Q(status__in=["queued", "running"])
                & ~models.Q(once=""),
                name="jobs_one_unfinished_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def summary_items(self) -> list[tuple[str, object]]:
        """The summary as (words, value) pairs, for people to read."""
        from examsoffice.jobs.labels import label_for

        return [(label_for(self.kind, key), v) for key, v in self.summary.items()]

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, int(100 * self.done / self.total))

    @property
    def stalled(self) -> bool:
        """Running, but no part saved for a while: perhaps the server stopped.

        A part of a batch takes a few seconds; after half a minute without one
        the page says the job will carry on by itself.
        """
        if self.status != JobStatus.RUNNING or self.heartbeat is None:
            return False
        return timezone.now() - self.heartbeat > STALLED_AFTER


#: No saved part for this long and a running job is shown as perhaps stopped.
STALLED_AFTER = timedelta(seconds=30)
