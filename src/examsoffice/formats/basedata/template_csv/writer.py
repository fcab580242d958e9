from __future__ import annotations

import csv
import datetime as dt
import io

from examsoffice.formats.basedata.example import example_rows
from examsoffice.formats.basedata.template import NAMES


def write(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=NAMES, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    # The BOM makes Excel open the file as UTF-8.
    return out.getvalue().encode("utf-8-sig")


def blank() -> bytes:
    return write([])


def example(first_day: dt.date, bodies: tuple[str, ...] = ("70",)) -> bytes:
    return write(example_rows(first_day, bodies))
