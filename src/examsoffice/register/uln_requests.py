"""A school's ULN request: pupils without a ULN in, a ULN or an exception out.

Each pupil is looked up by personal details.  One exact match gets that learner's
ULN; no match gets a new ULN; possible matches (or too many) become an exception
for the register operator, whose decision the school collects later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from examsoffice.register import services
from examsoffice.register.codes import Code
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


def request_ulns(
    pupils: list[PupilRequest], actor: Actor = services.SYSTEM, source: str = ""
) -> list[PupilOutcome]:
    """Look every pupil up; each gets a ULN now or an exception to decide."""
    return [_one(pupil, actor, source) for pupil in pupils]


def _one(pupil: PupilRequest, actor: Actor, source: str) -> PupilOutcome:
    details = pupil.details()
    with transaction.atomic():
        found = services.find_by_details(details.query())
        if found.code is Code.INSUFFICIENT_DATA:
            return PupilOutcome(
                pupil.upn, REJECTED, found.code, message=" ".join(found.problems)
            )
        if found.code is Code.EXACT:
            return PupilOutcome(
                pupil.upn, ASSIGNED, found.code, found.matches[0].learner.uln
            )
        if found.code is Code.NO_MATCH:
            learner = services.create_learner(details, actor, _("ULN request"))
            return PupilOutcome(pupil.upn, REGISTERED, Code.REGISTERED, learner.uln)

        exception = MatchException.objects.create(
            submitted=details_to_json(details),
            candidates=[_candidate(m) for m in found.matches],
            code=found.code,
            reference=pupil.upn,
            source=source,
            organisation=actor.organisation,
        )
    return PupilOutcome(
        pupil.upn,
        EXCEPTION,
        found.code,
        exception_id=exception.pk,
        message=_("Waiting for the register operator to decide."),
    )


def _candidate(match: services.Match) -> dict[str, Any]:
    return {
        "uln": match.learner.uln,
        "score": round(match.score, 4),
        "differing": list(match.differing),
    }


def details_to_json(details: LearnerDetails) -> dict[str, Any]:
    data = dict(details.__dict__)
    dob = details.date_of_birth
    data["date_of_birth"] = dob.isoformat() if dob else None
    return data


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
    """A decision that cannot be made as asked; the message says why."""


def decide(
    exception: MatchException,
    kind: DecisionKind,
    actor: Actor,
    *,
    uln: str = "",
    reason: str = "",
) -> ExceptionDecision:
    """The register operator's decision on an exception, recorded with who and why."""
    if exception.status != ExceptionStatus.OPEN:
        raise DecisionError(_("This exception has already been decided."))
    with transaction.atomic():
        learner = _decided_learner(exception, kind, actor, uln, reason)
        decision = ExceptionDecision.objects.create(
            exception=exception,
            kind=kind,
            learner=learner,
            reason=reason.strip(),
            user=actor.user,
        )
        exception.status = ExceptionStatus.DECIDED
        exception.save(update_fields=["status"])
    return decision


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
                _("Say why the learner is rejected, so the sender can put it right.")
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
            % {"ulns": ", ".join(sorted(candidates))}
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
