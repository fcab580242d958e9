"""``examsoffice census check --census-date DAY``: the census's identifier errors.

Exit status 0 when there are none, 1 when there are errors. ``--date`` is the same
option; DD/MM/YYYY is accepted too.
"""

from __future__ import annotations

import typer

from examsoffice.cli import _django
from examsoffice.cli._dates import CensusDate

census_app = typer.Typer(
    name="census",
    help="School census checks on pupil identifiers.",
    no_args_is_help=True,
)


def check(day: CensusDate) -> None:
    """List the identifier errors the school census would raise on that day."""
    _django.setup()
    from examsoffice.learners.census import check_census, has_errors

    findings = check_census(day)
    for f in findings:
        typer.echo(
            f"{f.code}\t{f.severity}\t{f.pupil_name}\t{f.upn or '-'}\t{f.message}"
        )
    found = f"{len(findings)} finding{'' if len(findings) == 1 else 's'}"
    typer.echo(f"{found} for the census on {day.isoformat()}.")
    raise typer.Exit(1 if has_errors(findings) else 0)


def register(app: typer.Typer) -> None:
    census_app.command(name="check")(check)
    app.add_typer(census_app, name="census")
