"""Our basedata template: its columns, and the rules that turn rows into basedata.

One row per component of an entry option.  A component shared by two options (a
paper sat by both tiers, say) is repeated on each option's rows with the same
details.  A component with no date is not timetabled (coursework, non-exam
assessment).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from examsoffice.errors import Problem, ProblemLog, Severity
from examsoffice.formats.basedata.model import (
    Basedata,
    BasedataComponent,
    BasedataOption,
    BasedataQualification,
)


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    help: str


COLUMNS: tuple[Column, ...] = (
    Column("awarding_body", True, "JCQ identifier of the awarding body, e.g. 70"),
    Column("series", True, "the awarding body's series code, e.g. 6A26"),
    Column("qualification_code", True, "specification code, e.g. 8300"),
    Column("qualification_title", True, "e.g. Mathematics"),
    Column("level", False, "GCSE, GCE or another level"),
    Column("qan", False, "Ofqual qualification number, e.g. 601/4873/4"),
    Column("entry_code", True, "the option (entry) code candidates are entered for"),
    Column("entry_title", False, "e.g. Mathematics Higher"),
    Column("tier", False, "F, H or empty"),
    Column("fee", False, "entry fee in pounds, e.g. 48.35"),
    Column("component_code", True, "e.g. 8300/1H"),
    Column("component_title", True, "e.g. Paper 1 (non-calculator)"),
    Column("date", False, "YYYY-MM-DD or DD/MM/YYYY; empty when not timetabled"),
    Column("session", False, "AM or PM; needed with a date"),
    Column("start", False, "HH:MM; empty for the usual 09:00 or 13:30"),
    Column("duration_minutes", False, "whole minutes, e.g. 90"),
)

NAMES = tuple(c.name for c in COLUMNS)
DEFAULT_START = {"AM": dt.time(9, 0), "PM": dt.time(13, 30)}

Row = tuple[int, dict[str, str]]  # (line or row number in the file, cells by column)


def check_header(header: Iterable[str], file: str, log: ProblemLog) -> bool:
    """Log every missing required column; true when the rows can be read."""
    present = {h.strip().lower() for h in header}
    missing = [c.name for c in COLUMNS if c.required and c.name not in present]
    for name in missing:
        log.add(
            Problem(
                "basedata.column_missing",
                f"The column '{name}' is missing from the first row. Download the "
                "blank template and copy your data into it.",
                file=file,
                line=1,
                field=name,
            )
        )
    return not missing


def build_basedata(rows: Iterable[Row], file: str, log: ProblemLog) -> Basedata:
    basedata = Basedata()
    for line, cells in rows:
        _add_row(basedata, line, cells, file, log)
    return basedata


class _Reader:
    """Reads one row's cells, logging a problem per bad cell."""

    def __init__(self, line: int, cells: dict[str, str], file: str, log: ProblemLog):
        self.line = line
        self.cells = cells
        self.file = file
        self.log = log
        self.ok = True

    def problem(self, field: str, message: str, code: str) -> None:
        self.ok = False
        self.log.add(
            Problem(
                code,
                message,
                file=self.file,
                line=self.line,
                field=field,
                value=self.cells.get(field, ""),
            )
        )

    def text(self, field: str, *, required: bool = False) -> str:
        value = self.cells.get(field, "").strip()
        if required and not value:
            self.problem(
                field,
                f"The {field.replace('_', ' ')} is empty; fill it in.",
                "basedata.empty",
            )
        return value

    def date(self, field: str) -> dt.date | None:
        value = self.text(field)
        if not value:
            return None
        for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S"):
            try:
                return dt.datetime.strptime(value, fmt).date()
            except ValueError:
                continue
        self.problem(
            field,
            f"'{value}' is not a date; write it as YYYY-MM-DD or DD/MM/YYYY.",
            "basedata.date",
        )
        return None

    def time(self, field: str) -> dt.time | None:
        value = self.text(field)
        if not value:
            return None
        for fmt in ("%H:%M", "%H:%M:%S", "%H.%M"):
            try:
                return dt.datetime.strptime(value, fmt).time()
            except ValueError:
                continue
        self.problem(
            field, f"'{value}' is not a time; write it as HH:MM.", "basedata.time"
        )
        return None

    def minutes(self, field: str) -> int:
        value = self.text(field)
        if not value:
            return 0
        if value.endswith(".0"):
            value = value[:-2]
        if not value.isdigit():
            self.problem(
                field,
                f"'{value}' is not a number of minutes; write whole minutes, e.g. 90.",
                "basedata.minutes",
            )
            return 0
        return int(value)

    def pence(self, field: str) -> int:
        value = self.text(field).lstrip("£")
        if not value:
            return 0
        try:
            pounds = Decimal(value)
        except InvalidOperation:
            pounds = Decimal(-1)
        if pounds < 0:
            self.problem(
                field,
                f"'{value}' is not a fee; write pounds and pence, e.g. 48.35.",
                "basedata.fee",
            )
            return 0
        return int((pounds * 100).to_integral_value())


def _add_row(
    basedata: Basedata, line: int, cells: dict[str, str], file: str, log: ProblemLog
) -> None:
    read = _Reader(line, cells, file, log)
    body = read.text("awarding_body", required=True)
    series = read.text("series", required=True)
    qualification = _qualification(read)
    option = _option(read)
    component = _component(read)
    if not read.ok:
        return

    if not _same_series(basedata, body, series, read):
        return
    _merge(basedata, qualification, option, component, read)


def _qualification(read: _Reader) -> BasedataQualification:
    return BasedataQualification(
        code=read.text("qualification_code", required=True),
        title=read.text("qualification_title", required=True),
        level=read.text("level"),
        qan=read.text("qan"),
    )


def _option(read: _Reader) -> BasedataOption:
    tier = read.text("tier").upper()
    if tier not in {"", "F", "H"}:
        read.problem(
            "tier",
            f"'{tier}' is not a tier; write F (foundation), H (higher) or leave it "
            "empty.",
            "basedata.tier",
        )
    return BasedataOption(
        code=read.text("entry_code", required=True),
        title=read.text("entry_title") or read.text("qualification_title"),
        tier=tier,
        fee_pence=read.pence("fee"),
    )


def _component(read: _Reader) -> BasedataComponent:
    date = read.date("date")
    session = read.text("session").upper()
    if date is not None and session not in DEFAULT_START:
        read.problem(
            "session",
            "A timetabled component needs a session: write AM or PM.",
            "basedata.session",
        )
    if date is None and session:
        read.problem(
            "date",
            "The session is given but the date is empty; give the date, or clear "
            "the session if the component is not timetabled.",
            "basedata.date_missing",
        )
    start = (read.time("start") or DEFAULT_START.get(session)) if date else None
    duration = read.minutes("duration_minutes")
    if date is not None and duration == 0:
        read.problem(
            "duration_minutes",
            "A timetabled component needs its duration in minutes.",
            "basedata.duration",
        )
    return BasedataComponent(
        code=read.text("component_code", required=True),
        title=read.text("component_title", required=True),
        date=date,
        session=session if date else "",
        start=start,
        duration_minutes=duration,
    )


def _same_series(basedata: Basedata, body: str, series: str, read: _Reader) -> bool:
    if not basedata.awarding_body:
        basedata.awarding_body, basedata.series_code = body, series
        return True
    if (body, series) == (basedata.awarding_body, basedata.series_code):
        return True
    read.problem(
        "series",
        f"This row is for awarding body {body} series {series}, but the file "
        f"started with {basedata.awarding_body} series {basedata.series_code}. "
        "Put each series in its own file.",
        "basedata.mixed_series",
    )
    return False


def _merge(
    basedata: Basedata,
    qualification: BasedataQualification,
    option: BasedataOption,
    component: BasedataComponent,
    read: _Reader,
) -> None:
    known_q = basedata.qualifications.setdefault(qualification.code, qualification)
    if known_q != qualification:
        _conflict(read, "qualification_title", f"qualification {qualification.code}")

    known_c = basedata.components.setdefault(component.code, component)
    if known_c != component:
        _conflict(read, "component_code", f"component {component.code}")

    held = basedata.options.get(option.code)
    if held is None:
        held = (qualification.code, option)
    elif held[0] != qualification.code or _differs(held[1], option):
        _conflict(read, "entry_code", f"entry code {option.code}")
        return
    codes = held[1].component_codes
    if component.code not in codes:
        codes = (*codes, component.code)
    basedata.options[option.code] = (held[0], replace(held[1], component_codes=codes))


def _differs(a: BasedataOption, b: BasedataOption) -> bool:
    return (a.title, a.tier, a.fee_pence) != (b.title, b.tier, b.fee_pence)


def _conflict(read: _Reader, field: str, what: str) -> None:
    read.log.add(
        Problem(
            "basedata.conflict",
            f"The details of {what} differ from an earlier row; the first row was "
            "kept. Make every row for it agree.",
            severity=Severity.WARNING,
            file=read.file,
            line=read.line,
            field=field,
        )
    )
