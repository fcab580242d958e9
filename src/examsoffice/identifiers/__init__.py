"""Identifiers of England's school data: ULN, UPN, UCI, candidate and centre numbers,
postcodes, and a person's names and date of birth.

Every ``validate_*`` function returns a :class:`CheckResult` that says in words what is
wrong; ``normalise_*`` cleans pasted values; the ``make_*``, ``next_*`` and
``random_*`` functions generate valid values.
"""

from examsoffice.identifiers._result import CheckResult
from examsoffice.identifiers.candidate import (
    normalise_candidate_number,
    validate_candidate_number,
    validate_centre_number,
)
from examsoffice.identifiers.person import (
    NAME_RULE,
    AgeLimits,
    age_limits,
    normalise_name,
    validate_date_of_birth,
    validate_name,
)
from examsoffice.identifiers.postcode import normalise_postcode, validate_postcode
from examsoffice.identifiers.uci import (
    make_uci,
    normalise_uci,
    random_uci,
    uci_check_char,
    validate_uci,
)
from examsoffice.identifiers.uln import (
    NO_ULN,
    normalise_uln,
    random_uln,
    uln_check_digit,
    validate_uln,
)
from examsoffice.identifiers.upn import (
    is_temporary_upn,
    la_codes,
    make_temporary_upn,
    make_upn,
    next_temporary_upn,
    normalise_upn,
    random_upn,
    upn_check_letter,
    validate_upn,
)

__all__ = [
    "NAME_RULE",
    "NO_ULN",
    "AgeLimits",
    "CheckResult",
    "age_limits",
    "is_temporary_upn",
    "la_codes",
    "make_temporary_upn",
    "make_uci",
    "make_upn",
    "next_temporary_upn",
    "normalise_candidate_number",
    "normalise_name",
    "normalise_postcode",
    "normalise_uci",
    "normalise_uln",
    "normalise_upn",
    "random_uci",
    "random_uln",
    "random_upn",
    "uci_check_char",
    "uln_check_digit",
    "upn_check_letter",
    "validate_candidate_number",
    "validate_centre_number",
    "validate_date_of_birth",
    "validate_name",
    "validate_postcode",
    "validate_uci",
    "validate_uln",
    "validate_upn",
]
