"""The whole-register path (features per distinct value) equals the per-record one."""

from dataclasses import replace

import numpy as np
import pytest

from examsoffice.matching import bulk, dedupe, synthetic
from examsoffice.matching.blocking import blocking_keys
from examsoffice.matching.comparisons import names_rearranged
from examsoffice.matching.engine import TermFrequencies
from examsoffice.matching.records import LearnerRecord, prepare
from examsoffice.matching.vectorised import FeatureTable


@pytest.fixture(scope="module")
def records():
    register = synthetic.generate(1500, seed=31)
    records = list(register.records)
    # The awkward shapes: two given words, a double-barrelled family name with
    # previous names (one of them the current name), blanks.
    records[0] = replace(
        records[0],
        given="Mary Ann",
        family="Smith-Jones",
        previous_family_names=("Brown", "smith jones"),
    )
    records[1] = replace(records[1], given="", postcode="")
    records[2] = replace(records[2], dob=None, family="")
    return records


def test_bulk_features_equal_those_of_prepared_records(records):
    built = bulk.build(records)
    expected = FeatureTable.build([prepare(r) for r in records])

    for name in expected.__dataclass_fields__:
        if name in ("records", "names", "postcodes", "groups"):
            continue
        assert np.array_equal(
            np.asarray(getattr(expected, name)), np.asarray(getattr(built.table, name))
        ), name


def test_bulk_keys_give_the_candidate_pairs_of_blocking_keys(records):
    prepared = [prepare(r) for r in records]
    built = bulk.build(records)

    ia, ib = dedupe.candidate_arrays(prepared)
    ja, jb = dedupe.pairs_from_keys(built.key_owner, built.key, len(records))

    assert np.array_equal(ia, ja)
    assert np.array_equal(ib, jb)
    assert len(built.key) == sum(len(blocking_keys(p)) for p in prepared)


def test_bulk_term_frequencies_equal_those_of_records(records):
    expected = TermFrequencies.from_records(records)
    found = TermFrequencies.from_table(bulk.build(records).table)

    assert (found.given, found.family, found.total) == (
        expected.given,
        expected.family,
        expected.total,
    )
    assert found.households == pytest.approx(expected.households, rel=1e-12)


def test_block_limits_leave_out_only_large_blocks(records):
    built = bulk.build(records)
    _, keys = built.limited_keys(dict.fromkeys(bulk.BULK_LIMITS, 2))
    _, counts = np.unique(keys, return_counts=True)

    assert counts.max() <= 2
    assert len(keys) < len(built.key)


def test_names_moved_between_fields_are_rearranged_but_twins_are_not():
    pupil = prepare(LearnerRecord("1", "Julian", "Gibson", middle="Geoffrey"))
    moved = prepare(LearnerRecord("2", "Geoffrey", "Julian", middle="Gibson"))
    renamed = prepare(
        LearnerRecord("3", "Jaceson", "Julian", previous_family_names=("Gibson",))
    )
    twin = prepare(LearnerRecord("4", "Oliver", "Gibson", middle="Thomas"))

    assert names_rearranged(pupil, moved)
    assert names_rearranged(pupil, renamed)
    assert not names_rearranged(pupil, twin)
