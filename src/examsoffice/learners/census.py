"""The school census's checks on pupil identifiers, run before the return is made.

The rule codes, severities and messages live in ``data/census_rules.toml`` because
the DfE changes them; the checks themselves are the same every year.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

from django.db.models import Q

from examsoffice.identifiers import NO_ULN, validate_uln, validate_upn
from examsoffice.learners.models import Pupil, RollStatus


@dataclass(frozen=True)
class CensusRule:
    code: str
    severity: str
    message: str


@dataclass(frozen=True)
class CensusRules:
    rules: dict[str, CensusRule]
    uln_age: int
    leavers_window_days: int


@dataclass(frozen=True)
class CensusFinding:
    code: str
    severity: str
    message: str
    pupil_id: int
    pupil_name: str
    upn: str
    uln: str


@cache
def load_rules() -> CensusRules:
    text = resources.files("examsoffice.learners").joinpath("data/census_rules.toml")
    data = tomllib.loads(text.read_text(encoding="utf-8"))
    rules = {
        code: CensusRule(code, rule["severity"], rule["message"])
        for code, rule in data["rules"].items()
    }
    return CensusRules(rules, data["uln_age"], data["leavers_window_days"])


def age_on(born: date, day: date) -> int:
    before_birthday = (day.month, day.day) < (born.month, born.day)
    return day.year - born.year - (1 if before_birthday else 0)


def census_pupils(day: date) -> tuple[list[Pupil], list[Pupil]]:
    """Pupils on roll on census day and pupils who left in the window before it."""
    window = timedelta(days=load_rules().leavers_window_days)
    on_roll = Pupil.objects.filter(
        Q(entry_date__isnull=True) | Q(entry_date__lte=day),
        status=RollStatus.ON_ROLL,
        is_guest=False,
    )
    leavers = Pupil.objects.filter(
        status=RollStatus.LEFT,
        is_guest=False,
        leaving_date__gt=day - window,
        leaving_date__lte=day,
    )
    return list(on_roll), list(leavers)


def check_census(day: date) -> list[CensusFinding]:
    """Every identifier error the census would raise on ``day``, by rule code."""
    rules = load_rules()
    on_roll, leavers = census_pupils(day)
    everyone = on_roll + leavers
    findings: list[CensusFinding] = []

    for pupil in everyone:
        findings += _upn_findings(pupil, rules)
        findings += _uln_findings(pupil, rules)
    findings += _age_findings(on_roll, day, "1570", rules)
    findings += [
        f
        for pupil in leavers
        if pupil.leaving_date
        for f in _age_findings([pupil], pupil.leaving_date, "1573", rules)
    ]
    findings += _duplicates(everyone, "upn", "1520", rules)
    findings += _duplicates(everyone, "uln", "1578", rules)
    return sorted(findings, key=lambda f: (f.code, f.pupil_name, f.pupil_id))


def _finding(rule: CensusRule, pupil: Pupil, **words: Any) -> CensusFinding:
    return CensusFinding(
        code=rule.code,
        severity=rule.severity,
        message=rule.message.format(**words),
        pupil_id=pupil.pk,
        pupil_name=f"{pupil.surname}, {pupil.forename}",
        upn=pupil.upn,
        uln=pupil.uln,
    )


def _upn_findings(pupil: Pupil, rules: CensusRules) -> list[CensusFinding]:
    if not pupil.upn:
        return [_finding(rules.rules["1500"], pupil)]
    found = []
    for value in (pupil.upn, pupil.former_upn):
        if not value:
            continue
        check = validate_upn(value)
        if check.code == "upn.la_code":
            found.append(_finding(rules.rules["1530"], pupil, value=value[1:4]))
        elif not check.valid:
            found.append(_finding(rules.rules["1510"], pupil, reason=check.reason))
    return found


def _uln_findings(pupil: Pupil, rules: CensusRules) -> list[CensusFinding]:
    if not pupil.uln or pupil.uln == NO_ULN:
        return []
    check = validate_uln(pupil.uln)
    if check.valid:
        return []
    return [_finding(rules.rules["1575"], pupil, reason=check.reason)]


def _age_findings(
    pupils: Iterable[Pupil], day: date, code: str, rules: CensusRules
) -> list[CensusFinding]:
    return [
        _finding(rules.rules[code], pupil)
        for pupil in pupils
        if (not pupil.uln or pupil.uln == NO_ULN)
        and pupil.date_of_birth
        and age_on(pupil.date_of_birth, day) >= rules.uln_age
    ]


def _duplicates(
    pupils: list[Pupil], name: str, code: str, rules: CensusRules
) -> list[CensusFinding]:
    groups: dict[str, list[Pupil]] = defaultdict(list)
    for pupil in pupils:
        value = getattr(pupil, name)
        if value and value != NO_ULN:
            groups[value].append(pupil)
    return [
        _finding(rules.rules[code], pupil, value=value)
        for value, group in groups.items()
        if len(group) > 1
        for pupil in group
    ]


def has_errors(findings: Iterable[CensusFinding]) -> bool:
    return any(f.severity == "error" for f in findings)
