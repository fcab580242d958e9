"""Dates typed on the command line: YYYY-MM-DD, or DD/MM/YYYY as Excel shows them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import typer

# Day first, as in England; 03/04/2027 is the 3rd of April.
FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
EXAMPLE = "e.g. 2027-01-16 or 16/01/2027"


def parse_date(value: str) -> date:
    """A date from YYYY-MM-DD or DD/MM/YYYY; a usage error that shows both otherwise."""
    text = value.strip()
    for fmt in FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise typer.BadParameter(
        f"'{value}' is not a date: write it as YYYY-MM-DD or DD/MM/YYYY, {EXAMPLE}."
    )


CensusDate = Annotated[
    date,
    typer.Option(
        "--census-date",
        "--date",
        parser=parse_date,
        help=f"Census day, YYYY-MM-DD or DD/MM/YYYY ({EXAMPLE}).",
    ),
]
