"""A pupil who looks like one held but has another UPN waits for the officer."""

from __future__ import annotations

from pathlib import Path

import pytest

from examsoffice.learners import ctf_source, importing
from examsoffice.learners.models import ExceptionStatus, ImportException, Pupil

pytestmark = pytest.mark.django_db

FIXTURE = "8912203_CTF_8914107_001.XML"
HELD_UPN = "B891410717000"
MISTYPED_UPN = "C891410717000"


def _import(path: Path) -> importing.ImportOutcome:
    read = ctf_source.read_file(path)
    return importing.import_records(read.records, file_name=path.name)


@pytest.fixture
def mistyped(fixtures_dir: Path, tmp_path: Path) -> ImportException:
    original = fixtures_dir / "ctf" / FIXTURE
    _import(original)
    copy = tmp_path / FIXTURE
    copy.write_text(original.read_text().replace(HELD_UPN, MISTYPED_UPN, 1))
    _import(copy)
    return ImportException.objects.get(kind="possible_duplicate")


def test_a_mistyped_upn_adds_nobody_and_asks_for_a_decision(mistyped):
    assert Pupil.objects.count() == 40
    assert Pupil.objects.filter(surname="Jenkins", forename="Maya").count() == 1
    assert mistyped.status == ExceptionStatus.OPEN
    assert mistyped.pupil.upn == HELD_UPN
    assert not ImportException.objects.filter(kind="new_pupil", batch=mistyped.batch)


def test_same_person_keeps_the_held_upn_and_logs_the_invalid_one(
    mistyped, exams_officer
):
    importing.decide(mistyped, "same_person_update", exams_officer)

    assert Pupil.objects.count() == 40
    assert Pupil.objects.get(surname="Jenkins", forename="Maya").upn == HELD_UPN
    assert ImportException.objects.filter(kind="invalid_identifier").exists()


def test_a_different_person_is_added_without_the_invalid_upn(mistyped, exams_officer):
    importing.decide(mistyped, "add_as_new", exams_officer)

    added = Pupil.objects.exclude(upn=HELD_UPN).get(surname="Jenkins", forename="Maya")
    assert added.upn == ""
    assert mistyped.pupil == added
    assert Pupil.objects.count() == 41


def test_a_decision_sent_twice_at_once_adds_the_pupil_once(mistyped, exams_officer):
    # A double-click: both requests read the exception while it was still open.
    second_click = ImportException.objects.get(pk=mistyped.pk)
    importing.decide(mistyped, "add_as_new", exams_officer)

    with pytest.raises(importing.DecisionError, match="already been decided"):
        importing.decide(second_click, "add_as_new", exams_officer)

    assert Pupil.objects.filter(surname="Jenkins", forename="Maya").count() == 2
    assert Pupil.objects.count() == 41
