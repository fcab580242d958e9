"""Time and peak memory to find every duplicate in a synthetic register.

    python benchmarks/dedupe_scale.py [--sizes 100000 1000000] [--no-splink]
        [--no-ours] [--splink-memory 6GB] [--splink-threads 2]

Each run is a fresh process, so its peak memory (the whole process's peak
resident size, interpreter and data included) is its own.  Making the synthetic
register is timed separately and is not part of the deduplication time.
Splink's published figure is about a minute for a million records on a laptop.
Time is wall-clock; CPU time (all threads and scoring workers) is printed
beside it, as the machine may be shared.  ``--workers`` scoring processes
(2 by default) are used for our engine.  Splink runs on DuckDB with a memory
limit and thread count of its own (it spills to ``.tmp/`` past the limit); its
candidate pairs are counted by Splink's blocking analysis, outside the time.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import time
from dataclasses import replace

from examsoffice.matching import dedupe, evaluation, splink_batch, synthetic
from examsoffice.matching.settings import MatchSettings

FIELDS = ("given_name", "family_name", "dob", "gender", "postcode", "middle_name")


def _cpu() -> float:
    # This process's CPU time and that of its finished children (forked
    # scoring workers); DuckDB's threads count in the process's own time.
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _run(
    size: int,
    engine: str,
    args: argparse.Namespace,
    queue: multiprocessing.Queue,  # type: ignore[type-arg]
) -> None:
    workers = args.workers
    started = time.perf_counter()
    register = synthetic.generate(int(size / 1.1), seed=3)
    generated = time.perf_counter() - started
    n = len(register.records)
    prior = len(register.duplicate_pairs) / (n * (n - 1) / 2)
    settings = replace(MatchSettings.default(FIELDS), prior=prior)

    started = time.perf_counter()
    cpu = _cpu()
    if engine == "ours":
        result = dedupe.find_duplicates(
            register.records, settings=settings, workers=workers
        )
        found = {evaluation.pair_key(p.left, p.right) for p in result.pairs}
        candidates = result.candidates
    else:
        run = splink_batch.run(
            register.records,
            None,
            settings,
            memory_limit=args.splink_memory,
            threads=args.splink_threads,
        )
        found = {evaluation.pair_key(a, b) for a, b, _ in run.pairs}
    seconds = time.perf_counter() - started
    cpu = _cpu() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if engine != "ours":
        # Counted after the run (and its peak memory), by Splink's own analysis.
        counts = splink_batch.candidate_counts(register.records, settings)
        candidates = sum(counts)
        print(f"splink candidate pairs per blocking rule: {counts}", flush=True)
        print(f"splink twin guard kept apart {run.guarded} pairs", flush=True)
        steps = ", ".join(f"{k} {v:.1f} s" for k, v in run.seconds.items())
        print(f"splink {steps}", flush=True)
    quality = evaluation.quality(found, register.duplicate_pairs)
    queue.put(
        (
            n,
            generated,
            seconds,
            cpu,
            peak,
            candidates,
            quality,
            len(found & register.twin_pairs),
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--no-splink", action="store_true")
    parser.add_argument("--no-ours", action="store_true")
    parser.add_argument("--splink-memory", default="6GB")
    parser.add_argument("--splink-threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    engines = ([] if args.no_ours else ["ours"]) + (
        [] if args.no_splink else ["splink"]
    )
    for size in args.sizes:
        for engine in engines:
            queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
            process = multiprocessing.Process(
                target=_run, args=(size, engine, args, queue)
            )
            process.start()
            n, generated, seconds, cpu, peak, candidates, quality, twins = queue.get()
            process.join()
            print(
                f"{engine:6} {n:>9,} records: dedupe {seconds:6.1f} s "
                f"(CPU {cpu:6.1f} s), peak RSS "
                f"{peak:6.0f} MiB (generation {generated:.1f} s, not counted); "
                f"candidates {candidates:,}; {quality}; twins merged {twins}"
            )


if __name__ == "__main__":
    main()
