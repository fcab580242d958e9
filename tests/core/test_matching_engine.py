import json
from dataclasses import replace
from datetime import date

import pytest

from examsoffice.errors import ConfigurationError
from examsoffice.matching.dedupe import connected_components, find_duplicates
from examsoffice.matching.engine import (
    FLAG_DOB_DIFFERS,
    FLAG_NAMES_SWAPPED,
    FLAG_POSSIBLE_TWIN,
    FLAG_PREVIOUS_FAMILY_NAME,
    Decision,
    FindOutcome,
    MatchEngine,
    TermFrequencies,
)
from examsoffice.matching.records import LearnerRecord
from examsoffice.matching.settings import MatchSettings

PUPIL = LearnerRecord(
    "1", "Catherine", "Hartley", date(2010, 3, 4), "2", "LS6 2AB", middle="Jane"
)


def score(other, engine=None):
    return (engine or MatchEngine()).score(PUPIL, other)


def test_an_identical_record_is_an_exact_match():
    result = score(replace(PUPIL, id="2"))
    assert result.decision is Decision.EXACT
    assert result.differing == ()


def test_a_nickname_is_a_variant_not_a_disagreement():
    result = score(replace(PUPIL, id="2", given="Kate"))
    assert result.level_of["given_name"] == "variant"
    assert result.differing == ("given_name",)
    assert result.probability > 0.9


def test_swapped_given_and_family_names_are_found_and_flagged():
    result = score(replace(PUPIL, id="2", given="Hartley", family="Catherine"))
    assert FLAG_NAMES_SWAPPED in result.flags
    assert result.probability > 0.5


def test_a_transposed_date_of_birth_scores_well_above_a_different_one():
    transposed = score(replace(PUPIL, id="2", dob=date(2010, 4, 3)))
    different = score(replace(PUPIL, id="3", dob=date(2011, 9, 17)))
    assert transposed.level_of["dob"] == "transposed"
    assert FLAG_DOB_DIFFERS in transposed.flags
    assert transposed.weight > different.weight + 5


def test_a_previous_family_name_counts_as_agreement_and_is_flagged():
    married = replace(
        PUPIL, id="2", family="Mensah", previous_family_names=("Hartley",)
    )
    result = score(married)
    assert result.level_of["family_name"] == "previous"
    assert FLAG_PREVIOUS_FAMILY_NAME in result.flags
    assert result.probability > 0.9


def test_a_rare_family_name_counts_for_more_than_smith():
    register = [LearnerRecord(str(i), "X", "Smith") for i in range(500)]
    register += [LearnerRecord("r", "Y", "Hartley")]
    engine = MatchEngine(term_frequencies=TermFrequencies.from_records(register))
    smith = replace(PUPIL, family="Smith")
    rare = engine.score(PUPIL, replace(PUPIL, id="2")).weight
    common = engine.score(smith, replace(smith, id="2")).weight
    assert rare > common + 5


def test_twins_are_not_matched():
    twin = replace(PUPIL, id="2", given="Olivia", middle="")
    result = score(twin)
    assert FLAG_POSSIBLE_TWIN in result.flags
    assert result.decision is Decision.NONE


def test_twins_are_not_merged_by_deduplication():
    twin = replace(PUPIL, id="2", given="Olivia", middle="")
    duplicate = replace(PUPIL, id="3", given="Kate")
    result = find_duplicates([PUPIL, twin, duplicate])
    assert result.groups == [["1", "3"]]


def test_a_find_with_one_exact_candidate_is_exact_and_with_many_is_too_many():
    engine = MatchEngine()
    exact = engine.rank(
        PUPIL, [replace(PUPIL, id="2"), replace(PUPIL, id="3", given="Z")]
    )
    assert engine.classify(exact) is FindOutcome.EXACT
    many = engine.rank(
        PUPIL, [replace(PUPIL, id=str(i), given="Kate") for i in range(12)]
    )
    assert engine.classify(many) is FindOutcome.TOO_MANY
    assert engine.classify([]) is FindOutcome.NO_MATCH


def test_settings_round_trip_through_json_and_reject_bad_levels():
    settings = MatchSettings.default()
    assert MatchSettings.from_json(settings.to_json()) == settings
    data = json.loads(settings.to_json())
    data["comparisons"][0]["levels"].reverse()
    with pytest.raises(ConfigurationError, match="must list the levels"):
        MatchSettings.from_dict(data)


def test_connected_components_join_chains_into_one_group():
    assert connected_components([("a", "b"), ("b", "c"), ("x", "y")]) == [
        ["a", "b", "c"],
        ["x", "y"],
    ]


def test_settings_saved_before_the_missing_middle_name_level_still_load():
    data = json.loads(MatchSettings.default().to_json())
    middle = next(c for c in data["comparisons"] if c["field"] == "middle_name")
    middle["levels"] = [lv for lv in middle["levels"] if lv["name"] != "missing"]

    loaded = MatchSettings.from_dict(data)

    names = [lv.name for lv in loaded.comparison("middle_name").levels]
    assert names == ["exact", "swapped", "missing", "else"]


def test_a_middle_name_on_one_record_only_counts_against_a_match():
    without = replace(PUPIL, id="2", middle="")
    engine = MatchEngine()

    assert engine.score(PUPIL, without).level_of["middle_name"] == "missing"
    assert engine.score(PUPIL, without).weight < engine.score(PUPIL, PUPIL).weight


def test_swapped_names_count_once_not_in_both_name_fields():
    swapped = replace(PUPIL, id="2", given=PUPIL.family, family=PUPIL.given)
    result = MatchEngine().score(PUPIL, swapped)

    assert result.level_of["given_name"] == "swapped"
    assert result.level_of["family_name"] is None
    assert FLAG_NAMES_SWAPPED in result.flags


def test_a_misspelt_variant_of_a_first_name_is_not_taken_for_a_twin():
    register = [
        LearnerRecord(str(k), f"Name{k}", f"Family{k}", date(2010, 1, 1))
        for k in range(3)
    ]
    original = LearnerRecord(
        "a", "Kathryn", "Hoare", date(2008, 12, 18), "2", "E20 2CG"
    )
    typo = replace(original, id="b", given="Catheine")
    twin = replace(original, id="c", given="Olivia")
    tf = TermFrequencies.from_records([*register, original, typo, twin])
    engine = MatchEngine(term_frequencies=tf)

    assert FLAG_POSSIBLE_TWIN not in engine.score(original, typo).flags
    assert FLAG_POSSIBLE_TWIN in engine.score(original, twin).flags


def test_two_learners_with_one_hyphenated_first_name_share_no_middle_name():
    amy = LearnerRecord("a", "Amy-Leigh", "Carter", date(2009, 5, 1), "2", "M1 1AA")
    other = replace(amy, id="b", family="Dunn", dob=date(2009, 6, 1))
    named = replace(amy, id="c", given="Amy", middle="Leigh")
    engine = MatchEngine()

    assert engine.score(amy, other).level_of["middle_name"] is None
    assert engine.score(amy, named).level_of["middle_name"] == "exact"
    assert engine.prepare(amy).middle == ()
    assert engine.prepare(amy).given_extra == ("leigh",)


def test_twins_one_letter_apart_are_not_matched_when_gender_or_middle_differs():
    jane = LearnerRecord("a", "Jane", "Okafor", date(2011, 2, 3), "2", "B5 7QT")
    janet = replace(jane, id="b", given="Janet", middle="Ruth")
    jane_middle = replace(jane, middle="Alice")
    nicola = replace(jane, id="c", given="Nicola")
    nicolas = replace(jane, id="d", given="Nicolas", gender="1")
    typo = replace(jane_middle, id="e", given="Jnae")
    engine = MatchEngine()

    assert FLAG_POSSIBLE_TWIN in engine.score(jane_middle, janet).flags
    assert engine.score(jane_middle, janet).decision is Decision.NONE
    assert FLAG_POSSIBLE_TWIN in engine.score(nicola, nicolas).flags
    assert FLAG_POSSIBLE_TWIN not in engine.score(jane_middle, typo).flags
    assert engine.score(jane_middle, typo).decision is not Decision.NONE


def test_a_short_first_name_mistyped_into_a_name_nobody_has_counts_as_close():
    register = [
        LearnerRecord(str(k), "Tom", f"Family{k}", date(2010, 1, 1)) for k in range(3)
    ]
    tom = LearnerRecord("a", "Tom", "Smith", date(2011, 3, 19), "1", "S9 4MN")
    typo = replace(tom, id="b", given="Tkm", postcode="LS1 1AA")
    tim = replace(tom, id="c", given="Tim", postcode="LS1 1AA")
    tf = TermFrequencies.from_records([*register, tom, typo, tim, replace(tim, id="d")])
    engine = MatchEngine(term_frequencies=tf)

    assert engine.score(tom, typo).level_of["given_name"] == "close"
    assert engine.score(tom, tim).level_of["given_name"] == "else"


def test_first_and_middle_names_exchanged_with_a_slip_are_swapped():
    a = LearnerRecord(
        "a", "Antony", "Stevens", date(2008, 1, 20), "1", middle="Terence"
    )
    b = replace(a, id="b", given="Terente", middle="Antony", postcode="BT3 6XX")
    assert MatchEngine().score(a, b).level_of["middle_name"] == "swapped"


def test_names_moved_between_fields_may_keep_a_slip():
    kelly = LearnerRecord("a", "Kelly", "Hamilton", date(2008, 8, 29), "2", "LD1 5DQ")
    moved = replace(
        kelly,
        id="b",
        given="Hailton",
        family="Marshall",
        previous_family_names=("Kelly",),
    )
    result = MatchEngine().score(kelly, moved)
    assert result.level_of["given_name"] == "swapped"
    assert result.decision is not Decision.NONE
