"""The batch and array paths give exactly the per-pair scores."""

from dataclasses import replace

import numpy as np
import pytest

from examsoffice.matching import dedupe, synthetic
from examsoffice.matching.engine import MatchEngine, TermFrequencies
from examsoffice.matching.records import prepare
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
