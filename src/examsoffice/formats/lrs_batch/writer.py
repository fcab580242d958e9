"""Write batch CSVs: an input file (for tests, demos and benchmarks) and the output
file with every row, its return code and the counts."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from examsoffice.formats.lrs_batch import layout
from examsoffice.formats.lrs_batch.codes import return_codes
from examsoffice.formats.lrs_batch.model import BatchCounts, BatchHeader


@dataclass(frozen=True)
class OutputRow:
    """One learner as sent, with the return code given and a sentence on it."""

    values: Mapping[str, str]
    return_code: str
    message: str = ""


def write_batch(
    target: str | Path | IO[str],
    header: BatchHeader,
    learners: Iterable[Mapping[str, str]],
) -> None:
    """Write an input batch file; each learner maps column headings to values."""
    with _opened(target, bom=False) as handle:
        writer = csv.writer(handle)
        writer.writerow(layout.HEADER_LABELS)
        writer.writerow(_header_cells(header))
        writer.writerow(layout.COLUMNS)
        for learner in learners:
            writer.writerow([learner.get(column, "") for column in layout.COLUMNS])


# The template's file header and example learner: synthetic, to be overwritten.
TEMPLATE_HEADER = BatchHeader(
    layout.FILE_VERSION, "Year 10 ULN requests", "10012345", "exams@school.example"
)
TEMPLATE_EXAMPLE = {
    "MISIdentifier": "A0001",
    "GivenName": "Amelia",
    "FamilyName": "Thornbury",
    "DateOfBirth": "2010-03-14",
    "Gender": "2",
    "LastKnownAddressLine1": "12 Mill Lane",
    "LastKnownAddressTown": "Oxford",
    "LastKnownPostCode": "OX4 2JH",
}


def write_template(target: str | Path | IO[str]) -> None:
    """A batch file to start from: the header labels and an example header in rows
    1 and 2, the column headings in order in row 3, one example learner in row 4."""
    write_batch(target, TEMPLATE_HEADER, [TEMPLATE_EXAMPLE])


def write_output(
    target: str | Path | IO[str],
    header: BatchHeader,
    rows: Iterable[OutputRow],
    counts: BatchCounts,
) -> None:
    """Write the output file: header and counts, then every row with its code.

    The file carries a byte-order mark so that Excel shows accented names rightly.
    """
    with _opened(target, bom=True) as handle:
        writer = csv.writer(handle)
        writer.writerow((*layout.HEADER_LABELS, *layout.COUNT_LABELS))
        writer.writerow((*_header_cells(header), *counts.as_dict().values()))
        writer.writerow(layout.OUTPUT_COLUMNS)
        for row in rows:
            cells = [row.values.get(column, "") for column in layout.COLUMNS]
            writer.writerow([*cells, row.return_code, row.message or _meaning(row)])


def _header_cells(header: BatchHeader) -> tuple[str, str, str, str]:
    return (header.file_version, header.file_name, header.ukprn, header.contact_email)


def _meaning(row: OutputRow) -> str:
    entry = return_codes().get(row.return_code)
    return entry.meaning if entry else ""


@contextmanager
def _opened(target: str | Path | IO[str], *, bom: bool) -> Iterator[IO[str]]:
    """A path opened for CSV writing, or a handle given by the caller left open."""
    if not isinstance(target, str | Path):
        yield target
        return
    encoding = "utf-8-sig" if bom else "utf-8"
    with Path(target).open("w", encoding=encoding, newline="") as handle:
        yield handle
