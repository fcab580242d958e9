"""Whole-register deduplication and linkage on Splink, for scale and for comparison.

The fields follow the engine's settings: the same fields are compared, with
levels in Splink's own terms (names by Jaro-Winkler with term frequencies, name
variants, swapped names and a previous family name; the date of birth with day
and month transposed; the postcode by unit, sector and district; gender; the
middle name).  The training is the fair one of the reference note on linkage
and of Splink's own advice: u from random pairs, and m by EM on blocking rules
that hold none of the fields being estimated and are never households (no block
shares a family name, a birthday and a postcode, where twins would be taught as
matches).  Levels no EM block can see (first and middle names the other way
round) have a fixed m, and no level may weigh less than total disagreement.
Twins are then kept apart as our engine keeps them, by a guard on the compared
levels.  At a million synthetic learners the rules make about 7 million pairs
(``candidate_counts``; see benchmarks/dedupe_scale.py).

Splink is imported inside the functions so that ``import examsoffice.matching``
stays light.  ``engine`` is "duckdb" (one machine) or "spark" (a cluster; needs
the ``spark`` extra).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from examsoffice.errors import ConfigurationError
from examsoffice.matching.records import LearnerRecord, prepare
from examsoffice.matching.settings import MatchSettings

logger = logging.getLogger(__name__)

Backend = Literal["duckdb", "spark"]

#: The input column behind each of our fields.
_COLUMNS = {
    "given_name": "given",
    "family_name": "family",
    "dob": "dob",
    "gender": "gender",
    "postcode": "postcode",
    "address": "address",
    "town": "town",
    "middle_name": "middle",
}

#: Candidate pairs, each rule tight enough for a million learners (a few
#: million pairs at most, counted with Splink's own blocking analysis; see
#: ``count_comparisons``): both names and the year of birth (a common name
#: alone pairs every John Smith in the country), a name and the date of birth
#: (day and month in order, so a transposed date still blocks), the postcode,
#: and the names swapped.
_PREDICTION_BLOCKS: tuple[tuple[str, ...], ...] = (
    ("given", "family", "year"),
    ("family", "dob_sorted"),
    ("given", "dob_sorted"),
    ("postcode",),
)
#: Columns made from the date of birth for blocking.
_DERIVED = {"year", "dob_sorted"}
_SWAPPED_NAMES_RULE = "l.given = r.family and l.family = r.given"
# First and middle names the other way round: common pairs of names (Oliver
# James, James Oliver) make this millions of pairs at a million learners
# unless the year of birth is shared too.
_SWAPPED_GIVEN_RULE = "l.given = r.middle and l.middle = r.given and l.year = r.year"

#: EM blocks: each estimates m for the fields it does not hold.  Both names and
#: the postcode train the date of birth, gender and middle name (brothers and
#: sisters never share a first name; nearly all such pairs are one person, and
#: EM on a block of mostly strangers, such as both names and the year, settles
#: on namesakes as "matches"); the date of birth and the middle name train the
#: names and the postcode (twins are given different middle names).  Without a
#: middle name the date of birth alone is used, sampled.
_EM_BLOCKS: tuple[tuple[str, ...], ...] = (
    ("given", "family", "postcode"),
    ("dob", "middle"),
)
_EM_FALLBACK: tuple[str, ...] = ("dob",)
_EM_MAX_PAIRS = 2e6
#: The least m a level keeps after EM (see ``_closer_never_worse``).
_M_FLOOR = 1e-3
#: m of the levels for a first and middle name the other way round: no EM
#: block can see them (a block on either name excludes them, and one on
#: neither is a household), so m is fixed: about one duplicate in twenty.
_NAMES_REORDERED_M = 0.05

#: Deterministic rules for the share of pairs that match, and their recall.
_PRIOR_RULES: tuple[tuple[str, ...], ...] = (("given", "family", "dob"),)
_PRIOR_RECALL = 0.6


@dataclass(frozen=True, slots=True)
class SplinkRun:
    pairs: list[tuple[str, str, float]]
    groups: list[list[str]]
    seconds: dict[str, float] = field(default_factory=dict)
    #: Pairs above the threshold that the twin guard kept apart.
    guarded: int = 0
    #: The trained model as Splink saves it (levels with their m and u).
    model: dict[str, Any] = field(default_factory=dict)


def _rows(records: Sequence[LearnerRecord], source: str) -> list[dict[str, Any]]:
    prepared = [prepare(record) for record in records]
    # A first name seen once in the register is a typo more often than not.
    seen = Counter(rec.given for rec in prepared)
    rows = []
    for record, rec in zip(records, prepared, strict=True):
        postcode = rec.postcode
        rows.append(
            {
                "unique_id": record.id,
                "source_dataset": source,
                "given": rec.given or None,
                "given_groups": sorted(rec.given_groups),
                "given_rare": seen[rec.given] <= 1,
                "family": rec.family or None,
                "previous": sorted(rec.previous),
                "dob": rec.dob_digits or None,
                "year": rec.dob_digits[:4] or None,
                "dob_sorted": _transposable(rec.dob_digits),
                "gender": rec.gender or None,
                "postcode": postcode.full if postcode else None,
                "sector": postcode.sector or None if postcode else None,
                "district": postcode.district or None if postcode else None,
                "address": rec.address or None,
                "town": rec.town or None,
                "middle": rec.middle[0] if rec.middle else None,
            }
        )
        row = rows[-1]
        # Copies for the levels that compare one field with another (swapped
        # names, a middle name used as the first): Splink leaves out of an EM
        # pass every comparison that reads a blocked column, and a block on the
        # middle name says nothing about a first name matching it.
        row.update(
            {
                "given_x": row["given"],
                "family_x": row["family"],
                "middle_x": row["middle"],
            }
        )
    return rows


#: Each column's type, so that a column with no value in any row (no middle
#: names in a batch, say) is still text to DuckDB and Spark, not an untyped NULL
#: they cannot compare.
_COLUMN_TYPES: tuple[tuple[str, str], ...] = (
    ("unique_id", "string"),
    ("source_dataset", "string"),
    ("given", "string"),
    ("given_groups", "array<string>"),
    ("given_rare", "boolean"),
    ("family", "string"),
    ("previous", "array<string>"),
    ("dob", "string"),
    ("year", "string"),
    ("dob_sorted", "string"),
    ("gender", "string"),
    ("postcode", "string"),
    ("sector", "string"),
    ("district", "string"),
    ("address", "string"),
    ("town", "string"),
    ("middle", "string"),
    ("given_x", "string"),
    ("family_x", "string"),
    ("middle_x", "string"),
)


def _with_values(
    settings: MatchSettings, parts: Sequence[list[dict[str, Any]]]
) -> MatchSettings:
    """The settings without comparisons of a field no record has a value for.

    A register filled from batch files has no middle names: such a comparison
    tells nothing, and Splink cannot train or block on a column with no value.
    """
    present = {
        column
        for column in _COLUMNS.values()
        if any(row[column] is not None for part in parts for row in part)
    }
    kept = tuple(c for c in settings.comparisons if _COLUMNS[c.field] in present)
    if len(kept) < len(settings.comparisons):
        gone = sorted(c.field for c in settings.comparisons if c not in kept)
        logger.info("No record has a value for %s: not compared", ", ".join(gone))
    return replace(settings, comparisons=kept)


def _typed_table(rows: list[dict[str, Any]], engine: Backend) -> Any:
    """The rows as a table with every column typed, for ``db.register``."""
    if engine == "spark":
        from pyspark.sql import SparkSession

        names = [name for name, _ in _COLUMN_TYPES]
        ddl = ", ".join(f"{name} {kind}" for name, kind in _COLUMN_TYPES)
        spark = SparkSession.builder.getOrCreate()
        return spark.createDataFrame([tuple(r[n] for n in names) for r in rows], ddl)

    import pyarrow as pa

    kinds = {
        "string": pa.string(),
        "boolean": pa.bool_(),
        "array<string>": pa.list_(pa.string()),
    }
    schema = pa.schema([(name, kinds[kind]) for name, kind in _COLUMN_TYPES])
    return pa.Table.from_pylist(rows, schema=schema)


def _transposable(digits: str) -> str | None:
    """The date of birth with day and month in order: blocks a transposed date."""
    if not digits:
        return None
    year, month, day = digits[:4], digits[4:6], digits[6:]
    return year + min(month, day) + max(month, day)


# Conditions written so that DuckDB and Spark read them alike (no quoting).
# The first name in the other's family name field, either way round: names
# swapped with a typo in the other (counted once, on the first name).
_GIVEN_IS_FAMILY = "given_l = family_x_r or family_x_l = given_r"
_MIDDLE_AS_GIVEN = "given_l = middle_x_r or middle_x_l = given_r"
_GIVEN_AS_MIDDLE = "given_x_l = middle_r or middle_l = given_x_r"
_PREVIOUS_FAMILY = (
    "array_contains(previous_l, family_r) or array_contains(previous_r, family_l)"
)
_DAY_MONTH_SWAPPED = (
    "substr(dob_l, 1, 4) = substr(dob_r, 1, 4) "
    "and substr(dob_l, 5, 2) = substr(dob_r, 7, 2) "
    "and substr(dob_l, 7, 2) = substr(dob_r, 5, 2)"
)


@dataclass(frozen=True, slots=True)
class _Comparison:
    """A comparison's levels (without the null level) and the labels of each."""

    column: str
    levels: list[Any]
    labels: list[str]

    def gamma(self, label: str) -> int:
        # Splink numbers the levels after the null one from n-1 down to 0.
        return len(self.labels) - 1 - self.labels.index(label)

    def creator(self) -> Any:
        import splink.comparison_level_library as cll
        from splink import comparison_library as cl

        levels: list[Any] = [cll.NullLevel(self.column)]
        levels += [
            level.configure(label_for_charts=label)
            for level, label in zip(self.levels, self.labels, strict=True)
        ]
        return cl.CustomComparison(levels, output_column_name=self.column)


def _fixed(level: Any) -> Any:
    return level.configure(m_probability=_NAMES_REORDERED_M, fix_m_probability=True)


def _edits(column: str, edits: int) -> Any:
    """Within ``edits`` typing mistakes (Damerau-Levenshtein).

    DuckDB's Damerau-Levenshtein is slow; Jaro-Winkler first (a cheap bound
    that such close strings pass) keeps it to the few pairs that may be close.
    """
    import splink.comparison_level_library as cll

    return cll.And(
        cll.JaroWinklerLevel(column, 0.7), cll.DamerauLevenshteinLevel(column, edits)
    )


def _comparison(field_name: str, engine: Backend) -> _Comparison:
    import splink.comparison_level_library as cll

    column = _COLUMNS[field_name]
    pairs: list[tuple[str, Any]]
    if field_name == "given_name":
        pairs = [
            ("exact", cll.ExactMatchLevel(column, term_frequency_adjustments=True)),
            ("swapped", cll.ColumnsReversedLevel("given", "family_x", True)),
            ("middle", _fixed(cll.CustomLevel(_MIDDLE_AS_GIVEN))),
            ("close", cll.JaroWinklerLevel(column, 0.92)),
            ("variant", cll.ArrayIntersectLevel("given_groups", 1)),
            ("typo", _edits(column, 1)),
            (
                "typos",
                cll.And(
                    cll.CustomLevel("given_rare_l or given_rare_r"),
                    _edits(column, 2),
                ),
            ),
            ("half swapped", cll.CustomLevel(_GIVEN_IS_FAMILY)),
            ("fuzzy", cll.JaroWinklerLevel(column, 0.8)),
        ]
    elif field_name == "family_name":
        pairs = [
            ("exact", cll.ExactMatchLevel(column, term_frequency_adjustments=True)),
            ("swapped", cll.ColumnsReversedLevel("family", "given_x", True)),
            ("previous", cll.CustomLevel(_PREVIOUS_FAMILY)),
            ("close", cll.JaroWinklerLevel(column, 0.92)),
            ("fuzzy", cll.JaroWinklerLevel(column, 0.8)),
        ]
    elif field_name == "dob":
        pairs = [
            ("exact", cll.ExactMatchLevel(column)),
            ("transposed", cll.CustomLevel(_DAY_MONTH_SWAPPED)),
            ("typo", _edits(column, 1)),
            (
                "month",
                cll.AbsoluteDateDifferenceLevel(
                    column,
                    input_is_string=True,
                    threshold=1,
                    metric="month",
                    # DuckDB takes strftime patterns, Spark Java ones.
                    datetime_format="%Y%m%d" if engine == "duckdb" else "yyyyMMdd",
                ),
            ),
        ]
    elif field_name == "postcode":
        pairs = [
            ("exact", cll.ExactMatchLevel(column, term_frequency_adjustments=True)),
            ("typo", _edits(column, 1)),
            ("sector", cll.ExactMatchLevel("sector")),
            ("district", cll.ExactMatchLevel("district")),
        ]
    elif field_name == "middle_name":
        pairs = [
            ("exact", cll.ExactMatchLevel(column)),
            ("given", _fixed(cll.CustomLevel(_GIVEN_AS_MIDDLE))),
        ]
    elif field_name == "gender":
        pairs = [("exact", cll.ExactMatchLevel(column))]
    else:
        pairs = [
            ("exact", cll.ExactMatchLevel(column)),
            ("close", cll.JaroWinklerLevel(column, 0.9)),
            ("fuzzy", cll.JaroWinklerLevel(column, 0.75)),
        ]
    pairs.append(("else", cll.ElseLevel()))
    return _Comparison(column, [p[1] for p in pairs], [p[0] for p in pairs])


def _comparisons(settings: MatchSettings, engine: Backend) -> dict[str, _Comparison]:
    return {c.field: _comparison(c.field, engine) for c in settings.comparisons}


def twin_condition(made: dict[str, _Comparison]) -> str | None:
    """SQL on the compared levels that marks a pair as possible twins.

    As in our engine: first names that are neither the same, a variant, a typo
    nor swapped, with the same birthday, or the same family name at the same
    postcode; a shared middle name spares the pair (twins never share one).
    Naive Bayes cannot weigh this together, so the pair is dropped afterwards.
    """
    given, dob = made.get("given_name"), made.get("dob")
    if given is None or dob is None:
        return None
    differs = f"gamma_given in ({given.gamma('fuzzy')}, {given.gamma('else')})"
    setting = f"gamma_dob = {dob.gamma('exact')}"
    family, postcode = made.get("family_name"), made.get("postcode")
    if family is not None and postcode is not None:
        setting = (
            f"({setting} or (gamma_family = {family.gamma('exact')} "
            f"and gamma_postcode = {postcode.gamma('exact')}))"
        )
    condition = f"{differs} and {setting}"
    if family is not None:
        # Twins share a family name: names that are both different, or the
        # two names swapped with a typo, are no twins.
        condition += f" and gamma_family <> {family.gamma('else')}"
    middle = made.get("middle_name")
    if middle is not None:
        condition += f" and gamma_middle not in ({middle.gamma('exact')})"
    return condition


def _guard_twins(
    db: Any, predictions: Any, made: dict[str, _Comparison]
) -> tuple[Any, int]:
    """The predictions without possible twins, and how many were dropped."""
    condition = twin_condition(made)
    if condition is None:
        return predictions, 0
    table = predictions.physical_name
    counted = db.query_sql(
        f"select count(*) as n from {table} where {condition}", "pandas"
    )
    kept = db.query_sql(f"select * from {table} where not ({condition})")
    return kept, int(counted["n"].iloc[0])


def _database(
    engine: Backend,
    memory_limit: str | None,
    threads: int | None,
    temp_directory: str | None,
) -> Any:
    if engine == "duckdb":
        import duckdb
        from splink import DuckDBAPI

        # DuckDB spills to temp_directory past its memory limit instead of
        # taking the machine's memory (its default limit is 80% of it).
        connection = duckdb.connect()
        if memory_limit:
            try:
                connection.execute("SET memory_limit = ?", [memory_limit])
            except duckdb.Error as exc:
                raise ConfigurationError(
                    f"The memory limit {memory_limit!r} is not a size DuckDB "
                    "reads: give a number and unit, such as 6GB or 800MB."
                ) from exc
        if threads:
            connection.execute(f"SET threads = {int(threads)}")
        if temp_directory:
            connection.execute("SET temp_directory = ?", [temp_directory])
        return DuckDBAPI(connection)
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


def _rule(block: tuple[str, ...]) -> Any:
    from splink import block_on

    return block_on(*block)


def prediction_rules(columns: set[str]) -> list[Any]:
    """The blocking rules for candidate pairs that the compared columns allow."""
    rules: list[Any] = [
        _rule(block) for block in _PREDICTION_BLOCKS if set(block) - _DERIVED <= columns
    ]
    if {"given", "family"} <= columns:
        rules.append(_SWAPPED_NAMES_RULE)
    if {"given", "middle"} <= columns:
        rules.append(_SWAPPED_GIVEN_RULE)
    return rules


def em_rules(columns: set[str]) -> list[Any]:
    """EM blocking rules: none a household, together covering every field."""
    blocks = [b for b in _EM_BLOCKS if set(b) - _DERIVED <= columns]
    if len(blocks) < len(_EM_BLOCKS) and set(_EM_FALLBACK) <= columns:
        blocks.append(_EM_FALLBACK)
    return [_rule(block) for block in blocks]


def _train_on(linker: Any, rule: Any) -> None:
    """One EM pass; a rule that pairs nobody is passed over, not fatal.

    A register with no middle names, say, has no pairs for a block on the middle
    name; the other rules still train every level, and the floor on m in
    ``_closer_never_worse`` keeps any level no pass saw.
    """
    # Splink 5 raises this from its internals and exports it nowhere else.
    from splink.internals.exceptions import EMTrainingException

    try:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, max_pairs=_EM_MAX_PAIRS
        )
    except EMTrainingException:
        logger.info("An EM blocking rule paired no records; passed over")


def _swaps_as_likely_as_agreement(linker: Any) -> dict[str, Any]:
    """The model with each swapped-names level given its exact level's u.

    Random pairs almost never have their names swapped, so random sampling
    leaves u at Splink's floor and a swap of two common names would outweigh
    everything else.  A swap is counted as no rarer by chance than agreeing on
    that name: conservative, as given and family names are different pools.
    """
    model: dict[str, Any] = linker.misc.save_model_to_json()
    for comparison in model["comparisons"]:
        levels = comparison["comparison_levels"]
        exact = next((x for x in levels if x.get("label_for_charts") == "exact"), None)
        for level in levels:
            if level.get("label_for_charts") == "swapped" and exact is not None:
                level["u_probability"] = exact.get("u_probability")
    return model


def _closer_never_worse(linker: Any) -> dict[str, Any]:
    """The trained model with no level weighing less than complete disagreement.

    EM gives m = 0 to a level it never saw among matches (no postcode typos in
    a sample, say), which would make a near miss count for much less than a
    total disagreement, or rule out a match on one disagreement; m is kept at
    least ``_M_FLOOR``, and no level weighs less than the comparison's "else".
    """
    model: dict[str, Any] = linker.misc.save_model_to_json()
    for comparison in model["comparisons"]:
        levels = [
            x for x in comparison["comparison_levels"] if not x.get("is_null_level")
        ]
        for level in levels:
            level["m_probability"] = max(level.get("m_probability") or 0.0, _M_FLOOR)
        other = levels[-1]
        if not other.get("u_probability"):
            continue
        ratio = other["m_probability"] / other["u_probability"]
        for level in levels[:-1]:
            u = level.get("u_probability")
            if u and level["m_probability"] < u * ratio:
                level["m_probability"] = min(1.0, u * ratio)
    return model


def count_comparisons(
    table: Any, rules: Sequence[Any], link_type: str, sample: float = 0.05
) -> list[int]:
    """Pairs each rule adds to the ones before it, by Splink's blocking analysis."""
    from splink.blocking_analysis import count_comparisons_from_blocking_rules

    records = count_comparisons_from_blocking_rules(
        table,
        blocking_rules=list(rules),
        link_type=link_type,  # type: ignore[arg-type]
        record_sample_proportion=sample,
    )
    return [int(r["marginal_comparison_count"]) for r in records]


def candidate_counts(
    records: Sequence[LearnerRecord],
    settings: MatchSettings | None = None,
    *,
    memory_limit: str | None = "6GB",
    threads: int | None = None,
) -> list[int]:
    """Candidate pairs per prediction rule for deduplicating ``records``.

    Exact up to 200,000 records; past that estimated from a 5% sample of
    records on each side, as Splink does by default: enough to see whether a
    rule is tight enough before predicting.
    """
    settings = settings or MatchSettings.default()
    columns = {_COLUMNS[c.field] for c in settings.comparisons}
    db = _database("duckdb", memory_limit, threads, None)
    rows = _typed_table(_rows(records, "left"), "duckdb")
    table = db.register(rows, dataset_display_name="l")
    sample = 1.0 if len(records) <= 200_000 else 0.05
    return count_comparisons(table, prediction_rules(columns), "dedupe_only", sample)


def run(
    left: Sequence[LearnerRecord],
    right: Sequence[LearnerRecord] | None = None,
    settings: MatchSettings | None = None,
    engine: Backend = "duckdb",
    threshold: float = 0.5,
    u_pairs: float = 1e7,
    *,
    memory_limit: str | None = "6GB",
    threads: int | None = None,
    temp_directory: str | None = None,
) -> SplinkRun:
    """Deduplicate ``left`` (or link it to ``right``) with Splink; pairs and groups.

    On DuckDB, ``memory_limit``, ``threads`` and ``temp_directory`` (where it
    spills past the limit; DuckDB's default is ``.tmp`` in the working folder)
    set the connection.
    """
    from splink import Linker, SettingsCreator

    rows = [_rows(left, "left")] + ([] if right is None else [_rows(right, "right")])
    settings = _with_values(settings or MatchSettings.default(), rows)
    db = _database(engine, memory_limit, threads, temp_directory)
    link_type: Any = "dedupe_only" if right is None else "link_only"
    made = _comparisons(settings, engine)
    columns = {_COLUMNS[name] for name in made}
    rules = prediction_rules(columns)
    creator = SettingsCreator(
        link_type=link_type,
        comparisons=[c.creator() for c in made.values()],
        blocking_rules_to_generate_predictions=rules,
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=True,
    )

    frames = [_typed_table(part, engine) for part in rows]
    del rows
    tables = [
        db.register(f, dataset_display_name=n)
        for f, n in zip(frames, ("l", "r")[: len(frames)], strict=True)
    ]
    del frames
    inputs = tables if right is not None else tables[0]
    # log_level=None: Splink leaves logging alone (it would otherwise set its
    # own level and console handler), so the caller decides what is shown.
    linker = Linker(inputs, creator, log_level=None)

    seconds: dict[str, float] = {}
    started = time.perf_counter()
    linker.training.estimate_probability_two_random_records_match(
        [_rule(b) for b in _PRIOR_RULES if set(b) <= columns] or [_rule(("dob",))],
        recall=_PRIOR_RECALL,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=1)
    linker = Linker(inputs, _swaps_as_likely_as_agreement(linker), log_level=None)
    for rule in em_rules(columns):
        _train_on(linker, rule)
    linker = Linker(inputs, _closer_never_worse(linker), log_level=None)
    seconds["train"] = time.perf_counter() - started
    model: dict[str, Any] = linker.misc.save_model_to_json()

    started = time.perf_counter()
    predictions: Any = linker.inference.predict(threshold_match_probability=threshold)
    guarded = 0
    if settings.twin_guard:
        predictions, guarded = _guard_twins(db, predictions, made)
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
    return SplinkRun(
        pairs=pairs, groups=groups, seconds=seconds, guarded=guarded, model=model
    )
