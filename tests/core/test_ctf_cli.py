import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from examsoffice.cli.ctf import register

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
