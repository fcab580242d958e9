"""This school's LA and establishment numbers: from settings, or off the roll."""

from __future__ import annotations

from collections import Counter

from django.conf import settings

from examsoffice.formats.ctf import SchoolRef
from examsoffice.identifiers import is_temporary_upn
from examsoffice.learners.models import Pupil, RollStatus


def this_school() -> tuple[SchoolRef, str] | None:
    """The school and where its numbers came from, or None when nothing says."""
    lea = getattr(settings, "SCHOOL_LA", "")
    estab = getattr(settings, "SCHOOL_ESTAB", "")
    name = getattr(settings, "SCHOOL_NAME", "")
    if lea and estab:
        known = "from the settings EXAMSOFFICE_SCHOOL_LA and EXAMSOFFICE_SCHOOL_ESTAB"
        return SchoolRef(lea=lea, estab=estab, name=name), known
    issuer = commonest_issuer()
    if issuer is None:
        return None
    known = "read off the UPNs of the pupils on roll"
    return SchoolRef(lea=issuer[0], estab=issuer[1], name=name), known


def commonest_issuer() -> tuple[str, str] | None:
    # Most pupils' UPNs were issued by this school: LA in 2-4, establishment in 5-8.
    upns = Pupil.objects.filter(status=RollStatus.ON_ROLL).exclude(upn="")
    issuers = Counter(
        (upn[1:4], upn[4:8])
        for upn in upns.values_list("upn", flat=True)
        if len(upn) == 13 and not is_temporary_upn(upn)
    )
    return issuers.most_common(1)[0][0] if issuers else None
