"""Plain dataclasses for what a CTF or ATF holds.

Blocks the reader does not interpret (attendance, assessments, SEN, FSM, ...) are kept
as :class:`RawBlock`: the element serialised exactly as read, so a pupil written out
again loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from examsoffice.errors import Problem


@dataclass(frozen=True)
class RawBlock:
    """One element kept verbatim: its tag and its XML text."""

    tag: str
    xml: str


@dataclass(frozen=True)
class SchoolRef:
    lea: str = ""
    estab: str = ""
    urn: str = ""
    name: str = ""
    academic_year: str = ""
    extra: tuple[RawBlock, ...] = ()


@dataclass(frozen=True)
class CTFHeader:
    kind: str = "CTF"  # CTF or ATF
    document_name: str = ""
    version: str = ""
    date_time: str = ""
    document_qualifier: str = ""
    data_qualifier: str = ""
    data_descriptor: str = ""
    supplier_id: str = ""
    source: SchoolRef = field(default_factory=SchoolRef)
    dest: SchoolRef = field(default_factory=SchoolRef)
    extra: tuple[RawBlock, ...] = ()

    @property
    def major_version(self) -> int | None:
        head = self.version.split(".", 1)[0]
        return int(head) if head.isdigit() else None


@dataclass(frozen=True)
class Phone:
    telephone_type: str = ""
    number: str = ""
    extra: tuple[RawBlock, ...] = ()


@dataclass(frozen=True)
class Address:
    """A BS7666 address (``paon``, ``street``...) or free lines, plus the postcode."""

    form: str = ""  # "bs7666", "lines" or "" when neither block is present
    saon: str = ""
    paon: str = ""
    street: str = ""
    locality: str = ""
    town: str = ""
    administrative_area: str = ""
    post_town: str = ""
    uprn: str = ""
    lines: tuple[str, ...] = ()
    county: str = ""
    postcode: str = ""
    zip: str = ""
    country: str = ""
    easting: str = ""
    northing: str = ""
    address_as_pupil: str = ""
    extra: tuple[RawBlock, ...] = ()
    form_extra: tuple[RawBlock, ...] = ()

    @property
    def first_line(self) -> str:
        if self.form == "lines":
            return self.lines[0] if self.lines else ""
        return " ".join(p for p in (self.saon, self.paon, self.street) if p)


@dataclass(frozen=True)
class Contact:
    order: str = ""
    title: str = ""
    surname: str = ""
    forename: str = ""
    middle_names: str = ""
    gender: str = ""
    relationship: str = ""
    responsibility: str = ""
    address: Address | None = None
    phones: tuple[Phone, ...] = ()
    email: str = ""
    extra: tuple[RawBlock, ...] = ()


@dataclass(frozen=True)
class BasicDetails:
    former_upn: str = ""
    preferred_surname: str = ""
    preferred_forename: str = ""
    former_surname: str = ""
    former_forename: str = ""
    nc_year: str = ""
    enrol_status: str = ""
    extra: tuple[RawBlock, ...] = ()


@dataclass(frozen=True)
class SchoolStay:
    """One school in the pupil's ``SchoolHistory``."""

    lea: str = ""
    estab: str = ""
    urn: str = ""
    name: str = ""
    entry_date: date | None = None
    leaving_date: date | None = None
    leaving_reason: str = ""
    extra: tuple[RawBlock, ...] = ()


@dataclass(frozen=True)
class PupilRecord:
    """One pupil as read; ``line`` and ``problems`` say where and what was odd."""

    application_reference: str = ""
    upn: str = ""
    uln: str = ""
    uci: str = ""
    surname: str = ""
    forename: str = ""
    middle_names: str = ""
    dob: date | None = None
    sex: str = ""
    sex_element: str = "Sex"
    basic: BasicDetails | None = None
    address: Address | None = None
    phones: tuple[Phone, ...] | None = None
    email: str = ""
    contacts: tuple[Contact, ...] | None = None
    school_history: tuple[SchoolStay, ...] | None = None
    blocks: tuple[RawBlock, ...] = ()
    line: int | None = field(default=None, compare=False)
    index: int = field(default=0, compare=False)
    problems: tuple[Problem, ...] = field(default=(), compare=False)

    @property
    def name(self) -> str:
        return ", ".join(p for p in (self.surname, self.forename) if p)

    @property
    def former_upn(self) -> str:
        return self.basic.former_upn if self.basic else ""

    @property
    def nc_year(self) -> str:
        return self.basic.nc_year if self.basic else ""

    @property
    def enrol_status(self) -> str:
        return self.basic.enrol_status if self.basic else ""

    def stay_at(self, lea: str, estab: str) -> SchoolStay | None:
        """This pupil's entry and leaving dates at one school, from the history."""
        for stay in self.school_history or ():
            if stay.lea == lea and stay.estab == estab:
                return stay
        return None


@dataclass
class CTFFile:
    header: CTFHeader
    pupils: list[PupilRecord]
    problems: list[Problem] = field(default_factory=list)
