from datetime import date

import pytest

from examsoffice.matching import normalise
from examsoffice.matching.blocking import blocking_keys
from examsoffice.matching.records import LearnerRecord


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("  Zoë  O'Brien-Smith ", "zoe obrien smith"),
        ("JOSÉ", "jose"),
        ("Anne-Marie", "anne marie"),
        ("Mc Donald", "mc donald"),
        ("Strauß", "strauss"),
        ("Łucja Wałęsa", "lucja walesa"),
        ("Đorđe", "dorde"),
        ("Þóra Guðrún", "thora gudrun"),
        ("Søren Æbelø", "soren aebelo"),
    ],
)
def test_it_folds_case_accents_punctuation_and_spacing(typed, folded):
    assert normalise.fold(typed) == folded


def test_it_knows_english_diminutives_and_transliterations():
    assert normalise.are_variants("Bill", "William")
    assert normalise.are_variants("Kate", "Catherine")
    assert normalise.are_variants("Kathy", "Catherine")
    assert normalise.are_variants("Mohammed", "Muhammad")
    assert normalise.are_variants("Mohamed", "Mohammad")
    assert not normalise.are_variants("Joseph", "Joanne")
    assert not normalise.are_variants("William", "Catherine")


def test_it_splits_a_postcode_into_area_district_and_sector():
    code = normalise.parse_postcode("sw1a 2aa")
    assert code == normalise.Postcode("SW1A2AA", "SW", "SW1A", "SW1A 2")


def test_it_treats_the_unknown_postcode_as_blank():
    assert normalise.parse_postcode("ZZ99 9ZZ") is None
    assert normalise.parse_postcode("") is None


def test_it_keeps_a_foreign_postcode_whole():
    assert normalise.parse_postcode("2615") == normalise.Postcode("2615")


def test_it_swaps_day_and_month_only_when_that_is_a_date():
    assert normalise.day_month_swapped(date(2010, 3, 4)) == date(2010, 4, 3)
    assert normalise.day_month_swapped(date(2010, 3, 24)) is None


def test_a_transposed_date_and_a_nickname_still_share_a_blocking_key():
    a = LearnerRecord("1", "William", "Hartley", date(2010, 3, 4), "1", "LS6 2AB")
    b = LearnerRecord("2", "Bill", "Hartley", date(2010, 4, 3), "1", "M1 1AA")
    assert blocking_keys(a) & blocking_keys(b)


def test_a_married_name_with_the_old_one_recorded_shares_a_key_without_the_date():
    a = LearnerRecord("1", "Sarah", "Okafor", date(2009, 5, 6), "2", "LS6 2AB")
    b = LearnerRecord(
        "2",
        "Sarah",
        "Mensah",
        date(2009, 7, 19),
        "2",
        "",
        previous_family_names=("Okafor",),
    )
    assert blocking_keys(a) & blocking_keys(b)
