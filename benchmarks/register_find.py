"""Latency of a find by personal details on a synthetic register.

Usage (each size fills a fresh database, so point it at scratch databases):

    EXAMSOFFICE_DATA_DIR=/tmp/bench python benchmarks/register_find.py --sizes 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
        python benchmarks/register_find.py --sizes 100000,1000000

Prints, per size, the load time and p50/p95/p99 of ``find_by_details`` over
queries drawn from the register itself (exact, corrupted, and absent learners).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "examsoffice.settings")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _queries(records, count: int, rng: random.Random):
    from examsoffice.register.matcher import Query

    picked = rng.sample(records, count)
    queries = []
    for n, rec in enumerate(picked):
        if n % 3 == 1:
            rec = replace(rec, given=rec.given[:-1] + "e", postcode="")
        elif n % 3 == 2:
            rec = replace(rec, given="Zebedee", family="Quarrington")
        queries.append(Query(rec.given, rec.family, rec.dob, rec.gender, rec.postcode))
    return queries


def run(size: int, queries: int, seed: int, reuse: bool) -> None:
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection

    from examsoffice.matching import synthetic
    from examsoffice.register import bulk, matcher, services
    from examsoffice.register.models import Learner

    call_command("migrate", verbosity=0)
    generated = loaded = 0.0
    if reuse and Learner.objects.exists():
        # Time finds on a register loaded by an earlier run.
        size = Learner.objects.count()
        records = [
            matcher.learner_record(x)
            for x in Learner.objects.order_by("?")[: queries * 2]
        ]
    elif Learner.objects.exists():
        sys.exit("The database already holds learners: give an empty one.")
    else:
        started = time.perf_counter()
        records = synthetic.generate(round(size / 1.05), seed, 0.05).records[:size]
        generated = time.perf_counter() - started
        bulk.load(records, seed=seed)
        loaded = time.perf_counter() - started - generated
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    rng = random.Random(seed)
    timings, codes = [], {}
    for query in _queries(records, queries, rng):
        t0 = time.perf_counter()
        result = services.find_by_details(query)
        timings.append((time.perf_counter() - t0) * 1000)
        codes[result.code.value] = codes.get(result.code.value, 0) + 1

    p50, p95, p99 = (_percentile(timings, s) for s in (0.5, 0.95, 0.99))
    print(
        f"{connection.vendor:10} {size:>9,} learners  generate {generated:6.1f} s  "
        f"load {loaded:7.1f} s  find p50 {p50:6.2f} ms  p95 {p95:6.2f} ms  "
        f"p99 {p99:6.2f} ms  mean {statistics.mean(timings):6.2f} ms  "
        f"codes {dict(sorted(codes.items()))}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--reuse", action="store_true", help="time finds on an already loaded register"
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if len(sizes) > 1:
        sys.exit(
            "Each size needs its own empty database: run one size per call, with "
            "EXAMSOFFICE_DATA_DIR (SQLite) or DATABASE_URL (PostgreSQL) pointing at "
            "a fresh one."
        )
    run(sizes[0], args.queries, args.seed, args.reuse)


if __name__ == "__main__":
    main()
