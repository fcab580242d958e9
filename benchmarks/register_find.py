"""Latency of a find by personal details on a synthetic register.

Usage:

    EXAMSOFFICE_DATA_DIR=/tmp/bench python benchmarks/register_find.py \\
        --sizes 100000 1000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
        python benchmarks/register_find.py --sizes 100000 1000000

Each size is filled into a fresh database of its own: on SQLite a new file in a
scratch folder, on PostgreSQL a database named after the one in DATABASE_URL
with the size added (``bench_100000``), made on the same server and dropped at
the end (``--keep`` keeps it, and ``--reuse`` times finds on a kept one).

Prints, per size, the time to generate and to load the register, the finds'
p50/p95/p99 in wall-clock time and in this process's CPU time (a fairer figure
when other work shares the machine), the number of candidates a find scores,
the queries it makes, the response codes, and the machine's load average.
Queries are drawn from the register itself: a third exact, a third with a typo
in the given name and no postcode, a third of people not on the register.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "examsoffice.settings")

WARM_UP = 50


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _queries(records: list[Any], count: int, rng: random.Random) -> list[Any]:
    from examsoffice.register.matcher import Query

    picked = rng.sample(records, min(count, len(records)))
    queries = []
    for n, rec in enumerate(picked):
        if n % 3 == 1:
            rec = replace(rec, given=rec.given[:-1] + "e", postcode="")
        elif n % 3 == 2:
            rec = replace(rec, given="Zebedee", family="Quarrington")
        queries.append(Query(rec.given, rec.family, rec.dob, rec.gender, rec.postcode))
    return queries


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (key workers)."""
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def run(size: int, queries: int, seed: int, reuse: bool) -> None:
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from examsoffice.matching import synthetic
    from examsoffice.register import bulk, matcher, services
    from examsoffice.register.models import BlockingKey, Learner

    call_command("migrate", verbosity=0)
    generated = loaded = load_cpu = 0.0
    load_before = _load_average()
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
        started, cpu_started = time.perf_counter(), _cpu()
        records = synthetic.generate(size * 20 // 21 + 1, seed, 0.05).records[:size]
        generated = time.perf_counter() - started
        bulk.load(records, seed=seed)
        loaded = time.perf_counter() - started - generated
        load_cpu = _cpu() - cpu_started
    keys = BlockingKey.objects.count()

    rng = random.Random(seed)
    asked = _queries(records, queries + WARM_UP, rng)
    del records
    for query in asked[:WARM_UP]:
        services.find_by_details(query)

    timings, cpu, codes, candidates, counted = [], [], {}, [], []
    load_during = _load_average()
    for query in asked[WARM_UP:]:
        with CaptureQueriesContext(connection) as captured:
            t0, c0 = time.perf_counter(), time.process_time()
            result = services.find_by_details(query)
            timings.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        counted.append(len(captured))
        codes[result.code.value] = codes.get(result.code.value, 0) + 1
        record = matcher.query_record(query)
        candidates.append(len(matcher.candidate_ids(record)))

    p50, p95, p99 = (_percentile(timings, s) for s in (0.5, 0.95, 0.99))
    c50, c95, c99 = (_percentile(cpu, s) for s in (0.5, 0.95, 0.99))
    print(
        f"{connection.vendor:10} {size:>9,} learners ({keys:,} blocking keys)\n"
        f"  generate {generated:7.1f} s   load {loaded:7.1f} s"
        f"   (load average {load_before} before; CPU of this process and its "
        f"workers for both {load_cpu:.1f} s)\n"
        f"  find p50 {p50:6.2f} ms  p95 {p95:6.2f} ms  p99 {p99:6.2f} ms  "
        f"mean {statistics.mean(timings):6.2f} ms over {len(timings)} finds"
        f"   (load average {load_during} when timing began)\n"
        f"  this process's CPU per find p50 {c50:6.2f} ms  p95 {c95:6.2f} ms  "
        f"p99 {c99:6.2f} ms (PostgreSQL's own work not included)\n"
        f"  candidates per find: median {statistics.median(candidates):.0f}, "
        f"p95 {_percentile(candidates, 0.95):.0f}, max {max(candidates)}; "
        f"queries per find: median {statistics.median(counted):.0f}, "
        f"max {max(counted)}\n"
        f"  codes {dict(sorted(codes.items()))}",
        flush=True,
    )


def _database_for(size: int) -> tuple[dict[str, str], Any]:
    """Environment pointing at a fresh database for one size, and its clean-up."""
    env = dict(os.environ)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        folder = tempfile.mkdtemp(prefix=f"register-find-{size}-")
        env["EXAMSOFFICE_DATA_DIR"] = folder
        env.pop("DATABASE_URL", None)
        return env, lambda: subprocess.run(["rm", "-rf", folder], check=False)

    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'bench'}_{size}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')

    return env, drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["100000", "1000000"])
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--reuse", action="store_true", help="time finds on an already loaded register"
    )
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument("--here", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [int(s) for item in args.sizes for s in item.split(",") if s]

    if args.here or args.reuse:
        # One size, in the database the environment names.
        run(sizes[0], args.queries, args.seed, args.reuse)
        return
    for size in sizes:
        env, drop = _database_for(size)
        try:
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--here",
                    "--sizes",
                    str(size),
                    "--queries",
                    str(args.queries),
                    "--seed",
                    str(args.seed),
                ],
                env=env,
                check=True,
            )
        finally:
            if not args.keep:
                drop()
            else:
                kept = env.get("DATABASE_URL") or env["EXAMSOFFICE_DATA_DIR"]
                print(f"  kept: {kept}")


if __name__ == "__main__":
    main()
