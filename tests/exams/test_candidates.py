from __future__ import annotations

import pytest
from django.urls import reverse

from examsoffice.errors import DataError
from examsoffice.exams.models import CandidateNumberRange, UciException
from examsoffice.exams.services.candidates import (
    enter_candidate,
    identifier_flags,
    record_uci,
    resolve_uci,
)
from examsoffice.identifiers import validate_uci

pytestmark = pytest.mark.django_db


def test_it_gives_each_candidate_a_unique_number_in_the_series(aqa, make_pupil):
    numbers = [enter_candidate(aqa, make_pupil()).number for _ in range(3)]

    assert numbers == ["0001", "0002", "0003"]


def test_it_takes_numbers_from_the_year_groups_range(aqa, centre, make_pupil):
    CandidateNumberRange.objects.create(
        centre=centre, year_group="13", first=3001, last=3002
    )

    assert enter_candidate(aqa, make_pupil(year_group="13")).number == "3001"
    assert enter_candidate(aqa, make_pupil(year_group="13")).number == "3002"
    with pytest.raises(DataError, match="Widen the range"):
        enter_candidate(aqa, make_pupil(year_group="13"))


def test_a_learner_keeps_one_number_across_the_seasons_awarding_bodies(
    aqa, ocr, make_pupil
):
    make_pupil()
    pupil = make_pupil()
    enter_candidate(aqa, make_pupil())
    in_aqa = enter_candidate(aqa, pupil)
    in_ocr = enter_candidate(ocr, pupil)

    assert in_ocr.number == in_aqa.number


def test_it_makes_a_valid_uci_once_and_keeps_it_for_life(aqa, ocr, make_pupil):
    pupil = make_pupil()
    enter_candidate(aqa, pupil)
    pupil.refresh_from_db()
    first = pupil.uci

    enter_candidate(ocr, pupil)
    pupil.refresh_from_db()

    assert validate_uci(first)
    assert first.startswith("123450")
    assert pupil.uci == first
    assert pupil.identifier_changes.filter(identifier="UCI").count() == 1


def test_a_second_uci_becomes_an_exception_not_a_replacement(aqa, make_pupil):
    pupil = make_pupil()
    enter_candidate(aqa, pupil)
    pupil.refresh_from_db()
    held = pupil.uci

    exception = record_uci(pupil, "681990012058G", "CTF from previous school")

    pupil.refresh_from_db()
    assert pupil.uci == held
    assert exception is not None
    assert exception.other_uci == "681990012058G"


def test_resolving_a_uci_exception_keeps_the_chosen_one(aqa, exams_officer, make_pupil):
    pupil = make_pupil()
    enter_candidate(aqa, pupil)
    exception = record_uci(pupil, "681990012058G", "board")
    assert exception is not None

    resolve_uci(exception, "681990012058G", exams_officer)

    pupil.refresh_from_db()
    assert pupil.uci == "681990012058G"
    assert UciException.objects.get().resolved_at is not None


def test_it_flags_a_candidate_without_a_valid_uln(aqa, make_pupil):
    enter_candidate(aqa, make_pupil(uln=""))
    enter_candidate(aqa, make_pupil())

    flags = identifier_flags(aqa)

    assert [(f.candidate.number, f.field) for f in flags] == [("0001", "ULN")]


def _page(aqa, candidate):  # type: ignore[no-untyped-def]
    return reverse("exams:candidate", args=[aqa.pk, candidate.number])


def test_the_candidate_page_records_a_second_uci_and_keeps_the_earliest(
    aqa, make_pupil, officer_client
):
    pupil = make_pupil()
    candidate = enter_candidate(aqa, pupil)
    pupil.refresh_from_db()
    held = pupil.uci
    url = _page(aqa, candidate)

    officer_client.post(
        url, {"action": "record_uci", "uci": "681990012058g", "source": "AQA"}
    )
    shown = officer_client.get(url).content.decode()
    flagged = [f.message for f in identifier_flags(aqa)]
    exception = UciException.objects.get()
    officer_client.post(
        url,
        {"action": "keep_uci", "exception": exception.pk, "keep": "681990012058G"},
    )

    pupil.refresh_from_db()
    assert "Keep 681990012058G (allocated 2001), the earliest" in shown
    assert f"Keep {held}" in shown
    assert any("Two UCIs" in message for message in flagged)
    assert pupil.uci == "681990012058G"
    assert pupil.identifier_changes.filter(new_value="681990012058G").exists()
    assert not identifier_flags(aqa)


def test_a_mistyped_uci_is_refused_with_the_reason(aqa, make_pupil, officer_client):
    candidate = enter_candidate(aqa, make_pupil())

    response = officer_client.post(
        _page(aqa, candidate),
        {"action": "record_uci", "uci": "681990012058A"},
        follow=True,
    )

    assert "UCI not recorded" in response.content.decode()
    assert not UciException.objects.exists()
