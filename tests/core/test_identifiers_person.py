"""A learner's names and date of birth: what the register can take."""

from __future__ import annotations

from datetime import date

import pytest

from examsoffice.identifiers import (
    age_limits,
    normalise_name,
    validate_date_of_birth,
    validate_name,
)

TODAY = date(2025, 6, 1)


def test_the_age_limits_are_the_ilr_rules_read_from_data():
    limits = age_limits()

    assert (limits.oldest, limits.youngest) == (115, 4)
    assert limits.oldest_rule == "DateOfBirth_04"
    assert limits.youngest_rule == "DateOfBirth_05"


def test_it_refuses_a_date_of_birth_in_the_future():
    result = validate_date_of_birth(date(2030, 1, 1), TODAY)

    assert not result.valid
    assert result.code == "future"
    assert "2030-01-01 is in the future" in result.reason


def test_it_refuses_a_learner_aged_115_or_over():
    result = validate_date_of_birth(date(1900, 1, 1), TODAY)

    assert result.code == "too_old"
    assert "DateOfBirth_04" in result.reason
    assert validate_date_of_birth(date(1910, 6, 2), TODAY).valid


def test_it_refuses_a_learner_under_4():
    assert validate_date_of_birth(date(2021, 6, 2), TODAY).code == "too_young"
    assert validate_date_of_birth(date(2021, 6, 1), TODAY).valid


@pytest.mark.parametrize(
    "name",
    [
        "Amelia",
        "O'Brien-Smith",
        "Zoë",
        "Siobhán",
        "St. John",
        "Nguyễn",
        "Łucja",
        "张伟",
    ],
)
def test_it_takes_names_of_letters_of_any_alphabet_and_name_punctuation(name):
    assert validate_name(name).valid


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("O'Brien-Smith 3rd", "the digit '3'"),
        ("<b>Bo</b>", "'<', as in web markup"),
        ("12345", "the digit '1'"),
        ("!!!", "the character '!'"),
        ("-.'", "it has no letters"),
    ],
)
def test_it_refuses_a_name_with_digits_markup_or_no_letters_naming_the_character(
    name, reason
):
    result = validate_name(name)

    assert not result.valid
    assert reason in result.reason


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        (" DIANE", "DIANE"),
        ("COLILS ", "COLILS"),
        ("Mary  \t Jane", "Mary Jane"),
        ("Zoe\u0308", "Zo\u00eb"),
        ("   ", ""),
    ],
)
def test_a_name_is_normalised_trimmed_single_spaced_and_composed(raw, stored):
    assert normalise_name(raw) == stored
