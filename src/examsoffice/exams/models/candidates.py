from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from examsoffice.exams.models.series import Series
from examsoffice.learners.models import Pupil


class Candidate(models.Model):
    """A learner entered in a series, with the candidate number for that series."""

    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="candidates"
    )
    pupil = models.ForeignKey(
        Pupil, on_delete=models.PROTECT, related_name="candidacies"
    )
    number = models.CharField(_("candidate number"), max_length=4)
    # The ULN last sent to the awarding body, so a later ULN is a change to send.
    submitted_uln = models.CharField(_("ULN sent"), max_length=10, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["series", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "number"], name="candidate_number_unique_in_series"
            ),
            models.UniqueConstraint(
                fields=["series", "pupil"], name="pupil_once_per_series"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.pupil}"


class UciException(models.Model):
    """A learner who turned up with a second UCI: one must be kept."""

    pupil = models.ForeignKey(
        Pupil, on_delete=models.CASCADE, related_name="uci_exceptions"
    )
    held_uci = models.CharField(_("UCI held"), max_length=13)
    other_uci = models.CharField(_("other UCI"), max_length=13)
    source = models.CharField(_("where the other came from"), max_length=255)
    raised_at = models.DateTimeField(auto_now_add=True)
    kept_uci = models.CharField(_("UCI kept"), max_length=13, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]

    def __str__(self) -> str:
        return f"{self.held_uci} / {self.other_uci}"
