"""``examsoffice ctf import``: exit 0 clean, 1 decisions to make, 2 unreadable."""

from __future__ import annotations

import pytest

from examsoffice.cli import main
from examsoffice.learners.models import ImportBatch, Pupil
from tests.learners.helpers import OTHER_ULN, ULN, pupil, record, write_file

pytestmark = pytest.mark.django_db


def run(*args: str) -> int:
    with pytest.raises(SystemExit) as exit_:
        main(["ctf", "import", *args])
    return int(exit_.value.code or 0)


def test_a_clean_import_exits_0(tmp_path, capsys):
    path = write_file(tmp_path, [record()])

    assert run(str(path)) == 0
    assert "New pupil" in capsys.readouterr().out
    assert Pupil.objects.count() == 1


def test_an_import_with_decisions_to_make_exits_1(tmp_path, capsys):
    pupil(uln=ULN)
    path = write_file(tmp_path, [record(uln=OTHER_ULN)])

    assert run(str(path)) == 1
    assert "Incoming ULN differs" in capsys.readouterr().out


def test_a_dry_run_prints_the_log_and_changes_nothing(tmp_path, capsys):
    path = write_file(tmp_path, [record()])

    assert run(str(path), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "Dry run" in out
    assert "1 pupil will be added" in out
    assert not Pupil.objects.exists()
    assert not ImportBatch.objects.exists()


def test_a_file_that_is_not_xml_exits_2(tmp_path, capsys):
    path = tmp_path / "junk.XML"
    path.write_text("this is not a CTF")

    assert run(str(path)) == 2
    assert "junk.XML" in capsys.readouterr().err


def test_a_third_party_file_needs_lenient(fixtures_dir, capsys):
    path = fixtures_dir / "ctf" / "third-party-atf-12.xml"

    assert run(str(path)) == 2
    assert run(str(path), "--lenient") == 0
    assert Pupil.objects.count() == 12


def test_a_file_for_another_school_is_warned_of_from_the_settings(
    tmp_path, capsys, settings
):
    settings.SCHOOL_LA, settings.SCHOOL_ESTAB = "820", "1234"
    path = write_file(tmp_path, [record()])  # addressed to 891 4107

    run(str(path), "--dry-run")

    out = capsys.readouterr().out
    assert "field DestSchool" in out
    assert "addressed to 891 4107, not to this school, 820 1234" in out


def test_the_school_is_read_off_the_roll_when_not_set(tmp_path, capsys, settings):
    settings.SCHOOL_LA, settings.SCHOOL_ESTAB = "", ""
    pupil(upn="B801200005001")  # issued by 801 2000: the roll's school
    elsewhere = write_file(tmp_path, [record(upn="R674123101121")])
    run(str(elsewhere), "--dry-run")
    warned = capsys.readouterr().out

    assert "not to this school, 801 2000" in warned
    assert "read off the UPNs" in warned


def test_a_file_for_this_school_is_not_warned_of(tmp_path, capsys, settings):
    settings.SCHOOL_LA, settings.SCHOOL_ESTAB = "891", "4107"
    run(str(write_file(tmp_path, [record()])), "--dry-run")

    assert "DestSchool" not in capsys.readouterr().out


def test_a_pupil_born_two_years_ago_is_warned_of(tmp_path, capsys):
    from datetime import date

    run(str(write_file(tmp_path, [record(dob=date(2024, 3, 1))])), "--dry-run")

    out = capsys.readouterr().out
    assert "field DOB" in out
    assert "makes the pupil 1 on 2026-01-10" in out


def test_a_name_cut_to_the_roll_is_an_error_once_and_then_no_change(tmp_path, capsys):
    from examsoffice.formats.ctf.checks import NAME_LIMITS

    path = write_file(tmp_path, [record(forename="A" * 100_000)])

    run(str(path))
    first = capsys.readouterr().out
    run(str(path), "--dry-run")
    again = capsys.readouterr().out

    assert "field Forename" in first
    assert "Forename is 100,000 characters long" in first
    assert Pupil.objects.get().forename == "A" * NAME_LIMITS["Forename"]
    assert "forename" not in again.split("Exception log:")[1]


def test_the_name_limits_of_the_check_are_the_roll_s_columns():
    from examsoffice.formats.ctf.checks import NAME_LIMITS

    columns = {
        "Surname": "surname",
        "Forename": "forename",
        "MiddleNames": "middle_names",
        "PreferredSurname": "preferred_surname",
        "PreferredForename": "preferred_forename",
        "FormerSurname": "former_surname",
    }
    for element, column in columns.items():
        assert NAME_LIMITS[element] == Pupil._meta.get_field(column).max_length
