"""Whole-register deduplication and linkage on Splink, for scale and for comparison.

The fields and their meaning follow the engine's settings: the same fields are
compared (names with term frequencies, date of birth, gender, postcode, address,
town), blocked on each name, the date of birth and the postcode, trained the
same way (u from random pairs, m by EM).  Splink is imported inside the
functions so that ``import examsoffice.matching`` stays light.  ``engine`` is
"duckdb" (one machine) or "spark" (a cluster; needs the ``spark`` extra).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from examsoffice.errors import ConfigurationError
from examsoffice.matching.records import LearnerRecord, prepare
from examsoffice.matching.settings import MatchSettings

logger = logging.getLogger(__name__)

Backend = Literal["duckdb", "spark"]

_COLUMNS = {
    "given_name": "given",
    "family_name": "family",
    "dob": "dob",
    "gender": "gender",
    "postcode": "postcode",
    "address": "address",
    "town": "town",
}


@dataclass(frozen=True, slots=True)
class SplinkRun:
    pairs: list[tuple[str, str, float]]
    groups: list[list[str]]
    seconds: dict[str, float] = field(default_factory=dict)


def _rows(records: Sequence[LearnerRecord], source: str) -> list[dict[str, Any]]:
    rows = []
    for record in records:
        rec = prepare(record)
        rows.append(
            {
                "unique_id": record.id,
                "source_dataset": source,
                "given": rec.given or None,
                "family": rec.family or None,
                "dob": rec.dob_digits or None,
                "gender": rec.gender or None,
                "postcode": rec.postcode.full if rec.postcode else None,
                "address": rec.address or None,
                "town": rec.town or None,
            }
        )
    return rows


def _comparisons(settings: MatchSettings) -> list[Any]:
    import splink.comparison_library as cl

    made: list[Any] = []
    for comparison in settings.comparisons:
        column = _COLUMNS[comparison.field]
        if comparison.field in ("given_name", "family_name"):
            made.append(
                cl.NameComparison(column).configure(term_frequency_adjustments=True)
            )
        elif comparison.field == "dob":
            made.append(
                cl.DateOfBirthComparison(
                    column, input_is_string=True, datetime_format="%Y%m%d"
                )
            )
        elif comparison.field == "gender":
            made.append(cl.ExactMatch(column))
        elif comparison.field == "postcode":
            made.append(cl.DamerauLevenshteinAtThresholds(column, [1]))
        else:
            made.append(cl.JaroWinklerAtThresholds(column, [0.9, 0.75]))
    return made


def _database(engine: Backend) -> Any:
    if engine == "duckdb":
        from splink import DuckDBAPI

        return DuckDBAPI()
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise ConfigurationError(
            "Deduplication on Spark needs pyspark, which is not installed. "
            "Install the 'spark' extra (pip install 'examsoffice[spark]') and "
            "set SPARK_HOME or a master URL, or use --engine duckdb."
        ) from exc
    import splink

    spark = SparkSession.builder.getOrCreate()
    api: Any = splink.SparkAPI
    return api(spark_session=spark)


def run(
    left: Sequence[LearnerRecord],
    right: Sequence[LearnerRecord] | None = None,
    settings: MatchSettings | None = None,
    engine: Backend = "duckdb",
    threshold: float = 0.5,
    u_pairs: float = 1e6,
) -> SplinkRun:
    """Deduplicate ``left`` (or link it to ``right``) with Splink; pairs and groups."""
    import pandas as pd
    from splink import Linker, SettingsCreator, block_on

    settings = settings or MatchSettings.default()
    db = _database(engine)
    link_type: Any = "dedupe_only" if right is None else "link_only"
    fields = {c.field for c in settings.comparisons}
    rules: list[Any] = [
        block_on(_COLUMNS[f])
        for f in ("given_name", "family_name", "dob")
        if f in fields
    ]
    if "postcode" in fields:
        rules.append(block_on("postcode"))
    creator = SettingsCreator(
        link_type=link_type,
        comparisons=_comparisons(settings),
        blocking_rules_to_generate_predictions=rules,
        retain_intermediate_calculation_columns=False,
    )

    frames = [pd.DataFrame(_rows(left, "left"))]
    if right is not None:
        frames.append(pd.DataFrame(_rows(right, "right")))
    tables = [
        db.register(f, dataset_display_name=n)
        for f, n in zip(frames, ("l", "r")[: len(frames)], strict=True)
    ]
    linker = Linker(tables if right is not None else tables[0], creator, log_level=30)

    seconds: dict[str, float] = {}
    started = time.perf_counter()
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given", "family", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("dob"), record_sample_proportion=1.0
    )
    if "postcode" in fields:
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("postcode"), record_sample_proportion=1.0
        )
    seconds["train"] = time.perf_counter() - started

    started = time.perf_counter()
    predictions: Any = linker.inference.predict(threshold_match_probability=threshold)
    frame = predictions.as_pandas_dataframe()
    seconds["predict"] = time.perf_counter() - started

    started = time.perf_counter()
    clustering: Any = linker.clustering
    clusters = clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold
    ).as_pandas_dataframe()
    seconds["cluster"] = time.perf_counter() - started

    pairs = [
        (str(a), str(b), float(p))
        for a, b, p in zip(
            frame["unique_id_l"],
            frame["unique_id_r"],
            frame["match_probability"],
            strict=True,
        )
    ]
    grouped = clusters.groupby("cluster_id")["unique_id"].apply(list)
    groups = [sorted(map(str, g)) for g in grouped if len(g) > 1]
    return SplinkRun(pairs=pairs, groups=groups, seconds=seconds)
