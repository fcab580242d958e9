"""Find every duplicate pair in a list of records, and group them into people.

Candidates come from the blocking keys; each candidate pair is scored once;
pairs at or above the duplicate threshold are joined into groups (connected
components), so three records of one learner form one group.  The same code
links two lists (a batch against the register) when given two.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from examsoffice.matching import bulk
from examsoffice.matching.blocking import blocking_keys
from examsoffice.matching.engine import (
    MatchEngine,
    TermFrequencies,
    probability_from_weight,
)
from examsoffice.matching.records import LearnerRecord, PreparedRecord, prepare
from examsoffice.matching.settings import MatchSettings
from examsoffice.matching.vectorised import FeatureTable, FloatArray, IntArray

logger = logging.getLogger(__name__)

#: A key shared by more records than this is skipped: it would add many pairs
#: and little evidence (every pupil born in 2009 with initial J, say).
MAX_BLOCK = 400


@dataclass(frozen=True, slots=True)
class ScoredPair:
    left: str
    right: str
    weight: float
    probability: float


@dataclass(frozen=True, slots=True)
class DedupeResult:
    pairs: list[ScoredPair]
    groups: list[list[str]]
    candidates: int


def prepare_all(records: Sequence[LearnerRecord]) -> list[PreparedRecord]:
    return [prepare(r) for r in records]


def candidate_pairs(
    records: Sequence[PreparedRecord], max_block: int = MAX_BLOCK
) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) of records sharing at least one blocking key, once each."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        for key in blocking_keys(record):
            blocks[key].append(index)

    seen: set[int] = set()
    n = len(records)
    skipped = 0
    for members in blocks.values():
        if len(members) < 2:
            continue
        if len(members) > max_block:
            skipped += 1
            continue
        for pos, i in enumerate(members):
            for j in members[pos + 1 :]:
                code = i * n + j
                if code not in seen:
                    seen.add(code)
                    yield i, j
    if skipped:
        logger.info(
            "Skipped %s blocking keys shared by over %s records", skipped, max_block
        )


def link_candidate_pairs(
    left: Sequence[PreparedRecord],
    right: Sequence[PreparedRecord],
    max_block: int = MAX_BLOCK,
) -> Iterator[tuple[int, int]]:
    """Index pairs (i in left, j in right) sharing at least one blocking key."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, record in enumerate(right):
        for key in blocking_keys(record):
            blocks[key].append(index)

    seen: set[tuple[int, int]] = set()
    for i, record in enumerate(left):
        for key in blocking_keys(record):
            members = blocks.get(key, ())
            if len(members) > max_block:
                continue
            for j in members:
                if (i, j) not in seen:
                    seen.add((i, j))
                    yield i, j


def candidate_arrays(
    records: Sequence[PreparedRecord], max_block: int = MAX_BLOCK
) -> tuple[IntArray, IntArray]:
    """The pairs of ``candidate_pairs`` as two index arrays (i < j), in arrays.

    Keys are numbered, records sorted by key, and the pairs inside each block
    made by offsets: every record with the one ``d`` places after it in the
    same block, for d = 1, 2, ...; pairs found through two keys are kept once.
    """
    owners: list[int] = []
    numbers: dict[str, int] = {}
    key_codes: list[int] = []
    for index, record in enumerate(records):
        for key in blocking_keys(record):
            owners.append(index)
            key_codes.append(numbers.setdefault(key, len(numbers)))
    if not owners:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty

    keys = np.array(key_codes, dtype=np.int64)
    return pairs_from_keys(
        np.array(owners, dtype=np.int64), keys, len(records), max_block
    )


def pairs_from_keys(
    owners: IntArray, keys: IntArray, n: int, max_block: int = MAX_BLOCK
) -> tuple[IntArray, IntArray]:
    """Index pairs (i < j) of records sharing a key, from (owner, key) rows.

    Each record must give each key once.  Records are sorted by key and the
    pairs inside each block made by offsets: every record with the one ``d``
    places after it in the same block, for d = 1, 2, ...; pairs found through
    two keys are kept once.
    """
    if len(owners) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    keys, order = _numbered(keys)
    members = owners[order]
    sizes = np.bincount(keys)
    size_of = sizes[keys[order]]
    start = np.cumsum(sizes) - sizes
    position = np.arange(len(order)) - start[keys[order]]
    usable = (size_of >= 2) & (size_of <= max_block)
    skipped = int((sizes > max_block).sum())
    if skipped:
        logger.info(
            "Skipped %s blocking keys shared by over %s records", skipped, max_block
        )

    found: list[IntArray] = []
    size = np.int64(n)
    idx = np.flatnonzero(usable)
    for offset in range(1, max_block):
        idx = idx[position[idx] + offset < size_of[idx]]
        if len(idx) == 0:
            break
        a, b = members[idx], members[idx + offset]
        found.append(np.minimum(a, b) * size + np.maximum(a, b))
    codes = (
        bulk.sorted_unique(np.concatenate(found)) if found else np.zeros(0, np.int64)
    )
    return codes // size, codes % size


def _numbered(keys: IntArray) -> tuple[IntArray, IntArray]:
    """Keys renumbered 0, 1, ... in sorted order, and the order that sorts them.

    The bulk loader hands its keys over sorted; then numbering is one pass,
    with no sort and no hash table.
    """
    if len(keys) and bool((keys[1:] >= keys[:-1]).all()):
        numbers = np.zeros(len(keys), dtype=np.int64)
        np.cumsum(keys[1:] != keys[:-1], out=numbers[1:])
        return numbers, np.arange(len(keys), dtype=np.int64)
    _, numbers = np.unique(keys, return_inverse=True)
    numbers = numbers.reshape(-1)
    return numbers, np.argsort(numbers, kind="stable")


def find_duplicates(
    records: Sequence[LearnerRecord],
    engine: MatchEngine | None = None,
    threshold: float | None = None,
    chunk: int = 1_000_000,
    workers: int = 1,
    limits: dict[str, int] | None = None,
    settings: MatchSettings | None = None,
) -> DedupeResult:
    """All pairs of records that are likely one learner, and their groups.

    Records are prepared value by value (:mod:`bulk`); blocks larger than
    ``limits`` (by key type; :data:`bulk.BULK_LIMITS` by default) are left
    out.  Candidate pairs are scored in arrays, ``chunk`` pairs at a time, so
    memory stays bounded whatever the size of the register; ``workers`` > 1
    scores chunks in that many forked processes where the system can fork.
    Without an ``engine``, one is made from ``settings`` (the defaults) and the
    register's own name frequencies.
    """
    chosen = engine.settings if engine is not None else settings
    fields = None if chosen is None else [c.field for c in chosen.comparisons]
    built = bulk.build(records, fields)
    table, ids = built.table, built.ids
    engine = engine or MatchEngine(settings, TermFrequencies.from_table(table))
    cutoff = engine.settings.thresholds.duplicate if threshold is None else threshold
    min_weight = _weight_for(cutoff)

    owners, keys = built.limited_keys(limits)
    ia, ib = pairs_from_keys(owners, keys, len(ids))
    logger.info("%s candidate pairs for %s records", len(ia), len(ids))

    pairs: list[ScoredPair] = []
    for a, b, weights in _score_chunks(
        engine, table, ia, ib, min_weight, chunk, workers
    ):
        pairs.extend(
            ScoredPair(ids[i], ids[j], w, probability_from_weight(w))
            for i, j, w in zip(a.tolist(), b.tolist(), weights.tolist(), strict=True)
        )

    groups = connected_components([(p.left, p.right) for p in pairs])
    return DedupeResult(pairs=pairs, groups=groups, candidates=len(ia))


_SHARED: dict[str, Any] = {}


def _score_chunk(bounds: tuple[int, int]) -> tuple[IntArray, IntArray, FloatArray]:
    """Score one chunk and keep the pairs at or above the minimum weight."""
    engine, table = _SHARED["engine"], _SHARED["table"]
    ia, ib, min_weight = _SHARED["ia"], _SHARED["ib"], _SHARED["min_weight"]
    a, b = ia[bounds[0] : bounds[1]], ib[bounds[0] : bounds[1]]
    weights, _ = engine.pair_weights(table, a, b)
    keep = np.flatnonzero(weights >= min_weight)
    return a[keep], b[keep], weights[keep]


def _score_chunks(
    engine: MatchEngine,
    table: FeatureTable,
    ia: IntArray,
    ib: IntArray,
    min_weight: float,
    chunk: int,
    workers: int,
) -> Iterator[tuple[IntArray, IntArray, FloatArray]]:
    bounds = [(k, min(k + chunk, len(ia))) for k in range(0, len(ia), chunk)]
    _SHARED.update(engine=engine, table=table, ia=ia, ib=ib, min_weight=min_weight)
    try:
        if workers > 1 and len(bounds) > 1 and _can_fork():
            # Forked workers see the table without copying it.
            context = multiprocessing.get_context("fork")
            with context.Pool(workers) as pool:
                yield from pool.imap(_score_chunk, bounds)
        else:
            yield from map(_score_chunk, bounds)
    finally:
        _SHARED.clear()


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def link(
    left: Sequence[LearnerRecord],
    right: Sequence[LearnerRecord],
    engine: MatchEngine,
    threshold: float | None = None,
) -> DedupeResult:
    """Pairs across two lists that are likely one learner."""
    a, b = prepare_all(left), prepare_all(right)
    cutoff = engine.settings.thresholds.duplicate if threshold is None else threshold
    min_weight = _weight_for(cutoff)

    pairs: list[ScoredPair] = []
    candidates = 0
    for i, j in link_candidate_pairs(a, b):
        candidates += 1
        weight = engine.weight_of(a[i], b[j])
        if weight >= min_weight:
            pairs.append(_scored(a[i], b[j], weight))

    groups = connected_components([(p.left, p.right) for p in pairs])
    return DedupeResult(pairs=pairs, groups=groups, candidates=candidates)


def connected_components(edges: Sequence[tuple[str, str]]) -> list[list[str]]:
    """Groups of ids joined by the edges (union-find), each sorted, largest first."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in edges:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    groups: dict[str, list[str]] = defaultdict(list)
    for node in parent:
        groups[root(node)].append(node)
    return sorted((sorted(g) for g in groups.values()), key=len, reverse=True)


def _weight_for(probability: float) -> float:
    if probability <= 0.0:
        return -math.inf
    if probability >= 1.0:
        return math.inf
    return math.log2(probability / (1.0 - probability))


def _scored(a: PreparedRecord, b: PreparedRecord, weight: float) -> ScoredPair:
    return ScoredPair(a.record.id, b.record.id, weight, probability_from_weight(weight))
