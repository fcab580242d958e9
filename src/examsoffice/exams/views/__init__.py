"""Exam administration pages, one module per area."""

from __future__ import annotations

from examsoffice.accounts.roles import Role

OFFICE = (Role.EXAMS_OFFICER,)
