import datetime as dt
import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from examsoffice.cli.ctf import register
from examsoffice.formats.ctf import CTFHeader, PupilRecord, SchoolRef, write_ctf

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "ctf"
runner = CliRunner()
app = typer.Typer()
register(app)


def test_ctf_check_exits_0_for_a_clean_file():
    result = runner.invoke(
        app, ["ctf", "check", str(FIXTURES / "8912203_CTF_8914107_001.XML")]
    )

    assert result.exit_code == 0
    assert "40 pupils" in result.output


def test_ctf_check_exits_2_for_a_file_it_cannot_read():
    result = runner.invoke(
        app, ["ctf", "check", str(FIXTURES / "third-party-atf-12.xml")]
    )

    assert result.exit_code == 2


def test_ctf_check_lenient_json_lists_problems_with_pupils():
    path = str(FIXTURES / "third-party-atf-12.xml")
    result = runner.invoke(app, ["ctf", "check", path, "--lenient", "--format", "json"])

    assert result.exit_code == 1
    body = json.loads(result.output)
    assert body["pupils"] == 12
    assert {"upn", "name"} == set(body["problems"][0]["pupil"])


def test_ctf_check_text_keeps_the_upn_apart_from_the_name():
    path = str(FIXTURES / "third-party-atf-12.xml")
    result = runner.invoke(app, ["ctf", "check", path, "--lenient"])

    assert "Haley, Dino (UPN D383789150520693D)" in result.output
    assert "D383789150520693D Haley" not in result.output


def test_ctf_check_warns_of_a_file_addressed_to_another_school():
    path = str(FIXTURES / "8912203_CTF_8914107_001.XML")
    elsewhere = runner.invoke(app, ["ctf", "check", path, "--school", "820/1234"])
    here = runner.invoke(app, ["ctf", "check", path, "--school", "8914107"])

    assert elsewhere.exit_code == 0  # a warning: the person decides
    assert "ctf.not_for_this_school" in elsewhere.output
    assert "addressed to 891 4107" in elsewhere.output
    assert "DestSchool" in elsewhere.output
    assert "not_for_this_school" not in here.output


def test_ctf_check_reads_the_school_from_the_environment(monkeypatch):
    monkeypatch.setenv("EXAMSOFFICE_SCHOOL_LA", "820")
    monkeypatch.setenv("EXAMSOFFICE_SCHOOL_ESTAB", "1234")
    path = str(FIXTURES / "8912203_CTF_8914107_001.XML")

    result = runner.invoke(app, ["ctf", "check", path])

    assert "ctf.not_for_this_school" in result.output


def _one_pupil_file(folder: Path, born: dt.date) -> str:
    header = CTFHeader(
        version="25.0",
        date_time="2026-01-10T10:00:00",
        source=SchoolRef(lea="801", estab="2000"),
        dest=SchoolRef(lea="891", estab="4107"),
    )
    pupil = PupilRecord(
        upn="B801200005001", surname="Hale", forename="Maya", dob=born, sex="F"
    )
    path = folder / "8012000_CTF_8914107_001.XML"
    write_ctf(path, header, [pupil])
    return str(path)


def test_ctf_check_warns_of_a_pupil_too_young_or_old_for_school(tmp_path):
    baby = runner.invoke(
        app, ["ctf", "check", _one_pupil_file(tmp_path, dt.date(2024, 5, 1))]
    )
    pupil = runner.invoke(
        app, ["ctf", "check", _one_pupil_file(tmp_path, dt.date(2012, 5, 1))]
    )
    typo = runner.invoke(
        app, ["ctf", "check", _one_pupil_file(tmp_path, dt.date(1912, 5, 1))]
    )
    unborn = runner.invoke(
        app, ["ctf", "check", _one_pupil_file(tmp_path, dt.date(2026, 5, 1))]
    )

    assert "WARNING ctf.dob_age" in baby.output
    assert "makes the pupil 1 on 2026-01-10" in baby.output
    assert "Hale, Maya" in baby.output
    assert "DOB" in baby.output
    assert "ctf.dob_age" not in pupil.output
    assert "WARNING ctf.dob_age" in typo.output
    assert "ERROR ctf.dob_future" in unborn.output
    assert unborn.exit_code == 1


def test_ctf_check_refuses_a_name_longer_than_the_roll_keeps(tmp_path):
    header = CTFHeader(version="25.0", date_time="2026-01-10T10:00:00")
    pupil = PupilRecord(
        upn="B801200005001",
        surname="Hale",
        forename="A" * 100_000,
        dob=dt.date(2012, 5, 1),
        sex="F",
    )
    path = tmp_path / "long.XML"
    write_ctf(path, header, [pupil])

    result = runner.invoke(app, ["ctf", "check", str(path)])

    assert result.exit_code == 1
    assert "1 errors" in result.output
    assert "ERROR ctf.name_too_long" in result.output
    assert "Forename is 100,000 characters long" in result.output
    assert "at most 100" in result.output
    assert len(result.output) < 2_000  # the name is not printed whole
