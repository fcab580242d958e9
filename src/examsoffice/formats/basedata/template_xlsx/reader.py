from __future__ import annotations

import datetime as dt
import io
import zipfile

from openpyxl import load_workbook

from examsoffice.errors import FileFormatError, ProblemLog
from examsoffice.formats.basedata.template import Row, check_header


def read(data: bytes, name: str) -> tuple[list[Row], ProblemLog]:
    log = ProblemLog()
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise FileFormatError(
            "The file is not an Excel workbook; save it as .xlsx and try again.",
            file=name,
        ) from exc
    sheet = book.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    header = [_cell(v).lower() for v in next(values, ())]
    if not check_header(header, name, log):
        book.close()
        return [], log

    rows: list[Row] = []
    for number, row in enumerate(values, start=2):
        cells = {h: _cell(v) for h, v in zip(header, row, strict=False) if h}
        if any(cells.values()):
            rows.append((number, cells))
    book.close()
    return rows, log


def _cell(value: object) -> str:
    # Excel turns typed dates and times into datetimes; the template reads text.
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and value.year > 1900:
            return value.date().isoformat()
        return value.strftime("%H:%M")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()
