"""A pupil as an import file gives it, and a pupil as the roll holds it: plain records.

The import plan (:mod:`examsoffice.learners.import_plan`) works over these two shapes
only, so it can be tested without a database and without an XML file.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

# The fields an import may update, in the order the exception log names them.
UPDATABLE_FIELDS: dict[str, str] = {
    "surname": "surname",
    "forename": "forename",
    "middle_names": "middle names",
    "preferred_surname": "preferred surname",
    "preferred_forename": "preferred forename",
    "former_surname": "former surname",
    "date_of_birth": "date of birth",
    "sex": "sex",
    "year_group": "year group",
    "uci": "UCI",
    "saon": "flat or unit",
    "paon": "house name or number",
    "street": "street",
    "locality": "locality",
    "town": "town",
    "administrative_area": "county",
    "post_town": "post town",
    "postcode": "postcode",
}


@dataclass(frozen=True)
class Incoming:
    """One pupil record read from a CTF; ``index`` is its place in the file (from 1)."""

    index: int
    upn: str = ""
    former_upn: str = ""
    uln: str = ""
    uci: str = ""
    surname: str = ""
    forename: str = ""
    middle_names: str = ""
    preferred_surname: str = ""
    preferred_forename: str = ""
    former_surname: str = ""
    date_of_birth: date | None = None
    sex: str = ""
    year_group: str = ""
    saon: str = ""
    paon: str = ""
    street: str = ""
    locality: str = ""
    town: str = ""
    administrative_area: str = ""
    post_town: str = ""
    postcode: str = ""
    # Blocks this app does not model, kept verbatim so a leaver CTF loses nothing.
    extra_xml: str = ""
    line: int | None = None

    @property
    def name(self) -> str:
        return ", ".join(p for p in (self.surname, self.forename) if p) or "(no name)"

    @property
    def label(self) -> str:
        upn = f"UPN {self.upn}" if self.upn else "no UPN"
        return f"pupil {self.index} ({self.name}; {upn})"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["date_of_birth"] = (
            self.date_of_birth.isoformat() if self.date_of_birth else None
        )
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Incoming:
        values = dict(data)
        dob = values.get("date_of_birth")
        values["date_of_birth"] = date.fromisoformat(dob) if dob else None
        return cls(**values)


@dataclass(frozen=True)
class Held:
    """One pupil as the roll holds it, with just what matching and updating need."""

    id: int
    upn: str = ""
    former_upn: str = ""
    uln: str = ""
    status: str = "on_roll"
    values: dict[str, Any] = field(default_factory=dict)

    def value(self, name: str) -> Any:
        return self.values.get(name, "")
