"""Per-pupil checks: every deviation a pupil record shows, with a severity."""

from __future__ import annotations

from examsoffice.errors import Severity
from examsoffice.formats.ctf.elements import Notes
from examsoffice.formats.ctf.model import CTFHeader, PupilRecord
from examsoffice.identifiers import (
    validate_postcode,
    validate_uci,
    validate_uln,
    validate_upn,
)

# CBDS "Sex" code set not retrieved (shared/reference/ctf.md 9.3): M and F are sure,
# U and 9 were historically "not known".
KNOWN_SEX_CODES = frozenset({"M", "F", "U", "9"})


def check_pupil(pupil: PupilRecord, header: CTFHeader, notes: Notes) -> None:
    """Add to ``notes`` every problem with this pupil's identity fields."""
    _identifiers(pupil, notes)
    _names_and_sex(pupil, header, notes)
    _address(pupil, notes)


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
