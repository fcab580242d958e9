"""Read a batch CSV: refuse a malformed file listing every fault at once, and check
each learner, collecting every problem and giving each rejected row its return code.

A file of another kind (an Excel workbook, an image, binary data, one of the
register's own result files, a semicolon-separated CSV) is refused at once with what
it is and what to do in Excel. UTF-16 "Unicode Text" and tab-separated files are read.

Faults that leave the file unusable as a whole (no "2A" header, headings missing, in
the wrong order or in the wrong case, a row with more values than columns, a learner
without an MISIdentifier or two sharing one, so that the results could not be matched
back) are all collected and raised together as :class:`BatchFileError`, each naming
its row and field. A fault in one learner's data, such as a date that is not a real
date, rejects that learner only (RC006, RC010, RC012; see ``codes``). Dates are read
as YYYY-MM-DD or, as Excel shows them, DD/MM/YYYY; they are kept as YYYY-MM-DD.

Positions are given as rows, numbered as Excel shows them.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path

from examsoffice.errors import FileFormatError, Problem, ProblemLog, Severity
from examsoffice.formats.lrs_batch import layout
from examsoffice.formats.lrs_batch.codes import (
    INSUFFICIENT_DATA,
    NULL_VALUE,
    WRONG_FORMAT,
)
from examsoffice.formats.lrs_batch.model import BatchFile, BatchHeader, BatchLearner
from examsoffice.identifiers import (
    NAME_RULE,
    validate_date_of_birth,
    validate_name,
    validate_postcode,
    validate_uln,
)

# A date Excel has rewritten: 3/9/2009, 03/09/2009, 03-09-2009 or 03/09/09.
_EXCEL_DATE = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-](\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A date as Excel shows it in England: day first, four-digit year (14/03/2010).
_DAY_FIRST = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_EXCEL_NUMBER = re.compile(r"^\d(\.\d+)?E\+\d+$", re.IGNORECASE)
_UKPRN = re.compile(r"^\d{8}$")

MANDATORY = ("GivenName", "FamilyName", "DateOfBirth", "Gender")
NAME_COLUMNS = (
    "GivenName",
    "PreferredGivenName",
    "MiddleOtherName",
    "FamilyName",
    "PreviousFamilyName",
    "FamilyNameAtAge16",
)
# Rejection codes in the order they win when a row has more than one problem.
_PRIORITY = (INSUFFICIENT_DATA, NULL_VALUE, WRONG_FORMAT)


def read_batch(
    source: str | Path | bytes, *, name: str = "", today: date | None = None
) -> BatchFile:
    """Read a batch CSV from a path or from its bytes (an upload).

    ``name`` is the file name shown in messages (the path's name by default); ``today``
    is the day a date of birth must not be after.
    """
    if isinstance(source, bytes):
        data = source
    else:
        data = Path(source).read_bytes()
        name = name or Path(source).name
    name = name or "the batch file"
    problems = ProblemLog()
    faults: list[Problem] = []

    _refuse_other_kinds(data, name)
    rows = _rows(_decode(data, name, problems).rstrip("\x1a"), name, problems)
    _refuse_result_file(rows, name)
    header, headings_at = _header(rows, name, faults)
    _check_headings(rows, headings_at, name, faults)
    _check_file_name(name, problems)

    learners = []
    for number, row in enumerate(rows[headings_at + 1 :], start=headings_at + 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(layout.COLUMNS):
            faults.append(_too_many_values(row, number, name))
            continue
        learners.append(_learner(row, number, name, today or date.today()))
    faults.extend(_identifier_faults(learners, name))
    if not learners and not faults:
        faults.append(
            _fault(
                "The file has no learner rows after the column headings; add the "
                "learners from the row below the headings.",
                name,
                headings_at + 2,
            )
        )
    if faults:
        raise BatchFileError(name, faults)

    for learner in learners:
        problems.extend(list(learner.problems))
    return BatchFile(name=name, header=header, learners=learners, problems=problems)


class BatchFileError(FileFormatError):
    """Every fault that stops the file being used, listed together."""

    def __init__(self, name: str, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0]
        lines = [f"{replace(p, file='').where()}: {p.message}" for p in problems]
        count = len(problems)
        summary = (
            f"The file cannot be used until {count} problems are put right:"
            if count > 1
            else "The file cannot be used until this problem is put right:"
        )
        super().__init__(
            "\n".join([summary, *lines]),
            file=name,
            row=first.row,
            field=first.field,
        )

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


def _fault(message: str, name: str, row: int | None, field: str = "") -> Problem:
    return Problem(
        code="lrs_batch.file_format", message=message, file=name, row=row, field=field
    )


def _too_many_values(row: list[str], number: int, name: str) -> Problem:
    return _fault(
        f"The row has {len(row)} values but there are {len(layout.COLUMNS)} "
        "columns; a value probably holds an unquoted comma.",
        name,
        number,
    )


# The first bytes of files that are not text, and what a person would call them.
_SIGNATURES = (
    (b"\x89PNG", "an image (PNG)"),
    (b"\xff\xd8\xff", "an image (JPEG)"),
    (b"GIF8", "an image (GIF)"),
    (b"%PDF", "a PDF document"),
)
_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SAVE_AS_CSV = (
    "in Excel choose File > Save As and pick 'CSV UTF-8 (Comma delimited)', then "
    "send that file."
)


def _refuse_other_kinds(data: bytes, name: str) -> None:
    """Refuse a workbook, an image or other binary file before reading it as text."""
    if data.startswith(_ZIP):
        raise FileFormatError(
            f"{_zip_kind(data)}, not a CSV file: {_SAVE_AS_CSV}", file=name
        )
    if data.startswith(_OLE2):
        raise FileFormatError(
            f"This is an Excel 97-2003 workbook (.xls), not a CSV file: {_SAVE_AS_CSV}",
            file=name,
        )
    if data.startswith(_UTF16_BOMS):
        return
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise FileFormatError(
                f"This is not a text file: it looks like {kind}. Send the batch "
                "file itself, a CSV saved from Excel as 'CSV UTF-8 (Comma "
                "delimited)'.",
                file=name,
            )
    # Old DOS and Windows tools end a text file with Ctrl-Z; that alone is not binary.
    head = data[:4096].rstrip(b"\x1a")
    controls = sum(1 for byte in head if byte < 32 and byte not in b"\t\r\n\x0c")
    if b"\0" in head or controls > len(head) // 100:
        raise FileFormatError(
            "This is not a text file: it holds binary data, so it is not a batch "
            "CSV. Check you chose the right file; a batch file is saved from Excel "
            "as 'CSV UTF-8 (Comma delimited)'.",
            file=name,
        )


def _zip_kind(data: bytes) -> str:
    """What a zip file is, from the names inside it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        names = []
    if not names or any(entry.startswith("xl/") for entry in names):
        # A zip too damaged to list is almost always a workbook cut short.
        return "This is an Excel workbook"
    if "content.xml" in names:
        return "This is a spreadsheet or document in OpenDocument form (LibreOffice)"
    if any(entry.startswith("word/") for entry in names):
        return "This is a Word document"
    return "This is a zip file"


def _refuse_result_file(rows: list[list[str]], name: str) -> None:
    """Refuse one of the register's own result files sent back as a batch."""
    for number, row in enumerate(rows[:3], start=1):
        cells = {cell.strip() for cell in row}
        if cells & {"ReturnCode", "ReturnMessage", *layout.COUNT_LABELS}:
            raise FileFormatError(
                "This is a result file the register wrote (it has the ReturnCode "
                "column and the counts of a finished batch), not a batch to send. "
                "Send the original batch file; to send some learners again, copy "
                "their rows into the batch file template, without the ReturnCode "
                "and ReturnMessage columns.",
                file=name,
                row=number,
            )


def _decode(data: bytes, name: str, problems: ProblemLog) -> str:
    if data.startswith(_UTF16_BOMS):
        # Excel's "Unicode Text" save: UTF-16 with a byte-order mark.
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise FileFormatError(
                "The file starts as Unicode (UTF-16) text but is damaged part-way "
                f"(byte {exc.start}); {_SAVE_AS_CSV}",
                file=name,
            ) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's "CSV (Comma delimited)" writes Windows-1252, not UTF-8.
        problems.add(
            Problem(
                code="lrs_batch.encoding",
                message=(
                    "The file is not UTF-8; it was read as Windows-1252 (Excel's "
                    "plain CSV). Save it as 'CSV UTF-8' to keep accented names exact."
                ),
                severity=Severity.WARNING,
                file=name,
            )
        )
        return data.decode("cp1252", errors="replace")


def _separator(text: str) -> str:
    """The character between the cells, from the first cell of the labels, header or
    headings row: those hold no commas, tabs or semicolons, so what follows is it."""
    for line in text.splitlines()[:4]:
        cell = line.lstrip('"')
        for first in (layout.HEADER_LABELS[0], layout.FILE_VERSION, layout.COLUMNS[0]):
            after = cell[len(first) :].lstrip('"')[:1]
            if cell.startswith(first) and after in (",", ";", "\t"):
                return after
    return ","


def _rows(text: str, name: str, problems: ProblemLog) -> list[list[str]]:
    separator = _separator(text)
    if separator == ";":
        raise FileFormatError(
            "The file is separated by semicolons (Excel set up for another "
            "country's lists writes them), not commas. In Excel choose File > Save "
            "As and pick 'CSV UTF-8 (Comma delimited)'; if Excel still writes "
            "semicolons, open the file in Notepad and check the first line.",
            file=name,
        )
    if separator == "\t":
        problems.add(
            Problem(
                code="lrs_batch.tab_separated",
                message=(
                    "The file is separated by tabs (Excel's 'Unicode Text' or "
                    "'Text (Tab delimited)'); it was read as such. Next time save it "
                    "as 'CSV UTF-8 (Comma delimited)', the form the batch file "
                    "template has."
                ),
                severity=Severity.WARNING,
                file=name,
            )
        )
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    except csv.Error as exc:
        raise FileFormatError(
            f"The file cannot be read as CSV ({exc}); save it again from Excel as "
            "'CSV UTF-8 (Comma delimited)'.",
            file=name,
        ) from exc
    # Excel pads every row to the widest one with empty cells; those carry nothing.
    return [_trim(row) for row in rows]


def _trim(row: list[str]) -> list[str]:
    end = len(row)
    while end and not row[end - 1].strip():
        end -= 1
    return row[:end]


def _header(
    rows: list[list[str]], name: str, faults: list[Problem]
) -> tuple[BatchHeader, int]:
    """The file header and the index of the column headings row.

    Without a file header nothing below can be placed, so that raises at once;
    faults in the header's fields are collected in ``faults``.
    """
    if not rows:
        raise FileFormatError("The file is empty.", file=name)
    if rows[0] and rows[0][0].strip() == layout.COLUMNS[0]:
        raise FileFormatError(
            "The file starts with the column headings, so the file header is "
            "missing: row 2 must hold File Version (2A), File Name, UKPRN and "
            "Contact Email, with the headings below it.",
            file=name,
            row=1,
            field="File Version",
        )
    at = 0 if rows[0] and rows[0][0].strip() == layout.FILE_VERSION else 1
    if at >= len(rows) or not rows[at]:
        raise FileFormatError(
            "Row 2 must hold the file header: File Version (2A), File Name, UKPRN "
            "and Contact Email; it is missing.",
            file=name,
            row=at + 1,
        )
    cells = [cell.strip() for cell in rows[at]] + [""] * 4
    header = BatchHeader(*cells[:4])
    faults.extend(
        _fault(message, name, at + 1, field)
        for field, message in _header_faults(header)
    )
    return header, at + 1


def _header_faults(header: BatchHeader) -> list[tuple[str, str]]:
    faults = []
    if header.file_version != layout.FILE_VERSION:
        shown = header.file_version or "empty"
        faults.append(
            (
                "File Version",
                f"The file version is {shown!r}; it must be 2A. Start from the batch "
                "file template, which has the file header in row 2.",
            )
        )
    if not header.file_name:
        faults.append(
            ("File Name", "The file name in the file header is empty; fill it in.")
        )
    if not _UKPRN.match(header.ukprn):
        faults.append(
            (
                "UKPRN",
                f"The UKPRN is {header.ukprn or 'empty'!r}; it must be your 8-digit "
                "UK Provider Reference Number (Excel may have dropped a leading "
                "digit).",
            )
        )
    return faults


def _check_headings(
    rows: list[list[str]], at: int, name: str, faults: list[Problem]
) -> None:
    headings = rows[at] if at < len(rows) else []
    expected = layout.COLUMNS
    found_all = [cell.strip() for cell in headings]
    missing = [column for column in expected if column not in found_all]
    if missing and _only_deleted(found_all, missing):
        faults.extend(
            _fault(_missing_message(column), name, at + 1, column) for column in missing
        )
        return
    if sorted(found_all) == sorted(expected):
        # Every column is there, some in another place: each moved one is named.
        faults.extend(
            _fault(_heading_message(found, wanted, index), name, at + 1, wanted)
            for index, (found, wanted) in enumerate(
                zip(found_all, expected, strict=True)
            )
            if found != wanted
        )
        return
    # Otherwise only the first wrong heading is reported: the ones after it are
    # usually wrong only because a column before them is missing or moved.
    for index, wanted in enumerate(expected):
        found = found_all[index] if index < len(found_all) else ""
        if found != wanted:
            faults.append(
                _fault(_heading_message(found, wanted, index), name, at + 1, wanted)
            )
            return
    if len(headings) > len(expected):
        faults.append(
            _fault(
                f"There is an extra column {headings[len(expected)]!r} after Notes; "
                "the batch file has exactly the template's columns.",
                name,
                at + 1,
            )
        )


def _only_deleted(found: list[str], missing: list[str]) -> bool:
    """True when the headings are the template's in order with ``missing`` deleted
    (none of them there in another case, no unknown heading in their place)."""
    kept = [column for column in layout.COLUMNS if column not in missing]
    return found[: len(kept)] == kept


def _missing_message(column: str) -> str:
    index = layout.COLUMNS.index(column)
    if index == 0:
        place = "it is the first column, before 'MISIdentifier'"
    else:
        place = f"it belongs after {layout.COLUMNS[index - 1]!r}, as column {index + 1}"
    return (
        f"The column {column!r} is missing ({place}); add it back: in Excel insert a "
        f"column there and head it {column!r}, or copy the headings row from the "
        "batch file template. Keep the column even when it is empty."
    )


def _heading_message(found: str, wanted: str, index: int) -> str:
    if not found:
        return (
            f"Column {index + 1} should be headed {wanted!r} but the heading is "
            "missing; copy the headings row from the batch file template."
        )
    if found.lower() == wanted.lower():
        return (
            f"Column {index + 1} is headed {found!r}; it must be {wanted!r} exactly "
            "(headings are case-sensitive)."
        )
    if found in layout.COLUMNS:
        return (
            f"Column {index + 1} is {found!r} but should be {wanted!r}: the columns "
            "must stay in the template's order; move them back."
        )
    return (
        f"Column {index + 1} is headed {found!r}, which is not a batch file column; "
        f"it should be {wanted!r}."
    )


def _learner(row: list[str], number: int, name: str, today: date) -> BatchLearner:
    values = dict(zip(layout.COLUMNS, _padded(row), strict=True))
    return check_learner(values, row=number, file=name, today=today)


def check_learner(
    values: dict[str, str],
    *,
    line: int | None = None,
    row: int | None = None,
    file: str,
    today: date,
    extra: Iterable[tuple[str, str, str]] = (),
    record: str = "",
) -> BatchLearner:
    """One learner's values checked, with the return code of a rejected row.

    ``values`` maps batch column headings to text; ``extra`` adds faults found by the
    caller as ``(code, field, message)`` (a CTF's UPN, say); ``record`` names the
    learner in messages (the MISIdentifier by default). A CSV gives the learner's
    spreadsheet ``row``, other sources their ``line``.
    """
    position = row if row is not None else (line or 0)
    full = {column: values.get(column, "").strip() for column in layout.COLUMNS}
    for column in layout.DATE_COLUMNS:
        full[column] = _day_first_as_iso(full[column])
    label = record or BatchLearner(line=position, values=full).label()
    problems = [
        Problem(
            code=code,
            message=message,
            file=file,
            line=line,
            row=row,
            record=label,
            field=field,
            value=full.get(field, values.get(field, "")),
        )
        for code, field, message in [*_row_faults(full, today), *extra]
    ]
    codes = {p.code for p in problems}
    return BatchLearner(
        line=position,
        values=full,
        dob=_iso_date(full["DateOfBirth"]),
        return_code=next((c for c in _PRIORITY if c in codes), ""),
        problems=tuple(problems),
    )


def _padded(row: list[str]) -> list[str]:
    cells = [cell.strip() for cell in row]
    return cells + [""] * (len(layout.COLUMNS) - len(cells))


def _row_faults(values: dict[str, str], today: date) -> list[tuple[str, str, str]]:
    faults = [
        (INSUFFICIENT_DATA, field, f"{field} is empty; the learner cannot be found.")
        for field in MANDATORY
        if not values[field]
    ]
    if not values["LastKnownPostCode"]:
        faults.append(
            (
                NULL_VALUE,
                "LastKnownPostCode",
                "The postcode is empty; use ZZ99 9ZZ when it is not known.",
            )
        )
    faults.extend(_format_faults(values, today))
    return faults


def _format_faults(values: dict[str, str], today: date) -> list[tuple[str, str, str]]:
    checks: tuple[tuple[str, Callable[[str], str]], ...] = (
        ("ULN", _uln_fault),
        ("DateOfBirth", lambda v: _dob_fault(v, today)),
        ("DateOfAddressCapture", _date_fault),
        ("Gender", _gender_fault),
        ("LastKnownPostCode", _postcode_fault),
        *((field, _name_fault(field)) for field in NAME_COLUMNS),
    )
    faults = [
        (WRONG_FORMAT, field, message)
        for field, check in checks
        if values[field] and (message := check(values[field]))
    ]
    faults.extend(
        (WRONG_FORMAT, field, f"{field} is longer than {limit} characters.")
        for field, limit in layout.MAX_LENGTHS.items()
        if len(values[field]) > limit
    )
    return faults


def _uln_fault(value: str) -> str:
    if _EXCEL_NUMBER.match(value):
        return (
            f"The ULN is {value!r}: Excel has shown it as a number in scientific "
            "notation. Format the ULN column as Text and type the ULN again."
        )
    result = validate_uln(value)
    return "" if result.valid else f"The ULN {value!r} is not valid: {result.reason}"


def _day_first_as_iso(value: str) -> str:
    """A real DD/MM/YYYY (or D/M/YYYY) date as YYYY-MM-DD; anything else unchanged."""
    match = _DAY_FIRST.match(value)
    if match is None:
        return value
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return value


def _iso_date(value: str) -> date | None:
    if not _ISO_DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _date_fault(value: str) -> str:
    if _DAY_FIRST.match(value):
        return (
            f"{value!r} is not a real date read day first (DD/MM/YYYY); if the month "
            "comes first (US order), Excel is set to another country. Type the date "
            "as DD/MM/YYYY or YYYY-MM-DD."
        )
    if _EXCEL_DATE.match(value):
        return (
            f"{value!r}: the year has two digits (or the parts are not separated by "
            "'/'), so the date is not certain. Write it DD/MM/YYYY or YYYY-MM-DD: in "
            "Excel, select the column, Format Cells, Custom 'dd/mm/yyyy', then save "
            "as CSV again."
        )
    if _iso_date(value) is None:
        return f"{value!r} is not a real date written DD/MM/YYYY or YYYY-MM-DD."
    return ""


def _dob_fault(value: str, today: date) -> str:
    dob = _iso_date(value)
    if dob is None:
        return _date_fault(value)
    result = validate_date_of_birth(dob, today)
    return "" if result.valid else f"The date of birth {result.reason}"


def _name_fault(field: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        result = validate_name(value)
        if result.valid:
            return ""
        return f"{field} {value!r} is not a name: {result.reason} {NAME_RULE}"

    return check


def _gender_fault(value: str) -> str:
    if value in layout.GENDERS:
        return ""
    return (
        f"Gender is {value!r}; it must be 0 (not known), 1 (male), 2 (female) or "
        "9 (not specified)."
    )


def _postcode_fault(value: str) -> str:
    result = validate_postcode(value)
    if result.valid or result.kind == "placeholder":
        return ""
    return result.reason


def _check_file_name(name: str, problems: ProblemLog) -> None:
    message = layout.filename_problem(Path(name).name)
    if message:
        problems.add(
            Problem(
                code="lrs_batch.file_name",
                message=message,
                severity=Severity.WARNING,
                file=name,
            )
        )


def _identifier_faults(learners: list[BatchLearner], name: str) -> list[Problem]:
    """Learners without an MISIdentifier, and identifiers on more than one row: the
    results could not be matched back to the school's records, so the file waits."""
    empty = [learner.line for learner in learners if not learner.mis_identifier]
    rows_of: dict[str, list[int]] = {}
    for learner in learners:
        if learner.mis_identifier:
            rows_of.setdefault(learner.mis_identifier, []).append(learner.line)
    faults = []
    if empty:
        faults.append(
            _fault(
                f"MISIdentifier is empty on {_rows_text(empty)}. Fill in each "
                "learner's identifier from your MIS (admission number or UPN) so "
                "that the results can be matched back to your records.",
                name,
                empty[0],
                "MISIdentifier",
            )
        )
    faults.extend(
        _fault(
            f"MISIdentifier {key!r} is on {_rows_text(rows)}; each learner needs an "
            "identifier of their own, or the results cannot be matched back. "
            "Correct the identifier, or delete the row if the learner is there twice.",
            name,
            rows[0],
            "MISIdentifier",
        )
        for key, rows in rows_of.items()
        if len(rows) > 1
    )
    # In the order of the rows they name, as a person goes down the sheet.
    return sorted(faults, key=lambda fault: fault.row or 0)


def _rows_text(numbers: list[int]) -> str:
    """Row numbers as a person reads them: "rows 4 to 9, 12 and 15"."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts = [
        f"{run[0]} to {run[-1]}" if len(run) > 2 else ", ".join(map(str, run))
        for run in runs
    ]
    if len(numbers) == 1:
        return f"row {numbers[0]}"
    text = ", ".join(parts)
    head, _, last = text.rpartition(", ")
    return f"rows {head} and {last}" if head else f"rows {text}"
