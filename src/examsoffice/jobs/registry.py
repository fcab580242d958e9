"""Find job handlers: each app may have a ``jobs`` module that registers its own."""

from __future__ import annotations

import importlib

APPS = ("learners", "register", "exams", "rooms", "planner")


def load_handlers() -> None:
    for app in APPS:
        name = f"examsoffice.{app}.jobs"
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
