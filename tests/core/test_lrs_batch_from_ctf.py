from __future__ import annotations

from dataclasses import replace
from datetime import date

from examsoffice.formats.ctf import Address, PupilRecord
from examsoffice.formats.lrs_batch.from_ctf import learner_from_pupil, pupil_values
from examsoffice.identifiers import make_upn

TODAY = date(2025, 9, 1)
PUPIL = PupilRecord(
    upn=make_upn("891", "2203", 10, 7),
    surname="Okafor",
    forename="Amara",
    dob=date(2010, 3, 14),
    sex="F",
    address=Address(form="bs7666", paon="4", street="Mill Lane", postcode="NN14 2AB"),
    index=0,
)


def check(pupil: PupilRecord):
    return learner_from_pupil(pupil, file="school.XML", today=TODAY)


def test_a_complete_pupil_becomes_a_batch_learner_under_the_batch_headings():
    learner = check(PUPIL)

    assert not learner.rejected
    assert learner.values["MISIdentifier"] == PUPIL.upn
    assert learner.values["Gender"] == "2"
    assert learner.values["LastKnownAddressLine1"] == "4 Mill Lane"
    assert learner.dob == date(2010, 3, 14)


def test_a_pupil_without_an_address_is_rejected_for_a_null_postcode():
    learner = check(replace(PUPIL, address=None))

    assert learner.return_code == "RC010"
    assert learner.problems[0].record == f"UPN {PUPIL.upn}"


def test_a_pupil_with_a_mistyped_upn_is_rejected_for_its_format():
    upn = PUPIL.upn[:-1] + ("1" if PUPIL.upn[-1] != "1" else "2")

    learner = check(replace(PUPIL, upn=upn))

    assert learner.return_code == "RC012"
    assert learner.problems[0].field == "MISIdentifier"
    assert "UPN" in learner.problems[0].message


def test_a_pupil_without_a_date_of_birth_has_insufficient_data():
    learner = check(replace(PUPIL, dob=None, sex=""))

    assert learner.return_code == "RC006"
    assert {p.field for p in learner.problems} == {"DateOfBirth", "Gender"}
    assert pupil_values(replace(PUPIL, sex="m"))["Gender"] == "1"
