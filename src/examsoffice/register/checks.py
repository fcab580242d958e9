"""Checks of a learner's names and date of birth, in words that name the field.

The rules themselves are the core's (``examsoffice.identifiers.person``); this module
says them in the register's terms, for ``services.check_details``.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from examsoffice.identifiers import NAME_RULE, validate_date_of_birth, validate_name

if TYPE_CHECKING:
    from examsoffice.register.services import LearnerDetails

# The name fields of a learner's details, with the words a person knows them by.
NAME_FIELDS = (
    ("given_name", "given name"),
    ("family_name", "family name"),
    ("middle_names", "middle names"),
    ("preferred_given_name", "preferred given name"),
    ("previous_family_name", "previous family name"),
    ("family_name_at_16", "family name at 16"),
)


def name_problems(details: LearnerDetails) -> list[str]:
    """A sentence for each name that holds what a name cannot."""
    problems = []
    for attribute, label in NAME_FIELDS:
        value = getattr(details, attribute)
        result = validate_name(value)
        if not result.valid:
            problems.append(
                _("The %(field)s '%(value)s' is not valid: %(reason)s %(rule)s")
                % {
                    "field": _(label),
                    "value": value,
                    "reason": result.reason,
                    "rule": NAME_RULE,
                }
            )
    return problems


def date_of_birth_problems(dob: date | None, today: date | None = None) -> list[str]:
    """Why a date of birth cannot be a learner's, or nothing."""
    if dob is None:
        return []
    result = validate_date_of_birth(dob, today or timezone.localdate())
    if result.valid:
        return []
    return [
        _("The date of birth %(reason)s Give it as YYYY-MM-DD, e.g. 2009-03-14.")
        % {"reason": result.reason}
    ]
