import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from examsoffice.identifiers import NO_ULN, random_uln, validate_uln


@pytest.mark.parametrize(
    "uln", ["9276308686", "1000000043", "1234567899", "5000000004"]
)
def test_it_accepts_the_reference_ulns(uln):
    assert validate_uln(uln).valid


def test_it_names_the_expected_check_digit():
    result = validate_uln("1000000042")

    assert not result.valid
    assert result.expected == "3"
    assert "should be 3" in result.reason


@pytest.mark.parametrize(
    ("uln", "code"),
    [
        ("0123456789", "uln.leading_zero"),
        ("123456789", "uln.length"),
        ("12345A7899", "uln.format"),
        ("", "uln.missing"),
        ("9876543210", "uln.check_digit"),
    ],
)
def test_it_rejects_malformed_ulns_with_a_reason(uln, code):
    result = validate_uln(uln)

    assert not result.valid
    assert result.code == code
    assert result.reason


def test_it_treats_the_placeholder_as_no_uln():
    result = validate_uln(NO_ULN)

    assert not result.valid
    assert result.kind == "placeholder"
    assert "no ULN" in result.reason


def test_it_ignores_spaces_pasted_from_a_spreadsheet():
    assert validate_uln(" 927 630 8686 ").normalised == "9276308686"


def test_a_digit_no_check_digit_can_fix_is_explained():
    # 987654321 weighs 330, a multiple of 11: no last digit makes it valid.
    assert "No check digit" in validate_uln("9876543214").reason


seeds = st.integers(min_value=0, max_value=2**32)


@given(seeds)
def test_every_generated_uln_is_valid(seed):
    assert validate_uln(random_uln(random.Random(seed))).valid


# Mod 11 is prime and every weight (10..1) and digit difference (1..9) is below 11,
# so every single-digit change and every adjacent swap of different digits changes
# the sum mod 11: the check catches all of them.
@given(seeds, st.integers(0, 9), st.integers(1, 9))
def test_every_single_digit_change_is_caught(seed, position, shift):
    uln = random_uln(random.Random(seed))
    digit = (int(uln[position]) + shift) % 10
    changed = uln[:position] + str(digit) + uln[position + 1 :]

    assert not validate_uln(changed).valid


@given(seeds, st.integers(0, 8))
def test_every_adjacent_swap_is_caught(seed, position):
    uln = random_uln(random.Random(seed))
    swapped = uln[:position] + uln[position + 1] + uln[position] + uln[position + 2 :]

    if swapped != uln:
        assert not validate_uln(swapped).valid
