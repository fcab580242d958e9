"""Read a simple table (first row the column names) from CSV or XLSX."""

from __future__ import annotations

from pathlib import PurePath

from examsoffice.errors import FileFormatError, ProblemLog
from examsoffice.formats.basedata.template_csv.reader import _decode
from examsoffice.formats.basedata.template_xlsx.reader import _cell

Table = list[tuple[int, dict[str, str]]]


def read_table(
    data: bytes, name: str, required: tuple[str, ...]
) -> tuple[Table, ProblemLog]:
    """Rows as (line, cells by lower-case column name); missing columns are logged."""
    from examsoffice.errors import Problem

    suffix = PurePath(name).suffix.lower()
    if suffix == ".csv":
        header, rows = _csv(data, name)
    elif suffix in {".xlsx", ".xlsm"}:
        header, rows = _xlsx(data, name)
    else:
        raise FileFormatError(
            "Save the list as CSV (.csv) or Excel (.xlsx) and try again.", file=name
        )
    log = ProblemLog()
    for column in required:
        if column not in header:
            log.add(
                Problem(
                    "table.column_missing",
                    f"The column '{column}' is missing from the first row; add it.",
                    file=name,
                    line=1,
                    field=column,
                )
            )
    table = [
        (line, dict(zip(header, cells, strict=False)))
        for line, cells in rows
        if any(cells)
    ]
    return ([] if log.has_errors() else table), log


def _csv(data: bytes, name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    import csv
    import io

    lines = list(csv.reader(io.StringIO(_decode(data, name), newline="")))
    if not lines:
        return [], []
    header = [h.strip().lower() for h in lines[0]]
    return header, [
        (n, [c.strip() for c in row]) for n, row in enumerate(lines[1:], start=2)
    ]


def _xlsx(data: bytes, name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    import io
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise FileFormatError(
            "The file is not an Excel workbook; save it as .xlsx.", file=name
        ) from exc
    values = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    if not values:
        return [], []
    header = [_cell(v).lower() for v in values[0]]
    return header, [
        (n, [_cell(v) for v in row]) for n, row in enumerate(values[1:], start=2)
    ]
