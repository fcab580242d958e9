"""The core's exceptions and its collector of data problems.

::

    ExamsOfficeError                 anything the core raises on purpose
    ├── ConfigurationError           a setting is missing or malformed
    └── DataError                    input that cannot be used, with where and why
        └── FileFormatError          a whole file cannot be read (not XML, wrong shape)

Importers do not stop at the first bad record: they add a :class:`Problem` per fault
to a :class:`ProblemLog` and report all of them together.  Only a fault that makes the
rest of the file unreadable becomes an exception.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, said so that a non-programmer can act on it."""

    code: str
    message: str
    severity: Severity = Severity.ERROR
    file: str = ""
    line: int | None = None
    record: str = ""
    field: str = ""
    value: str = ""
    # A spreadsheet's row (as Excel numbers it), for files a person edits as a sheet.
    row: int | None = None

    def where(self) -> str:
        parts = [self.file] if self.file else []
        if self.row is not None:
            parts.append(f"row {self.row}")
        elif self.line is not None:
            parts.append(f"line {self.line}")
        if self.record:
            parts.append(self.record)
        if self.field:
            parts.append(f"field {self.field}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        prefix = f"{where}: " if where else ""
        return f"{prefix}{self.severity.value}: {self.message}"


@dataclass
class ProblemLog:
    """Every problem found in one piece of input, in the order found."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def __len__(self) -> int:
        return len(self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    def has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)

    def as_dicts(self) -> list[dict[str, object]]:
        return [asdict(p) for p in self.problems]

    def to_json(self) -> str:
        return json.dumps(self.as_dicts(), indent=2, default=str)

    def to_csv(self) -> str:
        out = io.StringIO()
        names = list(Problem.__dataclass_fields__)
        writer = csv.DictWriter(out, fieldnames=names)
        writer.writeheader()
        for row in self.as_dicts():
            writer.writerow(row)
        return out.getvalue()


class ExamsOfficeError(Exception):
    """Base of every exception the core raises on purpose."""


class ConfigurationError(ExamsOfficeError):
    """A setting is missing or malformed; the message says how to fix it."""


class DataError(ExamsOfficeError):
    """Input that cannot be used; carries the file, line (or spreadsheet row), record
    and field."""

    def __init__(
        self,
        message: str,
        *,
        file: str = "",
        line: int | None = None,
        column: int | None = None,
        record: str = "",
        field: str = "",
        row: int | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.row = row
        self.column = column
        self.record = record
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [self.file] if self.file else []
        at = f"row {self.row}" if self.row is not None else f"line {self.line}"
        if self.row is not None or self.line is not None:
            pos = at
            if self.column is not None:
                pos += f", column {self.column}"
            parts.append(pos)
        if self.record:
            parts.append(self.record)
        if self.field:
            parts.append(f"field {self.field}")
        where = ", ".join(parts)
        return f"{where}: {self.message}" if where else self.message


class FileFormatError(DataError):
    """The file as a whole cannot be read: not XML, not the expected kind, hostile."""
