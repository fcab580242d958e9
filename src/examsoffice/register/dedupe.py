"""Whole-register deduplication, from the register's matching settings.

Our own engine ("ours", the one that finds and registers learners) runs it on
this machine in arrays; Splink runs it on DuckDB on this machine, or on Spark on a
cluster (or in local mode) for registers past one machine. The Spark master comes
from ``--spark-master`` or the ``EXAMSOFFICE_SPARK_MASTER`` environment variable,
else ``local[*]``.
"""

from __future__ import annotations

import csv
import logging
import os
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from examsoffice.errors import ConfigurationError
from examsoffice.matching import dedupe as engine_dedupe
from examsoffice.matching import splink_batch
from examsoffice.matching.records import LearnerRecord
from examsoffice.matching.settings import MatchSettings
from examsoffice.register import matcher, services
from examsoffice.register.codes import Code
from examsoffice.register.models import (
    UNKNOWN_POSTCODE,
    DecisionKind,
    ExceptionDecision,
    Gender,
    Learner,
    LearnerStatus,
    MatchException,
    PreviousFamilyName,
)
from examsoffice.register.services import Actor
from examsoffice.register.uln_requests import DecisionError, record_decision

logger = logging.getLogger(__name__)

SPARK_MASTER_ENV = "EXAMSOFFICE_SPARK_MASTER"
SPARK_CHECKPOINT_ENV = "EXAMSOFFICE_SPARK_CHECKPOINT_DIR"
ENGINES = ("ours", "duckdb", "spark")
CORRELATED = ("address", "town")

#: Splink's match probability for a likely duplicate when none is given.
SPLINK_THRESHOLD = 0.9


@dataclass
class DedupeResult:
    """Likely duplicate pairs and groups, named by ULN."""

    engine: str
    learners: int
    pairs: list[tuple[str, str, float]]
    groups: list[list[str]]
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)


def register_records() -> list[LearnerRecord]:
    """Every learner who is not linked to a master, as the engine's records."""
    previous: dict[int, list[str]] = defaultdict(list)
    for learner_id, name in PreviousFamilyName.objects.values_list(
        "learner_id", "name"
    ).iterator(chunk_size=10_000):
        previous[learner_id].append(name)

    rows = Learner.objects.filter(status=LearnerStatus.ACTIVE, master=None)
    columns = (
        "pk",
        "uln",
        "given_name",
        "family_name",
        "middle_names",
        "date_of_birth",
        "gender",
        "postcode",
        "address_line1",
        "address_town",
    )
    return [
        LearnerRecord(
            id=uln,
            uln=uln,
            given=given,
            family=family,
            middle=middle,
            dob=dob,
            gender=gender,
            postcode="" if postcode == UNKNOWN_POSTCODE else postcode,
            address=address,
            town=town,
            previous_family_names=tuple(previous.get(pk, ())),
        )
        for pk, uln, given, family, middle, dob, gender, postcode, address, town in (
            rows.values_list(*columns).iterator(chunk_size=10_000)
        )
    ]


def splink_settings() -> MatchSettings:
    """The register's settings without address and town for Splink.

    Both follow from the postcode: counted beside it, Splink takes one piece of
    evidence three times and calls siblings at one address the same learner
    (shared/reference/linkage-anchors.md, "correlated fields plus EM blocking").
    """
    current = matcher.current_settings()
    kept = tuple(c for c in current.comparisons if c.field not in CORRELATED)
    return replace(current, comparisons=kept)


def spark_master(option: str = "") -> str:
    return option or os.environ.get(SPARK_MASTER_ENV, "") or "local[*]"


def start_spark(master: str) -> Any:
    """A Spark session on ``master``; Splink's own ``getOrCreate`` then reuses it."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise ConfigurationError(
            "Deduplication on Spark needs pyspark, which is not installed. Install "
            "the 'spark' extra (pip install 'examsoffice[spark]') and Java 17, or "
            "use --engine duckdb."
        ) from exc
    from splink.backends.spark import similarity_jar_location

    logger.info("Starting Spark on %s", master)
    builder: Any = SparkSession.builder
    # Splink's fuzzy comparisons (Jaro-Winkler...) are Java functions in its jar.
    builder = builder.master(master).appName("examsoffice register dedupe")
    spark = builder.config("spark.jars", similarity_jar_location()).getOrCreate()
    # Splink cuts long query plans with checkpoints; on a cluster the folder must be
    # on storage every worker reaches (HDFS, S3...), hence the setting.
    folder = os.environ.get(SPARK_CHECKPOINT_ENV) or str(
        Path(settings.DATA_DIR) / "spark-checkpoints"
    )
    spark.sparkContext.setCheckpointDir(folder)
    return spark


def run_dedupe(
    *,
    engine: str = "ours",
    threshold: float | None = None,
    spark_master_url: str = "",
    records: list[LearnerRecord] | None = None,
    memory_limit: str = "6GB",
) -> DedupeResult:
    """Find likely duplicates among the register's learners with our engine or
    Splink.

    On DuckDB, past ``memory_limit`` the work spills to ``duckdb-spill`` in the
    data folder (about 20 GB free is plenty for a million learners).
    """
    if engine not in ENGINES:
        raise ConfigurationError(
            f"Unknown engine {engine!r}: use ours, duckdb or spark."
        )
    records = register_records() if records is None else records
    if engine == "ours":
        return _run_ours(records, threshold)
    if engine == "spark":
        start_spark(spark_master(spark_master_url))

    started = time.perf_counter()
    run = splink_batch.run(
        records,
        settings=splink_settings(),
        engine="spark" if engine == "spark" else "duckdb",
        threshold=SPLINK_THRESHOLD if threshold is None else threshold,
        memory_limit=memory_limit,
        temp_directory=str(Path(settings.DATA_DIR) / "duckdb-spill"),
    )
    return DedupeResult(
        engine=engine,
        learners=len(records),
        pairs=run.pairs,
        groups=run.groups,
        seconds=time.perf_counter() - started,
        timings=dict(run.seconds),
    )


def _run_ours(records: list[LearnerRecord], threshold: float | None) -> DedupeResult:
    """Our engine on the register's settings, its own threshold unless given.

    Name frequencies come from the register itself; candidate pairs are scored
    in two forked processes where the system can fork (not on Windows).
    """
    started = time.perf_counter()
    found = engine_dedupe.find_duplicates(
        records,
        settings=matcher.current_settings(),
        threshold=threshold,
        workers=2,
    )
    return DedupeResult(
        engine="ours",
        learners=len(records),
        pairs=[(p.left, p.right, p.probability) for p in found.pairs],
        groups=found.groups,
        seconds=time.perf_counter() - started,
        timings={"candidate pairs": float(found.candidates)},
    )


#: The columns of the pairs file, for each of the pair: a person reviewing it in
#: Excel sees enough to judge the pair.
_PAIR_COLUMNS = (
    "ULN",
    "Given name",
    "Family name",
    "Date of birth",
    "Gender",
    "Postcode",
)


@dataclass(frozen=True)
class PairsWritten:
    """How many pairs went into the file and how many were left out, and why."""

    written: int
    #: Decided "not the same person" in the exceptions queue (a pair, or a
    #: learner registered as new when this one was the candidate).
    decided_distinct: int
    #: Already one person: linked, or decided "the same person" in the queue.
    already_linked: int
    #: Learners linked to a master record, not compared at all: their master
    #: stands for them, so their pairs with it never come up.
    linked_learners: int = 0

    def left_out(self) -> list[str]:
        """What was left out of the file and why, a sentence each."""
        lines = []
        pairs = self.decided_distinct + self.already_linked
        if pairs:
            lines.append(
                ngettext(
                    "Left out %(count)s pair already decided in the exceptions "
                    "queue: %(distinct)s not the same person, %(linked)s already "
                    "linked as one learner.",
                    "Left out %(count)s pairs already decided in the exceptions "
                    "queue: %(distinct)s not the same person, %(linked)s already "
                    "linked as one learner.",
                    pairs,
                )
                % {
                    "count": pairs,
                    "distinct": self.decided_distinct,
                    "linked": self.already_linked,
                }
            )
        if self.linked_learners:
            lines.append(
                ngettext(
                    "Left out %(count)s learner already linked to a master record "
                    "as one person: the master record was compared instead.",
                    "Left out %(count)s learners already linked to a master record "
                    "as one person: their master records were compared instead.",
                    self.linked_learners,
                )
                % {"count": self.linked_learners}
            )
        return lines


@dataclass(frozen=True)
class PairsToJudge:
    """The pairs a person still has to judge, most likely first, with the
    learners in them by ULN, and how many were left out as already decided."""

    pairs: list[tuple[str, str, float]]
    learners: dict[str, Learner]
    decided_distinct: int
    already_linked: int


def pairs_to_judge(result: DedupeResult) -> PairsToJudge:
    """The found pairs less those already decided: linked as one learner, or
    decided "not the same person" in the exceptions queue (a pair kept apart,
    or a learner registered as new when the other was the candidate).

    The pairs file and the exceptions queue both take their pairs from here, so
    that a pair left out of the one is never put in the other.
    """
    decided = decided_pairs()
    learners = Learner.objects.in_bulk(
        {uln for pair in result.pairs for uln in pair[:2]}, field_name="uln"
    )
    kept: list[tuple[str, str, float]] = []
    distinct = linked = 0
    for first, second, probability in sorted(
        result.pairs, key=lambda p: (-p[2], p[0], p[1])
    ):
        kind = decided.get(frozenset((first, second)))
        a, b = learners.get(first), learners.get(second)
        if kind == DecisionKind.LINKED or (a and b and _linked(a, b)):
            linked += 1
        elif kind == DecisionKind.DISTINCT:
            distinct += 1
        else:
            kept.append((first, second, probability))
    return PairsToJudge(kept, learners, distinct, linked)


def write_pairs(path: Path, result: DedupeResult) -> PairsWritten:
    """The pairs a person still has to judge, with both learners' details, most
    likely first; pairs already decided are left out and counted."""
    judge = pairs_to_judge(result)
    # UTF-8 with a byte-order mark, so that Excel shows accented names rightly.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            (
                *(f"{name} 1" for name in _PAIR_COLUMNS),
                *(f"{name} 2" for name in _PAIR_COLUMNS),
                "Match probability",
            )
        )
        for first, second, probability in judge.pairs:
            writer.writerow(
                (
                    *_pair_side(first, judge.learners.get(first)),
                    *_pair_side(second, judge.learners.get(second)),
                    f"{probability:.4f}",
                )
            )
    linked_learners = Learner.objects.filter(master__isnull=False).count()
    return PairsWritten(
        len(judge.pairs),
        judge.decided_distinct,
        judge.already_linked,
        linked_learners,
    )


def decided_pairs() -> dict[frozenset[str], DecisionKind]:
    """Pairs of ULNs already decided in the exceptions queue: linked as one
    learner, or "not the same person" (kept apart, or registered as new)."""
    decided: dict[frozenset[str], DecisionKind] = {}
    rows = list(
        ExceptionDecision.objects.filter(
            kind__in=(DecisionKind.LINKED, DecisionKind.DISTINCT, DecisionKind.NEW)
        ).values_list(
            "kind", "exception__submitted", "exception__candidates", "learner"
        )
    )
    new_learners: dict[int, str] = dict(
        Learner.objects.filter(
            pk__in=[pk for kind, *_rest, pk in rows if kind == DecisionKind.NEW]
        ).values_list("pk", "uln")
    )
    for kind, submitted, candidates, learner in rows:
        if kind == DecisionKind.NEW:
            uln = new_learners.get(learner, "")
            for candidate in candidates if uln else ():
                decided[frozenset((uln, candidate["uln"]))] = DecisionKind.DISTINCT
        elif submitted.get(PAIR_KEY) and candidates:
            pair = frozenset((submitted[PAIR_KEY], candidates[0]["uln"]))
            decided[pair] = DecisionKind(kind)
    return decided


def _linked(first: Learner, second: Learner) -> bool:
    """Whether two learners are already one person: one is the other's master,
    or both are linked to the same master."""
    return (
        first.master_id == second.pk
        or second.master_id == first.pk
        or (first.master_id is not None and first.master_id == second.master_id)
    )


def _pair_side(uln: str, learner: Learner | None) -> tuple[str, ...]:
    if learner is None:
        return (uln, "", "", "", "", "")
    return (
        uln,
        learner.given_name,
        learner.family_name,
        learner.date_of_birth.strftime("%d/%m/%Y"),
        str(_GENDERS.get(learner.gender, learner.gender)),
        learner.postcode,
    )


_GENDERS = dict(Gender.choices)


def quieten_splink() -> None:
    """Keep Splink's training notes ("unable to train m value", "[EM sampling]")
    out of the console: they are about the model, not anything a person can act
    on. Its errors still show."""
    logging.getLogger("splink").setLevel(logging.ERROR)


def write_clusters(path: Path, result: DedupeResult) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("Cluster", "ULN"))
        for number, group in enumerate(sorted(result.groups), start=1):
            for uln in group:
                writer.writerow((number, uln))


def queue_pairs(result: DedupeResult) -> int:
    """Put each pair still to judge in the exceptions queue once; returns how
    many were added.

    The pairs are those of the pairs file (:func:`pairs_to_judge`): one already
    decided, as a pair or as a learner registered as new beside the other, is
    never queued again. One waiting in the queue (from any engine) is not
    queued twice.
    """
    source = (
        _("Register deduplication (our engine)")
        if result.engine == "ours"
        else _("Register deduplication (Splink on %(engine)s)")
        % {"engine": result.engine}
    )
    queued = {
        frozenset((reference, candidates[0]["uln"] if candidates else ""))
        for reference, candidates in MatchException.objects.filter(
            submitted__has_key=PAIR_KEY
        ).values_list("reference", "candidates")
    }
    judge = pairs_to_judge(result)
    learners = judge.learners
    added = 0
    with transaction.atomic():
        for first, second, probability in judge.pairs:
            pair = frozenset((first, second))
            if pair in queued or first not in learners or second not in learners:
                continue
            queued.add(pair)
            MatchException.objects.create(
                submitted={**_details(learners[second]), PAIR_KEY: second},
                candidates=[
                    {
                        "uln": first,
                        "score": round(probability, 4),
                        "differing": _differing(learners[first], learners[second]),
                    }
                ],
                code=Code.POSSIBLE,
                reference=second,
                source=source,
            )
            added += 1
    return added


#: The key in ``MatchException.submitted`` that marks a pair of two learners on
#: the register (the value is the second learner's ULN).
PAIR_KEY = "register_uln"

#: The decisions that fit a pair of learners already on the register.
PAIR_DECISIONS = (DecisionKind.LINKED, DecisionKind.DISTINCT)


def is_register_pair(item: MatchException) -> bool:
    """Whether an exception is a dedupe pair, not a learner sent to the register."""
    return bool(item.submitted.get(PAIR_KEY))


def decide_pair(
    item: MatchException,
    kind: DecisionKind,
    actor: Actor,
    *,
    master_uln: str = "",
    reason: str = "",
) -> ExceptionDecision:
    """Link a queued pair as one person, or record that they are two people.

    ``master_uln`` (one of the pair; by default the one shown as the candidate)
    stays the master record when linking; the other's ULN then finds it.
    """
    if kind not in PAIR_DECISIONS:
        raise DecisionError(
            _("Two learners already on the register are linked or kept apart."),
            field="kind",
        )
    pair = [item.candidates[0]["uln"], item.submitted[PAIR_KEY]]
    master_uln = master_uln or pair[0]
    if master_uln not in pair:
        raise DecisionError(
            _("Keep one of the pair as the master record: %(ulns)s.")
            % {"ulns": ", ".join(pair)},
            field="uln",
        )
    why = reason.strip() or _("Decided on exception %(id)s") % {"id": item.pk}

    def carry_out() -> Learner | None:
        if kind != DecisionKind.LINKED:
            return None
        other = pair[1] if master_uln == pair[0] else pair[0]
        linked = services.link_learners(master_uln, other, actor, why)
        if linked.code not in (Code.UPDATED, Code.NOTHING_CHANGED):
            raise DecisionError(f"{linked.code}: {linked.message}")
        return linked.master

    return record_decision(item, kind, actor, reason, carry_out)


#: The fields highlighted when they differ, as (learner attribute, field name
#: the exceptions page uses).
_SHOWN = (
    ("given_name", "given_name"),
    ("family_name", "family_name"),
    ("date_of_birth", "dob"),
    ("gender", "gender"),
    ("postcode", "postcode"),
    ("address_line1", "address"),
    ("address_town", "town"),
)


def _differing(first: Learner, second: Learner) -> list[str]:
    def folded(learner: Learner, attribute: str) -> str:
        return str(getattr(learner, attribute)).casefold().replace(" ", "")

    return [
        name
        for attribute, name in _SHOWN
        if folded(first, attribute) != folded(second, attribute)
    ]


def _details(learner: Learner) -> dict[str, Any]:
    return {
        "given_name": learner.given_name,
        "family_name": learner.family_name,
        "date_of_birth": learner.date_of_birth.isoformat(),
        "gender": learner.gender,
        "postcode": learner.postcode,
        "middle_names": learner.middle_names,
        "address_line1": learner.address_line1,
        "address_town": learner.address_town,
    }
