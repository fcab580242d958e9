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
    assert "Dry run" in capsys.readouterr().out
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
