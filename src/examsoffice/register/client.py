"""How the school side talks to a learner register, wherever it runs.

:class:`RegisterClient` is the interface; :class:`InProcessClient` calls the
register in this installation, :class:`HttpClient` a register elsewhere over its
JSON API.  Both turn the same JSON replies into the same plain objects.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from examsoffice.register.uln_requests import PupilOutcome, PupilRequest


@dataclass(frozen=True)
class FoundLearner:
    uln: str
    given_name: str
    family_name: str
    date_of_birth: str
    gender: str
    postcode: str
    version: int
    score: float = 1.0
    differing: list[str] = field(default_factory=list)
    master_uln: str = ""
    previous_family_names: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FindReply:
    code: str
    matches: list[FoundLearner] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RegisterReply:
    code: str
    uln: str = ""
    existing_ulns: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class UpdateReply:
    code: str
    version: int | None = None
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class VerifyReply:
    code: str
    flags: list[str] = field(default_factory=list)
    uln: str = ""


@dataclass(frozen=True)
class LinkReply:
    code: str
    message: str = ""


class RegisterError(Exception):
    """The register refused a request (bad token, no permission, bad input)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class RegisterClient(Protocol):
    def find(
        self,
        given_name: str,
        family_name: str,
        date_of_birth: date | None,
        gender: str = "0",
        postcode: str = "",
        previous_family_name: str = "",
    ) -> FindReply: ...

    def find_by_uln(self, uln: str, family_name: str, given_name: str) -> FindReply: ...

    def register(
        self, learner: dict[str, Any], confirm_reason: str = ""
    ) -> RegisterReply: ...

    def update(
        self, uln: str, version: int, changes: dict[str, Any], reason: str = ""
    ) -> UpdateReply: ...

    def verify(
        self,
        uln: str,
        given_name: str,
        family_name: str,
        date_of_birth: date | None,
        gender: str,
    ) -> VerifyReply: ...

    def link(self, master_uln: str, linked_uln: str, reason: str = "") -> LinkReply: ...

    def unlink(self, linked_uln: str, reason: str = "") -> LinkReply: ...

    def request_ulns(
        self, pupils: list[PupilRequest], source: str = ""
    ) -> list[PupilOutcome]: ...

    def exception_outcome(self, exception_id: int) -> PupilOutcome: ...


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in data.items()}


class _JsonClient:
    """The operations, written once over a way to send a JSON request."""

    def _call(self, operation: str, payload: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def _get_exception(self, exception_id: int) -> dict[str, Any]:
        raise NotImplementedError

    def find(
        self,
        given_name: str,
        family_name: str,
        date_of_birth: date | None,
        gender: str = "0",
        postcode: str = "",
        previous_family_name: str = "",
    ) -> FindReply:
        reply = self._call(
            "find",
            {
                "given_name": given_name,
                "family_name": family_name,
                "date_of_birth": _iso(date_of_birth),
                "gender": gender,
                "postcode": postcode,
                "previous_family_name": previous_family_name,
            },
        )
        return _find_reply(reply)

    def find_by_uln(self, uln: str, family_name: str, given_name: str) -> FindReply:
        reply = self._call(
            "find", {"uln": uln, "family_name": family_name, "given_name": given_name}
        )
        return _find_reply(reply)

    def register(
        self, learner: dict[str, Any], confirm_reason: str = ""
    ) -> RegisterReply:
        reply = self._call(
            "register",
            {"learner": _jsonable(learner), "confirm_reason": confirm_reason},
        )
        return RegisterReply(
            reply["code"],
            reply.get("uln", ""),
            [e["uln"] for e in reply.get("existing", [])],
            reply.get("problems", []),
        )

    def update(
        self, uln: str, version: int, changes: dict[str, Any], reason: str = ""
    ) -> UpdateReply:
        reply = self._call(
            "update",
            {
                "uln": uln,
                "version": version,
                "changes": _jsonable(changes),
                "reason": reason,
            },
        )
        return UpdateReply(
            reply["code"], reply.get("version"), reply.get("problems", [])
        )

    def verify(
        self,
        uln: str,
        given_name: str,
        family_name: str,
        date_of_birth: date | None,
        gender: str,
    ) -> VerifyReply:
        reply = self._call(
            "verify",
            {
                "uln": uln,
                "given_name": given_name,
                "family_name": family_name,
                "date_of_birth": _iso(date_of_birth),
                "gender": gender,
            },
        )
        return VerifyReply(reply["code"], reply.get("flags", []), reply.get("uln", ""))

    def link(self, master_uln: str, linked_uln: str, reason: str = "") -> LinkReply:
        reply = self._call(
            "link",
            {"master_uln": master_uln, "linked_uln": linked_uln, "reason": reason},
        )
        return LinkReply(reply["code"], reply.get("message", ""))

    def unlink(self, linked_uln: str, reason: str = "") -> LinkReply:
        reply = self._call("unlink", {"linked_uln": linked_uln, "reason": reason})
        return LinkReply(reply["code"], reply.get("message", ""))

    def request_ulns(
        self, pupils: list[PupilRequest], source: str = ""
    ) -> list[PupilOutcome]:
        reply = self._call(
            "uln-request",
            {"source": source, "pupils": [_jsonable(p.__dict__) for p in pupils]},
        )
        return [PupilOutcome(**o) for o in reply["outcomes"]]

    def exception_outcome(self, exception_id: int) -> PupilOutcome:
        return PupilOutcome(**self._get_exception(exception_id))


def _find_reply(reply: dict[str, Any]) -> FindReply:
    names = set(FoundLearner.__dataclass_fields__)
    matches = [
        FoundLearner(**{k: v for k, v in m.items() if k in names})
        for m in reply.get("matches", [])
    ]
    return FindReply(reply["code"], matches, reply.get("problems", []))


class InProcessClient(_JsonClient):
    """The register in this installation, called directly."""

    def __init__(self, organisation: Any = None, user: Any = None) -> None:
        from examsoffice.register.services import Actor

        self.actor = Actor(user=user, organisation=organisation)

    def _call(self, operation: str, payload: dict[str, Any]) -> dict[str, Any]:
        from examsoffice.register import api

        try:
            reply = api.dispatch(operation, payload, self.actor)
        except api.ApiError as exc:
            raise RegisterError(exc.code.value, exc.message) from exc
        # A round trip through JSON, so both clients hand back identical values.
        result: dict[str, Any] = json.loads(json.dumps(reply))
        return result

    def _get_exception(self, exception_id: int) -> dict[str, Any]:
        return self._call("exception", {"id": exception_id})


class HttpClient(_JsonClient):
    """A register elsewhere, over its JSON API, with the organisation's token."""

    def __init__(self, base_url: str, token: str, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/") + "/"
        self.token = token
        self.timeout = timeout

    def _call(self, operation: str, payload: dict[str, Any]) -> dict[str, Any]:
        return self._send(operation, json.dumps(payload).encode())

    def _get_exception(self, exception_id: int) -> dict[str, Any]:
        return self._send(f"exceptions/{exception_id}", None)

    def _send(self, path: str, body: bytes | None) -> dict[str, Any]:
        request = urllib.request.Request(
            self.base_url + path,
            data=body,
            method="POST" if body is not None else "GET",
            headers={
                "Authorization": f"Token {self.token}",
                "Content-Type": "application/json",
                "Accept": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                reply: dict[str, Any] = json.load(response)
        except urllib.error.HTTPError as exc:
            raise _error_from(exc) from exc
        except urllib.error.URLError as exc:
            raise RegisterError(
                "",
                f"The register at {self.base_url} could not be reached "
                f"({exc.reason}); check its address and that it is running.",
            ) from exc
        return reply

    def __repr__(self) -> str:
        return f"HttpClient({self.base_url!r})"


def _error_from(exc: urllib.error.HTTPError) -> RegisterError:
    try:
        data = json.load(exc)
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
        data = {}
    return RegisterError(
        str(data.get("code", exc.code)),
        str(data.get("message", f"The register answered HTTP {exc.code}.")),
    )
