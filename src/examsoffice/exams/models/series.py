from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from examsoffice.exams.models.centre import AwardingBody, Centre


class SeriesKind(models.TextChoices):
    PUBLIC = "public", _("Awarding body series")
    INTERNAL = "internal", _("Internal (mock) series")


class Series(models.Model):
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="series")
    kind = models.CharField(
        _("kind"), max_length=10, choices=SeriesKind.choices, default=SeriesKind.PUBLIC
    )
    awarding_body = models.ForeignKey(
        AwardingBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="series",
        help_text=_("Empty for an internal (mock) series."),
    )
    code = models.CharField(
        _("series code"),
        max_length=10,
        help_text=_("The awarding body's code, e.g. 6A26; any short code for a mock."),
    )
    name = models.CharField(_("name"), max_length=100)
    season = models.CharField(
        _("exam season"),
        max_length=60,
        help_text=_(
            "Series sat in the same weeks share a season, e.g. Summer 2026: "
            "candidates keep one number across them and clashes are found across "
            "awarding bodies."
        ),
    )
    year = models.PositiveIntegerField(_("year"))
    entry_deadline = models.DateField(_("entry deadline"), null=True, blank=True)
    source = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("components copied from"),
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "name"]
        verbose_name_plural = _("series")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "awarding_body", "code"], name="series_unique_code"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_internal(self) -> bool:
        return self.kind == SeriesKind.INTERNAL

    @property
    def academic_year(self) -> int:
        """The academic year the series falls in (2025 for 2025/26)."""
        first = self.components.exclude(date=None).order_by("date").first()
        day = first.date if first and first.date else dt.date(self.year, 6, 1)
        return day.year if day.month >= 9 else day.year - 1


class FeeRule(models.Model):
    """From ``starts_on``, entries are late and cost more: the deadlines as data."""

    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="fee_rules"
    )
    name = models.CharField(_("name"), max_length=60, help_text=_("e.g. Late fee"))
    starts_on = models.DateField(_("applies to entries made on or after"))
    extra_pence = models.PositiveIntegerField(
        _("extra fee per entry (pence)"), default=0
    )
    extra_percent = models.PositiveIntegerField(
        _("extra fee as a percentage of the entry fee"), default=0
    )

    class Meta:
        ordering = ["series", "starts_on"]

    def __str__(self) -> str:
        return f"{self.name} from {self.starts_on:%d/%m/%Y}"

    def extra_for(self, fee_pence: int) -> int:
        return self.extra_pence + fee_pence * self.extra_percent // 100


class CandidateNumberRange(models.Model):
    """Candidate numbers for a year group come from this range (Year 11: 1001-1999)."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="number_ranges"
    )
    year_group = models.CharField(_("year group"), max_length=2)
    first = models.PositiveIntegerField(_("first number"))
    last = models.PositiveIntegerField(_("last number"))

    class Meta:
        ordering = ["centre", "first"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "year_group"], name="one_range_per_year_group"
            )
        ]

    def __str__(self) -> str:
        return f"Year {self.year_group}: {self.first:04d}-{self.last:04d}"
