"""Small lxml helpers shared by the reader and the writer, and the element tables.

The tables map element names to dataclass fields in the order the CTF specification
lists them, so the writer emits the same order the reader expects.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from examsoffice.formats.ctf.model import RawBlock

SCHOOL_FIELDS = {
    "LEA": "lea",
    "Estab": "estab",
    "URN": "urn",
    "SchoolName": "name",
    "AcademicYear": "academic_year",
}

HEADER_FIELDS = {
    "DocumentName": "document_name",
    "CTFversion": "version",
    "ATFversion": "version",
    "DateTime": "date_time",
    "DocumentQualifier": "document_qualifier",
    "DataQualifier": "data_qualifier",
    "DataDescriptor": "data_descriptor",
    "SupplierID": "supplier_id",
}

BASIC_FIELDS = {
    "FormerUPN": "former_upn",
    "PreferredSurname": "preferred_surname",
    "PreferredForename": "preferred_forename",
    "FormerSurname": "former_surname",
    "FormerForename": "former_forename",
    "NCyearActual": "nc_year",
    "EnrolStatus": "enrol_status",
}

BS7666_FIELDS = {
    "SAON": "saon",
    "PAON": "paon",
    "Street": "street",
    "Locality": "locality",
    "Town": "town",
    "AdministrativeArea": "administrative_area",
    "PostTown": "post_town",
    "UniquePropertyReferenceNumber": "uprn",
}

ADDRESS_FIELDS = {
    "County": "county",
    "PostCode": "postcode",
    "Zip": "zip",
    "Country": "country",
    "Easting": "easting",
    "Northing": "northing",
    "AddressAsPupil": "address_as_pupil",
}

PHONE_FIELDS = {"TelephoneType": "telephone_type", "TelephoneNumber": "number"}
# Some suppliers write PhoneNo; read it, write the usual name.
PHONE_ALIASES = {"PhoneNo": "number"}

CONTACT_FIELDS = {
    "Order": "order",
    "Title": "title",
    "Surname": "surname",
    "Forename": "forename",
    "MiddleNames": "middle_names",
    "Gender": "gender",
    "Relationship": "relationship",
    "Responsibility": "responsibility",
    "Email": "email",
}
CONTACT_ALIASES = {"Sex": "gender"}

STAY_FIELDS = {
    "LEA": "lea",
    "Estab": "estab",
    "URN": "urn",
    "SchoolName": "name",
    "LeavingReason": "leaving_reason",
}

PUPIL_TEXT_FIELDS = {
    "ApplicationReference": "application_reference",
    "UPN": "upn",
    "UniqueLearnerNumber": "uln",
    "UCI": "uci",
    "Surname": "surname",
    "Forename": "forename",
    "MiddleNames": "middle_names",
    "Email": "email",
}

# The order of a pupil's children in the specification (shared/reference/ctf.md 1.4).
PUPIL_ORDER = (
    "ApplicationReference",
    "UPN",
    "UniqueLearnerNumber",
    "UCI",
    "Surname",
    "Forename",
    "MiddleNames",
    "DOB",
    "Sex",
    "BasicDetails",
    "LookedAfter",
    "FSMhistory",
    "NAWdetails",
    "SENhistory",
    "Admissions",
    "Address",
    "Phones",
    "Email",
    "Contacts",
    "Attendance",
    "StageAssessments",
    "SchoolHistory",
)

# Parser settings for anything we read: no entities, no DTD, no network.
SAFE_OPTIONS: dict[str, bool] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
}


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
    )


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if tag[:1] == "{" else tag


def line(element: etree._Element) -> int | None:
    found = element.sourceline
    return found if isinstance(found, int) else None


def text(element: etree._Element) -> str:
    return (element.text or "").strip()


def raw(element: etree._Element) -> RawBlock:
    xml = etree.tostring(element, encoding="unicode", with_tail=False)
    return RawBlock(local(str(element.tag)), xml)


def children(element: etree._Element) -> Iterator[tuple[str, etree._Element]]:
    """(local name, element) for each child element, skipping comments."""
    for child in element.iterchildren(etree.Element):
        tag = str(child.tag)
        yield (local(tag) if tag[0] == "{" else tag), child


def simple_fields(
    element: etree._Element, table: dict[str, str]
) -> tuple[dict[str, str], list[RawBlock]]:
    """Text of the leaf children named in ``table``; everything else verbatim."""
    values: dict[str, str] = {}
    extra: list[RawBlock] = []
    for tag, child in children(element):
        name = table.get(tag)
        if name is not None and len(child) == 0 and name not in values:
            values[name] = text(child)
        else:
            extra.append(raw(child))
    return values, extra


def put(parent: etree._Element, tag: str, value: str) -> None:
    if value:
        etree.SubElement(parent, tag).text = value


def put_fields(parent: etree._Element, obj: object, table: dict[str, str]) -> None:
    written: set[str] = set()
    for tag, name in table.items():
        if name not in written:
            written.add(name)
            put(parent, tag, getattr(obj, name))


def put_raw(parent: etree._Element, blocks: tuple[RawBlock, ...]) -> None:
    for block in blocks:
        parent.append(etree.fromstring(block.xml, safe_parser()))
