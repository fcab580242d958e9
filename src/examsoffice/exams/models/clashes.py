from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from examsoffice.exams.models.basedata import Component
from examsoffice.exams.models.candidates import Candidate


class ResolutionAction(models.TextChoices):
    ORDER_IN_SESSION = "order_in_session", _("Sit in this order within the session")
    MOVE_TO_OTHER_SESSION = (
        "move_to_other_session",
        _("Move to the other session of the same day"),
    )
    MOVE_TO_NEXT_MORNING = (
        "move_to_next_morning",
        _("Move to the next morning (overnight supervision)"),
    )
    SUPERVISION_ARRANGED = "supervision_arranged", _("Supervision arranged")


class ClashResolution(models.Model):
    """The exams officer's decision about one candidate's paper in a clash."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="resolutions"
    )
    component = models.ForeignKey(Component, on_delete=models.CASCADE)
    action = models.CharField(
        _("decision"), max_length=25, choices=ResolutionAction.choices
    )
    position = models.PositiveIntegerField(_("position in the session"), default=0)
    note = models.CharField(_("note"), max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["candidate", "component"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "component", "action"], name="resolution_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate.number} {self.component.code}: {self.action}"
