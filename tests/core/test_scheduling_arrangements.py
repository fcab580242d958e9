import datetime as dt
import json

import pytest

from examsoffice.errors import DataError
from examsoffice.scheduling.arrangements import (
    adjusted_duration,
    check_arrangement,
    default_catalogue,
    load_catalogue,
    room_needs,
)
from examsoffice.scheduling.model import (
    AccessArrangement,
    ApprovalStatus,
    Candidate,
    Component,
    Level,
    RoomUse,
    Session,
)

PAPER = Component(
    "8300/1H",
    "Mathematics Paper 1",
    Level.GCSE,
    dt.date(2026, 5, 14),
    Session.AM,
    dt.time(9),
    90,
)


def test_the_catalogue_holds_every_arrangement_the_issue_names():
    codes = set(default_catalogue().types)
    wanted = {
        "extra_time_25",
        "extra_time_up_to_50",
        "extra_time_over_50",
        "supervised_rest_breaks",
        "reader",
        "computer_reader",
        "scribe",
        "word_processor",
        "separate_invigilation",
        "prompter",
        "practical_assistant",
        "oral_language_modifier",
        "sign_language_interpreter",
        "modified_enlarged_a4_to_a3",
        "braille",
        "coloured_paper",
    }
    assert wanted <= codes


def test_the_catalogue_marks_recalled_facts_as_unverified():
    catalogue = default_catalogue()
    assert catalogue.get("extra_time_25").verified is False
    assert catalogue.get("coloured_paper").verified is False
    assert catalogue.get("modified_18pt_bold").verified is True
    assert catalogue.get("scribe").source in catalogue.sources


def test_it_adds_25_percent_extra_time_rounded_up():
    et = AccessArrangement("extra_time_25")
    assert adjusted_duration(PAPER, [et]).total == 113  # 90 + 22.5 -> 23


def test_bands_do_not_add_up_the_largest_extra_time_wins():
    both = [
        AccessArrangement("extra_time_25"),
        AccessArrangement("extra_time_up_to_50"),
    ]
    assert adjusted_duration(PAPER, both).extra == 45


def test_over_50_percent_takes_the_approved_minutes():
    over = AccessArrangement("extra_time_over_50", minutes=120)
    assert adjusted_duration(PAPER, [over]).total == 210


def test_rest_breaks_count_per_hour_of_working_time():
    arrangements = [
        AccessArrangement("extra_time_25"),
        AccessArrangement("supervised_rest_breaks", minutes_per_hour=10),
    ]
    duration = adjusted_duration(PAPER, arrangements)
    assert (duration.base, duration.extra, duration.rest) == (90, 23, 19)


def test_an_arrangement_for_other_subjects_does_not_apply():
    english_only = AccessArrangement("extra_time_25", subjects=("8700",))
    assert adjusted_duration(PAPER, [english_only]).total == 90
    maths = AccessArrangement("extra_time_25", subjects=("8300",))
    assert adjusted_duration(PAPER, [maths]).total == 113


def test_a_pending_or_expired_arrangement_does_not_change_the_time():
    pending = AccessArrangement("extra_time_25", status=ApprovalStatus.PENDING)
    expired = AccessArrangement("extra_time_25", valid_to=dt.date(2026, 1, 1))
    assert adjusted_duration(PAPER, [pending, expired]).total == 90


def test_it_names_the_room_a_scribe_needs():
    candidate = Candidate(
        "0001", "Ames", "Ola", arrangements=(AccessArrangement("scribe"),)
    )
    assert room_needs(candidate, [PAPER]) == {RoomUse.SEPARATE_INVIGILATION}


def test_an_unknown_arrangement_code_says_which_codes_exist():
    with pytest.raises(DataError, match="extra_time_25"):
        adjusted_duration(PAPER, [AccessArrangement("extra_tme")])


def test_it_flags_a_percent_outside_its_band():
    problems = check_arrangement(AccessArrangement("extra_time_up_to_50", percent=75))
    assert "outside the band" in problems[0]
    assert check_arrangement(AccessArrangement("extra_time_over_50", percent=75)) == []


def test_a_centre_can_load_its_own_catalogue(tmp_path):
    path = tmp_path / "aa.json"
    path.write_text(
        json.dumps(
            {
                "arrangements": [
                    {
                        "code": "laptop",
                        "name": "Laptop",
                        "room_needs": ["word_processors"],
                    }
                ]
            }
        )
    )
    assert load_catalogue(path).get("laptop").room_needs == {RoomUse.WORD_PROCESSORS}


def test_a_broken_catalogue_file_names_the_line(tmp_path):
    path = tmp_path / "aa.json"
    path.write_text('{"arrangements": [\n  {"code": }\n]}')
    with pytest.raises(DataError, match="line 2"):
        load_catalogue(path)
