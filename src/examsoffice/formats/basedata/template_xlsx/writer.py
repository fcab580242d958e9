from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from examsoffice.formats.basedata.example import example_rows
from examsoffice.formats.basedata.template import COLUMNS, NAMES


def write(rows: list[dict[str, str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "basedata"
    sheet.append(list(NAMES))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row.get(name, "") for name in NAMES])
    _help_sheet(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _help_sheet(book: Workbook) -> None:
    sheet = book.create_sheet("columns")
    sheet.append(["column", "required", "what to write"])
    for column in COLUMNS:
        sheet.append([column.name, "yes" if column.required else "no", column.help])


def blank() -> bytes:
    return write([])


def example(first_day: dt.date, bodies: tuple[str, ...] = ("70",)) -> bytes:
    return write(example_rows(first_day, bodies))
