"""Clashes, basedata and counts are shown in words and names, not codes and dicts."""

from __future__ import annotations

import pytest

from examsoffice.cli import main
from examsoffice.exams.services import entries
from examsoffice.exams.services.candidates import enter_candidate

pytestmark = pytest.mark.django_db


def _enter(series, pupil, code):
    candidate = enter_candidate(series, pupil)
    entries.enter(candidate, series.options.get(code=code))
    return candidate


def test_the_clash_list_names_the_candidate_and_the_kind_of_clash(
    aqa, ocr, make_pupil, capsys
):
    pupil = make_pupil(forename="Maya", surname="Hale")
    candidate = _enter(aqa, pupil, "8300H")
    _enter(ocr, pupil, "J277")

    main(["exams", "clashes", "--series", aqa.code])

    out = capsys.readouterr().out
    assert f"{candidate.number} Hale, Maya" in out
    assert "Papers in the same session: 8300/1H, J277/01" in out
    assert "same_session" not in out
    assert out.endswith("1 open clash, 1 in all.\n")


def test_the_clash_page_and_export_say_the_kind_in_words(
    aqa, ocr, make_pupil, officer_client
):
    pupil = make_pupil()
    _enter(aqa, pupil, "8300H")
    _enter(ocr, pupil, "J277")

    page = officer_client.get(f"/exams/{aqa.pk}/clashes/").content.decode()

    assert "Papers in the same session" in page
    assert "samesession" not in page


def test_the_basedata_preview_is_a_sentence(aqa, tmp_path, capsys):
    template = tmp_path / "aqa.csv"
    main(["exams", "basedata", "template", str(template), "--example"])
    capsys.readouterr()

    main(["exams", "basedata", "import", str(template), "--series", aqa.code])

    out = capsys.readouterr().out
    assert "{" not in out
    assert "New: 0 qualifications, 0 entry codes, 0 components." in out


def test_one_identifier_problem_is_singular(aqa, make_pupil, officer_client):
    _enter(aqa, make_pupil(uln=""), "8700")

    page = officer_client.get(f"/exams/{aqa.pk}/").content.decode()

    assert "1 identifier problem to fix" in page
    assert "1 candidate ·" in page
    assert "1 entry ·" in page
