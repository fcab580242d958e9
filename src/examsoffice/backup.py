"""Backup and restore of the embedded SQLite database.

SQLite's online backup copies a consistent database while the server keeps running.
A PostgreSQL installation is backed up with pg_dump and restored with pg_restore.
"""

from __future__ import annotations

import atexit
import os
import sqlite3
from pathlib import Path

from django.conf import settings
from django.db import connections


class BackupError(Exception):
    """A backup or restore that could not be done; the message says what to do."""


def _sqlite_path() -> Path:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.sqlite3":
        raise BackupError(
            "This installation uses PostgreSQL. Back it up with "
            "'pg_dump --format=custom DBNAME > examsoffice.dump' and restore with "
            "'pg_restore --clean --dbname DBNAME examsoffice.dump'."
        )
    return Path(db["NAME"])


def backup_database(target: Path) -> Path:
    source_path = _sqlite_path()
    if target.is_dir():
        target = target / "examsoffice-backup.sqlite3"
    if target.exists():
        raise BackupError(f"{target} already exists. Choose a new file name.")

    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source_path) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return target


def server_file() -> Path:
    return Path(settings.DATA_DIR) / "server.pid"


def mark_server_running() -> None:
    """Note this process as the server of the data folder, until it ends."""
    marker = server_file()
    marker.write_text(str(os.getpid()), encoding="ascii")
    atexit.register(marker.unlink, missing_ok=True)


def running_server() -> int | None:
    """The process id of a server using this data folder, if one is running."""
    try:
        pid = int(server_file().read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    return pid


def check_restore(source: Path) -> None:
    """Refuse a restore that would go wrong, before anyone is asked to confirm it."""
    _sqlite_path()
    if not source.is_file():
        raise BackupError(f"{source} is not a file. Give the path of a backup file.")
    pid = running_server()
    if pid is not None and pid != os.getpid():
        raise BackupError(
            f"The server is running on this data (process {pid}). Stop it (Ctrl+C "
            "in its window) and run restore again. Nothing was changed."
        )


def restore_database(source: Path) -> None:
    target_path = _sqlite_path()
    check_restore(source)

    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as check:
            check.execute("SELECT count(*) FROM django_migrations").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(
            f"{source} is not an examsoffice backup ({exc}). Nothing was changed."
        ) from exc

    # Close Django's own handle so the copy is not racing an open connection.
    connections.close_all()
    with sqlite3.connect(source) as backup, sqlite3.connect(target_path) as live:
        backup.backup(live)
