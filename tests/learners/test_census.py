"""Census identifier checks: one test per rule code, and the command's exit status."""

from __future__ import annotations

from datetime import date

import pytest

from examsoffice.cli import main
from examsoffice.learners.census import check_census
from examsoffice.learners.models import RollStatus
from tests.learners.helpers import OTHER_UPN, ULN, pupil

pytestmark = pytest.mark.django_db

CENSUS_DAY = date(2026, 1, 15)


def codes() -> list[str]:
    return [f.code for f in check_census(CENSUS_DAY)]


def test_a_clean_roll_has_no_findings():
    pupil(uln=ULN)

    assert codes() == []


def test_1500_upn_missing():
    pupil(upn="", uln=ULN)

    assert codes() == ["1500"]


def test_guests_are_not_in_the_census():
    pupil(upn="", uln="", is_guest=True)

    assert codes() == []


def test_1510_upn_invalid():
    pupil(upn="A801200005001", uln=ULN)

    finding = check_census(CENSUS_DAY)[0]
    assert finding.code == "1510"
    assert "should be B" in finding.message


def test_1520_duplicate_upn_counts_leavers_too():
    pupil(uln=ULN)
    pupil(
        surname="Okafor",
        uln="1000000043",
        status=RollStatus.LEFT,
        leaving_date=date(2025, 12, 1),
    )

    assert codes() == ["1520", "1520"]


def test_1530_la_code_not_recognised():
    pupil(upn="E000200005001", uln=ULN)

    assert codes() == ["1530"]


def test_1570_no_uln_at_14_on_census_day():
    pupil(uln="", date_of_birth=date(2012, 1, 15))
    pupil(upn=OTHER_UPN, uln="", date_of_birth=date(2012, 1, 16), surname="Young")

    assert codes() == ["1570"]


def test_the_placeholder_uln_counts_as_missing():
    pupil(uln="9999999999")

    assert codes() == ["1570"]


def test_1573_no_uln_for_a_leaver_aged_14_at_leaving():
    pupil(uln="", status=RollStatus.LEFT, leaving_date=date(2025, 10, 1))

    assert codes() == ["1573"]


def test_1575_uln_invalid():
    pupil(uln="1000000042")

    assert codes() == ["1575"]


def test_1578_duplicate_uln():
    pupil(uln=ULN)
    pupil(upn=OTHER_UPN, uln=ULN, surname="Okafor")

    assert codes() == ["1578", "1578"]


def test_the_command_exits_1_when_there_are_errors(capsys):
    pupil(uln="1000000042")

    with pytest.raises(SystemExit) as exit_:
        main(["census", "check", "--date", "2026-01-15"])

    assert exit_.value.code == 1
    assert "1575" in capsys.readouterr().out


def test_the_command_exits_0_on_a_clean_roll(capsys):
    pupil(uln=ULN)

    with pytest.raises(SystemExit) as exit_:
        main(["census", "check", "--date", "2026-01-15"])

    assert exit_.value.code == 0
