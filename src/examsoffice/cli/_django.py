"""Set up Django once for the commands that need the database."""

from __future__ import annotations

import os


def setup() -> None:
    """Start Django and bring the database up to date if it is new or behind.

    A command run on a fresh data folder (say ``ctf import`` before ``serve``) would
    otherwise stop with "no such table".
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "examsoffice.settings")
    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)
