from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from examsoffice.exams.models.basedata import Option
from examsoffice.exams.models.candidates import Candidate
from examsoffice.exams.models.centre import AwardingBody
from examsoffice.exams.models.series import FeeRule, Series


class EntryStatus(models.TextChoices):
    ENTERED = "entered", _("Entered")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Entry(models.Model):
    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="entries"
    )
    option = models.ForeignKey(Option, on_delete=models.PROTECT, related_name="entries")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EntryStatus.choices,
        default=EntryStatus.ENTERED,
    )
    entered_on = models.DateField(_("entered on"))
    fee_rule = models.ForeignKey(
        FeeRule,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("late-fee rule"),
    )
    fee_pence = models.PositiveIntegerField(_("fee (pence)"), default=0)
    late_fee_pence = models.PositiveIntegerField(_("late fee (pence)"), default=0)

    class Meta:
        ordering = ["candidate__number", "option__code"]
        verbose_name_plural = _("entries")
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "option"], name="one_entry_per_option"
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate.number} {self.option.code}"

    @property
    def is_late(self) -> bool:
        return self.fee_rule_id is not None


class ChangeKind(models.TextChoices):
    ENTRY = "entry", _("New entry")
    TIER = "tier", _("Tier change")
    WITHDRAWAL = "withdrawal", _("Withdrawal")
    REINSTATEMENT = "reinstatement", _("Entry reinstated")
    ULN = "uln", _("ULN added or changed")


class EntryChange(models.Model):
    """One change to send to an awarding body; also the entry's full history."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="changes")
    awarding_body = models.ForeignKey(
        AwardingBody, on_delete=models.PROTECT, null=True, blank=True
    )
    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="changes"
    )
    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, null=True, blank=True, related_name="changes"
    )
    kind = models.CharField(_("change"), max_length=15, choices=ChangeKind.choices)
    option_code = models.CharField(_("entry code"), max_length=20, blank=True)
    previous_code = models.CharField(
        _("previous entry code"), max_length=20, blank=True
    )
    detail = models.CharField(_("detail"), max_length=255, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    submission = models.ForeignKey(
        "exams.Submission",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
    )

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.option_code}"


class Verdict(models.TextChoices):
    CORRECT = "correct", _("Correct")
    QUERY = "query", _("Query")
    INCORRECT = "incorrect", _("Incorrect")


class EntryCheck(models.Model):
    """A teacher's check of one entry, and the exams officer's answer."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="checks")
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(auto_now=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "teacher"], name="one_check_per_teacher"
            )
        ]

    def __str__(self) -> str:
        return f"{self.entry}: {self.verdict}"


class SubjectTeacher(models.Model):
    """A teacher who checks the entries for a specification, in every series."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exam_subjects"
    )
    qualification_code = models.CharField(_("specification code"), max_length=20)

    class Meta:
        ordering = ["qualification_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "qualification_code"], name="subject_teacher_once"
            )
        ]

    def __str__(self) -> str:
        return self.qualification_code
