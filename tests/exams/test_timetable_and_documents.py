from __future__ import annotations

import datetime as dt
import io

import pytest

from examsoffice.errors import DataError
from examsoffice.exams.models import AccessArrangement, ResolutionAction
from examsoffice.exams.services import documents, entries, timetable
from examsoffice.exams.services.arrangements import add_arrangement
from examsoffice.exams.services.candidates import enter_candidate

pytestmark = pytest.mark.django_db

DAY = dt.date(2031, 1, 10)


def _enter(series, pupil, *codes):
    candidate = enter_candidate(series, pupil)
    for code in codes:
        entries.enter(candidate, series.options.get(code=code), today=DAY)
    return candidate


def _pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_it_finds_a_clash_across_awarding_bodies(aqa, ocr, make_pupil):
    pupil = make_pupil()
    _enter(aqa, pupil, "8300H")
    _enter(ocr, pupil, "J277")

    found = timetable.clashes(aqa)

    assert [(c.clash.kind.value, c.clash.component_codes) for c in found] == [
        ("same_session", ("8300/1H", "J277/01"))
    ]
    assert not found[0].resolved


def test_extra_time_makes_the_session_too_long(aqa, ocr, make_pupil):
    pupil = make_pupil()
    _enter(aqa, pupil, "8300H")
    _enter(ocr, pupil, "J277")
    AccessArrangement.objects.create(pupil=pupil, code="extra_time_25")

    kinds = {c.clash.kind.value for c in timetable.clashes(aqa)}

    assert "session_too_long" in kinds


def test_adjusted_durations_follow_the_arrangement_and_its_subjects(aqa, make_pupil):
    pupil = make_pupil()
    candidate = _enter(aqa, pupil, "8300H", "8700")
    add_arrangement(pupil, {"code": "extra_time_25", "subjects": "8300"})

    cohort = timetable.season_cohort(aqa)
    minutes = timetable.durations(cohort, candidate.number)

    assert minutes["8300/1H"] == (90, 23, 0)
    assert minutes["8700/1"] == (105, 0, 0)


def test_it_refuses_an_extra_time_percent_outside_its_band(make_pupil):
    with pytest.raises(DataError, match="band"):
        add_arrangement(make_pupil(), {"code": "extra_time_up_to_50", "percent": "60"})
    with pytest.raises(DataError, match="not an access arrangement"):
        add_arrangement(make_pupil(), {"code": "teleport"})


def test_a_resolution_closes_the_clash_and_moves_the_paper(aqa, ocr, make_pupil):
    pupil = make_pupil()
    candidate = _enter(aqa, pupil, "8300H")
    _enter(ocr, pupil, "J277")

    timetable.resolve(
        aqa, candidate.number, "J277/01", ResolutionAction.MOVE_TO_OTHER_SESSION
    )

    assert all(c.resolved for c in timetable.clashes(aqa))
    papers = timetable.timetables(timetable.season_cohort(aqa))[candidate.number]
    moved = next(p for p in papers if p.component_code == "J277/01")
    assert moved.sitting.session.value == "PM"


def test_the_resolution_flows_into_the_timetable_and_clash_letter(aqa, ocr, make_pupil):
    pupil = make_pupil(forename="Maya", surname="Hale")
    candidate = _enter(aqa, pupil, "8300H")
    _enter(ocr, pupil, "J277")
    timetable.resolve(
        aqa, candidate.number, "J277/01", ResolutionAction.ORDER_IN_SESSION, position=1
    )

    letter = _pdf_text(documents.clash_letters(aqa, officer="Jo Marsh"))
    sheet = _pdf_text(documents.timetable(aqa))

    assert "Maya" in letter
    assert "J277/01" in letter
    assert "10:40" in sheet  # second paper after 90 minutes and a 10-minute break
    assert "TBC" in sheet


def test_the_statement_of_entry_lists_every_entry_and_optionally_fees(aqa, make_pupil):
    _enter(aqa, make_pupil(surname="Hale"), "8300H", "8700")

    text = _pdf_text(documents.statement(aqa, show_fees=True))

    assert "8300/1H" in text
    assert "8700/C" in text
    assert "£48.35" in text


def test_the_statement_of_entry_prints_the_pupils_date_of_birth_and_uln(
    aqa, make_pupil
):
    _enter(aqa, make_pupil(date_of_birth=dt.date(2015, 3, 4)), "8700")

    text = _pdf_text(documents.statement(aqa))

    assert "Date of birth\n4 March 2015" in text
    assert "ULN\n9276308686" in text


def test_the_notice_pack_uses_the_centres_own_letter_wording(aqa, make_pupil):
    from examsoffice.exams.models import LetterTemplate

    LetterTemplate.objects.filter(key="notice-covering").update(
        body="Hello $forenames, from $centre_name."
    )
    _enter(aqa, make_pupil(forename="Maya"), "8700")

    text = _pdf_text(documents.notice(aqa, officer="Jo"))

    assert "Hello Maya, from Oakfield Academy." in text
    assert "Statement of entry" in text


def test_personal_timetables_ask_the_rooms_hook_for_seats(aqa, make_pupil):
    from examsoffice.exams import seats

    asked = []
    seats.set_seat_provider(lambda series: asked.append(list(series)) or {})
    try:
        _enter(aqa, make_pupil(), "8700")
        documents.timetable(aqa)
    finally:
        seats.set_seat_provider(None)

    assert asked == [[aqa]]
