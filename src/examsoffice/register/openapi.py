"""The OpenAPI 3 description of the register's JSON API."""

from __future__ import annotations

from typing import Any

_GENDER = {"type": "string", "enum": ["0", "1", "2", "9"]}
_DATE = {"type": "string", "format": "date", "example": "2009-03-14"}
_TEXT = {"type": "string"}

_DETAILS = {
    "type": "object",
    "required": ["given_name", "family_name", "date_of_birth"],
    "properties": {
        "title": _TEXT,
        "given_name": _TEXT,
        "middle_names": _TEXT,
        "family_name": _TEXT,
        "preferred_given_name": _TEXT,
        "previous_family_name": _TEXT,
        "family_name_at_16": _TEXT,
        "school_at_16": _TEXT,
        "date_of_birth": _DATE,
        "gender": _GENDER,
        "address_line1": _TEXT,
        "address_line2": _TEXT,
        "address_town": _TEXT,
        "address_county": _TEXT,
        "postcode": {"type": "string", "description": "ZZ99 9ZZ when unknown"},
        "email": _TEXT,
        "verification_type": _TEXT,
        "privacy_notice_seen": {"type": "boolean"},
    },
}

_LEARNER = {
    "type": "object",
    "properties": {
        **_DETAILS["properties"],  # type: ignore[dict-item]
        "uln": _TEXT,
        "previous_family_names": {"type": "array", "items": _TEXT},
        "status": {"type": "string", "enum": ["active", "linked"]},
        "master_uln": _TEXT,
        "linked_ulns": {"type": "array", "items": _TEXT},
        "version": {"type": "integer"},
        "created": {"type": "string", "format": "date-time"},
        "updated": {"type": "string", "format": "date-time"},
        "score": {"type": "number", "description": "match probability, 0 to 1"},
        "differing": {"type": "array", "items": _TEXT},
    },
}

_CODE = {"type": "string", "description": "The national service's response code"}
_REPLY = {
    "code": _CODE,
    "meaning": _TEXT,
    "problems": {"type": "array", "items": _TEXT},
}


def _obj(properties: dict[str, Any], required: list[str] | None = None) -> Any:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


_PUPIL = _obj(
    {
        "upn": _TEXT,
        "forename": _TEXT,
        "surname": _TEXT,
        "middle_names": _TEXT,
        "former_surname": _TEXT,
        "preferred_forename": _TEXT,
        "date_of_birth": _DATE,
        "sex": {"type": "string", "enum": ["M", "F", ""]},
        "postcode": _TEXT,
        "address_line1": _TEXT,
        "address_line2": _TEXT,
        "town": _TEXT,
    },
    ["upn", "forename", "surname", "date_of_birth"],
)
_OUTCOME = _obj(
    {
        "upn": _TEXT,
        "status": {
            "type": "string",
            "enum": ["assigned", "registered", "exception", "rejected"],
        },
        "code": _CODE,
        "uln": _TEXT,
        "exception_id": {"type": "integer", "nullable": True},
        "message": _TEXT,
    }
)

_OPERATIONS: dict[str, tuple[str, Any, Any]] = {
    "find": (
        "Find by ULN (with family and given name: WSRC0004, WSRC0022, WSRC0001) or "
        "by personal details (WSRC0001 none, WSRC0002 too many, WSRC0003 possible, "
        "WSRC0004 exact).",
        _obj(
            {
                "uln": _TEXT,
                "given_name": _TEXT,
                "family_name": _TEXT,
                "date_of_birth": _DATE,
                "gender": _GENDER,
                "postcode": _TEXT,
                "previous_family_name": _TEXT,
            },
            ["given_name", "family_name"],
        ),
        _obj({**_REPLY, "matches": {"type": "array", "items": _LEARNER}}),
    ),
    "register": (
        "Register a learner (WSRC0005 with the new ULN) or refuse a duplicate "
        "(WSRC0021 with the existing ULNs).",
        _obj({"learner": _DETAILS, "confirm_reason": _TEXT}, ["learner"]),
        _obj(
            {
                **_REPLY,
                "uln": _TEXT,
                "existing": {
                    "type": "array",
                    "items": _obj({"uln": _TEXT, "score": {"type": "number"}}),
                },
            }
        ),
    ),
    "update": (
        "Update a learner read at a version (WSRC0006 updated, WSRC0013 changed "
        "since read, WSRC0019 ULN not found, WSRC0020 nothing changed).",
        _obj(
            {
                "uln": _TEXT,
                "version": {"type": "integer"},
                "changes": _DETAILS,
                "reason": _TEXT,
            },
            ["uln", "version", "changes"],
        ),
        _obj({**_REPLY, "version": {"type": "integer", "nullable": True}}),
    ),
    "verify": (
        "Verify a ULN against details (WSVRC001 to WSVRC006, flags VRF1 to VRF8).",
        _obj(
            {
                "uln": _TEXT,
                "given_name": _TEXT,
                "family_name": _TEXT,
                "date_of_birth": _DATE,
                "gender": _GENDER,
            },
            ["uln", "given_name", "family_name"],
        ),
        _obj({**_REPLY, "flags": {"type": "array", "items": _TEXT}, "uln": _TEXT}),
    ),
    "link": (
        "Link a record to a master record of the same person (WSRC0006); both "
        "ULNs keep working.",
        _obj(
            {"master_uln": _TEXT, "linked_uln": _TEXT, "reason": _TEXT},
            ["master_uln", "linked_uln"],
        ),
        _obj({**_REPLY, "message": _TEXT}),
    ),
    "unlink": (
        "Undo a link (WSRC0006; WSRC0020 when the record was not linked).",
        _obj({"linked_uln": _TEXT, "reason": _TEXT}, ["linked_uln"]),
        _obj({**_REPLY, "message": _TEXT}),
    ),
    "uln-request": (
        "A school's ULN request: each pupil gets a ULN (assigned or registered) "
        "or an exception for the register operator.",
        _obj({"source": _TEXT, "pupils": {"type": "array", "items": _PUPIL}}),
        _obj({"outcomes": {"type": "array", "items": _OUTCOME}}),
    ),
}

_ERROR = _obj({"code": _CODE, "message": _TEXT})


def _post(summary: str, request: Any, reply: Any) -> dict[str, Any]:
    return {
        "post": {
            "summary": summary,
            "security": [{"token": []}],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": request}},
            },
            "responses": {
                "200": {
                    "description": "Done; see code",
                    "content": {"application/json": {"schema": reply}},
                },
                "400": _error("Invalid request (WSEC0001)"),
                "401": _error("Unknown organisation or token (WSEC0003)"),
                "403": _error("Organisation lacks the permission (WSEC0006)"),
            },
        }
    }


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": _ERROR}},
    }


def schema(server: str) -> dict[str, Any]:
    paths = {f"/{name}": _post(*spec) for name, spec in _OPERATIONS.items()}
    paths["/exceptions/{id}"] = {
        "get": {
            "summary": "Where an exception raised by a ULN request stands.",
            "security": [{"token": []}],
            "parameters": [
                {
                    "name": "id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer"},
                }
            ],
            "responses": {
                "200": {
                    "description": "The pupil's outcome",
                    "content": {"application/json": {"schema": _OUTCOME}},
                },
                "404": _error("No such exception for this organisation"),
            },
        }
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "examsoffice learner register",
            "version": "1",
            "description": "Find, register, update, verify and link learners, "
            "with the Learning Records Service's response codes.",
        },
        "servers": [{"url": server}],
        "components": {
            "securitySchemes": {
                "token": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": "'Token ' followed by the organisation's token",
                }
            }
        },
        "paths": paths,
    }
