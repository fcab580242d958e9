"""The demo register makes the school's ULN round trip show every outcome."""

from __future__ import annotations

from datetime import date

import pytest

from examsoffice.demo import load_demo
from examsoffice.learners.models import Pupil
from examsoffice.register.client import InProcessClient
from examsoffice.register.models import Learner, LearnerChange
from examsoffice.register.uln_requests import PupilRequest


@pytest.mark.slow
@pytest.mark.django_db
def test_the_demo_register_answers_the_schools_uln_request():
    load_demo(seed=7, pupils=300, today=date(2026, 1, 15))

    pupils = Pupil.objects.filter(uln="", is_guest=False, year_group__in=["10", "11"])
    requests = [
        PupilRequest(
            p.upn,
            p.forename,
            p.surname,
            p.date_of_birth,
            p.sex,
            p.postcode,
            address_line1=f"{p.paon} {p.street}".strip(),
            town=p.town,
        )
        for p in pupils
    ]
    outcomes = InProcessClient().request_ulns(requests, "demo CTF")

    statuses = {o.status for o in outcomes}
    assert {"assigned", "registered"} <= statuses
    holder = Pupil.objects.exclude(uln="").first()
    assert holder is not None
    assert Learner.objects.filter(uln=holder.uln).exists()
    assert Learner.objects.filter(master__isnull=False).count() == 1
    assert LearnerChange.objects.filter(reason__contains="deed poll").exists()
