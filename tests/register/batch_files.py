"""Batch inputs for the register's tests: a CSV in the national style and a CTF."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from examsoffice.formats.ctf import Address, PupilRecord, SchoolRef, write_uln_request
from examsoffice.formats.lrs_batch import BatchHeader, write_batch
from examsoffice.identifiers import make_upn

HEADER = BatchHeader("2A", "Year 10", "10012345", "exams@school.example")
SCHOOL = SchoolRef(lea="891", estab="2203", name="Hazel Grove", academic_year="2025")


def row(mis: str, **values: str) -> dict[str, str]:
    """A learner like the register's test learner Amelia Thornbury, changed."""
    data = {
        "MISIdentifier": mis,
        "GivenName": "Amelia",
        "FamilyName": "Thornbury",
        "DateOfBirth": "2009-03-14",
        "Gender": "2",
        "LastKnownPostCode": "OX4 2JH",
        "LastKnownAddressLine1": "12 Mill Lane",
        "LastKnownAddressTown": "Oxford",
    }
    data.update(values)
    return data


def mixed_rows() -> list[dict[str, str]]:
    """Existing, new, possible match and rejected, with Amelia on the register."""
    return [
        row("M1"),
        row(
            "M2",
            GivenName="Emily",
            DateOfBirth="2010-01-02",
            LastKnownPostCode="M1 1AE",
        ),
        row("M3", GivenName="Amelie"),
        row("M4", LastKnownPostCode=""),
    ]


def write_csv(folder: Path, rows: list[dict[str, str]]) -> Path:
    path = folder / "LRB_10012345_010920251030.CSV"
    write_batch(path, HEADER, rows)
    return path


def write_malformed_csv(folder: Path) -> Path:
    """A batch CSV whose second and third learners (rows 5 and 6) hold an
    unquoted comma each, so the file as a whole cannot be used."""
    path = write_csv(folder, [row("X1"), row("X2"), row("X3")])
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[4] += ",extra"
    lines[5] += ",extra"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def pupil(serial: int, **values: Any) -> PupilRecord:
    data: dict[str, Any] = {
        "upn": make_upn("891", "2203", 10, serial),
        "forename": "Amelia",
        "surname": "Thornbury",
        "dob": date(2009, 3, 14),
        "sex": "F",
        "address": Address(
            form="bs7666",
            paon="12",
            street="Mill Lane",
            town="Oxford",
            postcode="OX4 2JH",
        ),
    }
    data.update(values)
    return PupilRecord(**data)


def mixed_pupils() -> list[PupilRecord]:
    return [
        pupil(1),
        pupil(
            2,
            forename="Emily",
            surname="Ashdown",
            dob=date(2010, 1, 2),
            address=Address(
                form="bs7666", paon="3", street="Elm Row", postcode="M1 1AE"
            ),
        ),
        pupil(3, forename="Amelie"),
        pupil(4, address=None),
    ]


def write_ctf_request(folder: Path, pupils: list[PupilRecord]) -> Path:
    return write_uln_request(folder, pupils, source=SCHOOL)


def fill_register(
    count: int, seed: int = 3
) -> tuple[dict[str, str], set[tuple[str, str]]]:
    """A synthetic register with known duplicates: record id to ULN, and true pairs.

    Written straight into the tables (no blocking keys): enough for deduplication,
    which reads the learners only.
    """
    import random

    from examsoffice.identifiers import random_uln
    from examsoffice.matching.synthetic import generate
    from examsoffice.register.models import Learner

    made = generate(count, seed=seed, twin_share=0.0)
    rng = random.Random(seed)
    ulns: dict[str, str] = {}
    while len(ulns) < len(made.records):
        uln = random_uln(rng)
        if uln not in ulns.values():
            ulns[made.records[len(ulns)].id] = uln
    Learner.objects.bulk_create(
        Learner(
            uln=ulns[rec.id],
            given_name=rec.given[:35],
            family_name=rec.family[:35],
            middle_names=rec.middle[:35],
            date_of_birth=rec.dob,
            gender=rec.gender or "0",
            postcode=rec.postcode or "ZZ99 9ZZ",
            address_line1=rec.address[:50],
            address_town=rec.town[:50],
        )
        for rec in made.records
        if rec.dob is not None
    )
    return ulns, made.duplicate_pairs
