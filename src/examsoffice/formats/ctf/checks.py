"""Per-pupil checks: every deviation a pupil record shows, with a severity."""

from __future__ import annotations

from datetime import date

from examsoffice.errors import Problem, Severity
from examsoffice.formats.ctf.elements import Notes
from examsoffice.formats.ctf.model import CTFHeader, PupilRecord, SchoolRef
from examsoffice.identifiers import (
    validate_postcode,
    validate_uci,
    validate_uln,
    validate_upn,
)

# CBDS "Sex" code set not retrieved (shared/reference/ctf.md 9.3): M and F are sure,
# U and 9 were historically "not known".
KNOWN_SEX_CODES = frozenset({"M", "F", "U", "9"})

# Ages a pupil on a school roll can have on the day the file was written. Below
# three is a date of birth typed wrong (this year for the birth year, say); above 25
# is one typed a century out. Either is only a warning: the sender must check.
YOUNGEST, OLDEST = 3, 25
# The longest name the roll stores in each field (the learners app's columns; a
# test keeps the two the same). A longer name would be cut, so it is an error here.
NAME_LIMITS = {
    "Surname": 100,
    "Forename": 100,
    "MiddleNames": 200,
    "PreferredSurname": 100,
    "PreferredForename": 100,
    "FormerSurname": 100,
}
SHOWN = 40  # characters of an overlong value shown back
# Destinations any school may receive: the DfE's lost-pupil database.
ANY_SCHOOL = {("XXX", "XXXX")}


def check_pupil(pupil: PupilRecord, header: CTFHeader, notes: Notes) -> None:
    """Add to ``notes`` every problem with this pupil's identity fields."""
    _identifiers(pupil, notes)
    _names_and_sex(pupil, header, notes)
    _name_lengths(pupil, notes)
    _age(pupil, header, notes)
    _address(pupil, notes)


def short(text: str, limit: int = SHOWN) -> str:
    """A value to show back to a person: an overlong one is cut and marked so."""
    return text if len(text) <= limit else text[:limit] + "…"


def _name_lengths(pupil: PupilRecord, notes: Notes) -> None:
    basic = pupil.basic
    given = {
        "Surname": pupil.surname,
        "Forename": pupil.forename,
        "MiddleNames": pupil.middle_names,
        "PreferredSurname": basic.preferred_surname if basic else "",
        "PreferredForename": basic.preferred_forename if basic else "",
        "FormerSurname": basic.former_surname if basic else "",
    }
    for name, value in given.items():
        length, limit = len(value.strip()), NAME_LIMITS[name]
        if length > limit:
            notes.add(
                "ctf.name_too_long",
                f"{name} is {length:,} characters long; the roll keeps at most "
                f"{limit}, so it would be cut. Ask the sending school to correct "
                "the name and send the file again.",
                Severity.ERROR,
                field=name,
                value=short(value),
            )


def written_on(header: CTFHeader) -> date | None:
    """The day the file was written (``DateTime`` is ``YYYY-MM-DDThh:mm:ss``)."""
    try:
        return date.fromisoformat(header.date_time.strip()[:10])
    except ValueError:
        return None


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _age(pupil: PupilRecord, header: CTFHeader, notes: Notes) -> None:
    if pupil.dob is None:
        return
    day = written_on(header) or date.today()
    born = pupil.dob.isoformat()
    if pupil.dob > day:
        notes.add(
            "ctf.dob_future",
            f"The date of birth {born} is after the day the file was written "
            f"({day.isoformat()}). Ask the sending school for the right date.",
            Severity.ERROR,
            field="DOB",
            value=born,
        )
        return
    years = age_on(pupil.dob, day)
    if not YOUNGEST <= years <= OLDEST:
        notes.add(
            "ctf.dob_age",
            f"The date of birth {born} makes the pupil {years} on "
            f"{day.isoformat()}, when the file was written; a school's pupils are "
            f"{YOUNGEST} to {OLDEST}. Check the date with the sending school before "
            "you import.",
            Severity.WARNING,
            field="DOB",
            value=born,
        )


def destination_problem(
    header: CTFHeader, school: SchoolRef, file: str, *, known_from: str
) -> Problem | None:
    """A warning when the file is addressed to another school than ``school``.

    ``known_from`` says where this school's numbers came from, so a person can
    correct them when they, not the file, are wrong.
    """
    dest = header.dest
    if not (school.lea and school.estab and dest.lea and dest.estab):
        return None
    if (dest.lea, dest.estab) in ANY_SCHOOL:
        return None
    # An LA's own copy is addressed to the LA with LLLL for the establishment.
    if dest.lea == school.lea and dest.estab in (school.estab, "LLLL"):
        return None
    name = f" ({dest.name})" if dest.name else ""
    return Problem(
        code="ctf.not_for_this_school",
        message=(
            f"The file is addressed to {dest.lea} {dest.estab}{name}, not to this "
            f"school, {school.lea} {school.estab} ({known_from}). Do not import "
            "another school's pupils: check with the sender that the file is "
            "meant for you. If this school's numbers are wrong, set "
            "EXAMSOFFICE_SCHOOL_LA and EXAMSOFFICE_SCHOOL_ESTAB."
        ),
        severity=Severity.WARNING,
        file=file,
        record="file header",
        field="DestSchool",
        value=f"{dest.lea}{dest.estab}",
    )


def _identifiers(pupil: PupilRecord, notes: Notes) -> None:
    if not pupil.upn:
        notes.add(
            "ctf.upn_missing",
            "The pupil has no UPN. Ask the previous school for it, or give the pupil "
            "a temporary UPN until it arrives.",
            Severity.WARNING,
            field="UPN",
        )
    else:
        result = validate_upn(pupil.upn)
        if not result.valid:
            notes.add(
                "ctf.upn_invalid",
                f"UPN {pupil.upn} is not valid: {result.reason}",
                Severity.ERROR,
                field="UPN",
                value=pupil.upn,
            )
    if pupil.former_upn and not validate_upn(pupil.former_upn).valid:
        reason = validate_upn(pupil.former_upn).reason
        notes.add(
            "ctf.former_upn_invalid",
            f"Former UPN {pupil.former_upn} is not valid: {reason}",
            Severity.WARNING,
            field="FormerUPN",
            value=pupil.former_upn,
        )
    _uln(pupil, notes)
    _uci(pupil, notes)


def _uln(pupil: PupilRecord, notes: Notes) -> None:
    if not pupil.uln:
        return
    result = validate_uln(pupil.uln)
    if result.kind == "placeholder":
        notes.add(
            "ctf.uln_placeholder",
            "The ULN is 9999999999, the placeholder for 'no ULN'; the pupil still "
            "needs a ULN from the learner register.",
            Severity.WARNING,
            field="UniqueLearnerNumber",
            value=pupil.uln,
        )
    elif not result.valid:
        notes.add(
            "ctf.uln_invalid",
            f"ULN {pupil.uln} is not valid: {result.reason}",
            Severity.ERROR,
            field="UniqueLearnerNumber",
            value=pupil.uln,
        )


def _uci(pupil: PupilRecord, notes: Notes) -> None:
    if not pupil.uci:
        return
    result = validate_uci(pupil.uci)
    if result.valid:
        return
    # The UCI check character's algorithm is not confirmed against the JCQ
    # specification, so a wrong check character is only a warning.
    severity = Severity.WARNING if result.code == "uci.check_char" else Severity.ERROR
    notes.add(
        "ctf.uci_invalid",
        f"UCI {pupil.uci} is not valid: {result.reason}",
        severity,
        field="UCI",
        value=pupil.uci,
    )


def _names_and_sex(pupil: PupilRecord, header: CTFHeader, notes: Notes) -> None:
    for name, value in (("Surname", pupil.surname), ("Forename", pupil.forename)):
        if not value:
            notes.add(
                "ctf.name_missing",
                f"The pupil has no {name}; every pupil needs one.",
                Severity.ERROR,
                field=name,
            )
    if pupil.dob is None and not any(b.tag == "DOB" for b in pupil.blocks):
        notes.add(
            "ctf.dob_missing",
            "The pupil has no date of birth (DOB).",
            Severity.ERROR,
            field="DOB",
        )
    _sex(pupil, header, notes)


def _sex(pupil: PupilRecord, header: CTFHeader, notes: Notes) -> None:
    if not pupil.sex:
        notes.add(
            "ctf.sex_missing",
            "The pupil has no Sex (or Gender) element.",
            Severity.ERROR,
            field="Sex",
        )
    elif pupil.sex not in KNOWN_SEX_CODES:
        notes.add(
            "ctf.sex_code",
            f"Sex {pupil.sex!r} is not a known code (M or F).",
            Severity.WARNING,
            field=pupil.sex_element,
            value=pupil.sex,
        )
    major = header.major_version
    if pupil.sex_element == "Gender" and major is not None and major >= 25:
        notes.add(
            "ctf.gender_element",
            "CTF 25 and later use <Sex>, but this file uses <Gender>; read as sex.",
            Severity.INFO,
            field="Gender",
        )


def _address(pupil: PupilRecord, notes: Notes) -> None:
    address = pupil.address
    if address is None or not (address.form or address.postcode or address.zip):
        notes.add(
            "ctf.address_missing",
            "The pupil has no address; the learner register needs one (with a "
            "postcode) to issue a ULN.",
            Severity.WARNING,
            field="Address",
        )
        return
    if not address.postcode:
        if address.zip:
            return  # an address abroad: a Zip instead of a postcode is expected
        notes.add(
            "ctf.postcode_missing",
            "The address has no postcode; the learner register rejects a ULN request "
            "without one.",
            Severity.WARNING,
            field="PostCode",
        )
        return
    result = validate_postcode(address.postcode)
    if not result.valid:
        notes.add(
            "ctf.postcode_invalid",
            f"Postcode {address.postcode!r}: {result.reason}",
            Severity.WARNING,
            field="PostCode",
            value=address.postcode,
        )
