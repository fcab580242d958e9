"""The national learner register's response codes, so that anyone who knows the
Learning Records Service recognises ours."""

from __future__ import annotations

from enum import StrEnum


class Code(StrEnum):
    NO_MATCH = "WSRC0001"
    TOO_MANY = "WSRC0002"
    POSSIBLE = "WSRC0003"
    EXACT = "WSRC0004"
    REGISTERED = "WSRC0005"
    UPDATED = "WSRC0006"
    CHANGED_SINCE_READ = "WSRC0013"
    INSUFFICIENT_DATA = "WSRC0015"
    ULN_NOT_FOUND = "WSRC0019"
    NOTHING_CHANGED = "WSRC0020"
    ALREADY_REGISTERED = "WSRC0021"
    MASTER_SUBSTITUTED = "WSRC0022"


class VerifyCode(StrEnum):
    MATCH = "WSVRC001"
    LINKED_MATCH = "WSVRC002"
    SIMILAR = "WSVRC003"
    SIMILAR_LINKED = "WSVRC004"
    NO_MATCH = "WSVRC005"
    ULN_NOT_FOUND = "WSVRC006"


class ErrorCode(StrEnum):
    """The service's general errors, for the HTTP API."""

    INVALID_REQUEST = "WSEC0001"
    UNKNOWN_ORGANISATION = "WSEC0003"
    INSUFFICIENT_ACCESS = "WSEC0006"


# Failure flags of a verification, as the national service names them.
VRF_GIVEN_DIFFERS = "VRF1"
VRF_GIVEN_IS_FAMILY = "VRF2"
VRF_GIVEN_IS_PREVIOUS_FAMILY = "VRF3"
VRF_FAMILY_IS_GIVEN = "VRF4"
VRF_FAMILY_DIFFERS = "VRF5"
VRF_FAMILY_IS_PREVIOUS = "VRF6"
VRF_DOB_DIFFERS = "VRF7"
VRF_GENDER_DIFFERS = "VRF8"

MEANINGS: dict[str, str] = {
    "WSRC0001": "No match",
    "WSRC0002": "Too many matches",
    "WSRC0003": "Possible matches",
    "WSRC0004": "Exact match",
    "WSRC0005": "Learner registered",
    "WSRC0006": "Learner updated",
    "WSRC0013": "The learner has been changed since you read the record",
    "WSRC0015": "Insufficient data",
    "WSRC0019": "ULN not found",
    "WSRC0020": "No changes found, so the learner was not updated",
    "WSRC0021": "Not registered: the learner matches one already on the register",
    "WSRC0022": "Master record substituted for a linked ULN",
    "WSVRC001": "Successful match",
    "WSVRC002": "Successful linked match",
    "WSVRC003": "Similar match",
    "WSVRC004": "Similar linked match",
    "WSVRC005": "Learner does not match",
    "WSVRC006": "ULN not found",
}
