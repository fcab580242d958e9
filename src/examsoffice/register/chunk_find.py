"""Finding a chunk of learners at once, as a batch file needs.

A find of one learner costs a handful of queries and a few hundred small array
operations; a batch of thousands spends most of its time on that overhead, not
on the work.  Here the learners of a chunk share it: one query for the blocking
keys of all of them, one for their candidates' rows, one for their name counts,
and one feature table and one set of comparison levels for every pair.

Each learner still gets the answer a find of its own would give at that point of
the batch: learners the chunk has registered before it (:meth:`ChunkFinder.add`)
are candidates as they would be on the register, and the name counts include
them.  The tests compare the two ways on a synthetic batch.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from examsoffice.matching import bulk
from examsoffice.matching.blocking import blocking_keys
from examsoffice.matching.engine import MatchEngine
from examsoffice.matching.records import LearnerRecord
from examsoffice.register import matcher
from examsoffice.register.matcher import Candidate, Judged, NameCounts, Query

# Learners registered by the chunk itself take ids above any on the register,
# as they will when written: a key's learners are read in id order.
PENDING_FROM = 2**62


@dataclass(frozen=True)
class _Pairs:
    """A learner's slice of the chunk's pairs: its candidates in id order."""

    start: int
    stop: int
    ids: list[int]


class ChunkFinder:
    """The finds of a chunk's learners, prepared together."""

    def __init__(self, queries: Sequence[Query]) -> None:
        self.records = [matcher.query_record(q) for q in queries]
        self.keys = [sorted(blocking_keys(r)) for r in self.records]
        self.key_learners = matcher.key_learners(
            sorted({key for keys in self.keys for key in keys})
        )
        self.shortlists = [
            matcher.shortlist([(k, pk) for k in keys for pk in self.key_learners[k]])
            for keys in self.keys
        ]
        wanted = sorted({pk for ids in self.shortlists for pk in ids})
        self.rows = matcher.candidate_rows(wanted)
        self.counts = NameCounts.read(self.records)
        self.base = matcher.engine_with(None)
        self.pending: list[Candidate] = []
        self.pending_keys: dict[str, list[int]] = {}
        self._candidates: dict[int, Candidate] = {}
        self._score_all()

    # ------------------------------------------------------------ one learner

    def judge(self, index: int) -> Judged:
        """The find of the chunk's learner ``index``, as things stand now."""
        record = self.records[index]
        engine = self._engine(record)
        floor = self._min_weight(engine)
        pairs = self.pairs[index]
        ids = self._shortlist(index)
        if ids is None:
            chosen = np.arange(pairs.start, pairs.stop)
            ids = pairs.ids
            others: list[int] = []
        else:
            # Learners the chunk registered, or others they pushed into the
            # shortlist, are scored on their own; the rest as prepared.
            place = {pk: pairs.start + n for n, pk in enumerate(pairs.ids)}
            chosen = np.array([place[pk] for pk in ids if pk in place], np.int64)
            others = [pk for pk in ids if pk not in place]
        results = engine.score_pairs(
            self.table,
            self.ia[chosen],
            self.ib[chosen],
            self.levels[chosen],
            ids=self.ids,
            min_weight=floor,
            typos=self.typos[chosen],
        )
        if others:
            extra = [self._candidate(pk).record for pk in others]
            scored = engine.score_many(record, extra)
            results += [r for r in scored if r.weight >= floor]
        # Best first; among equal weights, in id order as a find of one has it.
        results.sort(key=lambda r: (-r.weight, int(r.right_id)))
        masters = {r.right_id: self._master(int(r.right_id)) for r in results}
        return matcher.judge_results(engine, results, masters, len(ids))

    def add(self, record: LearnerRecord) -> int:
        """A learner the chunk registers: later finds meet them.  Returns the
        id they stand under until written."""
        pk = PENDING_FROM + len(self.pending)
        stored = replace(record, id=str(pk))
        self.pending.append(Candidate(stored, None))
        for key in sorted(blocking_keys(stored)):
            self.pending_keys.setdefault(key, []).append(pk)
        self.counts.add(record)
        return pk

    def _engine(self, record: LearnerRecord) -> MatchEngine:
        return self.base.with_term_frequencies(self.counts.frequencies(record))

    @staticmethod
    def _min_weight(engine: MatchEngine) -> float:
        # Results below every threshold change neither the outcome nor the
        # matches shown, so only the pairs above the lowest become results.
        t = engine.settings.thresholds
        lowest = min(t.possible, t.exact, t.duplicate)
        if not 0 < lowest < 1:
            return -math.inf
        return math.log2(lowest / (1 - lowest)) - 1e-6

    def _shortlist(self, index: int) -> list[int] | None:
        """The learner's candidates in id order, now that the chunk has
        registered learners sharing a key with them; None if it has not."""
        keys = self.keys[index]
        if self.pending_keys.keys().isdisjoint(keys):
            return None
        # Those learners join each key's list after the ones on the register,
        # as their higher ids will put them.
        rows: list[tuple[str, int]] = []
        for key in keys:
            held = self.key_learners[key] + self.pending_keys.get(key, [])
            rows.extend((key, pk) for pk in held[: matcher.KEY_LIMIT + 1])
        ids = matcher.shortlist(rows)
        missing = [pk for pk in ids if pk < PENDING_FROM and pk not in self.rows]
        self.rows.update(matcher.candidate_rows(sorted(missing)))
        return [pk for pk in sorted(ids) if pk >= PENDING_FROM or pk in self.rows]

    def _master(self, pk: int) -> int:
        return pk if pk >= PENDING_FROM else self.rows[pk].master_id

    def _candidate(self, pk: int) -> Candidate:
        if pk >= PENDING_FROM:
            return self.pending[pk - PENDING_FROM]
        found = self._candidates.get(pk)
        if found is None:
            found = self._candidates[pk] = self.rows[pk].candidate(True, True)
        return found

    # ------------------------------------------------------------ the chunk

    def _score_all(self) -> None:
        """Comparison levels for every (learner, candidate) pair of the chunk.

        Candidates are compared in full, where a find of one leaves out the
        address and town when the query has none: a comparison with a blank
        side is blank whatever the other side holds, so the levels are the same.
        """
        order = sorted(self.rows)
        place = {pk: n for n, pk in enumerate(order, start=len(self.records))}
        left: list[int] = []
        right: list[int] = []
        self.pairs: list[_Pairs] = []
        for index, ids in enumerate(self.shortlists):
            start = len(left)
            mine = [pk for pk in sorted(ids) if pk in place]
            left.extend([index] * len(mine))
            right.extend(place[pk] for pk in mine)
            self.pairs.append(_Pairs(start, len(left), mine))

        columns = matcher.candidate_columns([self.rows[pk] for pk in order])
        for name, values in columns.items():
            values[:0] = [getattr(r, name) for r in self.records]
        # The queries are named as a find of one names its query.
        self.ids = columns["id"]
        self.ia = np.array(left, dtype=np.int64)
        self.ib = np.array(right, dtype=np.int64)
        self.table = bulk.build_columns(columns, keys=False).table
        self.levels = self.base.pair_levels(self.table, self.ia, self.ib)
        self.typos = self.base.given_typos(self.table, self.ia, self.ib, self.levels)
