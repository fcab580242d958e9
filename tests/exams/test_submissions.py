from __future__ import annotations

import datetime as dt

import pytest

from examsoffice.errors import DataError
from examsoffice.exams.models import EntryChange, Submission, SubmissionStatus
from examsoffice.exams.services import entries, submissions
from examsoffice.exams.services.candidates import enter_candidate
from examsoffice.formats.edi import LayoutUnavailableError

pytestmark = pytest.mark.django_db

DAY = dt.date(2031, 1, 10)


def _entry(series, pupil, code):
    candidate = enter_candidate(series, pupil)
    return entries.enter(candidate, series.options.get(code=code), today=DAY)


def test_the_first_submission_takes_every_entry_and_is_an_entries_file(aqa, make_pupil):
    _entry(aqa, make_pupil(), "8300F")
    _entry(aqa, make_pupil(), "8700")

    submission, _content = submissions.prepare(aqa)

    assert submission.edi_name == "E1234570.X01"
    assert [r["action"] for r in submission.rows] == ["entry", "entry"]
    assert not submissions.pending(aqa).exists()


def test_the_next_submission_holds_only_what_changed_since(aqa, make_pupil):
    entry = _entry(aqa, make_pupil(), "8300F")
    other = _entry(aqa, make_pupil(), "8700")
    submissions.prepare(aqa)

    entries.change_tier(entry, aqa.options.get(code="8300H"))
    entries.withdraw(other)
    submission, _content = submissions.prepare(aqa)

    assert submission.edi_name == "A1234570.X02"
    assert [
        (r["action"], r["entry_code"], r["previous_entry_code"])
        for r in submission.rows
    ] == [
        ("amendment", "8300H", "8300F"),
        ("withdrawal", "8700", ""),
    ]
    assert not submission.uln_only


def test_a_change_that_only_adds_ulns_is_labelled_so(aqa, make_pupil):
    pupil = make_pupil(uln="")
    _entry(aqa, pupil, "8700")
    submissions.prepare(aqa, allow_missing_uln=True)

    pupil.uln = "9276308686"
    pupil.save()
    submission, _content = submissions.prepare(aqa)

    assert submission.uln_only
    assert submission.rows[0]["uln"] == "9276308686"
    assert submission.rows[0]["action"] == "uln"


def test_a_candidate_without_a_uln_stops_the_submission(aqa, make_pupil):
    _entry(aqa, make_pupil(uln=""), "8700")

    with pytest.raises(DataError, match="valid ULN"):
        submissions.prepare(aqa)

    assert not Submission.objects.exists()


def test_a_failed_edi_export_changes_nothing(aqa, make_pupil):
    _entry(aqa, make_pupil(), "8700")

    with pytest.raises(LayoutUnavailableError):
        submissions.export_edi(aqa)

    assert not Submission.objects.exists()
    assert EntryChange.objects.filter(submission=None).count() == 1


def test_a_working_edi_writer_gets_the_rows_and_the_sequence(aqa, make_pupil):
    _entry(aqa, make_pupil(), "8700")
    seen = {}

    class Fake:
        def write(self, data_type, centre, body, series, sequence, rows):
            seen.update(type=data_type.value, sequence=sequence, n=len(rows))
            return b"file"

    _submission, content = submissions.export_edi(aqa, writer=Fake())

    assert content == b"file"
    assert seen == {"type": "E", "sequence": 1, "n": 1}


def test_sequence_numbers_run_per_awarding_body(aqa, ocr, make_pupil):
    pupil = make_pupil()
    _entry(aqa, pupil, "8700")
    _entry(ocr, pupil, "J277")

    first_aqa, _c = submissions.prepare(aqa)
    first_ocr, _c = submissions.prepare(ocr)

    assert first_aqa.edi_name.endswith("70.X01")
    assert first_ocr.edi_name == "E1234501.X01"


def test_it_is_marked_sent_then_acknowledged_in_that_order(aqa, make_pupil):
    _entry(aqa, make_pupil(), "8700")
    submission, _c = submissions.prepare(aqa)

    with pytest.raises(DataError):
        submissions.mark_acknowledged(submission)
    submissions.mark_sent(submission)
    submissions.mark_acknowledged(submission)

    assert submission.status == SubmissionStatus.ACKNOWLEDGED


def test_the_export_files_hold_the_rows(aqa, make_pupil):
    _entry(aqa, make_pupil(surname="Zed"), "8700")
    submission, _c = submissions.prepare(aqa)

    csv_text = submissions.as_csv(submission).decode("utf-8-sig")

    assert csv_text.splitlines()[0].startswith("centre,series,candidate_number")
    assert "Zed" in csv_text
    assert submissions.as_xlsx(submission)[:2] == b"PK"
