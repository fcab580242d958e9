import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from examsoffice.identifiers import make_uci, random_uci, validate_uci
from examsoffice.identifiers.uci import ALPHABET


@pytest.mark.parametrize("uci", ["681990012058G", "689990980001D", "999990140001B"])
def test_it_accepts_the_worked_examples(uci):
    assert validate_uci(uci).valid


def test_it_rejects_aqas_illustrative_check_character():
    result = validate_uci("999990140001X")

    assert not result.valid
    assert result.expected == "B"
    assert "should be B" in result.reason


def test_it_builds_the_uci_for_a_centre_year_and_candidate():
    assert make_uci("68199", 2001, 2058) == "681990012058G"
    assert make_uci("68199", 1, "2058") == "681990012058G"


@pytest.mark.parametrize(
    ("uci", "fragment"),
    [
        ("6819900120G", "13 characters"),
        ("681991012058G", "Character 6"),
        ("681990010000A", "0001 to 9999"),
        ("681990012058I", "check letter"),
        ("6819A0012058G", "centre number"),
    ],
)
def test_it_explains_a_malformed_uci(uci, fragment):
    result = validate_uci(uci)

    assert not result.valid
    assert fragment in result.reason


def test_it_refuses_to_build_a_uci_for_candidate_zero():
    with pytest.raises(ValueError, match="0000"):
        make_uci("68199", 2024, 0)


def test_an_international_uci_validates_under_the_unverified_letter_value():
    uci = make_uci("91234", 2024, 17, board="B")

    assert uci[5] == "B"
    assert validate_uci(uci).valid


seeds = st.integers(min_value=0, max_value=2**32)
replacement_chars = st.sampled_from(sorted(set("0123456789B" + ALPHABET)))


@given(seeds)
def test_every_generated_uci_is_valid(seed):
    assert validate_uci(random_uci(random.Random(seed))).valid


# Mod 17 is prime and larger than every weight (16..5) and digit difference (1..9),
# and neighbouring weights differ by 1, so every single change and adjacent swap of
# the first 12 characters moves the sum; a change to the check character is caught
# directly, and a swap with it puts a letter among the digits (a format fault).
@given(seeds, st.integers(0, 12), replacement_chars)
def test_every_single_character_change_is_caught(seed, position, char):
    uci = random_uci(random.Random(seed))
    changed = uci[:position] + char + uci[position + 1 :]

    if changed != uci:
        assert not validate_uci(changed).valid


@given(seeds, st.integers(0, 11))
def test_every_adjacent_swap_is_caught(seed, position):
    uci = random_uci(random.Random(seed))
    swapped = uci[:position] + uci[position + 1] + uci[position] + uci[position + 2 :]

    if swapped != uci:
        assert not validate_uci(swapped).valid
