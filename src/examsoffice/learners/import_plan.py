"""Match the pupils of an import file to the roll and say what importing would do.

This is the part of an import an MIS shows as its exception log.  Each incoming pupil
is matched by UPN, then by former UPN, then by surname, forename, date of birth and
sex; the plan lists the pupils to create, the changes to make to pupils already held
and a :class:`Finding` for everything the exams officer should know or decide.  Nothing
here touches the database: :mod:`examsoffice.learners.importing` applies the plan.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

from lxml import etree

from examsoffice.errors import Severity
from examsoffice.identifiers import (
    NO_ULN,
    is_temporary_upn,
    normalise_uln,
    normalise_upn,
    validate_uci,
    validate_uln,
    validate_upn,
)
from examsoffice.learners.incoming import UPDATABLE_FIELDS, Held, Incoming

IDENTIFIERS = ("upn", "former_upn", "uln", "uci")
ADDRESS_FIELDS = (
    "saon",
    "paon",
    "street",
    "locality",
    "town",
    "administrative_area",
    "post_town",
    "postcode",
)
LABELS = {**UPDATABLE_FIELDS, "upn": "UPN", "former_upn": "former UPN", "uln": "ULN"}
# Who the pupil is: a change to any of these is kept in the pupil's history.
PERSON_FIELDS = (
    "surname",
    "forename",
    "middle_names",
    "preferred_surname",
    "preferred_forename",
    "former_surname",
    "date_of_birth",
    "sex",
)
# Fixes that write the file's record onto the roll: refused for a faulty record.
WRITING_FIXES = frozenset({"same_person_update", "use_this_record", "add_as_new"})


class Kind(StrEnum):
    UPDATED = "updated"
    TEMPORARY_UPN_REPLACED = "temporary_upn_replaced"
    REJOINED = "rejoined"
    WITHDRAWN = "withdrawn_pre_admission"
    DIFFERENT_PERSON = "same_upn_different_person"
    NEW_PUPIL = "new_pupil"
    DUPLICATE_IN_FILE = "duplicate_in_file"
    ULN_DIFFERS = "uln_differs"
    NOT_ON_ROLL = "not_on_roll"
    INVALID_IDENTIFIER = "invalid_identifier"
    POSSIBLE_DUPLICATE = "possible_duplicate"
    NO_ULN_RETURNED = "no_uln_returned"


# The named fixes the officer may choose for each kind that needs a decision.
FIXES: dict[Kind, tuple[str, ...]] = {
    Kind.ULN_DIFFERS: ("accept_incoming_uln", "keep_held_uln"),
    Kind.REJOINED: ("readmit", "ignore"),
    Kind.WITHDRAWN: ("reinstate_application", "ignore"),
    Kind.DIFFERENT_PERSON: ("same_person_update", "ignore"),
    Kind.DUPLICATE_IN_FILE: ("use_this_record", "ignore"),
    Kind.POSSIBLE_DUPLICATE: ("same_person_update", "add_as_new", "ignore"),
}

# How a record was matched when the roll holds someone alike but with another UPN.
POSSIBLE = "possible_duplicate"

# The reasons a ULN request's answer gives for a pupil sent back without a ULN.
WAITING_REASON = "waiting for the register operator to decide"
REJECTED_PREFIX = "rejected: "


@dataclass(frozen=True)
class Change:
    field: str
    old: Any
    new: Any

    @property
    def is_identifier(self) -> bool:
        return self.field in IDENTIFIERS

    @property
    def is_person(self) -> bool:
        return self.field in PERSON_FIELDS


def record_errors(rec: Incoming) -> list[str]:
    """What is missing from a record that would make it a wrong pupil on the roll."""
    missing = [
        label
        for name, label in (
            ("surname", "surname"),
            ("forename", "forename"),
            ("date_of_birth", "date of birth"),
        )
        if not getattr(rec, name)
    ]
    return [f"the record in the file has no {label}" for label in missing]


def fixes_for(kind: str, rec: Incoming | None) -> tuple[str, ...]:
    """The fixes offered: none that writes a record with errors onto the roll."""
    try:
        fixes = FIXES.get(Kind(kind), ())
    except ValueError:
        return ()
    if rec is not None and record_errors(rec):
        return tuple(f for f in fixes if f not in WRITING_FIXES)
    return fixes


@dataclass(frozen=True)
class Finding:
    kind: Kind
    message: str
    incoming: Incoming
    pupil_id: int | None = None
    severity: Severity = Severity.INFO
    fields: tuple[str, ...] = ()
    held_value: str = ""
    incoming_value: str = ""
    first_index: int | None = None  # for a duplicate: the record it repeats
    # The message as a preview says it, before anything is done ("will be added").
    planned: str = ""

    def text(self, *, applied: bool) -> str:
        return self.message if applied or not self.planned else self.planned

    @property
    def needs_decision(self) -> bool:
        return self.kind in FIXES


@dataclass(frozen=True)
class Update:
    pupil_id: int
    incoming: Incoming
    changes: tuple[Change, ...]


@dataclass
class ImportPlan:
    creates: list[Incoming] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def pupil_for(self, index: int) -> int | None:
        """The held pupil the record at ``index`` was matched to, if any."""
        for update in self.updates:
            if update.incoming.index == index:
                return update.pupil_id
        for finding in self.findings:
            if finding.incoming.index == index and finding.pupil_id is not None:
                return finding.pupil_id
        return None

    def count(self, kind: Kind) -> int:
        return sum(1 for f in self.findings if f.kind is kind)

    @property
    def open_decisions(self) -> int:
        return sum(1 for f in self.findings if f.needs_decision)


class _Roll:
    """The roll indexed three ways, for the three ways a pupil is matched."""

    def __init__(self, held: Iterable[Held]) -> None:
        self.by_upn: dict[str, list[Held]] = defaultdict(list)
        self.by_former: dict[str, list[Held]] = defaultdict(list)
        self.by_person: dict[tuple[Any, ...], list[Held]] = defaultdict(list)
        for pupil in held:
            if pupil.upn:
                self.by_upn[pupil.upn].append(pupil)
            if pupil.former_upn:
                self.by_former[pupil.former_upn].append(pupil)
            key = person_key(
                pupil.value("surname"),
                pupil.value("forename"),
                pupil.value("date_of_birth"),
                pupil.value("sex"),
            )
            if key is not None:
                self.by_person[key].append(pupil)

    def match(self, rec: Incoming) -> tuple[Held | None, str]:
        upn = normalise_upn(rec.upn)
        former = normalise_upn(rec.former_upn)
        if upn and upn in self.by_upn:
            return _prefer_on_roll(self.by_upn[upn]), "upn"
        if upn and upn in self.by_former:
            return _prefer_on_roll(self.by_former[upn]), "former_upn"
        if former and former in self.by_upn:
            return _prefer_on_roll(self.by_upn[former]), "former_upn"
        return self._match_person(rec, upn)

    def _match_person(self, rec: Incoming, upn: str) -> tuple[Held | None, str]:
        key = person_key(rec.surname, rec.forename, rec.date_of_birth, rec.sex)
        found = self.by_person.get(key, []) if key else []
        if not found:
            return None, "person"
        held = _prefer_on_roll(found)
        # Someone alike with another (or a mistyped) permanent UPN may be the same
        # pupil or a different one: only the officer can say, so never add silently.
        other_upn = (
            upn
            and held.upn
            and not (is_temporary_upn(upn) or is_temporary_upn(held.upn))
        )
        if len(found) > 1 or other_upn:
            return held, POSSIBLE
        return held, "person"


def _prefer_on_roll(found: list[Held]) -> Held:
    return next((p for p in found if p.status == "on_roll"), found[0])


def person_key(
    surname: Any, forename: Any, dob: Any, sex: Any
) -> tuple[Any, ...] | None:
    if not (surname and forename and dob):
        return None
    return (_fold(surname), _fold(forename), dob, (sex or "U").upper()[:1])


def _fold(text: str) -> str:
    return " ".join(str(text).replace("-", " ").split()).casefold()


def same_person(rec: Incoming, held: Held) -> bool:
    """A UPN match is trusted unless the date of birth or both names disagree."""
    dob = held.value("date_of_birth")
    if rec.date_of_birth and dob and rec.date_of_birth != dob:
        return False
    surname_same = _fold(rec.surname) == _fold(held.value("surname"))
    forename_same = _fold(rec.forename) == _fold(held.value("forename"))
    return surname_same or forename_same or not (rec.surname or rec.forename)


def plan_import(
    incoming: Iterable[Incoming],
    roll: Iterable[Held],
    *,
    result_file: bool = False,
    reasons: Mapping[int, str] | None = None,
) -> ImportPlan:
    """Work out what importing ``incoming`` into ``roll`` would do, changing nothing.

    A ULN result file (``result_file``) only adds ULNs to pupils already held; its
    unknown pupils are reported, never created, and a pupil it sends back without
    a ULN is named, with the service's reason from ``reasons`` (by record) if given.
    """
    index = _Roll(roll)
    plan = ImportPlan()
    seen: dict[Any, Incoming] = {}

    for rec in incoming:
        first = _first_occurrence(rec, seen)
        if first is not None:
            plan.findings.append(_duplicate(rec, first))
            continue

        held, how = index.match(rec)
        if result_file:
            reason = (reasons or {}).get(rec.index, "")
            _plan_result(plan, rec, None if how == POSSIBLE else held, reason)
        elif held is None:
            _plan_new(plan, rec)
        elif how == POSSIBLE:
            plan.findings.append(_possible_duplicate(rec, held))
        else:
            _plan_match(plan, rec, held, how)
    return plan


def _first_occurrence(rec: Incoming, seen: dict[Any, Incoming]) -> Incoming | None:
    upn = normalise_upn(rec.upn)
    key: Any = upn or person_key(rec.surname, rec.forename, rec.date_of_birth, rec.sex)
    if key is None:
        return None
    if key in seen:
        return seen[key]
    seen[key] = rec
    return None


def _duplicate(rec: Incoming, first: Incoming) -> Finding:
    return Finding(
        Kind.DUPLICATE_IN_FILE,
        f"The file holds this pupil twice: {rec.label} repeats pupil {first.index}. "
        "Only the first was imported; choose 'use this record' if this one is right.",
        rec,
        severity=Severity.ERROR,
        first_index=first.index,
        planned=f"The file holds this pupil twice: {rec.label} repeats pupil "
        f"{first.index}. Only the first will be imported; you can then choose 'use "
        "this record' if this one is right.",
    )


def _plan_new(plan: ImportPlan, rec: Incoming) -> None:
    plan.creates.append(with_valid_identifiers(plan, rec))
    plan.findings.append(
        Finding(
            Kind.NEW_PUPIL,
            f"New pupil: {rec.label} was not on the roll and has been added.",
            rec,
            planned=f"New pupil: {rec.label} is not on the roll and will be added.",
        )
    )


def with_valid_identifiers(plan: ImportPlan, rec: Incoming) -> Incoming:
    # A new pupil keeps only identifiers that pass their checks; the rest are reported.
    def kept(name: str) -> str:
        valid = not _invalid(plan, rec, name, None)
        return _clean(name, getattr(rec, name)) if valid else ""

    return replace(
        rec,
        upn=kept("upn"),
        former_upn=kept("former_upn"),
        uln=kept("uln"),
        uci=kept("uci"),
    )


def _plan_result(
    plan: ImportPlan, rec: Incoming, held: Held | None, reason: str = ""
) -> None:
    if held is None:
        plan.findings.append(
            Finding(
                Kind.NOT_ON_ROLL,
                f"{rec.label} is in the ULN result file but not on the roll; a result "
                "file only adds ULNs to pupils already held, so it was left out.",
                rec,
                severity=Severity.WARNING,
                planned=f"{rec.label} is in the ULN result file but not on the roll; "
                "a result file only adds ULNs to pupils already held, so it will be "
                "left out.",
            )
        )
        return
    if normalise_uln(rec.uln) in ("", NO_ULN):
        plan.findings.append(_no_uln(rec, held, reason))
        return
    changes = _uln_change(plan, rec, held)
    if changes:
        plan.updates.append(Update(held.id, rec, tuple(changes)))
        _report_update(plan, rec, held, changes)


def _no_uln(rec: Incoming, held: Held, reason: str) -> Finding:
    why = f" ({reason})" if reason else ""
    if reason == WAITING_REASON:
        # Nothing is wrong with the details: the operator has to say who this is.
        advice = (
            "Nothing to correct: the register operator decides who this pupil is. "
            "After that, send the ULN request again and the ULN comes back (or the "
            "operator's answer comes back on the next send)."
        )
    else:
        advice = (
            "Check the pupil's name, date of birth, sex and postcode, look them up "
            "on the learner register, and request again."
        )
    return Finding(
        Kind.NO_ULN_RETURNED,
        f"{rec.label} came back without a ULN{why}, so nothing was changed. {advice}",
        rec,
        held.id,
        severity=Severity.WARNING,
        fields=("ULN",),
        incoming_value=reason,
        planned=f"{rec.label} comes back without a ULN{why}, so nothing will be "
        f"changed. {advice}",
    )


def _plan_match(plan: ImportPlan, rec: Incoming, held: Held, how: str) -> None:
    if how == "upn" and not same_person(rec, held):
        plan.findings.append(_different_person(rec, held))
        return
    if held.status == "withdrawn":
        plan.findings.append(_withdrawn(rec, held))
        return

    changes = changes_for(plan, rec, held)
    if changes:
        plan.updates.append(Update(held.id, rec, tuple(changes)))
    if held.status == "left":
        plan.findings.append(_rejoined(rec, held, changes))
    elif changes:
        _report_update(plan, rec, held, changes)


def changes_for(plan: ImportPlan, rec: Incoming, held: Held) -> list[Change]:
    """Every change ``rec`` makes to ``held``; findings about identifiers go to plan."""
    changes = _upn_changes(plan, rec, held) + _uln_change(plan, rec, held)
    address_given = any(getattr(rec, name) for name in ADDRESS_FIELDS)
    for name in UPDATABLE_FIELDS:
        new = getattr(rec, name)
        # A partial file leaves fields out: only values given replace what is held,
        # except the address, which is replaced whole (a rural one has no street).
        if not new and not (address_given and name in ADDRESS_FIELDS):
            continue
        if name == "uci" and _invalid(plan, rec, "uci", held.id):
            continue
        old = held.value(name)
        if (new or "") != (old or ""):
            changes.append(Change(name, old, new))
    if rec.extra_xml and rec.extra_xml != held.value("extra_xml"):
        changes.append(Change("extra_xml", held.value("extra_xml"), rec.extra_xml))
    return changes


def _upn_changes(plan: ImportPlan, rec: Incoming, held: Held) -> list[Change]:
    upn = normalise_upn(rec.upn)
    if not upn or upn == held.upn or _invalid(plan, rec, "upn", held.id):
        return []
    changes = [Change("upn", held.upn, upn)]
    if held.upn:
        changes.append(Change("former_upn", held.former_upn, held.upn))
    if held.upn and is_temporary_upn(held.upn) and not is_temporary_upn(upn):
        plan.findings.append(
            Finding(
                Kind.TEMPORARY_UPN_REPLACED,
                f"{rec.label} had the temporary UPN {held.upn}; it has been replaced "
                f"by the permanent UPN {upn} from the file.",
                rec,
                held.id,
                held_value=held.upn,
                incoming_value=upn,
                planned=f"{rec.label} has the temporary UPN {held.upn}; it will be "
                f"replaced by the permanent UPN {upn} from the file.",
            )
        )
    return changes


def _uln_change(plan: ImportPlan, rec: Incoming, held: Held) -> list[Change]:
    uln = normalise_uln(rec.uln)
    if not uln or uln == NO_ULN or uln == held.uln:
        return []
    if _invalid(plan, rec, "uln", held.id):
        return []
    if held.uln and held.uln != NO_ULN:
        plan.findings.append(_uln_differs(rec, held, uln))
        return []
    return [Change("uln", held.uln, uln)]


def _invalid(plan: ImportPlan, rec: Incoming, name: str, pupil_id: int | None) -> bool:
    value = getattr(rec, name)
    if not value or (name == "uln" and normalise_uln(value) == NO_ULN):
        return False
    validate = {"uln": validate_uln, "uci": validate_uci}.get(name, validate_upn)
    check = validate(value)
    if check.valid:
        return False
    plan.findings.append(
        Finding(
            Kind.INVALID_IDENTIFIER,
            f"{rec.label}: the {LABELS[name]} {value!r} in the file is not valid "
            f"({check.reason}) so it was not taken.",
            rec,
            pupil_id,
            severity=Severity.WARNING,
            fields=(LABELS[name],),
            incoming_value=value,
            planned=f"{rec.label}: the {LABELS[name]} {value!r} in the file is not "
            f"valid ({check.reason}) so it will not be taken.",
        )
    )
    return True


def _clean(name: str, value: str) -> str:
    if name == "uln":
        uln = normalise_uln(value)
        return "" if uln == NO_ULN else uln
    return normalise_upn(value)  # a UPN or UCI: upper case, no spaces


def _report_update(
    plan: ImportPlan, rec: Incoming, held: Held, changes: list[Change]
) -> None:
    plan.findings.append(
        Finding(
            Kind.UPDATED,
            f"{rec.label} already exists; {describe_changes(changes)}.",
            rec,
            held.id,
            fields=_labels(changes),
            planned=f"{rec.label} already exists; "
            f"{describe_changes(changes, applied=False)}.",
        )
    )


def _labels(changes: list[Change]) -> tuple[str, ...]:
    return tuple(LABELS[c.field] for c in changes if c.field != "extra_xml")


def describe_changes(changes: Sequence[Change], *, applied: bool = True) -> str:
    """Every change in words, old → new, so the log says what an update did."""
    verb = "changed" if applied else "will change"
    parts = [
        f"{LABELS[c.field]} {_shown(c.old)} → {_shown(c.new)}"
        for c in changes
        if c.field != "extra_xml"
    ]
    text = f"{verb}: {'; '.join(parts)}" if parts else ""
    blocks = [b for c in changes if c.field == "extra_xml" for b in other_blocks(c)]
    if blocks:
        kept = f"{verb} in the CTF blocks kept as sent: {', '.join(blocks)}"
        text = f"{text}; {kept}" if text else kept
    return text or "nothing changed"


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


# Elements of <Pupil> the roll holds as fields: their changes are named already.
_MODELLED = frozenset(
    {
        "UPN",
        "UniqueLearnerNumber",
        "UCI",
        "Surname",
        "Forename",
        "MiddleNames",
        "DOB",
        "Sex",
        "Gender",
        "Address",
        "PreferredSurname",
        "PreferredForename",
        "FormerSurname",
        "NCyearActual",
        "FormerUPN",
    }
)


def other_blocks(change: Change) -> list[str]:
    """The CTF elements not held as fields that differ between old and new."""
    try:
        old = etree.fromstring(change.old) if change.old else None
        new = etree.fromstring(change.new) if change.new else None
    except etree.XMLSyntaxError:
        return ["other blocks"]
    return _differing(old, new, "") or ["other blocks"]


def _differing(
    old: etree._Element | None, new: etree._Element | None, prefix: str
) -> list[str]:
    before, after = _children(old), _children(new)
    found = []
    for tag in sorted(set(before) | set(after)):
        if tag in _MODELLED or before.get(tag) == after.get(tag):
            continue
        if tag == "BasicDetails":
            found += _differing(_child(old, tag), _child(new, tag), "BasicDetails/")
        else:
            found.append(prefix + tag)
    return found


def _children(element: etree._Element | None) -> dict[str, bytes]:
    if element is None:
        return {}
    found: dict[str, bytes] = {}
    for child in element:
        if isinstance(child.tag, str):
            tag = etree.QName(child).localname
            found[tag] = found.get(tag, b"") + etree.tostring(child)
    return found


def _child(element: etree._Element | None, tag: str) -> etree._Element | None:
    if element is None:
        return None
    return next(
        (
            c
            for c in element
            if isinstance(c.tag, str) and etree.QName(c).localname == tag
        ),
        None,
    )


def _different_person(rec: Incoming, held: Held) -> Finding:
    held_name = f"{held.value('surname')}, {held.value('forename')}"
    return Finding(
        Kind.DIFFERENT_PERSON,
        f"{rec.label} has the UPN of {held_name} (born "
        f"{held.value('date_of_birth') or 'unknown'}) on the roll, but the name or "
        "date of birth differ. Nothing was changed: check which is right.",
        rec,
        held.id,
        severity=Severity.ERROR,
        held_value=held_name,
        incoming_value=rec.name,
        planned=f"{rec.label} has the UPN of {held_name} (born "
        f"{held.value('date_of_birth') or 'unknown'}) on the roll, but the name or "
        "date of birth differ. Nothing will be changed: check which is right.",
    )


def _withdrawn(rec: Incoming, held: Held) -> Finding:
    return Finding(
        Kind.WITHDRAWN,
        f"{rec.label} exists in pre-admission with the status withdrawn. Nothing was "
        "changed: reinstate the application if the pupil is joining after all.",
        rec,
        held.id,
        severity=Severity.WARNING,
        planned=f"{rec.label} exists in pre-admission with the status withdrawn. "
        "Nothing will be changed: you can reinstate the application if the pupil is "
        "joining after all.",
    )


def _rejoined(rec: Incoming, held: Held, changes: list[Change]) -> Finding:
    labels = _labels(changes)
    updated = f" Updated, {describe_changes(changes)}." if changes else ""
    planned = (
        f" If imported: {describe_changes(changes, applied=False)}." if changes else ""
    )
    return Finding(
        Kind.REJOINED,
        f"{rec.label} has rejoined the school: the roll shows them as a leaver. "
        f"Decide whether to readmit.{updated}",
        rec,
        held.id,
        severity=Severity.WARNING,
        fields=labels,
        planned=f"{rec.label} has rejoined the school: the roll shows them as a "
        f"leaver. You will be asked whether to readmit.{planned}",
    )


def _uln_differs(rec: Incoming, held: Held, uln: str) -> Finding:
    return Finding(
        Kind.ULN_DIFFERS,
        f"{rec.label}: the file gives the ULN {uln} but the roll holds {held.uln}. "
        "The ULN held was kept; accept the incoming ULN or keep the one held.",
        rec,
        held.id,
        severity=Severity.ERROR,
        fields=("ULN",),
        held_value=held.uln,
        incoming_value=uln,
        planned=f"{rec.label}: the file gives the ULN {uln} but the roll holds "
        f"{held.uln}. The ULN held will be kept until you accept the incoming ULN "
        "or keep the one held.",
    )


def _possible_duplicate(rec: Incoming, held: Held) -> Finding:
    held_name = f"{held.value('surname')}, {held.value('forename')}"
    upn = normalise_upn(rec.upn)
    check = validate_upn(upn)
    if not check.valid:
        why = f"the UPN {rec.upn} in the file is not valid ({check.reason})"
    else:
        why = f"the file gives the UPN {upn}"
    return Finding(
        Kind.POSSIBLE_DUPLICATE,
        f"Possible duplicate: {rec.label} has the same name, date of birth and sex "
        f"as {held_name} (UPN {held.upn or 'none'}) on the roll, but {why}. "
        "Nobody was added and nothing was changed: decide whether this is the same "
        "person (update the pupil held), a different person (add as new) or ignore.",
        rec,
        held.id,
        severity=Severity.WARNING,
        fields=("UPN",),
        held_value=f"{held_name}, UPN {held.upn or 'none'}",
        incoming_value=rec.upn,
        planned=f"Possible duplicate: {rec.label} has the same name, date of birth "
        f"and sex as {held_name} (UPN {held.upn or 'none'}) on the roll, but {why}. "
        "Nobody will be added and nothing will be changed until you decide whether "
        "this is the same person, a different person or to ignore it.",
    )
