"""How a learner-registration batch file (LRB batch) is laid out, as far as known.

Confirmed (shared/reference/lrs.md 1.7): the name ``LRB_<UKPRN>_DDMMYYYYHHMM.CSV``;
headings are case-sensitive and in a fixed order; the file header holds File Version
"2A", a file name and the UKPRN, plus a fourth mandatory field; the learner fields are
those of the service's ``BatchLearner`` record, and the output adds ``ReturnCode``.

Not confirmed, so chosen here and kept in this one module:

- the fourth header field is taken to be the contact email (**unverified**);
- the layout: row 1 the labels of the header fields, row 2 their values, row 3 the
  learner column headings, learners from row 4 (a file whose first row already holds
  "2A" is read as having no labels row);
- the CSV column order is the ``BatchLearner`` schema order;
- the output's ``ReturnMessage`` column and the counts beside the output header are
  this project's additions, so a person reading the file knows what each code means.
"""

from __future__ import annotations

import re
from datetime import datetime

FILE_VERSION = "2A"

HEADER_LABELS = ("File Version", "File Name", "UKPRN", "Contact Email")
# Which header fields are confirmed by a source; the rest are our reading of a gap.
HEADER_VERIFIED = {
    "File Version": True,
    "File Name": True,
    "UKPRN": True,
    "Contact Email": False,
}

COLUMNS = (
    "ULN",
    "MISIdentifier",
    "Title",
    "GivenName",
    "PreferredGivenName",
    "MiddleOtherName",
    "FamilyName",
    "PreviousFamilyName",
    "FamilyNameAtAge16",
    "SchoolAtAge16",
    "LastKnownAddressLine1",
    "LastKnownAddressLine2",
    "LastKnownAddressTown",
    "LastKnownAddressCountyOrCity",
    "LastKnownPostCode",
    "DateOfAddressCapture",
    "DateOfBirth",
    "PlaceOfBirth",
    "EmailAddress",
    "Gender",
    "Nationality",
    "ScottishCandidateNumber",
    "AbilityToShare",
    "VerificationType",
    "OtherVerificationDescription",
    "Notes",
)
OUTPUT_COLUMNS = (*COLUMNS, "ReturnCode", "ReturnMessage")

# The counts of the service's batch output (lrs.md 1.3), beside the output header.
COUNT_LABELS = (
    "NewLearnersCount",
    "ExistsUpdatedLearnersCount",
    "PossibleMatchLearnersCount",
    "LearnersNotFoundCount",
    "RejectedLearnersCount",
)

# Lengths a client of the live service keeps to (lrs.md 1.6).
MAX_LENGTHS = {
    "GivenName": 35,
    "FamilyName": 35,
    "PreviousFamilyName": 35,
    "PreferredGivenName": 35,
    "MiddleOtherName": 35,
    "FamilyNameAtAge16": 35,
    "PlaceOfBirth": 35,
    "SchoolAtAge16": 254,
    "EmailAddress": 254,
    "LastKnownPostCode": 9,
}

GENDERS = {"0": "not known", "1": "male", "2": "female", "9": "not specified"}
DATE_COLUMNS = ("DateOfBirth", "DateOfAddressCapture")

NAME_PATTERN = re.compile(r"^LRB_(\d{8})_(\d{12})\.(CSV|XML)$")


def batch_filename(ukprn: str, when: datetime) -> str:
    """``LRB_<UKPRN>_DDMMYYYYHHMM.CSV``, the name the service expects."""
    return f"LRB_{ukprn}_{when:%d%m%Y%H%M}.CSV"


def filename_problem(name: str) -> str:
    """Why a file name is not a batch file name, or "" when it is one."""
    match = NAME_PATTERN.match(name)
    if match is None:
        return (
            f"The file is called {name!r}; batch files are named "
            "LRB_<8-digit UKPRN>_<DDMMYYYYHHMM>.CSV (upper-case extension)."
        )
    try:
        datetime.strptime(match.group(2), "%d%m%Y%H%M")
    except ValueError:
        return (
            f"The date and time in the file name {name!r} ({match.group(2)}) is not "
            "a real DDMMYYYYHHMM time."
        )
    return ""
