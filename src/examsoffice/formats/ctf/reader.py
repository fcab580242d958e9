"""Stream a CTF or ATF file into dataclasses, safely, reporting every deviation.

Strict mode (the default) refuses a file that is not well-formed XML with one
:class:`FileFormatError` naming the line and column. ``lenient=True`` reads such a file
anyway: a file with no single root element is wrapped in one, other faults are
recovered by the parser, and each structural fault is reported first in the problem
log, followed by the problems of each pupil.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import IO, NoReturn

from lxml import etree

from examsoffice.errors import FileFormatError, Problem, ProblemLog, Severity
from examsoffice.formats.ctf import _xml as x
from examsoffice.formats.ctf.checks import check_pupil, short
from examsoffice.formats.ctf.elements import Notes, header, pupil
from examsoffice.formats.ctf.model import CTFFile, CTFHeader, PupilRecord

logger = logging.getLogger(__name__)

_HEAD_BYTES = 65536
_DECLARATION = re.compile(rb"^\s*(\xef\xbb\xbf)?\s*<\?xml[^>]*\?>")
_FIRST_ELEMENT = re.compile(rb"<([A-Za-z_][\w.\-:]*)")
_HOSTILE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_ROOTS = {"ctfile", "atfile"}
_HEADERS = ("Header", "header", "HEADER")
_SYNTHETIC_ROOT = b"<LenientRoot>"
_OLDEST_VERSION = 11


class _Wrapped:
    """The file with a synthetic root element around it, line numbers unchanged."""

    def __init__(self, stream: IO[bytes], declaration: bytes) -> None:
        self._stream = stream
        # The root goes on line 1, after any declaration, so lines keep their numbers.
        self._pending = stream.read(len(declaration)) + _SYNTHETIC_ROOT
        self._closed = False

    def read(self, size: int = -1) -> bytes:
        if self._pending:
            chunk, self._pending = self._pending, b""
            return chunk
        data = self._stream.read(size if size > 0 else _HEAD_BYTES)
        if data or self._closed:
            return data
        self._closed = True
        return b"</LenientRoot>"


class CTFStream:
    """An open CTF: ``header`` is read at once, pupils one at a time by iterating.

    Iterate once. ``problems`` fills as pupils are read; structural faults come first.
    """

    def __init__(self, path: str | Path, *, lenient: bool = False) -> None:
        self.path = Path(path)
        self.lenient = lenient
        self.problems = ProblemLog()
        self.pupil_count = 0
        self._file = self._open()
        self._wrapped = self._scan_head()
        self._events = self._element_events()
        self._first_pupil: etree._Element | None = None
        self.header = self._read_header()

    def __enter__(self) -> CTFStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._file.close()

    def __iter__(self) -> Iterator[PupilRecord]:
        try:
            if self._first_pupil is not None:
                yield self._pupil(self._first_pupil)
            for tag, element in self._events:
                if tag == "Pupil":
                    yield self._pupil(element)
        finally:
            self.close()

    # -- opening and the structural checks --------------------------------------

    def _open(self) -> IO[bytes]:
        try:
            return self.path.open("rb")
        except OSError as exc:
            raise FileFormatError(
                f"The file cannot be opened ({exc.strerror}). Check the name and "
                "that you may read it.",
                file=self.path.name,
            ) from exc

    def _scan_head(self) -> bool:
        """Refuse hostile or non-XML input; True when the root must be added."""
        head = self._file.read(_HEAD_BYTES)
        self._file.seek(0)
        if not head.strip():
            self._refuse("The file is empty.")
        if _HOSTILE.search(head):
            self._refuse(
                "The file declares a DTD or entities (<!DOCTYPE or <!ENTITY). CTF "
                "files never do, so it is refused for safety. Ask the sender for a "
                "plain CTF export.",
                line=_line_of(head, _HOSTILE),
            )
        declaration = _DECLARATION.match(head)
        self._declaration = declaration.group(0) if declaration else b""
        first = _FIRST_ELEMENT.search(head)
        if first is None:
            self._refuse(
                "This is not an XML file: no element was found at the start. A CTF "
                "starts with <CTfile> (or <ATfile>)."
            )
        return self._check_root(first, head)

    def _check_root(self, first: re.Match[bytes], head: bytes) -> bool:
        name = first.group(1).decode("ascii", "replace")
        if x.local(name).lower() in _ROOTS:
            return False
        line = head.count(b"\n", 0, first.start()) + 1
        message = (
            f"The file has no <CTfile> or <ATfile> root element: it starts with "
            f"<{name}> at line {line}, so it is not well-formed XML."
        )
        if not self.lenient:
            self._refuse(
                message + " Ask the sender for a corrected file, or read it in "
                "lenient mode (--lenient).",
                line=line,
            )
        self._structural("ctf.no_root", message + " Read in lenient mode.", line)
        return True

    def _refuse(self, message: str, *, line: int | None = None) -> NoReturn:
        self.close()
        raise FileFormatError(message, file=self.path.name, line=line)

    def _structural(
        self,
        code: str,
        message: str,
        line: int | None,
        severity: Severity = Severity.WARNING,
    ) -> None:
        self.problems.add(
            Problem(
                code=code,
                message=message,
                severity=severity,
                file=self.path.name,
                line=line,
                record="file structure",
            )
        )

    # -- streaming --------------------------------------------------------------

    def _element_events(self) -> Iterator[tuple[str, etree._Element]]:
        source: IO[bytes] | _Wrapped = self._file
        if self._wrapped:
            source = _Wrapped(self._file, self._declaration)
        events = etree.iterparse(
            source,
            events=("end",),
            tag=("{*}Pupil", *(f"{{*}}{h}" for h in _HEADERS)),
            recover=self.lenient,
            **x.SAFE_OPTIONS,
        )
        try:
            for _event, element in events:
                tag = x.local(str(element.tag))
                yield ("Pupil" if tag == "Pupil" else "Header"), element
                _free(element)
        except etree.XMLSyntaxError as exc:
            self.close()
            line, column = exc.position
            raise FileFormatError(
                f"The file is not well-formed XML: {_bare(exc.msg)}. Nothing after "
                "this point can be read; ask the sender for a corrected file.",
                file=self.path.name,
                line=line,
                column=column,
            ) from exc
        self._recovered(events)

    def _recovered(self, events: etree.iterparse) -> None:
        # In lenient mode the parser repairs what it can; say what it repaired.
        for entry in list(events.error_log)[:20]:
            if entry.level >= etree.ErrorLevels.ERROR:
                self._structural(
                    "ctf.not_well_formed",
                    f"The XML is broken here ({entry.message.strip()}); it was read "
                    "as far as possible, so data near this point may be missing.",
                    entry.line,
                    Severity.ERROR,
                )

    def _read_header(self) -> CTFHeader:
        for tag, element in self._events:
            if tag == "Header":
                return self._header(element)
            self._first_pupil = element
            break
        self._structural(
            "ctf.header_missing",
            "The file has no <Header> before its pupils, so the sending school and "
            "CTF version are unknown.",
            None,
            Severity.ERROR,
        )
        return CTFHeader()

    def _header(self, element: etree._Element) -> CTFHeader:
        result = header(element)
        tag = x.local(str(element.tag))
        if tag != "Header":
            self._structural(
                "ctf.header_case",
                f"The header element is written <{tag}>; the specification says "
                "<Header>. Read anyway.",
                x.line(element),
            )
        if result.major_version is not None and result.major_version < _OLDEST_VERSION:
            self._structural(
                "ctf.old_version",
                f"This is a version {result.version} file; only version "
                f"{_OLDEST_VERSION} and later are supported, so some data may be "
                "missed.",
                x.line(element),
            )
        return result

    def _pupil(self, element: etree._Element) -> PupilRecord:
        self.pupil_count += 1
        notes = Notes(self.path.name, x.line(element))
        record = pupil(element, self.pupil_count, notes)
        notes.record = _describe(record)
        check_pupil(record, self.header, notes)
        if not notes.problems:
            return record
        # Problems found while reading were made before the record had a name.
        problems = tuple(_named(p, notes.record) for p in notes.problems)
        self.problems.extend(list(problems))
        return replace(record, problems=problems)


def _free(element: etree._Element) -> None:
    """Drop what has been read so memory stays flat however long the file is."""
    element.clear()
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]


def _describe(record: PupilRecord) -> str:
    who = ", ".join(p for p in (f"UPN {record.upn}" if record.upn else "",) if p)
    name = short(record.name, 80) or "no name"
    return f"pupil {record.index} ({name}{'; ' + who if who else ''})"


def _named(problem: Problem, record: str) -> Problem:
    return replace(problem, record=record)


def _bare(message: str) -> str:
    """The parser's message without its own position (the error carries one)."""
    return re.sub(r", line \d+, column \d+$", "", message.strip())


def _line_of(head: bytes, pattern: re.Pattern[bytes]) -> int | None:
    found = pattern.search(head)
    return head.count(b"\n", 0, found.start()) + 1 if found else None


def open_ctf(path: str | Path, *, lenient: bool = False) -> CTFStream:
    """Open a CTF or ATF for streaming; raises FileFormatError if it cannot be read."""
    return CTFStream(path, lenient=lenient)


def read_ctf(path: str | Path, *, lenient: bool = False) -> CTFFile:
    """Read a whole CTF or ATF into memory (fine for one school's files)."""
    with open_ctf(path, lenient=lenient) as stream:
        pupils = list(stream)
        return CTFFile(stream.header, pupils, list(stream.problems))


_EXCEL_XML = "urn:schemas-microsoft-com:office:spreadsheet"


def not_a_ctf(path: str | Path) -> str:
    """Why an XML file is not a CTF (its root element, or its first XML fault), or ""
    when its root is <CTfile> or <ATfile>.

    For callers that have no lenient mode: the message names what was found and
    what to send instead, and does not offer ``--lenient``.
    """
    root = ""
    try:
        with Path(path).open("rb") as handle:
            for _event, element in etree.iterparse(
                handle, events=("start",), **x.SAFE_OPTIONS
            ):
                if not root:
                    root = str(element.tag)
                    if x.local(root).lower() in _ROOTS:
                        return ""
                element.clear()
    except etree.XMLSyntaxError as exc:
        line, _column = exc.position
        found = f" (its first element is <{x.local(root)}>)" if root else ""
        return (
            f"The file is not well-formed XML at line {line}: {_bare(exc.msg)}"
            f"{found}, so it cannot be read as a CTF. Export the ULN-request CTF "
            "from your MIS again and send that file."
        )
    if root.startswith(f"{{{_EXCEL_XML}}}"):
        return (
            "This is an Excel 'XML Spreadsheet 2003' file, not a CTF: in Excel "
            "choose File > Save As and pick 'CSV UTF-8 (Comma delimited)' to send a "
            "batch CSV, or send the ULN-request CTF exported from your MIS."
        )
    return (
        f"This is an XML file but not a CTF: its root element is <{x.local(root)}>, "
        "where a CTF starts with <CTfile>. Send the ULN-request CTF exported from "
        "your MIS, or a batch CSV."
    )
