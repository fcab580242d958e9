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

import numpy as np
import numpy.typing as npt

from examsoffice.matching import bulk, dedupe
from examsoffice.matching.dedupe import candidate_pairs
from examsoffice.matching.engine import MatchEngine
from examsoffice.matching.records import LearnerRecord, PreparedRecord, prepare
from examsoffice.matching.settings import ComparisonSettings, Level, MatchSettings
from examsoffice.matching.vectorised import FeatureTable, IntArray

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


#: Blocks for EM on a learner register: pairs sharing both names (brothers
#: and sisters never do) and pairs sharing a date of birth (they rarely do).
#: A block on the postcode or the family name would be full of households,
#: which EM takes for matches.
REGISTER_EM_BLOCKS: tuple[tuple[str, ...], ...] = (
    ("given_name", "family_name"),
    ("dob",),
)


@dataclass(frozen=True, slots=True)
class BlockReport:
    """What EM found on one block: its pairs, match share and iterations."""

    block: tuple[str, ...]
    pairs: int
    match_share: float
    iterations: int


def train_by_blocks(
    records: Sequence[LearnerRecord],
    settings: MatchSettings,
    blocks: Sequence[tuple[str, ...]] = REGISTER_EM_BLOCKS,
    u_pairs: int = 1_000_000,
    max_pairs: int = 2_000_000,
    iterations: int = 5,
    seed: int = 0,
) -> tuple[MatchSettings, list[BlockReport]]:
    """u from random pairs, held fixed; m by EM on each block separately.

    Inside a block on given and family name every pair agrees on the names,
    so that block says nothing about the names' m; it trains the other
    fields.  Each field's m is the mean over the blocks that did not use it.
    The prior is left as it is.  This is Splink's way of training, and it
    works on a register of families where EM on all candidates does not.

    Few ``iterations`` on purpose: with u held fixed, "m equal to u and every
    pair a match" is also a fixed point, and on a register with many learners
    of one common name EM drifts towards it after the first few steps.
    """
    built = bulk.build(records, [c.field for c in settings.comparisons])
    engine = MatchEngine(settings)
    rng = np.random.default_rng(seed)
    settings = _random_pair_u(engine, built.table, u_pairs, rng)
    engine = MatchEngine(settings)

    sums: dict[str, list[float]] = {}
    counts: dict[str, int] = {}
    reports: list[BlockReport] = []
    for block in blocks:
        ia, ib = _block_pairs(built.table, block, max_pairs, rng)
        if len(ia) == 0:
            continue
        levels = _without_households(engine.pair_levels(built.table, ia, ib), settings)
        trained = [
            k for k, c in enumerate(settings.comparisons) if c.field not in block
        ]
        m, share, done = _em_fixed_u(levels, settings, trained, iterations)
        reports.append(BlockReport(tuple(block), len(ia), share, done))
        for k in trained:
            field = settings.comparisons[k].field
            total = sums.setdefault(field, [0.0] * len(m[k]))
            sums[field] = [a + b for a, b in zip(total, m[k], strict=True)]
            counts[field] = counts.get(field, 0) + 1

    for comparison in settings.comparisons:
        if comparison.field not in sums:
            continue
        mean = [v / counts[comparison.field] for v in sums[comparison.field]]
        mean = _keep_shared_levels(comparison, mean)
        levels_out = tuple(
            Level(lv.name, max(mean[k], _FLOOR), lv.u)
            for k, lv in enumerate(comparison.levels)
        )
        settings = settings.with_levels(comparison.field, levels_out)
    return settings, reports


#: Levels that two comparisons record for one event, which EM (taking the
#: fields as independent) would count twice, keep the m they were given.  The
#: engine now drops the family name's "swapped" when the given name's says
#: it already (see MatchEngine._repeated_levels), so none is left.
SHARED_LEVELS: set[tuple[str, str]] = set()


def _keep_shared_levels(comparison: ComparisonSettings, m: list[float]) -> list[float]:
    fixed = [
        k
        for k, lv in enumerate(comparison.levels)
        if (comparison.field, lv.name) in SHARED_LEVELS
    ]
    if not fixed:
        return m
    # The other levels share what the fixed ones leave.
    kept = sum(comparison.levels[k].m for k in fixed)
    free = sum(v for k, v in enumerate(m) if k not in fixed) or 1.0
    return [
        comparison.levels[k].m if k in fixed else v * (1.0 - kept) / free
        for k, v in enumerate(m)
    ]


def _without_households(
    levels: npt.NDArray[np.int8], settings: MatchSettings
) -> npt.NDArray[np.int8]:
    """Leave out brothers, sisters and twins: one family name and postcode,
    two first names.  EM would take them for matches and learn that a
    different first name is no evidence against a match."""
    fields = [c.field for c in settings.comparisons]
    if not {"given_name", "family_name", "postcode"} <= set(fields):
        return levels

    def named(field: str, names: set[str]) -> npt.NDArray[np.bool_]:
        comparison = settings.comparison(field)
        codes = [k for k, lv in enumerate(comparison.levels) if lv.name in names]
        return np.isin(levels[:, fields.index(field)], codes)

    home = named("family_name", {"exact"}) & named("postcode", {"full"})
    return levels[~(home & named("given_name", {"fuzzy", "else"}))]


def _random_pair_u(
    engine: MatchEngine, table: FeatureTable, pairs: int, rng: np.random.Generator
) -> MatchSettings:
    n = len(table)
    settings = engine.settings
    if n < 2:
        return settings
    ia = rng.integers(0, n, pairs)
    ib = rng.integers(0, n, pairs)
    keep = ia != ib
    levels = engine.pair_levels(table, ia[keep], ib[keep])
    for index, comparison in enumerate(settings.comparisons):
        column = levels[:, index]
        size = len(comparison.levels)
        tally = np.bincount(column[column >= 0], minlength=size) + 0.5
        shares = tally / tally.sum()
        out = tuple(
            Level(lv.name, lv.m, max(float(shares[k]), _FLOOR))
            for k, lv in enumerate(comparison.levels)
        )
        settings = settings.with_levels(comparison.field, out)
    return settings


def _block_pairs(
    table: FeatureTable,
    block: Sequence[str],
    max_pairs: int,
    rng: np.random.Generator,
) -> tuple[IntArray, IntArray]:
    """Pairs of records agreeing exactly on every field of the block."""
    columns = {
        "given_name": table.given,
        "family_name": table.family,
        "dob": table.dob,
        "postcode": table.postcode,
        "gender": table.gender,
    }
    key = np.zeros(len(table), dtype=np.int64)
    present = np.ones(len(table), dtype=bool)
    for field in block:
        column = columns[field]
        present &= column != -1 if field != "gender" else column != 0
        _, codes = np.unique(column, return_inverse=True)
        key = key * np.int64(codes.max() + 1) + codes.reshape(-1)
    owners = np.flatnonzero(present)
    ia, ib = dedupe.pairs_from_keys(owners, key[owners], len(table), 10**6)
    if len(ia) > max_pairs:
        pick = np.sort(rng.choice(len(ia), max_pairs, replace=False))
        ia, ib = ia[pick], ib[pick]
    return ia, ib


def _em_fixed_u(
    levels: npt.NDArray[np.int8],
    settings: MatchSettings,
    trained: list[int],
    iterations: int,
) -> tuple[list[list[float]], float, int]:
    """EM for m and the match share, u fixed, over distinct level patterns."""
    patterns, counts = np.unique(levels, axis=0, return_counts=True)
    sizes = [len(c.levels) for c in settings.comparisons]
    m = [[lv.m for lv in c.levels] for c in settings.comparisons]
    u = [[lv.u for lv in c.levels] for c in settings.comparisons]
    # Start from few matches: with u held fixed, m equal to u and every pair
    # a match is also a fixed point, and a high start share drifts to it.
    share = 0.05
    done = 0
    for iteration in range(1, iterations + 1):
        done = iteration
        log_m = np.full(len(patterns), np.log(share))
        log_u = np.full(len(patterns), np.log(1.0 - share))
        for k in trained:
            column = patterns[:, k].astype(np.int64)
            seen = column >= 0
            log_m += np.where(seen, np.log(np.array(m[k]))[column], 0.0)
            log_u += np.where(seen, np.log(np.array(u[k]))[column], 0.0)
        posterior = 1.0 / (1.0 + np.exp(np.clip(log_u - log_m, -700, 700)))
        weight = posterior * counts
        change = 0.0
        for k in trained:
            column = patterns[:, k].astype(np.int64)
            seen = column >= 0
            tally = np.bincount(column[seen], weight[seen], minlength=sizes[k]) + 1e-3
            new = (tally / tally.sum()).tolist()
            change = max(
                change, max(abs(a - b) for a, b in zip(m[k], new, strict=True))
            )
            m[k] = new
        share = float(min(max(weight.sum() / counts.sum(), 1e-6), 1 - 1e-6))
        if change < 1e-6:
            break
    return m, share, done
