"""Learners sent in bulk: each found, registered, or queued for the operator.

A batch file and a school's ULN request both come down to this: look each
learner up (by the ULN the sender holds, else by personal details); one exact
match gives that learner's ULN, no match registers a new learner, and possible
matches (or too many) become an exception for the register operator.

The learners of a list are taken a chunk at a time (:func:`settle` is called
per chunk inside a transaction), finding the whole chunk together and writing
its new learners and exceptions in a few statements.  A learner sent twice in
one chunk is registered once: the second finds the first.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from examsoffice.matching.engine import FindOutcome
from examsoffice.register import matcher, services
from examsoffice.register.chunk_find import ChunkFinder
from examsoffice.register.codes import Code
from examsoffice.register.matcher import Judged
from examsoffice.register.models import (
    DecisionKind,
    ExceptionStatus,
    Learner,
    MatchException,
)
from examsoffice.register.services import Actor, FindResult, LearnerDetails

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Incoming:
    """One learner as sent: their details, the sender's reference, any ULN."""

    details: LearnerDetails
    reference: str = ""
    uln: str = ""


@dataclass(frozen=True)
class Settled:
    """What became of a learner, with the code a find or registration gives.

    ``code`` is EXACT or MASTER_SUBSTITUTED (found: ``uln``), REGISTERED (new:
    ``uln``), NO_MATCH (not found, nothing registered), POSSIBLE or TOO_MANY
    (``exception_id`` waits in the queue, ``matches`` candidates), or
    INSUFFICIENT_DATA (``problems``).

    A learner sent again just as an exception the operator has decided gets
    that decision (``exception_id`` is the decided exception): EXACT (or
    MASTER_SUBSTITUTED) with the decided learner's ``uln`` for "this is that
    learner" and "a new learner", or the exception's code with the operator's
    ``rejected`` reason.
    """

    code: Code
    uln: str = ""
    exception_id: int | None = None
    matches: int = 0
    problems: tuple[str, ...] = ()
    rejected: str = ""


@dataclass(frozen=True)
class Intake:
    """Where the learners came from, for the register's records."""

    actor: Actor
    source: str
    reason: str
    register_new: bool = True


def settle(items: Sequence[Incoming], intake: Intake) -> list[Settled]:
    """Find, register or queue each learner, in order, in one transaction."""
    with transaction.atomic():
        return _Chunk(items, intake).run()


class _Chunk:
    def __init__(self, items: Sequence[Incoming], intake: Intake) -> None:
        self.items = items
        self.intake = intake
        self.settled: dict[int, Settled] = {}
        self.judged: dict[int, Judged] = {}
        self.new: dict[int, tuple[int, Learner]] = {}
        # Each learner's sending key, worked out once: looked up, then queued by.
        self.keys: dict[int, str] = {}

    def run(self) -> list[Settled]:
        self._by_uln()
        to_find = self._undecided(self._checked())
        if to_find:
            self._find(to_find)
        registered = self._register()
        self._found(registered)
        return [self.settled[n] for n in range(len(self.items))]

    def _by_uln(self) -> None:
        asked = [n for n, item in enumerate(self.items) if item.uln]
        found = services.find_by_ulns(
            [
                (
                    self.items[n].uln,
                    self.items[n].details.family_name,
                    self.items[n].details.given_name,
                )
                for n in asked
            ]
        )
        for n, result in zip(asked, found, strict=True):
            if result.matches:
                self.settled[n] = Settled(result.code, result.matches[0].learner.uln)

    def _checked(self) -> list[int]:
        to_find = []
        for n, item in enumerate(self.items):
            if n in self.settled:
                continue
            problems = services.find_problems(item.details.query())
            if problems:
                self.settled[n] = Settled(
                    Code.INSUFFICIENT_DATA, problems=tuple(problems)
                )
            else:
                to_find.append(n)
        return to_find

    def _sending(self, n: int) -> str:
        if n not in self.keys:
            item = self.items[n]
            self.keys[n] = sending(
                self.intake.actor.organisation,
                item.reference[:50],
                details_to_json(item.details),
            )
        return self.keys[n]

    def _undecided(self, to_find: list[int]) -> list[int]:
        """Settle the learners sent just as an exception the operator decided.

        The operator's decision stands for the same details from the same
        sender under the same reference, so these are not looked for again.
        """
        if not to_find:
            return to_find
        keys = {n: self._sending(n) for n in to_find}
        decided = _decided(list(keys.values()))
        for n, key in keys.items():
            if key in decided:
                self.settled[n] = decided[key]
        return [n for n in to_find if n not in self.settled]

    def _find(self, to_find: list[int]) -> None:
        finder = ChunkFinder([self.items[n].details.query() for n in to_find])
        for index, n in enumerate(to_find):
            judged = finder.judge(index)
            if judged.outcome is FindOutcome.NO_MATCH:
                self._no_match(n, finder)
            else:
                self.judged[n] = judged

    def _no_match(self, n: int, finder: ChunkFinder) -> None:
        if not self.intake.register_new:
            self.settled[n] = Settled(Code.NO_MATCH)
            return
        details = self.items[n].details
        learner = services.new_learner(details, self.intake.actor)
        record = matcher.learner_record(learner, services.previous_names(details))
        self.new[n] = (finder.add(record), learner)

    def _register(self) -> dict[int, Learner]:
        """Write the chunk's new learners; their stand-in ids to the learners."""
        order = sorted(self.new)
        learners = services.create_learners(
            [self.items[n].details for n in order],
            self.intake.actor,
            self.intake.reason,
        )
        registered = {}
        for n, learner in zip(order, learners, strict=True):
            registered[self.new[n][0]] = learner
            self.settled[n] = Settled(Code.REGISTERED, learner.uln)
        return registered

    def _found(self, registered: dict[int, Learner]) -> None:
        order = sorted(self.judged)
        ranked = matcher.resolve([self.judged[n] for n in order], registered)
        waiting = []
        for n, one in zip(order, ranked, strict=True):
            result = services.find_result(one)
            if result.code is Code.EXACT:
                self.settled[n] = Settled(Code.EXACT, result.matches[0].learner.uln)
            else:
                waiting.append((n, result))
        self._queue(waiting)

    def _queue(self, waiting: list[tuple[int, FindResult]]) -> None:
        """Queue each learner once: one still waiting from this sender is reused.

        The open exception for the same sending (see :func:`sending`) is looked
        for first; an insert that meets one committed meanwhile by another
        transaction (the same file sent twice at once) is skipped by the unique
        constraint, and the exception is then read back.
        """
        if not waiting:
            return
        intake = self.intake
        organisation = intake.actor.organisation
        rows: dict[str, MatchException] = {}
        keys = []
        for n, result in waiting:
            key = self._sending(n)
            keys.append(key)
            rows[key] = MatchException(
                submitted=details_to_json(self.items[n].details),
                candidates=[_candidate(m) for m in result.matches],
                code=result.code,
                reference=self.items[n].reference[:50],
                source=intake.source[:200],
                organisation=organisation,
                sending=key,
            )
        held = _open_exceptions(keys)
        MatchException.objects.bulk_create(
            [row for key, row in rows.items() if key not in held],
            ignore_conflicts=True,
        )
        held = _open_exceptions(keys)
        for (n, result), key in zip(waiting, keys, strict=True):
            self.settled[n] = Settled(
                result.code, exception_id=held[key], matches=len(result.matches)
            )


def sending(organisation: Any, reference: str, submitted: dict[str, Any]) -> str:
    """One learner as one sender sent them: the same details, the same reference."""
    text = json.dumps(
        [getattr(organisation, "pk", None), reference, submitted],
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _decided(keys: list[str]) -> dict[str, Settled]:
    """What the operator decided for each of these sendings they have decided.

    Of two decided exceptions for one sending (queued twice before decided
    sendings were looked for), the later decision counts.  A decided learner
    since deleted leaves the sending to be queued again.
    """
    decided = (
        MatchException.objects.filter(
            sending__in=set(keys),
            status=ExceptionStatus.DECIDED,
            decision__isnull=False,
        )
        .select_related("decision__learner__master")
        .order_by("decision__decided_at", "pk")
    )
    found = {}
    for exception in decided:
        settled = _decision(exception)
        if settled is not None:
            found[exception.sending] = settled
    return found


def _decision(exception: MatchException) -> Settled | None:
    decision = exception.decision
    if decision.kind == DecisionKind.REJECTED:
        return Settled(
            Code(exception.code),
            exception_id=exception.pk,
            rejected=decision.reason,
        )
    learner = decision.learner
    if learner is None:
        return None
    if learner.master is not None:
        return Settled(
            Code.MASTER_SUBSTITUTED, learner.master.uln, exception_id=exception.pk
        )
    return Settled(Code.EXACT, learner.uln, exception_id=exception.pk)


def _open_exceptions(keys: list[str]) -> dict[str, int]:
    found = MatchException.objects.filter(
        sending__in=set(keys), status=ExceptionStatus.OPEN
    ).values_list("sending", "pk")
    return dict(found)


def _candidate(match: services.Match) -> dict[str, Any]:
    return {
        "uln": match.learner.uln,
        "score": round(match.score, 4),
        "differing": list(match.differing),
    }


def details_to_json(details: LearnerDetails) -> dict[str, Any]:
    data = dict(details.__dict__)
    dob = details.date_of_birth
    data["date_of_birth"] = dob.isoformat() if dob else None
    return data
