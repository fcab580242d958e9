"""Estimate the model from the register itself, without labelled pairs.

``u`` (how often unrelated records agree at each level) comes from random pairs,
which are almost all unrelated.  ``m`` (how often true matches do) comes from
expectation maximisation on the blocked candidate pairs: a two-class mixture,
matches and non-matches, each field independent within a class.  Pairs are
reduced to their pattern of levels first, so EM over a million candidate pairs
runs on a few thousand distinct patterns.
"""

from __future__ import annotations

import logging
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import islice

from examsoffice.matching.dedupe import candidate_pairs
from examsoffice.matching.engine import MatchEngine
from examsoffice.matching.records import LearnerRecord, PreparedRecord, prepare
from examsoffice.matching.settings import Level, MatchSettings

logger = logging.getLogger(__name__)

Pattern = tuple[int | None, ...]

# No probability is allowed to reach 0: a level never seen must still be possible.
_FLOOR = 1e-6


@dataclass(frozen=True, slots=True)
class TrainingReport:
    settings: MatchSettings
    iterations: int
    converged: bool
    match_share: float
    pairs: int


def estimate_u(
    records: Sequence[LearnerRecord | PreparedRecord],
    settings: MatchSettings,
    max_pairs: int = 200_000,
    seed: int = 0,
) -> MatchSettings:
    """Settings with every u replaced by its share among random pairs of records."""
    prepared = [_prep(r) for r in records]
    if len(prepared) < 2:
        return settings
    engine = MatchEngine(settings)
    rng = random.Random(seed)
    n = len(prepared)

    counts: Counter[Pattern] = Counter()
    for _ in range(max_pairs):
        i, j = rng.randrange(n), rng.randrange(n)
        if i != j:
            counts[engine.levels(prepared[i], prepared[j])] += 1

    for index, comparison in enumerate(settings.comparisons):
        shares = _level_shares(counts, index, len(comparison.levels), pseudo=0.5)
        levels = tuple(
            Level(lv.name, lv.m, shares[k]) for k, lv in enumerate(comparison.levels)
        )
        settings = settings.with_levels(comparison.field, levels)
    return settings


def train_em(
    records: Sequence[LearnerRecord | PreparedRecord],
    settings: MatchSettings,
    max_pairs: int = 2_000_000,
    iterations: int = 40,
    estimate_u_first: bool = True,
    seed: int = 0,
) -> TrainingReport:
    """Estimate u from random pairs, then m and the prior by EM on blocked pairs."""
    prepared = [_prep(r) for r in records]
    if estimate_u_first:
        settings = estimate_u(prepared, settings, seed=seed)
    n = len(prepared)
    pairs = ((prepared[i], prepared[j]) for i, j in candidate_pairs(prepared))
    return train_em_on_pairs(
        islice(pairs, max_pairs), settings, n * (n - 1) // 2, iterations
    )


def train_em_on_pairs(
    pairs: Iterable[tuple[PreparedRecord, PreparedRecord]],
    settings: MatchSettings,
    total_pairs: int,
    iterations: int = 40,
) -> TrainingReport:
    """EM on candidate pairs; ``total_pairs`` turns their match share into a prior."""
    engine = MatchEngine(settings)
    patterns: Counter[Pattern] = Counter(engine.levels(a, b) for a, b in pairs)
    pair_count = sum(patterns.values())
    if pair_count == 0:
        return TrainingReport(settings, 0, False, 0.0, 0)

    sizes = [len(c.levels) for c in settings.comparisons]
    m = [[lv.m for lv in c.levels] for c in settings.comparisons]
    u = [_uniform_ish(c.levels) for c in settings.comparisons]
    share = 0.1
    converged = False
    done = 0

    for iteration in range(1, iterations + 1):
        done = iteration
        posterior = _expectation(patterns, m, u, share)
        new_m, new_u, new_share = _maximisation(patterns, posterior, sizes)
        change = max(
            abs(a - b)
            for row, new in zip(m, new_m, strict=True)
            for a, b in zip(row, new, strict=True)
        )
        m, u, share = new_m, new_u, new_share
        if change < 1e-5:
            converged = True
            break

    logger.info("EM stopped after %s iterations; match share %.4f", done, share)
    for index, comparison in enumerate(settings.comparisons):
        levels = tuple(
            Level(lv.name, max(m[index][k], _FLOOR), lv.u)
            for k, lv in enumerate(comparison.levels)
        )
        settings = settings.with_levels(comparison.field, levels)

    prior = min(max(share * pair_count / max(total_pairs, 1), 1e-12), 0.5)

    settings = replace(settings, prior=prior)
    return TrainingReport(settings, done, converged, share, pair_count)


def _prep(record: LearnerRecord | PreparedRecord) -> PreparedRecord:
    return record if isinstance(record, PreparedRecord) else prepare(record)


def _uniform_ish(levels: tuple[Level, ...]) -> list[float]:
    # Start the blocked non-matches from the random-pair u, nudged towards
    # agreement because blocking gathers pairs that already agree on something.
    total = sum(lv.u for lv in levels)
    return [(lv.u / total) * 0.5 + 0.5 / len(levels) for lv in levels]


def _level_shares(
    counts: Counter[Pattern], index: int, size: int, pseudo: float
) -> list[float]:
    tally = [pseudo] * size
    for pattern, count in counts.items():
        level = pattern[index]
        if level is not None:
            tally[level] += count
    total = sum(tally)
    return [max(t / total, _FLOOR) for t in tally]


def _expectation(
    patterns: Counter[Pattern], m: list[list[float]], u: list[list[float]], share: float
) -> dict[Pattern, float]:
    posterior: dict[Pattern, float] = {}
    for pattern in patterns:
        pm, pu = share, 1.0 - share
        for index, level in enumerate(pattern):
            if level is not None:
                pm *= m[index][level]
                pu *= u[index][level]
        posterior[pattern] = pm / (pm + pu) if pm + pu > 0 else 0.0
    return posterior


def _maximisation(
    patterns: Counter[Pattern], posterior: dict[Pattern, float], sizes: list[int]
) -> tuple[list[list[float]], list[list[float]], float]:
    m_tally = [[1e-3] * s for s in sizes]
    u_tally = [[1e-3] * s for s in sizes]
    matches = 0.0
    total = 0
    for pattern, count in patterns.items():
        p = posterior[pattern]
        matches += p * count
        total += count
        for index, level in enumerate(pattern):
            if level is not None:
                m_tally[index][level] += p * count
                u_tally[index][level] += (1.0 - p) * count
    m = [[t / sum(row) for t in row] for row in m_tally]
    u = [[t / sum(row) for t in row] for row in u_tally]
    return m, u, matches / total
