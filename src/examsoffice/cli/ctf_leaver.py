"""``examsoffice ctf leaver --upn U... --to 8201234 --out DIR``: send leavers on.

``--to unknown`` writes one file per pupil to the DfE's lost-pupil destination.
Exit status 0 when the files were written, 1 when a pupil or the destination
needs fixing first (nothing is written then).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from examsoffice.cli import _django, _files
from examsoffice.cli.ctf import ctf_app


def leaver(
    upn: Annotated[
        list[str], typer.Option(help="A pupil's UPN; give --upn once per pupil.")
    ],
    to: Annotated[
        str,
        typer.Option(
            help="The next school's LA and establishment number (8201234 or "
            "820/1234), or 'unknown'."
        ),
    ],
    out: Annotated[Path, typer.Option(help="Folder to write the CTF(s) into.")],
) -> None:
    """Write the leaver CTF for pupils going to the same next school."""
    _django.setup()
    from examsoffice.learners import leaver_ctf
    from examsoffice.learners.models import Pupil

    problems: list[str] = []
    try:
        dest = leaver_ctf.parse_destination(to)
    except leaver_ctf.DestinationError as exc:
        problems.append(f"--to: {exc}")
    wanted = [u.strip().upper() for u in upn]
    pupils = list(Pupil.objects.filter(upn__in=wanted))
    found = {p.upn for p in pupils}
    problems += [
        f"--upn {u}: no pupil on the roll has this UPN; check it against the MIS."
        for u in wanted
        if u not in found
    ]
    problems += leaver_ctf.problems(pupils)
    if problems:
        for line in problems:
            typer.echo(line, err=True)
        typer.echo("Nothing was written.", err=True)
        raise typer.Exit(1)

    for line in leaver_ctf.warnings(pupils):
        typer.echo(f"Warning: {line}", err=True)
    try:
        written = leaver_ctf.write_leavers(pupils, dest, out)
    except OSError as exc:
        raise _files.fail("write into", out, exc) from exc
    for item in written:
        typer.echo(f"Wrote {item.path}")


def register(app: typer.Typer) -> None:
    # The ``ctf`` sub-app belongs to cli/ctf.py; this only adds a command to it.
    ctf_app.command(name="leaver")(leaver)
