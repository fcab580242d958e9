from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from examsoffice.exams.models.series import Series


class Session(models.TextChoices):
    AM = "AM", _("Morning")
    PM = "PM", _("Afternoon")


class Qualification(models.Model):
    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="qualifications"
    )
    code = models.CharField(_("specification code"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    level = models.CharField(_("level"), max_length=20, blank=True)
    qan = models.CharField(_("QAN"), max_length=12, blank=True)

    class Meta:
        ordering = ["series", "title", "code"]
        constraints = [
            models.UniqueConstraint(fields=["series", "code"], name="qual_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Component(models.Model):
    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="components"
    )
    code = models.CharField(_("component code"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"), null=True, blank=True)
    session = models.CharField(
        _("session"), max_length=2, choices=Session.choices, blank=True
    )
    start = models.TimeField(_("start time"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=0)

    class Meta:
        ordering = ["series", "date", "session", "code"]
        constraints = [
            models.UniqueConstraint(fields=["series", "code"], name="comp_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def timetabled(self) -> bool:
        return self.date is not None


class Option(models.Model):
    """An entry code: what a candidate is entered for, with its tier and fee."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="options")
    qualification = models.ForeignKey(
        Qualification, on_delete=models.CASCADE, related_name="options"
    )
    code = models.CharField(_("entry code"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    tier = models.CharField(_("tier"), max_length=1, blank=True)
    fee_pence = models.PositiveIntegerField(_("fee (pence)"), default=0)
    components = models.ManyToManyField(Component, related_name="options", blank=True)

    class Meta:
        ordering = ["series", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "code"], name="option_unique_code"
            )
        ]

    def __str__(self) -> str:
        tier = f" ({self.tier})" if self.tier else ""
        return f"{self.code} {self.title}{tier}"


class BasedataImport(models.Model):
    """An uploaded basedata file, kept so the preview and the apply read the same."""

    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="imports", null=True, blank=True
    )
    file_name = models.CharField(_("file"), max_length=255)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.file_name
