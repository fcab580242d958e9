"""The pre-flight report on a CTF: every problem, with the pupil it belongs to."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from examsoffice.errors import FileFormatError, Severity
from examsoffice.formats.ctf.checks import destination_problem, short
from examsoffice.formats.ctf.model import SchoolRef
from examsoffice.formats.ctf.reader import CTFStream, open_ctf

_STRUCTURE = "file structure"


@dataclass(frozen=True)
class ReportItem:
    code: str
    severity: str
    message: str
    upn: str = ""
    name: str = ""
    line: int | None = None
    field: str = ""
    value: str = ""


@dataclass
class CheckReport:
    """What ``examsoffice ctf check`` prints; ``readable`` is False for exit 2."""

    file: str
    readable: bool = True
    kind: str = ""
    version: str = ""
    pupils: int = 0
    items: list[ReportItem] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for i in self.items if i.severity == Severity.ERROR.value)

    @property
    def warnings(self) -> int:
        return sum(1 for i in self.items if i.severity == Severity.WARNING.value)

    def exit_code(self) -> int:
        if not self.readable:
            return 2
        return 1 if self.errors else 0

    def to_json(self) -> str:
        body = {
            "file": self.file,
            "readable": self.readable,
            "kind": self.kind,
            "version": self.version,
            "pupils": self.pupils,
            "errors": self.errors,
            "warnings": self.warnings,
            "problems": [_json_item(i) for i in self.items],
        }
        return json.dumps(body, indent=2)

    def to_csv(self) -> str:
        out = io.StringIO()
        names = list(ReportItem.__dataclass_fields__)
        writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n")
        writer.writeheader()
        for item in self.items:
            writer.writerow(asdict(item))
        return out.getvalue()

    def to_text(self) -> str:
        summary = f"{self.file}: cannot be read"
        if self.readable:
            summary = (
                f"{self.file}: {self.kind} {self.version}, {self.pupils} pupils, "
                f"{self.errors} errors, {self.warnings} warnings"
            )
        lines = [summary]
        for item in self.items:
            where = f"line {item.line}" if item.line else ""
            who = _who(item)
            place = ", ".join(p for p in (where, who, item.field) if p)
            lines.append(
                f"{item.severity.upper()} {item.code} [{place}]: {item.message}"
            )
        return "\n".join(lines) + "\n"


def _who(item: ReportItem) -> str:
    """The pupil as a reader finds them: name first, the UPN named and apart."""
    upn = f"UPN {item.upn}" if item.upn else ""
    if item.name and upn:
        return f"{item.name} ({upn})"
    return item.name or upn


def _json_item(item: ReportItem) -> dict[str, object]:
    return {
        "pupil": {"upn": item.upn, "name": item.name},
        "code": item.code,
        "severity": item.severity,
        "message": item.message,
        "line": item.line,
        "field": item.field,
        "value": item.value,
    }


def check_file(
    path: str | Path,
    *,
    lenient: bool = False,
    school: SchoolRef | None = None,
    known_from: str = "",
) -> CheckReport:
    """Read a CTF and report every problem; never raises for a bad file.

    Given ``school`` (this school), a file addressed to another school is warned of.
    """
    report = CheckReport(file=Path(path).name)
    try:
        stream = open_ctf(path, lenient=lenient)
        report.kind, report.version = stream.header.kind, stream.header.version
        pupil_items = _pupil_items(stream, report)
    except FileFormatError as exc:
        report.readable = False
        report.items.append(_unreadable(exc))
        return report
    structure = [p for p in stream.problems if p.record == _STRUCTURE]
    if school is not None:
        elsewhere = destination_problem(
            stream.header, school, report.file, known_from=known_from
        )
        structure += [elsewhere] if elsewhere else []
    report.items = [
        ReportItem(
            p.code,
            p.severity.value,
            p.message,
            line=p.line,
            field=p.field,
            value=p.value,
        )
        for p in structure
    ] + pupil_items
    return report


def _pupil_items(stream: CTFStream, report: CheckReport) -> list[ReportItem]:
    items: list[ReportItem] = []
    seen: dict[str, int] = {}
    for pupil in stream:
        report.pupils += 1
        for p in pupil.problems:
            items.append(
                ReportItem(
                    p.code,
                    p.severity.value,
                    p.message,
                    upn=pupil.upn,
                    name=short(pupil.name, 80),
                    line=p.line,
                    field=p.field,
                    value=p.value,
                )
            )
        if pupil.upn and pupil.upn in seen:
            items.append(
                ReportItem(
                    "ctf.upn_duplicate",
                    Severity.ERROR.value,
                    f"UPN {pupil.upn} is also used by pupil {seen[pupil.upn]} in this "
                    "file; two pupils cannot share a UPN.",
                    upn=pupil.upn,
                    name=short(pupil.name, 80),
                    line=pupil.line,
                    field="UPN",
                    value=pupil.upn,
                )
            )
        seen.setdefault(pupil.upn, pupil.index)
    return items


def _unreadable(exc: FileFormatError) -> ReportItem:
    return ReportItem(
        "ctf.unreadable",
        Severity.ERROR.value,
        exc.message,
        line=exc.line,
    )
