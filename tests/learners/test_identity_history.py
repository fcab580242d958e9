"""Changes to who a pupil is are kept, warned about and refused for faulty records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from examsoffice.learners import ctf_source, importing
from examsoffice.learners.models import DetailChange, ImportException
from tests.learners.helpers import pupil, record, write_file

pytestmark = pytest.mark.django_db


def _import(tmp_path: Path, records: list) -> ImportException | None:
    read = ctf_source.read_file(write_file(tmp_path, records))
    importing.import_records(read.records, file_name=read.file_name)
    return ImportException.objects.filter(status="open").first()


def _other_person(tmp_path: Path, **fields) -> ImportException:
    values = {"surname": "Jenkins", "forename": "Aisha", "dob": dt.date(2011, 5, 6)}
    values.update(fields)
    row = _import(tmp_path, [record(**values)])
    assert row is not None
    assert row.kind == "same_upn_different_person"
    return row


def test_an_import_keeps_the_old_name_in_the_history(tmp_path, exams_officer):
    held = pupil(surname="Hale")
    read = ctf_source.read_file(write_file(tmp_path, [record(surname="Hale-Brown")]))

    importing.import_records(read.records, file_name=read.file_name, user=exams_officer)

    change = DetailChange.objects.get(pupil=held)
    assert (change.field, change.old_value, change.new_value) == (
        "surname",
        "Hale",
        "Hale-Brown",
    )
    assert change.source == read.file_name
    assert change.user == exams_officer


def test_a_same_person_decision_is_kept_and_shown_on_the_pupil_page(
    tmp_path, exams_officer, officer_client
):
    held = pupil(surname="Morris", forename="Benjamin")
    row = _other_person(tmp_path)

    importing.decide(row, "same_person_update", exams_officer)

    fields = dict(held.detail_changes.values_list("field", "old_value"))
    assert fields["surname"] == "Morris"
    assert fields["forename"] == "Benjamin"
    assert fields["date_of_birth"] == "2010-03-04"
    page = officer_client.get(f"/pupils/{held.pk}/").content.decode()
    assert "Morris" in page
    assert "Benjamin" in page
    assert "has changed." not in page


def test_the_decided_column_shows_words_not_codes(
    tmp_path, exams_officer, officer_client
):
    pupil(surname="Morris", forename="Benjamin")
    row = _other_person(tmp_path)
    importing.decide(row, "ignore", exams_officer)

    page = officer_client.get(f"/pupils/import/{row.batch_id}/").content.decode()

    assert "Ignore" in page
    assert ">ignore " not in page


def test_no_update_is_offered_or_allowed_for_a_record_with_no_surname(
    tmp_path, exams_officer, officer_client
):
    held = pupil(surname="Morris", forename="Benjamin")
    row = _other_person(tmp_path, surname="")

    page = officer_client.get("/pupils/exceptions/").content.decode()
    with pytest.raises(importing.DecisionError, match="no surname"):
        importing.decide(row, "same_person_update", exams_officer)

    assert 'value="same_person_update"' not in page
    assert "has no surname" in page
    held.refresh_from_db()
    assert held.surname == "Morris"


def test_the_decision_warns_when_the_pupil_held_has_exam_entries(
    tmp_path, officer_client
):
    from examsoffice.exams.models import Centre
    from examsoffice.exams.reference import ensure_reference_data
    from examsoffice.exams.services import entries
    from examsoffice.exams.services.candidates import enter_candidate
    from tests.exams.conftest import _series

    held = pupil(surname="Morris", forename="Benjamin")
    ensure_reference_data()
    series = _series(Centre.objects.create(number="12345", name="Oak"), "70", "6A31")
    candidate = enter_candidate(series, held)
    entries.enter(candidate, series.options.get(code="8700"), today=dt.date(2031, 1, 9))
    _other_person(tmp_path)

    page = officer_client.get("/pupils/exceptions/").content.decode()

    assert "Morris, Benjamin has exam entries (1, in 1 series)" in page
