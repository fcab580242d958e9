import pytest

from examsoffice.identifiers import (
    normalise_candidate_number,
    normalise_postcode,
    validate_candidate_number,
    validate_centre_number,
    validate_postcode,
)


@pytest.mark.parametrize(
    "postcode",
    ["SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "W1A 0AX", "EC1A 1BB"],
)
def test_it_accepts_bs7666_postcodes(postcode):
    assert validate_postcode(postcode).valid


@pytest.mark.parametrize("postcode", ["Q1 1AA", "AB1 2CD", "12345", "SW1A 1A"])
def test_it_rejects_postcodes_of_the_wrong_shape(postcode):
    result = validate_postcode(postcode)

    assert not result.valid
    assert "not shaped like a UK postcode" in result.reason


def test_it_normalises_spacing_and_case():
    assert normalise_postcode(" sw1a1aa ") == "SW1A 1AA"
    assert normalise_postcode("ec1a  1bb") == "EC1A 1BB"
    assert validate_postcode("sw1a1aa").normalised == "SW1A 1AA"


def test_it_reports_the_unknown_postcode_as_a_placeholder():
    result = validate_postcode("zz999zz")

    assert not result.valid
    assert result.kind == "placeholder"
    assert "not known" in result.reason


def test_it_accepts_a_bfpo_address():
    result = validate_postcode("bfpo  801")

    assert result.valid
    assert result.kind == "bfpo"
    assert result.normalised == "BFPO 801"


def test_it_says_an_empty_postcode_is_missing():
    assert validate_postcode("  ").code == "postcode.missing"


def test_candidate_numbers_keep_their_leading_zeros():
    assert normalise_candidate_number("42") == "0042"
    assert validate_candidate_number("42").valid


@pytest.mark.parametrize("number", ["0000", "12345", "12a4", ""])
def test_it_rejects_candidate_numbers_outside_0001_to_9999(number):
    assert not validate_candidate_number(number).valid


def test_centre_numbers_are_five_digits():
    assert validate_centre_number("68199").valid
    assert not validate_centre_number("6819").valid
    assert "5 digits" in validate_centre_number("6819A").reason


@pytest.mark.parametrize(
    ("postcode", "reason"),
    [
        ("EX5 5EM", "the last two letters can't be C, I, K, M, O or V (here M)"),
        ("EX5 5AC", "(here C)"),
        ("EX5 E5A", "must start with a digit, not E"),
        ("QX5 5EA", "no postcode starts with Q"),
        ("EZ5 5EA", "the second letter can't be I, J or Z (here Z)"),
        ("A9L 1AA", "L can't end the first part"),
        ("AB9C 1AA", "C can't end the first part"),
        ("SW1", "three of them after the space"),
    ],
)
def test_it_says_why_a_postcode_is_the_wrong_shape(postcode, reason):
    result = validate_postcode(postcode)

    assert not result.valid
    assert reason in result.reason
