"""The school roll: pupils as the MIS sends them, and their identifier history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")
    UNKNOWN = "U", _("Not known")


class RollStatus(models.TextChoices):
    ON_ROLL = "on_roll", _("On roll")
    LEFT = "left", _("Left")
    PRE_ADMISSION = "pre_admission", _("Pre-admission")
    WITHDRAWN = "withdrawn", _("Pre-admission, withdrawn")


class Pupil(models.Model):
    upn = models.CharField(_("UPN"), max_length=13, blank=True, db_index=True)
    former_upn = models.CharField(_("former UPN"), max_length=13, blank=True)
    uln = models.CharField(_("ULN"), max_length=10, blank=True, db_index=True)
    uci = models.CharField(_("UCI"), max_length=13, blank=True)

    surname = models.CharField(_("surname"), max_length=100)
    forename = models.CharField(_("forename"), max_length=100)
    middle_names = models.CharField(_("middle names"), max_length=200, blank=True)
    preferred_surname = models.CharField(
        _("preferred surname"), max_length=100, blank=True
    )
    preferred_forename = models.CharField(
        _("preferred forename"), max_length=100, blank=True
    )
    former_surname = models.CharField(_("former surname"), max_length=100, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(
        _("sex"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN
    )

    # NC year as the CTF writes it: "R", "1" … "14", or "X" for outside the NC.
    year_group = models.CharField(_("year group"), max_length=2, blank=True)
    registration_group = models.CharField(
        _("registration group"), max_length=20, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RollStatus.choices,
        default=RollStatus.ON_ROLL,
    )
    entry_date = models.DateField(_("entry date"), null=True, blank=True)
    leaving_date = models.DateField(_("leaving date"), null=True, blank=True)
    is_guest = models.BooleanField(
        _("guest or overseas pupil"),
        default=False,
        help_text=_("Visiting pupils who have no UPN and are not sent for ULNs."),
    )

    # BS7666 address; rural addresses often have no street.
    saon = models.CharField(_("flat or unit"), max_length=100, blank=True)
    paon = models.CharField(_("house name or number"), max_length=100, blank=True)
    street = models.CharField(_("street"), max_length=100, blank=True)
    locality = models.CharField(_("locality"), max_length=100, blank=True)
    town = models.CharField(_("town"), max_length=100, blank=True)
    administrative_area = models.CharField(_("county"), max_length=100, blank=True)
    post_town = models.CharField(_("post town"), max_length=100, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)

    # Blocks of the pupil's CTF this app does not model (contacts, attendance,
    # assessments...), kept verbatim so a leaver's CTF round-trips.
    extra_xml = models.TextField(_("other CTF blocks"), blank=True)

    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["surname", "forename"]
        indexes = [
            models.Index(fields=["surname", "forename", "date_of_birth"]),
            models.Index(fields=["status", "year_group"]),
        ]

    def __str__(self) -> str:
        return f"{self.surname}, {self.forename}"

    @property
    def display_name(self) -> str:
        forename = self.preferred_forename or self.forename
        surname = self.preferred_surname or self.surname
        return f"{forename} {surname}"


class _PupilChange(models.Model):
    """Where a change to a pupil's record came from; such rows are never deleted."""

    source = models.CharField(
        _("source"),
        max_length=255,
        blank=True,
        help_text=_("The file, screen or decision the change came from."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-changed_at", "-id"]


class IdentifierChange(_PupilChange):
    """One change to a pupil's UPN, former UPN, ULN or UCI."""

    pupil = models.ForeignKey(
        Pupil, on_delete=models.CASCADE, related_name="identifier_changes"
    )
    identifier = models.CharField(_("identifier"), max_length=20)
    old_value = models.CharField(_("old value"), max_length=20, blank=True)
    new_value = models.CharField(_("new value"), max_length=20, blank=True)

    class Meta(_PupilChange.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.identifier}: {self.old_value or '—'} → {self.new_value or '—'}"


class DetailChange(_PupilChange):
    """One change to a pupil's name, date of birth or sex.

    An import or a decision can turn one pupil's record into another person's; this
    keeps what the record said before, where the change came from and who made it.
    """

    pupil = models.ForeignKey(
        Pupil, on_delete=models.CASCADE, related_name="detail_changes"
    )
    field = models.CharField(_("field"), max_length=40)
    old_value = models.CharField(_("old value"), max_length=210, blank=True)
    new_value = models.CharField(_("new value"), max_length=210, blank=True)

    class Meta(_PupilChange.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.field}: {self.old_value or '—'} → {self.new_value or '—'}"


class ImportKind(models.TextChoices):
    TRANSFER = "transfer", _("Common transfer file")
    ULN_RESULT = "uln_result", _("ULN result file")


class ImportBatch(models.Model):
    """One file imported (applied) into the roll, with its counts."""

    file_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=ImportKind.choices,
        default=ImportKind.TRANSFER,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    pupils_in_file = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(_("pupils added"), default=0)
    updated_count = models.PositiveIntegerField(_("pupils updated"), default=0)
    # The upload an import applied, so the same upload is never applied twice
    # (a double-click on "Apply"); empty for a file imported another way.
    upload_token = models.CharField(
        max_length=32, null=True, blank=True, unique=True, editable=False
    )

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return self.file_name


class ExceptionStatus(models.TextChoices):
    OPEN = "open", _("Needs a decision")
    DECIDED = "decided", _("Decided")
    NOTED = "noted", _("For information")


class ImportException(models.Model):
    """One line of an import's exception log; some need the officer's decision."""

    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="exceptions"
    )
    pupil = models.ForeignKey(
        Pupil,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_exceptions",
    )
    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    severity = models.CharField(_("severity"), max_length=10)
    message = models.TextField(_("message"))
    fields = models.CharField(_("fields"), max_length=500, blank=True)
    record_index = models.PositiveIntegerField(_("record in file"), default=0)
    incoming_upn = models.CharField(_("UPN in file"), max_length=20, blank=True)
    incoming_name = models.CharField(_("name in file"), max_length=210, blank=True)
    held_value = models.CharField(_("value held"), max_length=210, blank=True)
    incoming_value = models.CharField(_("value in file"), max_length=210, blank=True)
    # The incoming record, so a decision made later can still apply it.
    incoming = models.JSONField(default=dict)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ExceptionStatus.choices,
        default=ExceptionStatus.NOTED,
        db_index=True,
    )
    decision = models.CharField(_("decision"), max_length=40, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["batch", "record_index", "id"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.incoming_name}"


class LeaverExport(models.Model):
    """One leaver CTF written: whose records went where, when and by whom.

    Kept because the file carries personal data out of the school, and because the
    DfE file name numbers the files sent to each destination (``_001``, ``_002``...).
    """

    dest_lea = models.CharField(_("destination LA"), max_length=3)
    dest_estab = models.CharField(_("destination establishment"), max_length=4)
    sequence = models.PositiveIntegerField(_("sequence"))
    file_name = models.CharField(_("file name"), max_length=100)
    pupils = models.ManyToManyField(Pupil, related_name="leaver_exports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-written_at", "-id"]

    def __str__(self) -> str:
        return self.file_name
