"""The exams commands make missing folders and name the file when the disk refuses."""

from __future__ import annotations

import datetime as dt

import pytest

from examsoffice.cli import main
from examsoffice.exams.services import entries
from examsoffice.exams.services.candidates import enter_candidate

pytestmark = pytest.mark.django_db


def test_it_writes_documents_into_a_folder_that_does_not_exist_yet(aqa, tmp_path):
    out = tmp_path / "nodir" / "deeper" / "statements.pdf"

    main(["exams", "documents", str(out), "--series", "6A31", "--kind", "timetable"])

    assert out.read_bytes().startswith(b"%PDF")


def test_it_names_the_file_in_one_line_when_it_cannot_write(aqa, tmp_path, capsys):
    blocker = tmp_path / "report.txt"
    blocker.write_text("a file where a folder should be")
    out = blocker / "x.pdf"

    with pytest.raises(SystemExit) as exit_:
        main(["exams", "documents", str(out), "--series", "6A31"])

    err = capsys.readouterr().err
    assert exit_.value.code == 1
    assert err.strip().splitlines() == [
        f"Could not write {out}: part of the folder path is a file, not a folder."
    ]


def test_it_names_a_missing_basedata_file(aqa, tmp_path, capsys):
    missing = tmp_path / "basedata.csv"

    with pytest.raises(SystemExit) as exit_:
        main(["exams", "basedata", "import", str(missing), "--series", "6A31"])

    assert exit_.value.code == 1
    assert capsys.readouterr().err == (
        f"Could not read {missing}: it does not exist; check the name and folder.\n"
    )


def test_the_template_and_submission_go_into_new_folders(aqa, make_pupil, tmp_path):
    candidate = enter_candidate(aqa, make_pupil())
    entries.enter(candidate, aqa.options.get(code="8700"), today=dt.date(2031, 1, 10))
    template = tmp_path / "new" / "basedata.xlsx"

    main(["exams", "basedata", "template", str(template)])
    main(
        [
            "exams",
            "submission",
            "export",
            "--series",
            "6A31",
            "--out",
            str(tmp_path / "edi"),
        ]
    )

    assert template.is_file()
    assert len(list((tmp_path / "edi").iterdir())) == 1


def test_an_unknown_submission_format_is_refused_and_nothing_written(
    aqa, make_pupil, tmp_path, capsys
):
    candidate = enter_candidate(aqa, make_pupil())
    entries.enter(candidate, aqa.options.get(code="8700"), today=dt.date(2031, 1, 10))
    out = tmp_path / "edi"

    args = ["--series", "6A31", "--out", str(out), "--format", "xml"]
    with pytest.raises(SystemExit) as exit_:
        main(["exams", "submission", "export", *args])

    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "'xml' is not one of 'csv', 'xlsx'" in err
    assert not out.exists()


def test_basedata_with_problems_still_prints_its_counts(aqa, tmp_path, capsys):
    template = tmp_path / "basedata.csv"
    main(["exams", "basedata", "template", str(template), "--example", "--body", "01"])
    capsys.readouterr()
    lines = template.read_text().splitlines()
    template.write_text("\n".join([*lines, lines[-1]]) + "\n")

    with pytest.raises(SystemExit):
        main(["exams", "basedata", "import", str(template), "--series", "6A31"])

    captured = capsys.readouterr()
    assert captured.out.startswith("New: 4 qualifications, 4 entry codes")
    assert "Nothing was written" in captured.err
