from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from examsoffice.learners.models import Pupil


class ApprovalStatus(models.TextChoices):
    APPROVED = "approved", _("Approved")
    PENDING = "pending", _("Applied for, pending")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")


class AccessArrangement(models.Model):
    """An arrangement a learner holds; it follows them into every series.

    ``code`` is a type in the JCQ catalogue (scheduling/data/access_arrangements.json).
    ``subjects`` empty means every exam; otherwise specification or component codes,
    separated by commas (``8300`` covers ``8300/1H``).
    """

    pupil = models.ForeignKey(
        Pupil, on_delete=models.CASCADE, related_name="access_arrangements"
    )
    code = models.CharField(_("arrangement"), max_length=40)
    status = models.CharField(
        _("approval"),
        max_length=10,
        choices=ApprovalStatus.choices,
        default=ApprovalStatus.APPROVED,
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    percent = models.PositiveIntegerField(_("extra time (%)"), null=True, blank=True)
    minutes = models.PositiveIntegerField(_("extra minutes"), null=True, blank=True)
    minutes_per_hour = models.PositiveIntegerField(
        _("rest break minutes per hour"), null=True, blank=True
    )
    subjects = models.CharField(_("only for"), max_length=255, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["pupil", "code"]

    def __str__(self) -> str:
        return self.code

    @property
    def subject_codes(self) -> tuple[str, ...]:
        return tuple(s.strip() for s in self.subjects.split(",") if s.strip())
