"""Plain dataclasses for one series' basedata, whatever file it came from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class BasedataComponent:
    code: str
    title: str
    date: dt.date | None = None
    session: str = ""  # "AM", "PM" or "" when not timetabled
    start: dt.time | None = None
    duration_minutes: int = 0

    @property
    def timetabled(self) -> bool:
        return self.date is not None


@dataclass(frozen=True)
class BasedataOption:
    """An entry code (option) of a qualification, with its tier and fee."""

    code: str
    title: str
    tier: str = ""
    fee_pence: int = 0
    component_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class BasedataQualification:
    code: str
    title: str
    level: str = ""
    qan: str = ""


@dataclass
class Basedata:
    """One awarding body's offer in one series."""

    awarding_body: str = ""
    series_code: str = ""
    qualifications: dict[str, BasedataQualification] = field(default_factory=dict)
    options: dict[str, tuple[str, BasedataOption]] = field(default_factory=dict)
    components: dict[str, BasedataComponent] = field(default_factory=dict)

    def options_of(self, qualification_code: str) -> list[BasedataOption]:
        return [o for q, o in self.options.values() if q == qualification_code]
