"""Leaver CTFs: a pupil's whole record sent on to the next school.

The roll keeps each pupil's ``<Pupil>`` element as it was read (contacts,
attendance, assessments and any block this app does not model). The file sent on
is that element with the roll's current identifiers, names, address and this
school's stay brought up to date, so corrections made here travel with the pupil
and nothing the previous school sent is lost.

When the next school is not known, the DfE's "lost pupil" route applies: the
destination is LA ``XXX``, establishment ``XXXX``, one pupil per file
(shared/reference/ctf.md 2.4.2).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max

from examsoffice.formats.ctf import (
    Address,
    BasicDetails,
    CTFHeader,
    PupilRecord,
    SchoolRef,
    SchoolStay,
    ctf_filename,
    pupil_from_xml,
    write_ctf,
)
from examsoffice.formats.ctf.writer import SUPPLIER_ID
from examsoffice.identifiers import validate_upn
from examsoffice.learners.ctf_source import address_fields
from examsoffice.learners.import_plan import ADDRESS_FIELDS
from examsoffice.learners.models import LeaverExport, Pupil, RollStatus
from examsoffice.learners.uln_request import school_ref

UNKNOWN = SchoolRef(lea="XXX", estab="XXXX")
CTF_VERSION = "25.0"

_DESTINATION = re.compile(r"^\s*(\d{3})\s*[-/ ]?\s*(\d{4})\s*$")


class DestinationError(ValueError):
    """A destination that is not an LA and establishment number."""


def parse_destination(text: str) -> SchoolRef:
    """``8201234``, ``820/1234`` or ``820-1234``; ``unknown`` for a lost pupil."""
    if text.strip().lower() in {"unknown", "xxxxxxx", "xxx/xxxx", "xxx-xxxx"}:
        return UNKNOWN
    found = _DESTINATION.match(text)
    if found is None:
        raise DestinationError(
            f"'{text}' is not a destination: give the next school's LA number and "
            "establishment number, seven digits such as 8201234 or 820/1234 (the "
            "DfE number on Get Information about Schools), or 'unknown' when the "
            "next school is not known."
        )
    return SchoolRef(lea=found.group(1), estab=found.group(2))


def is_unknown(dest: SchoolRef) -> bool:
    return (dest.lea, dest.estab) == (UNKNOWN.lea, UNKNOWN.estab)


# ---------------------------------------------------------------- checks


def problems(pupils: Sequence[Pupil]) -> list[str]:
    """What stops these pupils' CTF being sent: each names the pupil and the fix."""
    found = []
    for pupil in pupils:
        who = f"{pupil.surname}, {pupil.forename}"
        upn = validate_upn(pupil.upn)
        if not upn.valid:
            found.append(
                f"{who}: the UPN is missing or invalid ({upn.reason}); the next "
                "school matches the file by UPN. Correct it on the pupil's record "
                "in the MIS, import again, then send."
            )
        if pupil.date_of_birth is None:
            found.append(f"{who}: no date of birth; add it and send again.")
    return found


def warnings(pupils: Sequence[Pupil]) -> list[str]:
    """What to check before sending, without stopping it.

    Schools send a CTF before the leaving day (a planned move), so a pupil still
    on roll is allowed; but sending one by mistake hands a record to another
    school, so the person is told.
    """
    return [
        f"{pupil.surname}, {pupil.forename}: still on the roll here "
        f"({pupil.get_status_display().lower()}) with no leaving date. Send the CTF "
        "only if the pupil is moving to that school; record the leaving date in "
        "the MIS when they leave."
        for pupil in pupils
        if pupil.status != RollStatus.LEFT and pupil.leaving_date is None
    ]


# ---------------------------------------------------------------- one pupil


def leaver_record(pupil: Pupil, school: SchoolRef) -> PupilRecord:
    """The pupil's stored CTF record with the roll's current details."""
    stored = (
        pupil_from_xml(pupil.extra_xml, record=str(pupil))
        if pupil.extra_xml
        else PupilRecord()
    )
    basic = replace(
        stored.basic or BasicDetails(),
        former_upn=pupil.former_upn,
        preferred_surname=pupil.preferred_surname,
        preferred_forename=pupil.preferred_forename,
        former_surname=pupil.former_surname,
        nc_year=pupil.year_group,
    )
    return replace(
        stored,
        upn=pupil.upn,
        uln=pupil.uln,
        uci=pupil.uci,
        surname=pupil.surname,
        forename=pupil.forename,
        middle_names=pupil.middle_names,
        dob=pupil.date_of_birth,
        sex=pupil.sex,
        basic=basic,
        address=_address(pupil, stored.address),
        school_history=_history(pupil, stored.school_history or (), school),
    )


def _address(pupil: Pupil, stored: Address | None) -> Address | None:
    roll = {name: getattr(pupil, name) for name in ADDRESS_FIELDS}
    as_read = address_fields(stored)
    if stored is not None and all(as_read.get(k, "") == v for k, v in roll.items()):
        # Unchanged since the import: send it as the previous school wrote it.
        return stored
    if not any(roll.values()):
        return None
    # Changed here: the roll's BS7666 parts; a grid reference or property number
    # of the old address would now be wrong, so only country and contact flag stay.
    kept = stored or Address()
    return Address(
        form="bs7666",
        **roll,
        country=kept.country,
        address_as_pupil=kept.address_as_pupil,
    )


def _history(
    pupil: Pupil, history: Sequence[SchoolStay], school: SchoolRef
) -> tuple[SchoolStay, ...]:
    """The school history with this school's stay, dates from the roll."""
    ours = SchoolStay(
        lea=school.lea,
        estab=school.estab,
        name=school.name,
        entry_date=pupil.entry_date,
        leaving_date=pupil.leaving_date,
    )
    others = []
    for stay in history:
        if (stay.lea, stay.estab) == (school.lea, school.estab):
            ours = replace(
                stay,
                entry_date=pupil.entry_date or stay.entry_date,
                leaving_date=pupil.leaving_date or stay.leaving_date,
            )
        else:
            others.append(stay)
    return (*others, ours)


# ---------------------------------------------------------------- files


@dataclass(frozen=True)
class Written:
    path: Path
    export: LeaverExport


def write_leavers(
    pupils: Sequence[Pupil],
    dest: SchoolRef,
    directory: str | Path,
    *,
    user: Any = None,
    now: datetime | None = None,
) -> list[Written]:
    """Write the leaver CTF(s) and record each; one file, or one per lost pupil."""
    school = school_ref()
    groups = [[p] for p in pupils] if is_unknown(dest) else [list(pupils)]
    Path(directory).mkdir(parents=True, exist_ok=True)
    written = []
    with transaction.atomic():
        for group in groups:
            written.append(_write_one(group, school, dest, Path(directory), user, now))
    return written


def _write_one(
    pupils: list[Pupil],
    school: SchoolRef,
    dest: SchoolRef,
    directory: Path,
    user: Any,
    now: datetime | None,
) -> Written:
    sequence = _next_sequence(dest)
    header = CTFHeader(
        kind="CTF",
        document_name="Common Transfer File",
        version=CTF_VERSION,
        date_time=(now or datetime.now()).replace(microsecond=0).isoformat(),
        document_qualifier="full",
        data_descriptor="CTF",
        supplier_id=SUPPLIER_ID,
        source=school,
        dest=dest,
    )
    path = directory / ctf_filename(school, dest, sequence)
    write_ctf(path, header, (leaver_record(p, school) for p in pupils))

    export = LeaverExport.objects.create(
        dest_lea=dest.lea,
        dest_estab=dest.estab,
        sequence=sequence,
        file_name=path.name,
        user=user if getattr(user, "is_authenticated", False) else None,
    )
    export.pupils.set(pupils)
    return Written(path, export)


def _next_sequence(dest: SchoolRef) -> int:
    # The DfE name numbers the files sent to one destination: _001, _002...
    last = LeaverExport.objects.filter(
        dest_lea=dest.lea, dest_estab=dest.estab
    ).aggregate(Max("sequence"))["sequence__max"]
    return (last or 0) % 999 + 1
