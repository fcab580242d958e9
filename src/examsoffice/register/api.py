"""The register's operations on JSON-shaped dictionaries.

The HTTP API and the in-process client both call :func:`dispatch`, so a school
gets the same answer whether its register runs in the same installation or on
a trust's server.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from examsoffice.register import services, uln_requests
from examsoffice.register.codes import MEANINGS, ErrorCode
from examsoffice.register.matcher import Query
from examsoffice.register.models import ApiToken, Learner, MatchException, Organisation
from examsoffice.register.services import Actor, LearnerDetails


class ApiError(Exception):
    """A request the API refuses, with the national service's error code."""

    def __init__(self, code: ErrorCode, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code.value, "message": self.message}


# ---------------------------------------------------------------- tokens


def issue_token(organisation: Organisation) -> str:
    """A new API token for an organisation; shown once, stored only as a digest."""
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        organisation=organisation, digest=_digest(token), prefix=token[:8]
    )
    return token


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def organisation_for(header: str) -> Organisation:
    """The organisation an ``Authorization: Token ...`` header belongs to."""
    scheme, _sep, token = header.partition(" ")
    if scheme != "Token" or not token.strip():
        raise ApiError(
            ErrorCode.UNKNOWN_ORGANISATION,
            _("Send your organisation's API token as 'Authorization: Token <token>'."),
            401,
        )
    found = (
        ApiToken.objects.select_related("organisation")
        .filter(digest=_digest(token.strip()), revoked=False)
        .first()
    )
    if found is None or not found.organisation.active:
        raise ApiError(
            ErrorCode.UNKNOWN_ORGANISATION,
            _(
                "The API token is not known or has been revoked; ask the register "
                "operator for a new one."
            ),
            401,
        )
    ApiToken.objects.filter(pk=found.pk).update(last_used=timezone.now())
    return found.organisation


# ---------------------------------------------------------------- reading input


def _text(payload: dict[str, Any], name: str, default: str = "") -> str:
    value = payload.get(name, default)
    if value is None:
        return default
    if not isinstance(value, str | int):
        raise ApiError(
            ErrorCode.INVALID_REQUEST,
            _("The field '%(name)s' must be text.") % {"name": name},
        )
    return str(value)


def _date(payload: dict[str, Any], name: str) -> date | None:
    value = _text(payload, name)
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ApiError(
            ErrorCode.INVALID_REQUEST,
            _("The field '%(name)s' is '%(value)s', not a date as YYYY-MM-DD.")
            % {"name": name, "value": value},
        ) from exc


def _object(payload: dict[str, Any], name: str) -> dict[str, Any]:
    value = payload.get(name)
    if not isinstance(value, dict):
        raise ApiError(
            ErrorCode.INVALID_REQUEST,
            _("The field '%(name)s' must be an object.") % {"name": name},
        )
    return value


_DETAIL_FIELDS = [
    name
    for name in LearnerDetails.__dataclass_fields__
    if name not in ("date_of_birth", "privacy_notice_seen")
]


def _details(data: dict[str, Any]) -> LearnerDetails:
    values: dict[str, Any] = {name: _text(data, name) for name in _DETAIL_FIELDS}
    values["gender"] = _text(data, "gender", "0")
    values["date_of_birth"] = _date(data, "date_of_birth")
    values["privacy_notice_seen"] = bool(data.get("privacy_notice_seen", False))
    return LearnerDetails(**values)


# ---------------------------------------------------------------- writing output


def learner_json(learner: Learner) -> dict[str, Any]:
    return {
        "uln": learner.uln,
        "title": learner.title,
        "given_name": learner.given_name,
        "middle_names": learner.middle_names,
        "family_name": learner.family_name,
        "preferred_given_name": learner.preferred_given_name,
        "previous_family_names": [p.name for p in learner.previous_family_names.all()],
        "family_name_at_16": learner.family_name_at_16,
        "school_at_16": learner.school_at_16,
        "date_of_birth": learner.date_of_birth.isoformat(),
        "gender": learner.gender,
        "address_line1": learner.address_line1,
        "address_line2": learner.address_line2,
        "address_town": learner.address_town,
        "address_county": learner.address_county,
        "postcode": learner.postcode,
        "email": learner.email,
        "verification_type": learner.verification_type,
        "privacy_notice_seen": learner.privacy_notice_seen,
        "status": learner.status,
        "master_uln": learner.master_uln,
        "linked_ulns": sorted(x.uln for x in learner.linked.all()),
        "version": learner.version,
        "created": learner.created.isoformat(),
        "updated": learner.updated.isoformat(),
    }


def match_json(match: services.Match) -> dict[str, Any]:
    data = learner_json(match.learner)
    data["score"] = round(match.score, 4)
    data["differing"] = list(match.differing)
    return data


def _reply(code: str, **extra: Any) -> dict[str, Any]:
    return {"code": str(code), "meaning": MEANINGS.get(str(code), ""), **extra}


# ---------------------------------------------------------------- operations


def find(payload: dict[str, Any], actor: Actor) -> dict[str, Any]:
    uln = _text(payload, "uln").strip()
    if uln:
        result = services.find_by_uln(
            uln, _text(payload, "family_name"), _text(payload, "given_name")
        )
    else:
        result = services.find_by_details(
            Query(
                given_name=_text(payload, "given_name"),
                family_name=_text(payload, "family_name"),
                date_of_birth=_date(payload, "date_of_birth"),
                gender=_text(payload, "gender", "0"),
                postcode=_text(payload, "postcode"),
                previous_family_name=_text(payload, "previous_family_name"),
            )
        )
    return _reply(
        result.code,
        matches=[match_json(m) for m in result.matches],
        problems=result.problems,
    )


def register(payload: dict[str, Any], actor: Actor) -> dict[str, Any]:
    details = _details(_object(payload, "learner"))
    result = services.register_learner(
        details, actor, confirm_reason=_text(payload, "confirm_reason")
    )
    return _reply(
        result.code,
        uln=result.learner.uln if result.learner else "",
        existing=[
            {"uln": m.learner.uln, "score": round(m.score, 4)} for m in result.existing
        ],
        problems=result.problems,
    )


def update(payload: dict[str, Any], actor: Actor) -> dict[str, Any]:
    changes = dict(_object(payload, "changes"))
    if "date_of_birth" in changes:
        changes["date_of_birth"] = _date(changes, "date_of_birth")
    try:
        version = int(payload.get("version", ""))
    except (TypeError, ValueError) as exc:
        raise ApiError(
            ErrorCode.INVALID_REQUEST,
            _("Send the record's version number, as read, in 'version'."),
        ) from exc
    result = services.update_learner(
        _text(payload, "uln"), version, changes, actor, _text(payload, "reason")
    )
    return _reply(
        result.code,
        version=result.learner.version if result.learner else None,
        problems=result.problems,
    )


def verify(payload: dict[str, Any], actor: Actor) -> dict[str, Any]:
    result = services.verify_learner(
        _text(payload, "uln"),
        _text(payload, "given_name"),
        _text(payload, "family_name"),
        _date(payload, "date_of_birth"),
        _text(payload, "gender", "0"),
    )
    return _reply(
        result.code,
        flags=result.flags,
        uln=result.learner.uln if result.learner else "",
    )


def link(payload: dict[str, Any], actor: Actor) -> dict[str, Any]:
    result = services.link_learners(
        _text(payload, "master_uln"),
        _text(payload, "linked_uln"),
        actor,
        _text(payload, "reason"),
    )
    return _reply(result.code, message=result.message)


def unlink(payload: dict[str, Any], actor: Actor) -> dict[str, Any]:
    result = services.unlink_learner(
        _text(payload, "linked_uln"), actor, _text(payload, "reason")
    )
    return _reply(result.code, message=result.message)


def uln_request(payload: dict[str, Any], actor: Actor) -> dict[str, Any]:
    pupils = payload.get("pupils")
    if not isinstance(pupils, list):
        raise ApiError(
            ErrorCode.INVALID_REQUEST, _("Send the pupils as a list in 'pupils'.")
        )
    requests = [_pupil(p) for p in pupils]
    outcomes = uln_requests.request_ulns(requests, actor, _text(payload, "source"))
    return {"outcomes": [o.__dict__ for o in outcomes]}


def _pupil(data: Any) -> uln_requests.PupilRequest:
    if not isinstance(data, dict):
        raise ApiError(ErrorCode.INVALID_REQUEST, _("Each pupil must be an object."))
    names = [
        n
        for n in uln_requests.PupilRequest.__dataclass_fields__
        if n != "date_of_birth"
    ]
    values: dict[str, Any] = {n: _text(data, n) for n in names}
    return uln_requests.PupilRequest(
        date_of_birth=_date(data, "date_of_birth"), **values
    )


def exception_status(payload: dict[str, Any], actor: Actor) -> dict[str, Any]:
    exception = MatchException.objects.filter(pk=int(payload.get("id") or 0)).first()
    if exception is None or (
        actor.organisation is not None
        and exception.organisation_id != actor.organisation.pk
    ):
        raise ApiError(
            ErrorCode.INVALID_REQUEST,
            _("No exception with that number was raised for your organisation."),
            404,
        )
    return dict(uln_requests.exception_outcome(exception).__dict__)


Operation = Callable[[dict[str, Any], Actor], dict[str, Any]]

# Each operation and the organisation permission it needs.
OPERATIONS: dict[str, tuple[Operation, str]] = {
    "find": (find, "can_find"),
    "register": (register, "can_register"),
    "update": (update, "can_update"),
    "verify": (verify, "can_verify"),
    "link": (link, "can_link"),
    "unlink": (unlink, "can_link"),
    "uln-request": (uln_request, "can_register"),
    "exception": (exception_status, "can_register"),
}


def dispatch(name: str, payload: dict[str, Any], actor: Actor) -> dict[str, Any]:
    """Run one operation for an actor, if their organisation may."""
    operation, permission = OPERATIONS[name]
    organisation = actor.organisation
    if organisation is not None and not getattr(organisation, permission):
        raise ApiError(
            ErrorCode.INSUFFICIENT_ACCESS,
            _("%(org)s may not use '%(op)s'; ask the register operator for access.")
            % {"org": organisation.name, "op": name},
            403,
        )
    return operation(payload, actor)
