"""Write CTF files: a full one that round-trips what was read, and the partial one
the ULN service takes.

The ULN service's destination (``DestSchool`` LEA and Estab) is **unverified**: no
source reached says which values S2S wants (shared/reference/ctf.md 7).
``ULN_SERVICE_DEST`` is a default to override from settings once the S2S guide has
been checked; ``ULN`` is known to be wrong (S2S rejects it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import IO

from lxml import etree

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

# Unverified default: see the module docstring.
ULN_SERVICE_DEST = SchoolRef(lea="MAT", estab="MAT")
SUPPLIER_ID = "examsoffice"


def ctf_filename(source: SchoolRef, dest: SchoolRef, sequence: int = 1) -> str:
    """The DfE name: ``<srcLA><srcEstab>_CTF_<destLA><destEstab>_<nnn>.XML``."""
    return f"{source.lea}{source.estab}_CTF_{dest.lea}{dest.estab}_{sequence:03d}.XML"


def write_ctf(
    target: str | Path | IO[bytes],
    header: CTFHeader,
    pupils: Iterable[PupilRecord],
) -> None:
    """Write a whole CTF, one pupil at a time, so any number of pupils fits."""
    root = "ATfile" if header.kind == "ATF" else "CTfile"
    container = "ATFpupilData" if header.kind == "ATF" else "CTFpupilData"
    with etree.xmlfile(target, encoding="UTF-8") as out:
        out.write_declaration()
        with out.element(root):
            out.write("\n")
            out.write(header_element(header))
            out.write("\n")
            with out.element(container):
                out.write("\n")
                for pupil in pupils:
                    out.write(pupil_element(pupil))
                    out.write("\n")
            out.write("\n")


def write_uln_request(
    directory: str | Path,
    pupils: Iterable[PupilRecord],
    *,
    source: SchoolRef,
    dest: SchoolRef = ULN_SERVICE_DEST,
    sequence: int = 1,
    version: str = "25.0",
    now: datetime | None = None,
) -> Path:
    """Write the partial CTF that asks the learner register for ULNs; its path.

    Each pupil carries only what the ULN service needs: UPN, surname, forename, date
    of birth, sex and the address with its postcode. ``source`` must carry the
    school's LEA, Estab, name and academic year.
    """
    stamp = (now or datetime.now()).replace(microsecond=0)
    header = CTFHeader(
        kind="CTF",
        document_name="Common Transfer File",
        version=version,
        date_time=stamp.isoformat(),
        document_qualifier="partial",
        data_descriptor="CTF",
        supplier_id=SUPPLIER_ID,
        source=source,
        dest=dest,
    )
    path = Path(directory) / ctf_filename(source, dest, sequence)
    write_ctf(path, header, (uln_request_pupil(p) for p in pupils))
    return path


def uln_request_pupil(pupil: PupilRecord) -> PupilRecord:
    """The pupil cut down to what the ULN service needs, nothing else."""
    address = pupil.address
    if address is not None:
        address = replace(address, extra=(), form_extra=(), address_as_pupil="")
    return PupilRecord(
        upn=pupil.upn,
        surname=pupil.surname,
        forename=pupil.forename,
        dob=pupil.dob,
        sex=pupil.sex,
        sex_element="Sex",
        address=address,
    )


# -- elements -------------------------------------------------------------------


def header_element(header: CTFHeader) -> etree._Element:
    element = etree.Element("Header")
    x.put(element, "DocumentName", header.document_name)
    x.put(element, f"{header.kind}version", header.version)
    x.put(element, "DateTime", header.date_time)
    x.put(element, "DocumentQualifier", header.document_qualifier)
    x.put(element, "DataQualifier", header.data_qualifier)
    x.put(element, "DataDescriptor", header.data_descriptor)
    x.put(element, "SupplierID", header.supplier_id)
    element.append(_school_ref("SourceSchool", header.source))
    element.append(_school_ref("DestSchool", header.dest))
    x.put_raw(element, header.extra)
    return element


def _school_ref(tag: str, ref: SchoolRef) -> etree._Element:
    element = etree.Element(tag)
    x.put_fields(element, ref, x.SCHOOL_FIELDS)
    x.put_raw(element, ref.extra)
    return element


def pupil_element(pupil: PupilRecord) -> etree._Element:
    """A ``Pupil`` in specification order, verbatim blocks in their places."""
    element = etree.Element("Pupil")
    slots = set(x.PUPIL_ORDER)
    for tag in x.PUPIL_ORDER:
        _pupil_slot(element, tag, pupil)
        x.put_raw(element, tuple(b for b in pupil.blocks if _slot(b) == tag))
    x.put_raw(element, tuple(b for b in pupil.blocks if _slot(b) not in slots))
    return element


def _slot(block: RawBlock) -> str:
    return "Sex" if block.tag == "Gender" else block.tag


def _pupil_slot(element: etree._Element, tag: str, pupil: PupilRecord) -> None:
    name = x.PUPIL_TEXT_FIELDS.get(tag)
    if name is not None:
        x.put(element, tag, getattr(pupil, name))
    elif tag == "DOB" and pupil.dob is not None:
        x.put(element, "DOB", pupil.dob.isoformat())
    elif tag == "Sex":
        x.put(element, pupil.sex_element or "Sex", pupil.sex)
    elif tag == "BasicDetails" and pupil.basic is not None:
        element.append(_basic(pupil.basic))
    elif tag == "Address" and pupil.address is not None:
        element.append(address_element(pupil.address))
    elif tag == "Phones" and pupil.phones is not None:
        element.append(_phones(pupil.phones))
    elif tag == "Contacts" and pupil.contacts is not None:
        contacts = etree.SubElement(element, "Contacts")
        for contact in pupil.contacts:
            contacts.append(_contact(contact))
    elif tag == "SchoolHistory" and pupil.school_history is not None:
        history = etree.SubElement(element, "SchoolHistory")
        for stay in pupil.school_history:
            history.append(_stay(stay))


def _basic(basic: BasicDetails) -> etree._Element:
    element = etree.Element("BasicDetails")
    x.put_fields(element, basic, x.BASIC_FIELDS)
    x.put_raw(element, basic.extra)
    return element


def address_element(address: Address) -> etree._Element:
    element = etree.Element("Address")
    if address.form == "bs7666":
        form = etree.SubElement(element, "BS7666Address")
        x.put_fields(form, address, x.BS7666_FIELDS)
        x.put_raw(form, address.form_extra)
    elif address.form == "lines":
        form = etree.SubElement(element, "AddressLines")
        for number, line in enumerate(address.lines, start=1):
            etree.SubElement(form, f"AddressLine{number}").text = line
        x.put_raw(form, address.form_extra)
    x.put_fields(element, address, x.ADDRESS_FIELDS)
    x.put_raw(element, address.extra)
    return element


def _phones(phones: tuple[Phone, ...]) -> etree._Element:
    element = etree.Element("Phones")
    for phone in phones:
        item = etree.SubElement(element, "Phone")
        x.put_fields(item, phone, x.PHONE_FIELDS)
        x.put_raw(item, phone.extra)
    return element


def _contact(contact: Contact) -> etree._Element:
    element = etree.Element("Contact")
    for tag, name in x.CONTACT_FIELDS.items():
        if tag == "Email":
            continue  # after the address and phones, as in the specification
        x.put(element, tag, getattr(contact, name))
    if contact.address is not None:
        element.append(address_element(contact.address))
    if contact.phones is not None:
        element.append(_phones(contact.phones))
    x.put(element, "Email", contact.email)
    x.put_raw(element, contact.extra)
    return element


def _stay(stay: SchoolStay) -> etree._Element:
    element = etree.Element("School")
    for tag in ("LEA", "Estab", "URN", "SchoolName"):
        x.put(element, tag, getattr(stay, x.STAY_FIELDS[tag]))
    if stay.entry_date is not None:
        x.put(element, "EntryDate", stay.entry_date.isoformat())
    if stay.leaving_date is not None:
        x.put(element, "LeavingDate", stay.leaving_date.isoformat())
    x.put(element, "LeavingReason", stay.leaving_reason)
    x.put_raw(element, stay.extra)
    return element
