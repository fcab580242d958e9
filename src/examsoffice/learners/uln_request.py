"""Choose the pupils to send for ULNs and write the ULN-request CTF.

Pupils on roll aged 14 or over on census day, or in Year 9 and above, who have no
valid ULN are sent.  Like an MIS, the export prints an exception log: a missing street
is only a warning (rural addresses have none); a missing or invalid UPN or postcode
leaves the pupil out, as do guests from abroad and pupils who already have a ULN.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from django.utils import timezone

from examsoffice.errors import ExamsOfficeError, Severity
from examsoffice.formats.ctf import (
    Address,
    PupilRecord,
    SchoolRef,
    ctf_filename,
    write_uln_request,
)
from examsoffice.identifiers import (
    validate_postcode,
    validate_uln,
    validate_upn,
)
from examsoffice.learners.census import age_on, load_rules
from examsoffice.learners.ctf_source import uln_service_codes
from examsoffice.learners.import_plan import REJECTED_PREFIX, Kind
from examsoffice.learners.models import (
    ImportException,
    ImportKind,
    Pupil,
    RollStatus,
)
from examsoffice.learners.school import this_school

FIRST_YEAR = 9
MAX_SEQUENCE = 999  # the CTF name numbers files in three digits


@dataclass(frozen=True)
class ExportIssue:
    pupil_id: int
    pupil_name: str
    upn: str
    severity: Severity
    message: str
    left_out: bool
    has_uln: bool = False  # left out only because a ULN is already held


@dataclass(frozen=True)
class Rejection:
    """The learner register's last answer for a pupil was a rejection: its reason."""

    reason: str
    answered_on: date


@dataclass
class UlnRequest:
    census_date: date
    pupils: list[Pupil] = field(default_factory=list)
    issues: list[ExportIssue] = field(default_factory=list)
    # By pupil id: pupils to send whose last answer from the register was a
    # rejection, so the details can be corrected before sending them again.
    rejections: dict[int, Rejection] = field(default_factory=dict)

    @property
    def to_send(self) -> list[tuple[Pupil, Rejection | None]]:
        return [(p, self.rejections.get(p.pk)) for p in self.pupils]

    @property
    def left_out(self) -> int:
        return len({i.pupil_id for i in self.issues if i.left_out})

    @property
    def to_act_on(self) -> list[ExportIssue]:
        """Errors and warnings, errors first: what the officer may need to fix."""
        found = [i for i in self.issues if not i.has_uln]
        order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
        return sorted(found, key=lambda i: order[i.severity])

    @property
    def with_uln(self) -> list[ExportIssue]:
        """Pupils left out because they already have a ULN: nothing to do."""
        return [i for i in self.issues if i.has_uln]


def in_scope(pupil: Pupil, day: date) -> bool:
    """Aged 14 or over on census day, or in Year 9 and above."""
    year = pupil.year_group
    if year.isdigit() and int(year) >= FIRST_YEAR:
        return True
    born = pupil.date_of_birth
    return born is not None and age_on(born, day) >= load_rules().uln_age


def select(day: date) -> UlnRequest:
    request = UlnRequest(day)
    roll = Pupil.objects.filter(status=RollStatus.ON_ROLL).order_by(
        "surname", "forename", "id"
    )
    for pupil in roll:
        if not in_scope(pupil, day):
            continue
        issues = _issues(pupil)
        request.issues += issues
        if not any(i.left_out for i in issues):
            request.pupils.append(pupil)
    request.rejections = last_rejections([p.pk for p in request.pupils])
    return request


def last_rejections(pupil_ids: list[int]) -> dict[int, Rejection]:
    """The pupils whose last answer to a ULN request was a rejection, with why."""
    answers = (
        ImportException.objects.filter(
            pupil_id__in=pupil_ids, batch__kind=ImportKind.ULN_RESULT
        )
        .order_by("pupil_id", "-batch__imported_at", "-batch_id", "-id")
        .values_list("pupil_id", "kind", "incoming_value", "batch__imported_at")
    )
    found: dict[int, Rejection] = {}
    seen: set[int] = set()
    for pupil_id, kind, answer, when in answers.iterator(chunk_size=2000):
        if pupil_id in seen:
            continue
        seen.add(pupil_id)
        if kind == Kind.NO_ULN_RETURNED and answer.startswith(REJECTED_PREFIX):
            reason = answer.removeprefix(REJECTED_PREFIX)
            found[pupil_id] = Rejection(reason, timezone.localdate(when))
    return found


def _issue(
    pupil: Pupil,
    severity: Severity,
    message: str,
    left_out: bool,
    *,
    has_uln: bool = False,
) -> ExportIssue:
    return ExportIssue(
        pupil.pk,
        f"{pupil.surname}, {pupil.forename}",
        pupil.upn,
        severity,
        message,
        left_out,
        has_uln,
    )


def _issues(pupil: Pupil) -> list[ExportIssue]:
    if pupil.is_guest:
        return [
            _issue(
                pupil,
                Severity.WARNING,
                "Guest or overseas pupil: not sent for a ULN (left out).",
                True,
            )
        ]
    if validate_uln(pupil.uln).valid:
        return [
            _issue(
                pupil,
                Severity.INFO,
                "Already has a ULN, so not sent again (left out).",
                True,
                has_uln=True,
            )
        ]
    issues = []
    upn = validate_upn(pupil.upn)
    if not upn.valid:
        issues.append(
            _issue(
                pupil,
                Severity.ERROR,
                f"UPN missing or invalid ({upn.reason}) (left out): "
                "correct the UPN and export again.",
                True,
            )
        )
    postcode_issue = _postcode_issue(pupil)
    if postcode_issue:
        issues.append(_issue(pupil, Severity.ERROR, postcode_issue, True))
    if not pupil.street:
        issues.append(
            _issue(
                pupil,
                Severity.WARNING,
                "Address exported but street is missing. Fine for a "
                "rural address; otherwise update it and export again.",
                False,
            )
        )
    return issues


def _postcode_issue(pupil: Pupil) -> str:
    """What is wrong with the pupil's postcode, in words; empty when it is fine."""
    if not pupil.postcode.strip():
        return (
            "Postcode missing (left out): the ULN service rejects a pupil without "
            "one. Add it and export again."
        )
    postcode = validate_postcode(pupil.postcode)
    if postcode.valid:
        return ""
    shown = postcode.normalised or pupil.postcode.strip()
    # The check names the postcode itself; here it is named once, at the start.
    why = postcode.reason.removeprefix(f"{shown!r} is not shaped like a UK postcode: ")
    return (
        f"'{shown}' is not a valid postcode (left out): {why} Correct it and export "
        "again; the ULN service rejects a pupil whose postcode is not valid."
    )


def school_ref() -> SchoolRef:
    """This school: from settings, or else read off the roll's permanent UPNs."""
    found = this_school()
    school = found[0] if found else SchoolRef(lea="000", estab="0000")
    return replace(school, academic_year=str(_academic_year(date.today())))


def _academic_year(day: date) -> int:
    return day.year if day.month >= 9 else day.year - 1


def pupil_record(pupil: Pupil) -> PupilRecord:
    return PupilRecord(
        upn=pupil.upn,
        surname=pupil.surname,
        forename=pupil.forename,
        dob=pupil.date_of_birth,
        sex=pupil.sex,
        address=Address(
            form="bs7666",
            saon=pupil.saon,
            paon=pupil.paon,
            street=pupil.street,
            locality=pupil.locality,
            town=pupil.town,
            administrative_area=pupil.administrative_area,
            post_town=pupil.post_town,
            postcode=pupil.postcode,
        ),
    )


def write(
    request: UlnRequest, directory: str | Path, *, sequence: int | None = None
) -> Path:
    """Write the partial CTF for the pupils chosen; its path (named the DfE way).

    A file already in the folder is never written over: the request takes the next
    number after the highest there (``_001``, ``_002``...), as the DfE name intends.
    """
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    source = school_ref()
    dest = SchoolRef(*uln_service_codes())
    if sequence is None:
        sequence = next_sequence(folder, source, dest)
    return write_uln_request(
        folder,
        (pupil_record(p) for p in request.pupils),
        source=source,
        dest=dest,
        sequence=sequence,
    )


def earlier_requests(
    folder: Path, source: SchoolRef | None = None, dest: SchoolRef | None = None
) -> list[Path]:
    """The request files from this school to the ULN service already in ``folder``."""
    source = source or school_ref()
    dest = dest or SchoolRef(*uln_service_codes())
    stem = ctf_filename(source, dest, 1).upper().removesuffix("_001.XML")
    pattern = re.compile(re.escape(stem) + r"_(\d{3})\.XML")
    found = [p for p in folder.iterdir() if pattern.fullmatch(p.name.upper())]
    return sorted(found, key=lambda p: p.name.upper())


def next_sequence(folder: Path, source: SchoolRef, dest: SchoolRef) -> int:
    if not folder.is_dir():
        return 1
    taken = [int(p.name[-7:-4]) for p in earlier_requests(folder, source, dest)]
    last = max(taken, default=0)
    if last >= MAX_SEQUENCE:
        raise ExamsOfficeError(
            f"{folder} already holds request number {MAX_SEQUENCE:03d}, the last a "
            "CTF name allows. Move the requests already sent into another folder "
            "and write the request again."
        )
    return last + 1


def issues_text(request: UlnRequest) -> str:
    lines = [
        f"{i.severity.value}\t{i.pupil_name}\t{i.upn or '-'}\t{i.message}"
        for i in request.to_act_on
    ]
    for pupil, rejection in request.to_send:
        if rejection is not None:
            lines.append(
                f"warning\t{pupil.surname}, {pupil.forename}\t{pupil.upn or '-'}\t"
                "The learner register rejected this pupil when last sent "
                f"({rejection.answered_on:%d/%m/%Y}): {rejection.reason}. Correct "
                "the details first, or the pupil will be rejected again."
            )
    if request.with_uln:
        lines.append(
            f"info\t{len(request.with_uln)} pupils already have a ULN, so they "
            "are not sent again (left out)."
        )
    lines.append(
        f"{len(request.pupils)} pupils in the ULN request; {request.left_out} left "
        f"out (census day {request.census_date.isoformat()})."
    )
    return "\n".join(lines) + "\n"
