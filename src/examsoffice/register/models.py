"""The learner register: learners, history, ULNs issued, organisations, exceptions.

A learner's ULN is never reused: every ULN ever issued stays in :class:`IssuedUln`,
whose primary key makes two registrations racing for one number impossible.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

UNKNOWN_POSTCODE = "ZZ99 9ZZ"


class Gender(models.TextChoices):
    NOT_KNOWN = "0", _("Not known")
    MALE = "1", _("Male")
    FEMALE = "2", _("Female")
    NOT_SPECIFIED = "9", _("Not specified")


class LearnerStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    LINKED = "linked", _("Linked to a master record")


class Organisation(models.Model):
    """A school, college or trust that uses the register, with what it may do."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    ukprn = models.CharField(_("UKPRN"), max_length=8, blank=True)
    active = models.BooleanField(_("active"), default=True)
    can_find = models.BooleanField(_("may find learners"), default=True)
    can_register = models.BooleanField(_("may register learners"), default=True)
    can_update = models.BooleanField(_("may update learners"), default=True)
    can_verify = models.BooleanField(_("may verify learners"), default=True)
    can_link = models.BooleanField(_("may link learners"), default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ApiToken(models.Model):
    """An organisation's API token; only its SHA-256 digest is stored."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="tokens"
    )
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.organisation} token {self.prefix}…"


class IssuedUln(models.Model):
    """Every ULN the register has ever issued, so none is ever issued twice."""

    uln = models.CharField(_("ULN"), max_length=10, primary_key=True)
    issued_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.uln


class Learner(models.Model):
    uln = models.CharField(_("ULN"), max_length=10, unique=True)
    title = models.CharField(_("title"), max_length=35, blank=True)
    given_name = models.CharField(_("given name"), max_length=35)
    middle_names = models.CharField(_("middle names"), max_length=35, blank=True)
    family_name = models.CharField(_("family name"), max_length=35)
    preferred_given_name = models.CharField(
        _("preferred given name"), max_length=35, blank=True
    )
    family_name_at_16 = models.CharField(
        _("family name at 16"), max_length=35, blank=True
    )
    school_at_16 = models.CharField(_("school at 16"), max_length=254, blank=True)
    date_of_birth = models.DateField(_("date of birth"))
    gender = models.CharField(
        _("gender"), max_length=1, choices=Gender.choices, default=Gender.NOT_KNOWN
    )
    address_line1 = models.CharField(_("address line 1"), max_length=50, blank=True)
    address_line2 = models.CharField(_("address line 2"), max_length=50, blank=True)
    address_town = models.CharField(_("town"), max_length=50, blank=True)
    address_county = models.CharField(_("county or city"), max_length=50, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=9, default=UNKNOWN_POSTCODE, blank=True
    )
    email = models.EmailField(_("email"), max_length=254, blank=True)
    verification_type = models.CharField(
        _("verification type"), max_length=2, blank=True
    )
    privacy_notice_seen = models.BooleanField(_("privacy notice seen"), default=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=LearnerStatus.choices,
        default=LearnerStatus.ACTIVE,
    )
    version = models.PositiveIntegerField(_("version number"), default=1)
    master = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="linked",
        verbose_name=_("master record"),
    )
    registered_by = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        return f"{self.uln} {self.family_name}, {self.given_name}"

    @property
    def master_uln(self) -> str:
        return self.master.uln if self.master_id and self.master else ""


class PreviousFamilyName(models.Model):
    """A family name the learner had before; kept in its own table to be found by."""

    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="previous_family_names"
    )
    name = models.CharField(_("previous family name"), max_length=35, db_index=True)
    recorded = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "name"], name="register_previous_name_once"
            )
        ]

    def __str__(self) -> str:
        return self.name


class BlockingKey(models.Model):
    """One of a learner's blocking keys: a find compares only learners sharing one.

    The learner column has no foreign-key constraint in the database (Django
    still deletes a learner's keys with the learner): checking one for each of
    the tens of millions of keys a large register holds would dominate a bulk
    load.  The learner's keys are rewritten whenever their details change.
    """

    learner = models.ForeignKey(
        Learner,
        on_delete=models.CASCADE,
        related_name="blocking_keys",
        db_index=False,
        db_constraint=False,
    )
    key = models.CharField(max_length=64)

    class Meta:
        indexes = [
            models.Index(fields=["key", "learner"], name="register_block_key"),
            models.Index(fields=["learner"], name="register_block_learner"),
        ]

    def __str__(self) -> str:
        return self.key


class ChangeAction(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    UPDATED = "updated", _("Updated")
    LINKED = "linked", _("Linked")
    UNLINKED = "unlinked", _("Unlinked")
    DECIDED = "decided", _("Exception decided")


class LearnerChange(models.Model):
    """One change to a learner: who, when, what (field: old and new) and why."""

    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="changes"
    )
    action = models.CharField(max_length=12, choices=ChangeAction.choices)
    changes = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.changed_at:%Y-%m-%d %H:%M}"

    @property
    def who(self) -> str:
        if self.user is not None:
            return self.user.get_username()
        if self.organisation is not None:
            return str(self.organisation)
        return str(_("the register"))


class ExceptionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DECIDED = "decided", _("Decided")


class MatchException(models.Model):
    """A learner sent to the register who might be one already on it."""

    submitted = models.JSONField(help_text=_("The details as the sender gave them."))
    candidates = models.JSONField(
        default=list, help_text=_("Candidate ULNs with score and differing fields.")
    )
    code = models.CharField(max_length=10)
    reference = models.CharField(
        _("sender's reference"), max_length=50, blank=True, help_text=_("e.g. UPN")
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField(
        max_length=10, choices=ExceptionStatus.choices, default=ExceptionStatus.OPEN
    )
    created = models.DateTimeField(auto_now_add=True)
    # Who sent which details under which reference, hashed: a learner sent again
    # while still waiting finds this exception instead of queuing another, and
    # one sent again once it is decided gets the decision.
    sending = models.CharField(max_length=64, blank=True, default="", editable=False)

    class Meta:
        ordering = ["created", "id"]
        indexes = [
            models.Index(fields=["status", "created"]),
            models.Index(fields=["sending"], name="register_exception_sending"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["sending"],
                condition=models.Q(status="open") & ~models.Q(sending=""),
                name="register_one_open_exception_per_sending",
            )
        ]

    def __str__(self) -> str:
        return f"Exception {self.pk} ({self.reference or self.code})"


class DecisionKind(models.TextChoices):
    SAME = "same", _("This is that learner (ULN assigned)")
    NEW = "new", _("A new learner (registered)")
    REJECTED = "rejected", _("Rejected back to the sender")
    # For a pair of learners already on the register (whole-register dedupe).
    LINKED = "linked", _("The same person (records linked)")
    DISTINCT = "distinct", _("Not the same person")


class ExceptionDecision(models.Model):
    exception = models.OneToOneField(
        MatchException, on_delete=models.CASCADE, related_name="decision"
    )
    kind = models.CharField(max_length=10, choices=DecisionKind.choices)
    learner = models.ForeignKey(
        Learner, null=True, blank=True, on_delete=models.SET_NULL
    )
    reason = models.TextField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.exception_id})"


class MatchingConfiguration(models.Model):
    """The matching engine's settings as JSON; the latest row is the one in use."""

    settings_json = models.TextField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    reason = models.TextField(blank=True)
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-saved_at", "-id"]

    def __str__(self) -> str:
        return f"Matching settings of {self.saved_at:%Y-%m-%d %H:%M}"


class NameFrequency(models.Model):
    """How many learners have each normalised given and family name.

    The engine weighs agreement on a rare name above agreement on a common one;
    counting names on the fly in a register of millions would be too slow for a
    single find, so the counts are kept here as learners come and go.  The row
    with field ``total`` and an empty name holds the number of learners.
    """

    field = models.CharField(max_length=10)
    name = models.CharField(max_length=70)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["field", "name"], name="register_name_freq")
        ]

    def __str__(self) -> str:
        return f"{self.field} {self.name}: {self.count}"
