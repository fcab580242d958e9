"""Basedata: what an awarding body offers in a series, read from a file.

Each file format is a sub-package with the same shape (``reader.read(data, name)``
returning rows and problems, ``writer.blank()`` and ``writer.example()``):

- ``template_csv``: our documented template as CSV (one row per component of an
  entry option);
- ``template_xlsx``: the same columns in the first sheet of a workbook.

The JCQ fixed-width basedata (S, O, C, L and D files) would be one more
sub-package; its record layouts are not available to us yet.
"""

from __future__ import annotations

from pathlib import PurePath

from examsoffice.errors import FileFormatError, ProblemLog
from examsoffice.formats.basedata.model import (
    Basedata,
    BasedataComponent,
    BasedataOption,
    BasedataQualification,
)
from examsoffice.formats.basedata.template import COLUMNS, build_basedata

__all__ = [
    "COLUMNS",
    "Basedata",
    "BasedataComponent",
    "BasedataOption",
    "BasedataQualification",
    "read_basedata",
]


def read_basedata(data: bytes, name: str) -> tuple[Basedata, ProblemLog]:
    """Read a template file (CSV or XLSX, told apart by ``name``).

    Every problem in the file is collected in the log; the basedata holds only
    the rows that could be read.  Raises :class:`FileFormatError` when the file as
    a whole cannot be read.
    """
    suffix = PurePath(name).suffix.lower()
    if suffix == ".csv":
        from examsoffice.formats.basedata.template_csv import reader
    elif suffix in {".xlsx", ".xlsm"}:
        from examsoffice.formats.basedata.template_xlsx import reader  # type: ignore[no-redef]
    else:
        raise FileFormatError(
            "This is not a basedata template: save it as CSV (.csv) or Excel "
            "(.xlsx) with the columns of the blank template, then try again.",
            file=name,
        )
    rows, log = reader.read(data, name)
    basedata = build_basedata(rows, name, log)
    return basedata, log
