"""The return code put on each row of a batch output file, read from a data table.

Which codes the national service writes on batch output rows is not confirmed (lrs.md
1.7 lists "return codes and what they mean" as a chapter of a guide that could not be
read). The table in ``data/return_codes.csv`` says, code by code, what is confirmed:
the ``WSRC`` codes are the web service's (lrs.md 1.4), the ``RC`` codes of rejected
rows are the ones the issue names and are marked ``unverified``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources


class Outcome(StrEnum):
    """What happened to one learner of a batch; the job summary counts these."""

    NEW = "new"
    EXISTING = "existing"
    POSSIBLE_MATCH = "possible_match"
    NOT_FOUND = "not_found"
    REJECTED = "rejected"


# The codes the reader and the register give; each is a row of the data table.
EXACT_MATCH = "WSRC0004"
REGISTERED = "WSRC0005"
POSSIBLE_MATCH = "WSRC0003"
NOT_FOUND = "WSRC0001"
INSUFFICIENT_DATA = "RC006"
NULL_VALUE = "RC010"
WRONG_FORMAT = "RC012"


@dataclass(frozen=True)
class ReturnCode:
    code: str
    outcome: Outcome
    meaning: str
    what_to_do: str
    confirmed: str

    @property
    def verified(self) -> bool:
        return self.confirmed != "unverified"


@cache
def return_codes() -> dict[str, ReturnCode]:
    """Every return code by its code, from the packaged data table."""
    table = resources.files(__package__).joinpath("data/return_codes.csv")
    with io.StringIO(table.read_text(encoding="utf-8"), newline="") as handle:
        return {
            row["code"]: ReturnCode(
                code=row["code"],
                outcome=Outcome(row["outcome"]),
                meaning=row["meaning"],
                what_to_do=row["what_to_do"],
                confirmed=row["confirmed"],
            )
            for row in csv.DictReader(handle)
        }


def outcome_of(code: str) -> Outcome:
    return return_codes()[code].outcome


def code_for(outcome: Outcome) -> str:
    """The code written for an outcome other than a rejection."""
    for entry in return_codes().values():
        if entry.outcome is outcome and outcome is not Outcome.REJECTED:
            return entry.code
    raise KeyError(f"No single return code stands for {outcome.value!r}.")
