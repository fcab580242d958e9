"""Reference data: awarding bodies (JSON) and the default letter texts (core)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def _load(name: str) -> dict[str, Any]:
    text = (
        resources.files("examsoffice.exams").joinpath("data", name).read_text("utf-8")
    )
    data: dict[str, Any] = json.loads(text)
    return data


def awarding_bodies() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = _load("awarding_bodies.json")["awarding_bodies"]
    return rows


COVERING_LETTER = "notice-covering"
CLASH_LETTER = "clash-instructions"


def default_letters() -> list[dict[str, str]]:
    """The shipped wording; a centre edits its copy in the database."""
    from examsoffice.documents import letters

    return [
        {
            "key": COVERING_LETTER,
            "title": "Covering letter for the notice to candidates",
            "body": letters.template(letters.COVERING),
        },
        {
            "key": CLASH_LETTER,
            "title": "Timetable clash instructions",
            "body": letters.template(letters.CLASH),
        },
    ]


def ensure_reference_data() -> None:
    """Put back the shipped awarding bodies and letters if they are missing.

    The first migration loads them; this is for databases emptied since (tests that
    flush, a restore of an old backup).
    """
    from examsoffice.exams.models import AwardingBody, LetterTemplate

    for row in awarding_bodies():
        AwardingBody.objects.get_or_create(jcq_id=row["jcq_id"], defaults=row)
    for row in default_letters():
        LetterTemplate.objects.get_or_create(key=row["key"], defaults=row)
