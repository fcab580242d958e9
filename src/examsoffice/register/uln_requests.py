"""A school's ULN request: pupils without a ULN in, a ULN or an exception out.

Each pupil is looked up by personal details.  One exact match gets that learner's
ULN; no match gets a new ULN; possible matches (or too many) become an exception
for the register operator, whose decision the school collects later.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from examsoffice.register import services
from examsoffice.register.codes import Code
from examsoffice.register.intake import (
    Incoming,
    Intake,
    Settled,
    settle,
)
from examsoffice.register.models import (
    ChangeAction,
    DecisionKind,
    ExceptionDecision,
    ExceptionStatus,
    Learner,
    MatchException,
)
from examsoffice.register.services import Actor, LearnerDetails

SEX_TO_GENDER = {"M": "1", "F": "2"}


@dataclass(frozen=True)
class PupilRequest:
    """A pupil as a ULN-request CTF carries them (CTF sex is M or F)."""

    upn: str
    forename: str
    surname: str
    date_of_birth: date | None
    sex: str = ""
    postcode: str = ""
    middle_names: str = ""
    former_surname: str = ""
    preferred_forename: str = ""
    address_line1: str = ""
    address_line2: str = ""
    town: str = ""

    def details(self) -> LearnerDetails:
        return LearnerDetails(
            given_name=self.forename,
            family_name=self.surname,
            date_of_birth=self.date_of_birth,
            gender=SEX_TO_GENDER.get(self.sex.strip().upper(), "0"),
            postcode=self.postcode,
            middle_names=self.middle_names,
            preferred_given_name=self.preferred_forename,
            previous_family_name=self.former_surname,
            address_line1=self.address_line1,
            address_line2=self.address_line2,
            address_town=self.town,
        )


# What happened to a pupil: the status names the school side acts on.
ASSIGNED = "assigned"  # found on the register: the existing ULN
REGISTERED = "registered"  # new to the register: a new ULN
EXCEPTION = "exception"  # waiting for the register operator
REJECTED = "rejected"  # details unusable, or rejected by the operator


@dataclass(frozen=True)
class PupilOutcome:
    upn: str
    status: str
    code: str
    uln: str = ""
    exception_id: int | None = None
    message: str = ""


# Pupils are looked up this many at a time, each chunk in one transaction.
CHUNK = 200


def request_ulns(
    pupils: list[PupilRequest], actor: Actor = services.SYSTEM, source: str = ""
) -> list[PupilOutcome]:
    """Look every pupil up; each gets a ULN now or an exception to decide."""
    intake = Intake(actor, source, _("ULN request"))
    outcomes = []
    for start in range(0, len(pupils), CHUNK):
        chunk = pupils[start : start + CHUNK]
        settled = settle([Incoming(p.details(), p.upn) for p in chunk], intake)
        outcomes += [_outcome(p, s) for p, s in zip(chunk, settled, strict=True)]
    return outcomes


def _outcome(pupil: PupilRequest, settled: Settled) -> PupilOutcome:
    code = settled.code
    if code is Code.INSUFFICIENT_DATA:
        return PupilOutcome(
            pupil.upn, REJECTED, code, message=" ".join(settled.problems)
        )
    if settled.rejected:
        return PupilOutcome(
            pupil.upn,
            REJECTED,
            code,
            exception_id=settled.exception_id,
            message=settled.rejected,
        )
    if code in (Code.EXACT, Code.MASTER_SUBSTITUTED):
        return PupilOutcome(
            pupil.upn, ASSIGNED, code, settled.uln, settled.exception_id
        )
    if code is Code.REGISTERED:
        return PupilOutcome(pupil.upn, REGISTERED, code, settled.uln)
    return PupilOutcome(
        pupil.upn,
        EXCEPTION,
        code,
        exception_id=settled.exception_id,
        message=_("Waiting for the register operator to decide."),
    )


def details_from_json(data: dict[str, Any]) -> LearnerDetails:
    values = dict(data)
    dob = values.get("date_of_birth")
    values["date_of_birth"] = date.fromisoformat(dob) if dob else None
    return LearnerDetails(**values)


def exception_outcome(exception: MatchException) -> PupilOutcome:
    """Where an exception stands, in the terms of the pupil's first outcome."""
    decision = ExceptionDecision.objects.filter(exception=exception).first()
    if decision is None:
        return PupilOutcome(
            exception.reference,
            EXCEPTION,
            exception.code,
            exception_id=exception.pk,
            message=_("Waiting for the register operator to decide."),
        )
    uln = decision.learner.uln if decision.learner else ""
    status = {
        DecisionKind.SAME: ASSIGNED,
        DecisionKind.NEW: REGISTERED,
        DecisionKind.REJECTED: REJECTED,
    }[DecisionKind(decision.kind)]
    code = {ASSIGNED: Code.EXACT, REGISTERED: Code.REGISTERED}.get(
        status, exception.code
    )
    return PupilOutcome(
        exception.reference, status, code, uln, exception.pk, decision.reason
    )


class DecisionError(ValueError):
    """A decision that cannot be made as asked; the message says why.

    ``field`` names the part of the decision form to put right ("reason",
    "uln", "kind"), so a page can show the message beside it; none when the
    exception as a whole cannot be decided (already decided, say).
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def decide(
    exception: MatchException,
    kind: DecisionKind,
    actor: Actor,
    *,
    uln: str = "",
    reason: str = "",
) -> ExceptionDecision:
    """The register operator's decision on an exception, recorded with who and why."""
    return record_decision(
        exception,
        kind,
        actor,
        reason,
        lambda: _decided_learner(exception, kind, actor, uln, reason),
    )


def record_decision(
    exception: MatchException,
    kind: DecisionKind,
    actor: Actor,
    reason: str,
    carry_out: Callable[[], Learner | None],
) -> ExceptionDecision:
    """Claim the exception, carry the decision out and record it, all or nothing.

    ``carry_out`` does what was decided (register, assign, link) and returns the
    learner it concerns; it runs after the claim, so a second submit does nothing.
    """
    with transaction.atomic():
        claim(exception)
        learner = carry_out()
        decision = ExceptionDecision.objects.create(
            exception=exception,
            kind=kind,
            learner=learner,
            reason=reason.strip(),
            user=actor.user,
        )
    exception.status = ExceptionStatus.DECIDED
    return decision


def claim(exception: MatchException) -> None:
    """Mark an open exception decided, inside the caller's transaction.

    A conditional update rather than a look at ``exception.status``: of two
    decisions sent at once (a double-click), both may have read it open, but only
    one update finds it so; the other waits for that one to commit and is told.
    """
    claimed = MatchException.objects.filter(
        pk=exception.pk, status=ExceptionStatus.OPEN
    ).update(status=ExceptionStatus.DECIDED)
    if not claimed:
        raise DecisionError(_("This exception has already been decided."))


def _decided_learner(
    exception: MatchException,
    kind: DecisionKind,
    actor: Actor,
    uln: str,
    reason: str,
) -> Learner | None:
    if kind == DecisionKind.REJECTED:
        if not reason.strip():
            raise DecisionError(
                _("Say why the learner is rejected, so the sender can put it right."),
                field="reason",
            )
        return None
    if kind == DecisionKind.NEW:
        why = reason.strip() or _("Decided a new learner on exception %(id)s") % {
            "id": exception.pk
        }
        return services.create_learner(
            details_from_json(exception.submitted), actor, why
        )

    candidates = {c["uln"] for c in exception.candidates}
    if uln not in candidates:
        raise DecisionError(
            _("Choose one of the candidate learners: %(ulns)s.")
            % {"ulns": ", ".join(sorted(candidates))},
            field="uln",
        )
    learner = Learner.objects.get(uln=uln)
    services.record_change(
        learner,
        ChangeAction.DECIDED,
        {"exception": ["", str(exception.pk)], "reference": ["", exception.reference]},
        actor,
        reason.strip() or _("Matched on exception %(id)s") % {"id": exception.pk},
    )
    return learner
