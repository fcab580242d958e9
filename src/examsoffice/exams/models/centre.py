from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Centre(models.Model):
    """The exam centre: one per installation as a rule, several allowed."""

    number = models.CharField(_("centre number"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=200)
    urn = models.CharField(_("URN"), max_length=10, blank=True)
    la_code = models.CharField(_("LA number"), max_length=3, blank=True)
    establishment = models.CharField(
        _("establishment number"), max_length=4, blank=True
    )
    ukprn = models.CharField(_("UKPRN"), max_length=8, blank=True)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class AwardingBody(models.Model):
    """An awarding body and its two-character JCQ identifier."""

    jcq_id = models.CharField(_("JCQ identifier"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=20)
    verified = models.BooleanField(
        _("identifier verified"),
        default=False,
        help_text=_("Ticked once the identifier is checked against JCQ's own text."),
    )

    class Meta:
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name
