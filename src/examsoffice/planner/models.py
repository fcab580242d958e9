"""Checklist templates, the checklists made from them, and calendar feed tokens."""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    SERIES = "series", _("Once per exam series")
    SITTING = "sitting", _("Once per sitting (a morning or an afternoon)")


class ChecklistTemplate(models.Model):
    key = models.SlugField(
        max_length=60,
        unique=True,
        help_text=_("A short name for the template, used when it is loaded from file."),
    )
    name = models.CharField(max_length=120)
    scope = models.CharField(max_length=10, choices=Scope.choices)
    description = models.TextField(blank=True)
    default_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who new checklists made from this template are given to."),
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class TemplateItem(models.Model):
    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.CASCADE, related_name="items"
    )
    group = models.CharField(max_length=120, blank=True)
    text = models.CharField(max_length=250)
    detail = models.TextField(blank=True)
    offset_days = models.IntegerField(
        default=0,
        help_text=_("Days before (negative) or after (positive) the start."),
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.group}: {self.text}" if self.group else self.text


class Checklist(models.Model):
    """A template made real for one series or one sitting, with dated items."""

    template = models.ForeignKey(
        ChecklistTemplate, null=True, blank=True, on_delete=models.SET_NULL
    )
    name = models.CharField(max_length=200)
    scope = models.CharField(max_length=10, choices=Scope.choices)
    anchor_date = models.DateField(
        help_text=_("The series' first exam or the sitting's date.")
    )
    anchor_label = models.CharField(max_length=200)
    sitting = models.ForeignKey(
        "rooms.Sitting",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="checklists",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["anchor_date", "name"]

    def __str__(self) -> str:
        return f"{self.name} – {self.anchor_label}"


class ChecklistItem(models.Model):
    checklist = models.ForeignKey(
        Checklist, on_delete=models.CASCADE, related_name="items"
    )
    group = models.CharField(max_length=120, blank=True)
    text = models.CharField(max_length=250)
    detail = models.TextField(blank=True)
    due_date = models.DateField()
    position = models.PositiveIntegerField(default=0)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checklist_items",
    )
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["due_date", "position", "id"]
        indexes = [models.Index(fields=["due_date", "done_at"])]

    def __str__(self) -> str:
        return f"{self.group}: {self.text}" if self.group else self.text

    @property
    def done(self) -> bool:
        return self.done_at is not None

    def overdue_on(self, today: date) -> bool:
        return not self.done and self.due_date < today


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A secret address from which a calendar app reads one person's deadlines.

    Calendar apps cannot sign in, so the address itself is the key: 256 random bits,
    replaced when the person asks (for example after sharing it by mistake).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"


class TimeOff(models.Model):
    """A holiday or other absence of someone on the exams team.

    Kept so that leave is booked away from exam days and deadlines: the planner
    lists what falls inside each period.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="time_off"
    )
    starts = models.DateField(_("first day away"))
    ends = models.DateField(_("last day away"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts", "ends"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gte=models.F("starts")),
                name="time_off_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.starts:%d/%m/%Y}–{self.ends:%d/%m/%Y}"
