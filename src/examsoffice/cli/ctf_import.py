"""``examsoffice ctf import FILE [--dry-run]``: bring a CTF into the school roll.

Exit status: 0 imported (or previewed) with nothing left to decide, 1 there are
exceptions that need a decision (listed, and on the import pages), 2 the file cannot
be read at all.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from examsoffice.cli import _django
from examsoffice.cli.ctf import ctf_app
from examsoffice.errors import FileFormatError


class FileKind(StrEnum):
    AUTO = "auto"
    TRANSFER = "transfer"
    ULN_RESULT = "uln-result"


def import_file(
    file: Annotated[Path, typer.Argument(help="The CTF (or ULN result file).")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; change nothing.")
    ] = False,
    lenient: Annotated[
        bool,
        typer.Option("--lenient", help="Read a file that is not well-formed anyway."),
    ] = False,
    kind: Annotated[
        FileKind,
        typer.Option(
            "--kind",
            help="auto (a file from the ULN service is a result file), transfer "
            "or uln-result.",
        ),
    ] = FileKind.AUTO,
) -> None:
    """Import pupils from a CTF: match them to the roll and print the exception log."""
    _django.setup()
    from examsoffice.learners import ctf_source, importing, reports

    try:
        read = ctf_source.read_file(file, lenient=lenient)
    except FileFormatError as exc:
        typer.echo(f"examsoffice: {exc}", err=True)
        raise typer.Exit(2) from exc

    result_file = (
        read.is_uln_result if kind is FileKind.AUTO else (kind is FileKind.ULN_RESULT)
    )
    outcome = importing.import_records(
        read.records,
        file_name=read.file_name,
        result_file=result_file,
        dry_run=dry_run,
    )
    typer.echo(reports.import_log_text(read, outcome.plan, dry_run=dry_run), nl=False)
    raise typer.Exit(1 if outcome.plan.open_decisions else 0)


def register(app: typer.Typer) -> None:
    # The ``ctf`` sub-app belongs to cli/ctf.py; importing only adds a command to it.
    ctf_app.command(name="import")(import_file)
