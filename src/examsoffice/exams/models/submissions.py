from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from examsoffice.exams.models.centre import AwardingBody
from examsoffice.exams.models.series import Series


class SubmissionStatus(models.TextChoices):
    PREPARED = "prepared", _("Prepared, not sent")
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")


class Submission(models.Model):
    """Everything changed since the last submission to an awarding body."""

    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="submissions"
    )
    awarding_body = models.ForeignKey(AwardingBody, on_delete=models.PROTECT)
    sequence = models.PositiveIntegerField(_("file sequence number"))
    data_type = models.CharField(_("file type"), max_length=1, default="E")
    edi_name = models.CharField(_("EDI file name"), max_length=20)
    uln_only = models.BooleanField(_("only ULNs"), default=False)
    rows = models.JSONField(default=list)
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.PREPARED,
    )
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "awarding_body", "sequence"],
                name="submission_sequence_unique",
            )
        ]

    def __str__(self) -> str:
        return self.edi_name

    @property
    def label(self) -> str:
        return str(_("ULNs only")) if self.uln_only else str(_("Entries and changes"))
