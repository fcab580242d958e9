"""``examsoffice uln request --census-date YYYY-MM-DD --out DIR``: ask for ULNs.

Writes the ULN-request CTF and prints the export exception log. Exit status 0 when
the file was written, 1 when no pupil could be sent.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from examsoffice.cli import _django

uln_app = typer.Typer(
    name="uln", help="Unique Learner Numbers: request them.", no_args_is_help=True
)


def request(
    census_date: Annotated[
        datetime,
        typer.Option(formats=["%Y-%m-%d"], help="Census day, YYYY-MM-DD."),
    ],
    out: Annotated[Path, typer.Option(help="Folder to write the CTF into.")],
) -> None:
    """Write the ULN-request CTF for pupils without a valid ULN; print the log."""
    _django.setup()
    from examsoffice.learners import uln_request

    chosen = uln_request.select(census_date.date())
    typer.echo(uln_request.issues_text(chosen), nl=False)
    if not chosen.pupils:
        typer.echo("No pupil needs a ULN request, so no file was written.")
        raise typer.Exit(1)
    path = uln_request.write(chosen, out)
    typer.echo(f"Wrote {path}")


def register(app: typer.Typer) -> None:
    uln_app.command(name="request")(request)
    app.add_typer(uln_app, name="uln")
