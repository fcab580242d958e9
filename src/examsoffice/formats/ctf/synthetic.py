"""Synthetic CTFs of any size, for benchmarks, tests and demo data.

Every pupil is invented: valid UPN and (for most) ULN, a BS7666 address, one contact,
two years of attendance and KS2 assessments, the blocks a real leaver's CTF carries.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from examsoffice.formats.ctf.model import (
    Address,
    BasicDetails,
    Contact,
    CTFHeader,
    Phone,
    PupilRecord,
    RawBlock,
    SchoolRef,
)
from examsoffice.formats.ctf.writer import write_ctf
from examsoffice.identifiers import make_upn, random_uln

_SURNAMES = ("Ashdown", "Begum", "Clarke", "Dlamini", "Evans", "Fairbairn", "Khan")
_FORENAMES = ("Maya", "Elliot", "Amir", "Chloe", "Oliver", "Zara", "Callum", "Isla")
_STREETS = ("Mill Lane", "Queens Road", "Station Road", "Church Street")

SOURCE = SchoolRef(
    lea="891", estab="2203", name="Hazel Grove Academy", academic_year="2025"
)
DEST = SchoolRef(lea="891", estab="4107")


def synthetic_header(version: str = "25.0") -> CTFHeader:
    return CTFHeader(
        kind="CTF",
        document_name="Common Transfer File",
        version=version,
        date_time="2026-07-18T14:05:00",
        document_qualifier="full",
        data_descriptor="CTF",
        supplier_id="examsoffice synthetic data",
        source=SOURCE,
        dest=DEST,
    )


def synthetic_pupils(count: int, seed: int = 1) -> Iterator[PupilRecord]:
    rng = random.Random(seed)
    for serial in range(count):
        yield _pupil(rng, serial)


def write_synthetic_ctf(path: str | Path, count: int, seed: int = 1) -> Path:
    """Write a CTF of ``count`` invented pupils to ``path``; returns the path."""
    target = Path(path)
    write_ctf(target, synthetic_header(), synthetic_pupils(count, seed))
    return target


def _pupil(rng: random.Random, serial: int) -> PupilRecord:
    surname, forename = rng.choice(_SURNAMES), rng.choice(_FORENAMES)
    year = 7 + serial % 7
    dob = date(2025 - year - 5, 9, 1) + timedelta(days=rng.randint(0, 364))
    return PupilRecord(
        upn=make_upn("891", "2203", 10 + serial // 1000, serial % 1000),
        uln=random_uln(rng) if rng.random() < 0.8 else "",
        surname=surname,
        forename=forename,
        dob=dob,
        sex=rng.choice("MF"),
        basic=BasicDetails(nc_year=str(year), enrol_status="C"),
        address=_address(rng),
        contacts=(_contact(rng, surname),),
        blocks=(_attendance(rng), _assessments(rng)),
    )


def _address(rng: random.Random) -> Address:
    return Address(
        form="bs7666",
        paon=str(rng.randint(1, 200)),
        street=rng.choice(_STREETS),
        town="Kettering",
        administrative_area="Northamptonshire",
        post_town="KETTERING",
        postcode=f"NN{rng.randint(10, 16)} {rng.randint(1, 9)}AB",
        country="GBR",
    )


def _contact(rng: random.Random, surname: str) -> Contact:
    number = f"07700 900{rng.randint(0, 999):03d}"
    return Contact(
        order="1",
        surname=surname,
        forename=rng.choice(_FORENAMES),
        relationship="PAM",
        responsibility="true",
        phones=(Phone(telephone_type="M", number=number),),
    )


def _attendance(rng: random.Random) -> RawBlock:
    years = "".join(
        f"<YearData><Year>{y}</Year><SessionsPossible>380</SessionsPossible>"
        f"<SessionsAuthorised>{rng.randint(0, 30)}</SessionsAuthorised>"
        f"<SessionsUnauthorised>{rng.randint(0, 10)}</SessionsUnauthorised>"
        f"<AttendanceStartDate>{y}-09-04</AttendanceStartDate></YearData>"
        for y in (2024, 2025)
    )
    return RawBlock("Attendance", f"<Attendance>{years}</Attendance>")


def _assessments(rng: random.Random) -> RawBlock:
    results = "".join(
        f"<StageAssessment><Locale>ENG</Locale><Year>2024</Year>"
        f"<Subject>{subject}</Subject><Method>TT</Method>"
        f"<Component>{component}</Component><ResultStatus>R</ResultStatus>"
        f"<ResultQualifier>SS</ResultQualifier><Result>{rng.randint(80, 120)}"
        f"</Result></StageAssessment>"
        for subject, component in (("ENG", "RD"), ("MAT", "MAT"), ("ENG", "GPS"))
    )
    xml = f"<StageAssessments><KeyStage><Stage>KS2</Stage>{results}</KeyStage>"
    return RawBlock("StageAssessments", xml + "</StageAssessments>")
