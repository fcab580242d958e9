"""Set up Django once for the commands that need the database."""

from __future__ import annotations

import os


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "examsoffice.settings")
    import django

    django.setup()
