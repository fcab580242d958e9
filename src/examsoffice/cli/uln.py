"""``examsoffice uln request --census-date 2027-01-16 --out DIR``: ask for ULNs.

``--date`` is the same option; DD/MM/YYYY is accepted too.

Writes the ULN-request CTF and prints the export exception log. Exit status 0 when
the file was written, 1 when no pupil could be sent.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

from examsoffice.cli import _django, _files
from examsoffice.cli._dates import CensusDate

uln_app = typer.Typer(
    name="uln",
    help="Unique Learner Numbers: request them from a learner register.",
    no_args_is_help=True,
)


def request(
    census_date: CensusDate,
    out: Annotated[Path, typer.Option(help="Folder to write the CTF into.")],
) -> None:
    """Write the ULN-request CTF for pupils without a valid ULN; print the log."""
    _django.setup()
    from examsoffice.errors import ExamsOfficeError
    from examsoffice.learners import uln_request

    chosen = uln_request.select(census_date)
    typer.echo(uln_request.issues_text(chosen), nl=False)
    if not chosen.pupils:
        typer.echo("No pupil needs a ULN request, so no file was written.")
        raise typer.Exit(1)
    try:
        path = uln_request.write(chosen, out)
    except ExamsOfficeError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc
    except OSError as exc:
        raise _files.fail("write into", out, exc) from exc
    count = len(chosen.pupils)
    typer.echo(f"Wrote {path} ({count} {'pupil' if count == 1 else 'pupils'}).")
    kept = [p.name for p in uln_request.earlier_requests(path.parent) if p != path]
    if kept:
        typer.echo(
            f"Kept the earlier request{'s' if len(kept) > 1 else ''} in that folder "
            f"as {'they were' if len(kept) > 1 else 'it was'}: {', '.join(kept)}. "
            "Each request gets the next number; send only the new one."
        )


def send(
    request_file: Annotated[
        Path, typer.Argument(help="A ULN-request CTF written by 'uln request'.")
    ],
) -> None:
    """Ask the learner register for ULNs and put the answers on the roll.

    Uses the register in this installation, or the one at EXAMSOFFICE_REGISTER_URL
    with EXAMSOFFICE_REGISTER_TOKEN. Exit status 0 when every pupil got a ULN, 1
    when some wait for a decision or were rejected, 2 when the file is unreadable.
    """
    _django.setup()
    from examsoffice.errors import ExamsOfficeError
    from examsoffice.learners import importing, uln_round_trip
    from examsoffice.register.client import RegisterError

    # The import logs its counts for a server's log; here the summary says them.
    quiet = logging.getLogger(importing.__name__)
    level = quiet.level
    quiet.setLevel(logging.WARNING)
    try:
        client = uln_round_trip.client_from_settings()
        trip = uln_round_trip.send(request_file, client)
    except (ExamsOfficeError, RegisterError) as exc:
        typer.echo(f"{request_file}: {exc}", err=True)
        raise typer.Exit(2) from exc
    except OSError as exc:
        _files.fail("read", request_file, exc)
        raise typer.Exit(2) from exc
    finally:
        quiet.setLevel(level)

    for line in uln_round_trip.summary_lines(trip):
        typer.echo(line)
    counts = trip.counts()
    if counts["assigned"] + counts["registered"] < len(trip.outcomes):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    uln_app.command(name="request")(request)
    uln_app.command(name="send")(send)
    app.add_typer(uln_app, name="uln")
