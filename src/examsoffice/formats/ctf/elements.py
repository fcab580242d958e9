"""Turn one CTF element into dataclasses, noting every deviation found on the way."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from lxml import etree

from examsoffice.errors import Problem, Severity
from examsoffice.formats.ctf import _xml as x
from examsoffice.formats.ctf.model import (
    Address,
    BasicDetails,
    Contact,
    CTFHeader,
    Phone,
    PupilRecord,
    RawBlock,
    SchoolRef,
    SchoolStay,
)

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@dataclass
class Notes:
    """Problems found in one element, with what the reader knows about where."""

    file: str
    line: int | None
    record: str = ""
    problems: list[Problem] = field(default_factory=list)

    def add(
        self,
        code: str,
        message: str,
        severity: Severity,
        *,
        field: str = "",
        value: str = "",
        line: int | None = None,
    ) -> None:
        self.problems.append(
            Problem(
                code=code,
                message=message,
                severity=severity,
                file=self.file,
                line=line if line is not None else self.line,
                record=self.record,
                field=field,
                value=value,
            )
        )


def parse_date(value: str, name: str, notes: Notes) -> date | None:
    """A CTF date (YYYY-MM-DD); DD/MM/YYYY is read too, with a warning."""
    iso = _ISO.match(value)
    dmy = _DMY.match(value)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if dmy:
            day = date(int(dmy[3]), int(dmy[2]), int(dmy[1]))
            notes.add(
                "ctf.date_format",
                f"{name} is written {value} (DD/MM/YYYY); CTF dates are YYYY-MM-DD. "
                f"Read as {day.isoformat()}.",
                Severity.WARNING,
                field=name,
                value=value,
            )
            return day
    except ValueError:
        pass
    notes.add(
        "ctf.date_invalid",
        f"{name} {value!r} is not a date. Write it as YYYY-MM-DD, for example "
        "2010-01-31.",
        Severity.ERROR,
        field=name,
        value=value,
    )
    return None


def school_ref(element: etree._Element) -> SchoolRef:
    values, extra = x.simple_fields(element, x.SCHOOL_FIELDS)
    return SchoolRef(**values, extra=tuple(extra))


def header(element: etree._Element) -> CTFHeader:
    values: dict[str, str] = {}
    extra: list[RawBlock] = []
    refs: dict[str, SchoolRef] = {}
    kind = "CTF"
    for tag, child in x.children(element):
        if tag in ("SourceSchool", "DestSchool") and tag not in refs:
            refs[tag] = school_ref(child)
        elif tag in x.HEADER_FIELDS and len(child) == 0:
            values[x.HEADER_FIELDS[tag]] = x.text(child)
            kind = "ATF" if tag == "ATFversion" else kind
        else:
            extra.append(x.raw(child))
    return CTFHeader(
        kind=kind,
        source=refs.get("SourceSchool", SchoolRef()),
        dest=refs.get("DestSchool", SchoolRef()),
        extra=tuple(extra),
        **values,
    )


def phones(element: etree._Element) -> tuple[Phone, ...]:
    found = []
    for tag, child in x.children(element):
        table = {**x.PHONE_FIELDS, **x.PHONE_ALIASES}
        values, extra = x.simple_fields(child, table)
        if tag == "Phone":
            found.append(Phone(**values, extra=tuple(extra)))
    return tuple(found)


def address(element: etree._Element) -> Address:
    values: dict[str, str] = {}
    extra: list[RawBlock] = []
    form = ""
    form_extra: list[RawBlock] = []
    lines: tuple[str, ...] = ()
    for tag, child in x.children(element):
        if tag == "BS7666Address" and not form:
            form = "bs7666"
            found, form_extra = x.simple_fields(child, x.BS7666_FIELDS)
            values.update(found)
        elif tag == "AddressLines" and not form:
            form = "lines"
            lines, form_extra = _address_lines(child)
        elif tag in x.ADDRESS_FIELDS and len(child) == 0:
            values[x.ADDRESS_FIELDS[tag]] = x.text(child)
        else:
            extra.append(x.raw(child))
    return Address(
        form=form,
        lines=lines,
        extra=tuple(extra),
        form_extra=tuple(form_extra),
        **values,
    )


def _address_lines(element: etree._Element) -> tuple[tuple[str, ...], list[RawBlock]]:
    lines: list[str] = []
    extra: list[RawBlock] = []
    for tag, child in x.children(element):
        if tag == f"AddressLine{len(lines) + 1}" and len(child) == 0:
            lines.append(x.text(child))
        else:
            extra.append(x.raw(child))
    return tuple(lines), extra


def contact(element: etree._Element) -> Contact:
    values: dict[str, str] = {}
    extra: list[RawBlock] = []
    parts: dict[str, object] = {}
    table = {**x.CONTACT_FIELDS, **x.CONTACT_ALIASES}
    for tag, child in x.children(element):
        if tag == "Address" and "address" not in parts:
            parts["address"] = address(child)
        elif tag == "Phones" and "phones" not in parts:
            parts["phones"] = phones(child)
        elif tag in table and len(child) == 0 and table[tag] not in values:
            values[table[tag]] = x.text(child)
        else:
            extra.append(x.raw(child))
    return Contact(**values, **parts, extra=tuple(extra))  # type: ignore[arg-type]


def basic_details(element: etree._Element) -> BasicDetails:
    values, extra = x.simple_fields(element, x.BASIC_FIELDS)
    return BasicDetails(**values, extra=tuple(extra))


def school_history(element: etree._Element, notes: Notes) -> tuple[SchoolStay, ...]:
    stays = []
    for tag, child in x.children(element):
        if tag == "School":
            stays.append(_stay(child, notes))
    return tuple(stays)


def _stay(element: etree._Element, notes: Notes) -> SchoolStay:
    values: dict[str, str] = {}
    dates: dict[str, date] = {}
    extra: list[RawBlock] = []
    for tag, child in x.children(element):
        name = x.STAY_FIELDS.get(tag)
        if tag in ("EntryDate", "LeavingDate"):
            day = parse_date(x.text(child), tag, notes)
            if day is None:
                extra.append(x.raw(child))  # kept as written, never lost
            else:
                dates["entry_date" if tag == "EntryDate" else "leaving_date"] = day
        elif name is not None and len(child) == 0 and name not in values:
            values[name] = x.text(child)
        else:
            extra.append(x.raw(child))
    return SchoolStay(**values, **dates, extra=tuple(extra))  # type: ignore[arg-type]


def pupil(element: etree._Element, index: int, notes: Notes) -> PupilRecord:
    """Read one ``Pupil`` element; problems go to ``notes`` (checks come later)."""
    values: dict[str, object] = {}
    blocks: list[RawBlock] = []
    for tag, child in x.children(element):
        if not _pupil_part(tag, child, values, notes):
            blocks.append(x.raw(child))
    return PupilRecord(
        **values,  # type: ignore[arg-type]
        blocks=tuple(blocks),
        line=x.line(element),
        index=index,
    )


def _pupil_part(
    tag: str, child: etree._Element, values: dict[str, object], notes: Notes
) -> bool:
    """Store one child of a pupil in ``values``; False to keep it verbatim."""
    name = x.PUPIL_TEXT_FIELDS.get(tag)
    if name is not None:
        if len(child) or name in values:
            return False
        values[name] = x.text(child)
    elif tag in ("Sex", "Gender") and "sex" not in values and not len(child):
        values["sex"] = x.text(child)
        values["sex_element"] = tag
    elif tag == "DOB" and "dob" not in values and not len(child):
        day = parse_date(x.text(child), "DOB", notes)
        if day is None:
            return False
        values["dob"] = day
    else:
        return _pupil_block(tag, child, values, notes)
    return True


_LISTS = {"Phones": "Phone", "Contacts": "Contact", "SchoolHistory": "School"}


def _only(element: etree._Element, tag: str) -> bool:
    return all(t == tag for t, _ in x.children(element))


def _pupil_block(
    tag: str, child: etree._Element, values: dict[str, object], notes: Notes
) -> bool:
    readers = _READERS
    if tag in _LISTS and not _only(child, _LISTS[tag]):
        return False  # an unexpected child: keep the whole block as written
    if tag in readers and readers[tag][0] not in values:
        key, read = readers[tag]
        values[key] = read(child)
    elif tag == "Contacts" and "contacts" not in values:
        values["contacts"] = tuple(
            contact(c) for t, c in x.children(child) if t == "Contact"
        )
    elif tag == "SchoolHistory" and "school_history" not in values:
        values["school_history"] = school_history(child, notes)
    else:
        return False
    return True


_READERS: dict[str, tuple[str, Callable[[etree._Element], object]]] = {
    "BasicDetails": ("basic", basic_details),
    "Address": ("address", address),
    "Phones": ("phones", phones),
}


def pupil_from_xml(xml: str, *, record: str = "") -> PupilRecord:
    """One ``Pupil`` element kept as text (a roll keeps each pupil's as read)."""
    element = etree.fromstring(xml.encode("utf-8"), x.safe_parser())
    notes = Notes(file="", line=None, record=record)
    return pupil(element, 0, notes)
