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

from examsoffice import config
from examsoffice.formats.ctf import SchoolRef, check_file

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
    school: Annotated[
        str,
        typer.Option(
            "--school",
            help="This school's LA and establishment number (8201234), to warn of "
            "a file addressed to another school. Default: EXAMSOFFICE_SCHOOL_LA "
            "and EXAMSOFFICE_SCHOOL_ESTAB.",
        ),
    ] = "",
) -> None:
    """Check a CTF without touching the database. Exit 0: no errors; 1: errors;
    2: the file cannot be read."""
    here, known_from = _this_school(school)
    report = check_file(file, lenient=lenient, school=here, known_from=known_from)
    render = {
        ReportFormat.TEXT: report.to_text,
        ReportFormat.JSON: report.to_json,
        ReportFormat.CSV: report.to_csv,
    }[output]
    typer.echo(render(), nl=False)
    raise typer.Exit(report.exit_code())


def _this_school(given: str) -> tuple[SchoolRef | None, str]:
    # Settings are read from the environment: this command never sets Django up.
    if given:
        digits = "".join(ch for ch in given if ch.isdigit())
        if len(digits) != 7:
            raise typer.BadParameter(
                f"'{given}' is not an LA and establishment number: give seven "
                "digits such as 8201234 or 820/1234.",
                param_hint="--school",
            )
        return SchoolRef(lea=digits[:3], estab=digits[3:]), "given with --school"
    lea = config.env_str("EXAMSOFFICE_SCHOOL_LA", "")
    estab = config.env_str("EXAMSOFFICE_SCHOOL_ESTAB", "")
    if lea and estab:
        return SchoolRef(lea=lea, estab=estab), "from EXAMSOFFICE_SCHOOL_LA/ESTAB"
    return None, ""


def register(app: typer.Typer) -> None:
    ctf_app.command(name="check")(check)
    app.add_typer(ctf_app, name="ctf")
