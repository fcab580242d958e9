import subprocess
import sys

import typer
from typer.testing import CliRunner

from examsoffice.cli.check import register

runner = CliRunner()
app = typer.Typer()


@app.callback()
def _root() -> None:
    # A callback keeps "check" a sub-command, as it is under the real app.
    pass


register(app)


def test_it_prints_valid_for_each_good_value_and_exits_0():
    result = runner.invoke(app, ["check", "uln", "9276308686", "1000000043"])

    assert result.exit_code == 0
    assert result.output == "9276308686\tvalid\n1000000043\tvalid\n"


def test_it_prints_the_reason_and_exits_1_when_any_is_invalid():
    result = runner.invoke(app, ["check", "upn", "B801200005001", "A801200005001"])

    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "B801200005001\tvalid"
    value, verdict, reason = lines[1].split("\t")
    assert (value, verdict) == ("A801200005001", "invalid")
    assert "should be B" in reason


def test_it_checks_ucis_and_postcodes():
    assert runner.invoke(app, ["check", "uci", "681990012058G"]).exit_code == 0
    result = runner.invoke(app, ["check", "postcode", "ZZ99 9ZZ"])
    assert result.exit_code == 1
    assert "not known" in result.output


def test_the_check_command_does_not_set_up_django():
    code = (
        "import sys\n"
        "from examsoffice.cli.check import check\n"
        "assert 'django' not in sys.modules, 'django imported'\n"
    )

    subprocess.run([sys.executable, "-c", code], check=True)
