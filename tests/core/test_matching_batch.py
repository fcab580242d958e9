"""The batch and array paths give exactly the per-pair scores."""

from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from examsoffice.matching import dedupe, synthetic
from examsoffice.matching.engine import MatchEngine, TermFrequencies
from examsoffice.matching.records import LearnerRecord, prepare
from examsoffice.matching.settings import MatchSettings
from examsoffice.matching.vectorised import FeatureTable


@pytest.fixture(scope="module")
def register():
    return synthetic.generate(1500, seed=21)


@pytest.mark.parametrize("with_tf", [False, True])
def test_array_levels_and_weights_equal_the_per_pair_ones(register, with_tf):
    prepared = [prepare(r) for r in register.records]
    tf = TermFrequencies.from_records(prepared) if with_tf else None
    engine = MatchEngine(MatchSettings.default(), tf)
    ia, ib = dedupe.candidate_arrays(prepared)
    rng = np.random.default_rng(4)
    ia = np.concatenate([ia, rng.integers(0, len(prepared), 3000)])
    ib = np.concatenate([ib, rng.integers(0, len(prepared), 3000)])
    table = FeatureTable.build(prepared)

    levels = engine.pair_levels(table, ia, ib)
    weights, _ = engine.pair_weights(table, ia, ib, levels)

    for k, (i, j) in enumerate(zip(ia.tolist(), ib.tolist(), strict=True)):
        expected = engine.levels(prepared[i], prepared[j])
        assert tuple(None if v < 0 else int(v) for v in levels[k]) == expected
        assert weights[k] == pytest.approx(engine.weight_of(prepared[i], prepared[j]))


def test_score_many_gives_the_same_results_as_score(register):
    engine = MatchEngine(
        term_frequencies=TermFrequencies.from_records(register.records)
    )
    query, candidates = register.records[0], register.records[1:301]
    assert engine.score_many(query, candidates) == [
        engine.score(query, c) for c in candidates
    ]


def test_candidate_arrays_are_the_candidate_pairs(register):
    prepared = [prepare(r) for r in register.records]
    ia, ib = dedupe.candidate_arrays(prepared, max_block=20)
    expected = set(dedupe.candidate_pairs(prepared, max_block=20))
    assert set(zip(ia.tolist(), ib.tolist(), strict=True)) == expected
    assert len(ia) == len(expected)


def test_a_mistyped_first_name_with_the_same_middle_name_is_not_a_twin(register):
    original = next(r for r in register.records if r.middle and len(r.given) > 5)
    typo = replace(original, id="typo", given=original.given[0] + original.given[2:])
    twin = replace(original, id="twin", given="Zebedee", middle="Quentin")
    engine = MatchEngine(MatchSettings.default())
    assert engine.score(original, typo).probability > 0.9
    assert engine.score(original, twin).probability < 0.01


def test_array_levels_equal_the_per_pair_ones_on_names_that_move_or_slip():
    base = LearnerRecord("a", "Amy-Leigh", "Hamilton", date(2009, 5, 1), "2", "M1 1AA")
    records = [
        base,
        replace(base, id="b", given="Amy", middle="Leigh"),
        replace(base, id="c", given="Hailton", family="Kelly", middle="Amy"),
        replace(
            base,
            id="d",
            given="Kelly",
            family="Marshall",
            previous_family_names=("Hamilton",),
        ),
        replace(base, id="e", given="Jane", middle="Ruth"),
        replace(base, id="f", given="Janet", middle="Alice", gender="1"),
        replace(base, id="g", given="Terence", middle="Antony Leigh"),
        replace(base, id="h", given="Antony", middle="Terente"),
        replace(base, id="i", given="Amy-Leigh", middle="Leigh"),
        replace(base, id="j", given="Tom", family="Smith"),
        replace(base, id="k", given="Tkm", family="Smith", gender="0"),
    ]
    prepared = [prepare(r) for r in records]
    table = FeatureTable.build(prepared)
    for tf in (None, TermFrequencies.from_records(prepared)):
        engine = MatchEngine(MatchSettings.default(), tf)
        pairs = [(i, j) for i in range(len(records)) for j in range(len(records))]
        ia = np.array([i for i, _ in pairs], dtype=np.int64)
        ib = np.array([j for _, j in pairs], dtype=np.int64)
        levels = engine.pair_levels(table, ia, ib)
        weights, _ = engine.pair_weights(table, ia, ib, levels)
        for k, (i, j) in enumerate(pairs):
            expected = engine.levels(prepared[i], prepared[j])
            assert tuple(None if v < 0 else int(v) for v in levels[k]) == expected
            assert weights[k] == pytest.approx(
                engine.weight_of(prepared[i], prepared[j])
            )
