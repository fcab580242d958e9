"""Read a CTF into :class:`Incoming` records, with the file's own problems.

The reader (``examsoffice.formats.ctf``) does the XML; this module maps its pupil
records onto the roll's fields and keeps the whole ``<Pupil>`` element verbatim in
``extra_xml`` so a leaver's CTF can be written out again without loss.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.conf import settings
from lxml import etree

from examsoffice.errors import Problem
from examsoffice.formats.ctf import (
    ULN_SERVICE_DEST,
    Address,
    CTFHeader,
    PupilRecord,
    open_ctf,
)
from examsoffice.formats.ctf.checks import destination_problem
from examsoffice.formats.ctf.writer import pupil_element
from examsoffice.learners.incoming import Incoming
from examsoffice.learners.school import this_school

SEXES = {"M": "M", "F": "F", "1": "M", "2": "F"}


@dataclass
class ReadFile:
    file_name: str
    header: CTFHeader
    records: list[Incoming] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def is_uln_result(self) -> bool:
        return is_uln_result(self.header)


def uln_service_codes() -> tuple[str, str]:
    """The ULN service's LEA and Estab codes (unverified; see the CTF writer)."""
    lea = getattr(settings, "ULN_SERVICE_LEA", ULN_SERVICE_DEST.lea)
    estab = getattr(settings, "ULN_SERVICE_ESTAB", ULN_SERVICE_DEST.estab)
    return str(lea), str(estab)


def is_uln_result(header: CTFHeader) -> bool:
    """A file sent back by the ULN service: its source is the service's codes."""
    lea, estab = uln_service_codes()
    return (header.source.lea, header.source.estab) == (lea, estab)


def read_file(path: str | Path, *, lenient: bool = False, name: str = "") -> ReadFile:
    """Read every pupil of a CTF; raises FileFormatError when it cannot be read."""
    path = Path(path)
    # Thousands of records stay alive while a file is read and none holds a cycle,
    # so the cyclic collector would rescan them again and again for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with open_ctf(path, lenient=lenient) as stream:
            result = ReadFile(name or path.name, stream.header)
            for record in stream:
                result.records.append(incoming_from(record))
            # A web upload is stored under a random name: report the user's name.
            result.problems = [
                replace(p, file=result.file_name) if p.file == path.name else p
                for p in stream.problems
            ]
            result.problems[:0] = _addressed_elsewhere(result)
    finally:
        if collecting:
            gc.enable()
    return result


def _addressed_elsewhere(read: ReadFile) -> list[Problem]:
    """A warning, first in the list, when the file was sent to another school."""
    found = this_school()
    if found is None:
        return []
    school, known_from = found
    problem = destination_problem(
        read.header, school, read.file_name, known_from=known_from
    )
    return [problem] if problem else []


def incoming_from(record: PupilRecord) -> Incoming:
    basic = record.basic
    return Incoming(
        index=record.index,
        upn=record.upn.strip(),
        former_upn=basic.former_upn.strip() if basic else "",
        uln=record.uln.strip(),
        uci=record.uci.strip(),
        surname=record.surname.strip(),
        forename=record.forename.strip(),
        middle_names=record.middle_names.strip(),
        preferred_surname=basic.preferred_surname.strip() if basic else "",
        preferred_forename=basic.preferred_forename.strip() if basic else "",
        former_surname=basic.former_surname.strip() if basic else "",
        date_of_birth=record.dob,
        sex=SEXES.get(record.sex.strip().upper(), "U") if record.sex else "",
        year_group=(basic.nc_year.strip() if basic else "")[:2],
        extra_xml=etree.tostring(pupil_element(record), encoding="unicode"),
        line=record.line,
        **address_fields(record.address),
    )


def address_fields(address: Address | None) -> dict[str, str]:
    """The roll's address fields of a CTF address (free lines in order)."""
    if address is None:
        return {}
    postcode = address.postcode.strip().upper()[:10]
    if address.form == "lines":
        # Free address lines have no BS7666 parts: keep them in order.
        lines = [*address.lines, "", "", "", "", ""]
        return {
            "paon": lines[0],
            "street": lines[1],
            "locality": lines[2],
            "town": lines[3],
            "administrative_area": lines[4] or address.county,
            "postcode": postcode,
        }
    return {
        "saon": address.saon,
        "paon": address.paon,
        "street": address.street,
        "locality": address.locality,
        "town": address.town,
        "administrative_area": address.administrative_area,
        "post_town": address.post_town,
        "postcode": postcode,
    }
