"""Exam administration operations, one module per area; views and CLI call these."""

from __future__ import annotations

from django.contrib.auth.models import User


def as_user(user: object) -> User | None:
    """The signed-in user to record against a change; None for scripts and demo."""
    return user if isinstance(user, User) else None
