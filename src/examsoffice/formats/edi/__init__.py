"""JCQ common-format EDI files: names now, record layouts when we have the booklet.

A file is named ``dcccccbb.Xnn`` (JCQ "Formats for the Exchange of Examination
Related Data", introduction): data type letter, five-digit centre number,
two-character awarding-body identifier, the literal ``X`` and the last two digits of
the file's sequence number.  :func:`edi_filename` builds such a name.

The fixed-width record layouts (header, detail and trailer of the entries and
amendments files) are not available to us, so :class:`EntriesWriter` implementations
are pluggable and the shipped one refuses with a message instead of guessing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from examsoffice.errors import DataError, ExamsOfficeError
from examsoffice.identifiers import validate_centre_number


class DataType(StrEnum):
    AMENDMENTS = "A"
    ENTRIES = "E"
    FORECASTS = "F"


def edi_filename(
    data_type: DataType, centre: str, awarding_body: str, sequence: int
) -> str:
    """The JCQ file name, e.g. ``E1234570.X07`` for AQA entries file number 107."""
    check = validate_centre_number(centre)
    if not check:
        raise DataError(check.reason, field="centre number")
    if len(awarding_body) != 2 or not awarding_body.isalnum():
        raise DataError(
            f"'{awarding_body}' is not an awarding-body identifier; it is two "
            "characters, such as 70 for AQA.",
            field="awarding body",
        )
    if sequence < 1:
        raise DataError("A file sequence number starts at 1.", field="sequence")
    return f"{data_type.value}{check.normalised}{awarding_body}.X{sequence % 100:02d}"


@dataclass(frozen=True)
class EdiEntry:
    """One line an entries or amendments file would carry."""

    candidate_number: str
    uci: str
    uln: str
    surname: str
    forenames: str
    date_of_birth: str
    sex: str
    entry_code: str
    action: str  # "entry", "withdrawal", "amendment", "uln"


class LayoutUnavailableError(ExamsOfficeError):
    """The record layout for this file is not known, so no file is written."""


class EntriesWriter(Protocol):
    def write(
        self,
        data_type: DataType,
        centre: str,
        awarding_body: str,
        series: str,
        sequence: int,
        entries: Sequence[EdiEntry],
    ) -> bytes: ...


class UnavailableWriter:
    """The shipped writer: says why no EDI file can be made yet."""

    def write(
        self,
        data_type: DataType,
        centre: str,
        awarding_body: str,
        series: str,
        sequence: int,
        entries: Sequence[EdiEntry],
    ) -> bytes:
        raise LayoutUnavailableError(
            "EDI files cannot be written yet: the JCQ record layouts are not in "
            "examsoffice. Export the submission as CSV or Excel and key it into the "
            "awarding body's portal, or use your MIS for this file."
        )
