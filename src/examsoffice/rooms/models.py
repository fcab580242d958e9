"""Rooms and their desks, sittings, invigilators and who invigilates where."""

from __future__ import annotations

import secrets
from datetime import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from examsoffice.scheduling.model import Seat

JCQ_SPACING = (
    "Desks at least 1.25 m apart in every direction, centre of chair to centre of "
    "chair; every candidate facing the same way."
)


class Side(models.TextChoices):
    FRONT = "front", _("Front")
    BACK = "back", _("Back")
    LEFT = "left", _("Left")
    RIGHT = "right", _("Right")


class Room(models.Model):
    code = models.CharField(
        max_length=12,
        unique=True,
        help_text=_("A short code printed on plans and labels, such as HALL or G12."),
    )
    name = models.CharField(max_length=80)
    rows = models.PositiveSmallIntegerField(
        help_text=_("Rows of desks, front to back (A, B, C…).")
    )
    columns = models.PositiveSmallIntegerField(
        help_text=_("Desks in each row, left to right as the candidates see it.")
    )
    off_seats = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Seat labels switched off: a pillar, a broken desk, an aisle."),
    )
    capacity = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_("Most candidates allowed, if fewer than the desks (fire rules)."),
    )
    spacing_note = models.TextField(default=JCQ_SPACING, blank=True)
    suits_separate_invigilation = models.BooleanField(default=False)
    suits_word_processors = models.BooleanField(default=False)
    suits_readers = models.BooleanField(default=False)
    exit_side = models.CharField(max_length=5, choices=Side.choices, default="back")
    desk_side = models.CharField(max_length=5, choices=Side.choices, default="front")
    available = models.BooleanField(
        default=True, help_text=_("Untick while the room cannot be used for exams.")
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text=_("Rooms are filled in this order when seating.")
    )

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def off_set(self) -> frozenset[Seat]:
        return frozenset(Seat.parse(label) for label in self.off_seats)

    def clean(self) -> None:
        # A room with no desks, or a capacity it cannot seat, would only fail later,
        # in the middle of seating a sitting; say so while the officer is here.
        errors: dict[str, str] = {}
        for name, noun in (("rows", _("row")), ("columns", _("column"))):
            if getattr(self, name) is not None and getattr(self, name) < 1:
                errors[name] = _("A room needs at least 1 %(noun)s of desks.") % {
                    "noun": noun
                }
        if errors:
            raise ValidationError(errors)
        if self.rows is None or self.columns is None:
            return  # the missing field has its own message already
        if self.desks < 1:
            raise ValidationError(
                _("Every desk is switched off: switch at least one desk back on.")
            )
        self._check_capacity()

    def _check_capacity(self) -> None:
        if self.capacity is None:
            return
        if self.capacity < 1:
            raise ValidationError(
                {
                    "capacity": _(
                        "Leave capacity empty to use every desk, or give 1 or more."
                    )
                }
            )
        if self.capacity > self.desks:
            usable = ngettext("%(n)d usable desk", "%(n)d usable desks", self.desks) % {
                "n": self.desks
            }
            raise ValidationError(
                {
                    "capacity": _(
                        "Capacity %(capacity)d is more than the room's %(usable)s "
                        "(rows × columns, less any switched off). Lower the "
                        "capacity, add rows or columns, or leave capacity empty "
                        "to use every desk."
                    )
                    % {"capacity": self.capacity, "usable": usable}
                }
            )

    @property
    def desks(self) -> int:
        inside = sum(
            1
            for s in self.off_set()
            if 0 <= s.row < self.rows and 0 <= s.column < self.columns
        )
        return self.rows * self.columns - inside

    @property
    def effective_capacity(self) -> int:
        if self.capacity is None:
            return self.desks
        return min(self.capacity, self.desks)


class SessionOfDay(models.TextChoices):
    AM = "AM", _("Morning")
    PM = "PM", _("Afternoon")


DEFAULT_TIMES = {"AM": (time(9, 0), time(12, 0)), "PM": (time(13, 30), time(16, 30))}


class Sitting(models.Model):
    """A date and a session: what is seated, printed and invigilated together."""

    date = models.DateField()
    session = models.CharField(max_length=2, choices=SessionOfDay.choices)
    starts_at = models.TimeField(null=True, blank=True)
    ends_at = models.TimeField(
        null=True, blank=True, help_text=_("The latest finish, extra time included.")
    )
    rooms = models.ManyToManyField(Room, through="SittingRoom", blank=True)

    class Meta:
        ordering = ["date", "session"]
        constraints = [
            models.UniqueConstraint(
                fields=["date", "session"], name="one_sitting_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%a %d %b %Y} {self.session}"

    @property
    def start(self) -> time:
        return self.starts_at or DEFAULT_TIMES[self.session][0]

    @property
    def end(self) -> time:
        return self.ends_at or DEFAULT_TIMES[self.session][1]


class SittingRoom(models.Model):
    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE)
    room = models.ForeignKey(Room, on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "room__position", "room__code"]
        constraints = [
            models.UniqueConstraint(fields=["sitting", "room"], name="room_once")
        ]

    def __str__(self) -> str:
        return f"{self.room_id} in sitting {self.sitting_id}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Invigilator(models.Model):
    first_name = models.CharField(max_length=60)
    last_name = models.CharField(max_length=60)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invigilator",
        help_text=_("Their sign-in, for the room register on a tablet."),
    )
    can_lead = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    notes = models.TextField(blank=True)
    feed_token = models.CharField(max_length=64, unique=True, default=new_token)

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Availability(models.Model):
    """Whether an invigilator can work a sitting, as they told the exams office."""

    invigilator = models.ForeignKey(
        Invigilator, on_delete=models.CASCADE, related_name="availability"
    )
    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE)
    available = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["invigilator", "sitting"], name="one_answer_per_sitting"
            )
        ]

    def __str__(self) -> str:
        state = "free" if self.available else "not free"
        return f"{self.invigilator_id} {state} for sitting {self.sitting_id}"


class Allocation(models.Model):
    """An invigilator in a room for a sitting; one room per sitting per person."""

    sitting = models.ForeignKey(
        Sitting, on_delete=models.CASCADE, related_name="allocations"
    )
    room = models.ForeignKey(Room, on_delete=models.CASCADE)
    invigilator = models.ForeignKey(
        Invigilator, on_delete=models.CASCADE, related_name="allocations"
    )
    lead = models.BooleanField(default=False)

    class Meta:
        ordering = ["sitting", "room", "-lead", "invigilator"]
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "invigilator"], name="one_room_at_a_time"
            ),
            models.UniqueConstraint(
                fields=["sitting"],
                condition=models.Q(lead=True),
                name="one_lead_per_sitting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invigilator_id} in {self.room_id} for sitting {self.sitting_id}"


class SeatAssignment(models.Model):
    """Where one candidate sits for a whole sitting, and for which papers."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="seats")
    room = models.ForeignKey(Room, on_delete=models.PROTECT)
    candidate = models.ForeignKey(
        "exams.Candidate", on_delete=models.CASCADE, related_name="seats"
    )
    seat = models.CharField(max_length=6)
    component_codes = models.JSONField(default=list)

    class Meta:
        ordering = ["sitting", "room", "seat"]
        constraints = [
            # The database keeps the rules too: nobody seated twice in a sitting
            # (so never in two rooms at once), and one candidate per desk.
            models.UniqueConstraint(
                fields=["sitting", "candidate"], name="seated_once_per_sitting"
            ),
            models.UniqueConstraint(
                fields=["sitting", "room", "seat"], name="one_candidate_per_desk"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id} at {self.room_id} {self.seat}"


class Attendance(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    LATE = "late", _("Late")
    TRANSFERRED = "transferred", _("Transferred")


class RegisterMark(models.Model):
    """The invigilator's mark for one candidate and one paper."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="marks")
    candidate = models.ForeignKey(
        "exams.Candidate", on_delete=models.CASCADE, related_name="register_marks"
    )
    component_code = models.CharField(max_length=20)
    status = models.CharField(max_length=12, choices=Attendance.choices)
    note = models.CharField(max_length=200, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sitting", "component_code", "candidate__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "candidate", "component_code"], name="one_mark"
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id} {self.component_code}: {self.status}"
