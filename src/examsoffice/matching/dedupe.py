"""Find every duplicate pair in a list of records, and group them into people.

Candidates come from the blocking keys; each candidate pair is scored once;
pairs at or above the duplicate threshold are joined into groups (connected
components), so three records of one learner form one group.  The same code
links two lists (a batch against the register) when given two.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from examsoffice.matching.blocking import blocking_keys
from examsoffice.matching.engine import (
    MatchEngine,
    TermFrequencies,
    probability_from_weight,
)
from examsoffice.matching.records import LearnerRecord, PreparedRecord, prepare

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


def find_duplicates(
    records: Sequence[LearnerRecord],
    engine: MatchEngine | None = None,
    threshold: float | None = None,
) -> DedupeResult:
    """All pairs of records that are likely one learner, and their groups."""
    prepared = prepare_all(records)
    engine = engine or MatchEngine(
        term_frequencies=TermFrequencies.from_records(prepared)
    )
    cutoff = engine.settings.thresholds.duplicate if threshold is None else threshold
    min_weight = _weight_for(cutoff)

    pairs: list[ScoredPair] = []
    candidates = 0
    for i, j in candidate_pairs(prepared):
        candidates += 1
        weight = engine.weight_of(prepared[i], prepared[j])
        if weight >= min_weight:
            pairs.append(_scored(prepared[i], prepared[j], weight))

    groups = connected_components([(p.left, p.right) for p in pairs])
    return DedupeResult(pairs=pairs, groups=groups, candidates=candidates)


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
