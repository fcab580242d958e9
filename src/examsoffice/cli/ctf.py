"""``examsoffice ctf ...``: Common Transfer File commands.

Each command is a plain function added to ``ctf_app``; a new command (``import``)
is one more function and one more ``ctf_app.command`` line in :func:`register`.
``check`` reads the file only and never sets Django up.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from examsoffice.formats.ctf import check_file

ctf_app = typer.Typer(
    name="ctf",
    help="Common Transfer Files: check a file, or import it onto the roll.",
    no_args_is_help=True,
)


class ReportFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    CSV = "csv"


def check(
    file: Annotated[Path, typer.Argument(help="The CTF or ATF file to check.")],
    output: Annotated[
        ReportFormat, typer.Option("--format", help="text, json or csv.")
    ] = ReportFormat.TEXT,
    lenient: Annotated[
        bool,
        typer.Option(
            "--lenient", help="Read a file that is not well-formed XML anyway."
        ),
    ] = False,
) -> None:
    """Check a CTF without touching the database. Exit 0: no errors; 1: errors;
    2: the file cannot be read."""
    report = check_file(file, lenient=lenient)
    render = {
        ReportFormat.TEXT: report.to_text,
        ReportFormat.JSON: report.to_json,
        ReportFormat.CSV: report.to_csv,
    }[output]
    typer.echo(render(), nl=False)
    raise typer.Exit(report.exit_code())


def register(app: typer.Typer) -> None:
    ctf_app.command(name="check")(check)
    app.add_typer(ctf_app, name="ctf")
