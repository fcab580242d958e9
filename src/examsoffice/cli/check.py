"""``examsoffice check uln|upn|uci|postcode VALUE...``: one line per value.

Pure core only: this command never sets Django up, so it runs instantly.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Annotated

import typer

from examsoffice.identifiers import (
    CheckResult,
    validate_postcode,
    validate_uci,
    validate_uln,
    validate_upn,
)


class Kind(StrEnum):
    ULN = "uln"
    UPN = "upn"
    UCI = "uci"
    POSTCODE = "postcode"


_VALIDATORS: dict[Kind, Callable[[str], CheckResult]] = {
    Kind.ULN: validate_uln,
    Kind.UPN: validate_upn,
    Kind.UCI: validate_uci,
    Kind.POSTCODE: validate_postcode,
}


def check(
    kind: Annotated[Kind, typer.Argument(help="Which identifier to check.")],
    values: Annotated[list[str], typer.Argument(help="One or more values.")],
) -> None:
    """Check identifiers: prints value, valid or invalid, and the reason."""
    validate = _VALIDATORS[kind]
    all_valid = True
    for value in values:
        result = validate(value)
        if result.valid:
            typer.echo(f"{value}\tvalid")
        else:
            all_valid = False
            typer.echo(f"{value}\tinvalid\t{result.reason}")
    raise typer.Exit(0 if all_valid else 1)


def register(app: typer.Typer) -> None:
    app.command(name="check")(check)
