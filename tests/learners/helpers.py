"""Small builders shared by the learners tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from examsoffice.formats.ctf import Address, BasicDetails, PupilRecord, SchoolRef
from examsoffice.formats.ctf.model import CTFHeader
from examsoffice.formats.ctf.writer import write_ctf
from examsoffice.learners.models import Pupil

UPN = "B801200005001"
OTHER_UPN = "R674123101121"
TEMP_UPN = "M80120000500A"
ULN = "9276308686"
OTHER_ULN = "1000000043"


def pupil(**fields: Any) -> Pupil:
    values: dict[str, Any] = {
        "upn": UPN,
        "surname": "Hale",
        "forename": "Maya",
        "date_of_birth": date(2010, 3, 4),
        "sex": "F",
        "year_group": "10",
        "paon": "4",
        "street": "Mill Lane",
        "town": "Kettering",
        "postcode": "NN14 1AB",
    }
    values.update(fields)
    return Pupil.objects.create(**values)


def record(index: int = 1, **fields: Any) -> PupilRecord:
    nc_year = fields.pop("nc_year", "10")
    former = fields.pop("former_upn", "")
    values: dict[str, Any] = {
        "upn": UPN,
        "surname": "Hale",
        "forename": "Maya",
        "dob": date(2010, 3, 4),
        "sex": "F",
        "basic": BasicDetails(nc_year=nc_year, former_upn=former),
        "address": Address(
            form="bs7666",
            paon="4",
            street="Mill Lane",
            town="Kettering",
            postcode="NN14 1AB",
        ),
        "index": index,
    }
    values.update(fields)
    return PupilRecord(**values)


def write_file(
    folder: Path,
    pupils: list[PupilRecord],
    *,
    source: SchoolRef | None = None,
    name: str = "8012000_CTF_8914107_001.XML",
) -> Path:
    header = CTFHeader(
        kind="CTF",
        document_name="Common Transfer File",
        version="25.0",
        date_time="2026-01-10T10:00:00",
        document_qualifier="full",
        supplier_id="test",
        source=source or SchoolRef(lea="801", estab="2000", name="Old School"),
        dest=SchoolRef(lea="891", estab="4107"),
    )
    path = folder / name
    write_ctf(path, header, pupils)
    return path
