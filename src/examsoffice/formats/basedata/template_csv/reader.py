from __future__ import annotations

import csv
import io

from examsoffice.errors import FileFormatError, ProblemLog
from examsoffice.formats.basedata.template import Row, check_header


def read(data: bytes, name: str) -> tuple[list[Row], ProblemLog]:
    log = ProblemLog()
    text = _decode(data, name)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if not check_header(header, name, log):
        return [], log

    reader.fieldnames = header
    rows: list[Row] = []
    for cells in reader:
        if not any((v or "").strip() for v in cells.values() if isinstance(v, str)):
            continue
        clean = {k: (v or "") for k, v in cells.items() if isinstance(k, str)}
        rows.append((reader.line_num, clean))
    return rows, log


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Excel on Windows saves "CSV" in the Windows code page unless told otherwise.
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise FileFormatError(
            "The file is not text; save it from Excel as 'CSV UTF-8'.", file=name
        ) from exc
