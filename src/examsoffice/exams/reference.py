"""Reference data shipped as JSON: awarding bodies and the default letter texts."""

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


def default_letters() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = _load("letters.json")["letters"]
    return rows
