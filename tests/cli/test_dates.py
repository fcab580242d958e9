"""Dates on the command line: both spellings people type, one option name for both."""

from __future__ import annotations

from datetime import date

import pytest
import typer

from examsoffice.cli import main
from examsoffice.cli._dates import parse_date


@pytest.mark.parametrize("typed", ["2027-01-16", "16/01/2027", " 16/01/2027 "])
def test_it_reads_iso_and_day_first_dates(typed):
    assert parse_date(typed) == date(2027, 1, 16)


@pytest.mark.parametrize("typed", ["16-01-2027", "01/16/2027", "2027-02-30", ""])
def test_it_refuses_other_dates_with_an_example(typed):
    with pytest.raises(typer.BadParameter, match=r"e\.g\. 2027-01-16 or 16/01/2027"):
        parse_date(typed)


@pytest.mark.django_db
@pytest.mark.parametrize("option", ["--date", "--census-date"])
def test_the_census_check_and_uln_request_take_either_option_name(
    option, tmp_path, capsys
):
    with pytest.raises(SystemExit):
        main(["census", "check", option, "16/01/2027"])
    with pytest.raises(SystemExit):
        main(["uln", "request", option, "16/01/2027", "--out", str(tmp_path)])

    out = capsys.readouterr().out
    assert "0 findings for the census on 2027-01-16." in out
    assert "No pupil needs a ULN request" in out


def test_a_wrong_date_is_one_line_with_an_example(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["census", "check", "--date", "16.01.2027"])

    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert len(err.strip().splitlines()) == 1
    assert "write it as YYYY-MM-DD or DD/MM/YYYY, e.g. 2027-01-16" in err


@pytest.mark.django_db
def test_a_register_search_takes_a_day_first_date_of_birth(capsys):
    person = ["--given", "Ada", "--family", "Okafor", "--dob", "14/03/2009"]

    main(["register", "find", *person])

    assert "No match" in capsys.readouterr().out
