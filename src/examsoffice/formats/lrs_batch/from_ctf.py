"""A pupil of a ULN-request CTF seen as a batch learner, so that both inputs of a
batch are checked by the same rules and get the same return codes.

The pupil's UPN stands in the ``MISIdentifier`` column: it is the school's own key
and comes back on the exception list. A UPN in the wrong format is an identifier in
the wrong format (RC012).
"""

from __future__ import annotations

from datetime import date

from examsoffice.formats.ctf.model import PupilRecord
from examsoffice.formats.lrs_batch.codes import WRONG_FORMAT
from examsoffice.formats.lrs_batch.model import BatchLearner
from examsoffice.formats.lrs_batch.reader import check_learner
from examsoffice.identifiers import validate_upn

# CTF Sex is M or F; the register's gender codes are 1 and 2 for those.
SEX_TO_GENDER = {"M": "1", "F": "2"}


def pupil_values(pupil: PupilRecord) -> dict[str, str]:
    """The pupil's details under the batch file's column headings."""
    address = pupil.address
    sex = pupil.sex.strip().upper()
    lines = address.lines if address is not None and address.form == "lines" else ()
    return {
        "ULN": pupil.uln,
        "MISIdentifier": pupil.upn,
        "GivenName": pupil.forename,
        "MiddleOtherName": pupil.middle_names,
        "FamilyName": pupil.surname,
        "PreferredGivenName": pupil.basic.preferred_forename if pupil.basic else "",
        "PreviousFamilyName": pupil.basic.former_surname if pupil.basic else "",
        "DateOfBirth": pupil.dob.isoformat() if pupil.dob else "",
        "Gender": SEX_TO_GENDER.get(sex, sex),
        "LastKnownAddressLine1": address.first_line if address else "",
        "LastKnownAddressLine2": lines[1] if len(lines) > 1 else "",
        "LastKnownAddressTown": _town(pupil),
        "LastKnownPostCode": address.postcode if address else "",
    }


def _town(pupil: PupilRecord) -> str:
    address = pupil.address
    if address is None:
        return ""
    return address.town or address.post_town


def learner_from_pupil(
    pupil: PupilRecord, *, file: str, today: date, line: int | None = None
) -> BatchLearner:
    """The pupil checked as a batch learner; ``line`` defaults to the pupil's own."""
    extra = []
    if pupil.upn:
        result = validate_upn(pupil.upn)
        if not result.valid:
            extra.append((WRONG_FORMAT, "MISIdentifier", f"UPN: {result.reason}"))
    at = line if line is not None else (pupil.line or pupil.index + 1)
    record = f"UPN {pupil.upn}" if pupil.upn else f"pupil {pupil.index + 1}"
    return check_learner(
        pupil_values(pupil),
        line=at,
        file=file,
        today=today,
        extra=extra,
        record=record,
    )
