"""Time a 5,000-learner batch against registers of growing size, and the time and
memory to find every duplicate in a register, with our engine and with Splink.

    python benchmarks/register_batch.py [--sizes 100000,1000000] [--batch 5000]
        [--dedupe-size 1000000] [--engines ours,duckdb] [--data-dir DIR] [--seed N]

The register is filled with the register's bulk loader from the synthetic register
generator (duplicates included); the batch is half learners already on the register
(some with a typo) and half new ones. Each deduplication runs in a child process so
its peak memory (RSS) is its own. Uses a fresh SQLite database in ``--data-dir`` (a
temporary folder by default) unless DATABASE_URL names another database.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path


def setup(data_dir: Path) -> None:
    os.environ["EXAMSOFFICE_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "examsoffice.settings")
    import django

    django.setup()


def fill(target: int, seed: int) -> float:
    """Bring the register up to ``target`` learners; seconds taken."""
    from examsoffice.matching.synthetic import generate
    from examsoffice.register import bulk
    from examsoffice.register.models import Learner

    have = Learner.objects.count()
    if have >= target:
        return 0.0
    started = time.perf_counter()
    made = generate(target - have, seed=seed + have, duplicate_share=0.05)
    records = [replace(r, id=f"s{seed}-{have}-{r.id}") for r in made.records]
    bulk.load(records[: target - have], seed=seed + have)
    return time.perf_counter() - started


def batch_rows(count: int, seed: int) -> list[dict[str, str]]:
    """Half learners already on the register (a fifth with a typo), half new."""
    from examsoffice.matching.synthetic import generate
    from examsoffice.register.models import Learner

    rng = random.Random(seed)
    ids = list(Learner.objects.order_by("?").values_list("pk", flat=True)[: count // 2])
    rows = [_row_of(x, rng) for x in Learner.objects.filter(pk__in=ids)]
    for record in generate(count - len(rows), seed=seed + 99).records:
        if len(rows) >= count or record.dob is None:
            continue
        rows.append(
            {
                "MISIdentifier": f"N{len(rows)}",
                "GivenName": record.given,
                "FamilyName": record.family,
                "DateOfBirth": record.dob.isoformat(),
                "Gender": record.gender or "0",
                "LastKnownPostCode": record.postcode,
                "LastKnownAddressLine1": record.address,
                "LastKnownAddressTown": record.town,
            }
        )
    return rows


def _row_of(learner, rng: random.Random) -> dict[str, str]:
    given = learner.given_name
    if rng.random() < 0.2 and len(given) > 3:
        at = rng.randrange(1, len(given) - 1)
        given = given[:at] + given[at + 1] + given[at] + given[at + 2 :]
    return {
        "MISIdentifier": f"E{learner.pk}",
        "GivenName": given,
        "FamilyName": learner.family_name,
        "DateOfBirth": learner.date_of_birth.isoformat(),
        "Gender": learner.gender,
        "LastKnownPostCode": learner.postcode,
        "LastKnownAddressLine1": learner.address_line1,
        "LastKnownAddressTown": learner.address_town,
    }


def run_batch(rows: list[dict[str, str]], folder: Path) -> tuple[float, dict]:
    from examsoffice.formats.lrs_batch import BatchHeader, write_batch
    from examsoffice.jobs import registry
    from examsoffice.jobs.runner import run_job
    from examsoffice.register import batch

    registry.load_handlers()
    path = folder / "LRB_10012345_010920251030.CSV"
    write_batch(path, BatchHeader("2A", "benchmark", "10012345", "b@x.example"), rows)
    started = time.perf_counter()
    job = batch.start_batch(path.name, path.read_bytes())
    job = run_job(job)
    seconds = time.perf_counter() - started
    if job.status != "done":
        raise SystemExit(f"The batch job failed: {job.message}")
    return seconds, job.summary


def dedupe_child(engine: str) -> None:
    """In a child process: deduplicate the whole register, print one line."""
    from examsoffice.register import dedupe

    started = time.perf_counter()
    records = dedupe.register_records()
    loaded = time.perf_counter() - started
    # The same call as `examsoffice register dedupe --engine ENGINE`.
    outcome = dedupe.run_dedupe(engine=engine, records=records)
    seconds, pairs = outcome.seconds, len(outcome.pairs)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"  {engine:>6}: {len(records):,} learners, {pairs:,} pairs, "
        f"{seconds:.1f} s (+{loaded:.1f} s reading the register), "
        f"peak memory {peak:,.0f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--dedupe-size", type=int, default=1_000_000)
    parser.add_argument("--engines", default="ours,duckdb")
    parser.add_argument("--no-dedupe", action="store_true")
    # Another seed gives a run on the same register new learners that are really new.
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--dedupe-child", help=argparse.SUPPRESS)
    args = parser.parse_args()

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="eo-bench-"))
    setup(data_dir)
    if args.dedupe_child:
        dedupe_child(args.dedupe_child)
        return

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"Database: {data_dir}")
    sizes = sorted(int(s) for s in args.sizes.split(","))
    for size in sizes:
        filled = fill(size, seed=11)
        rows = batch_rows(args.batch, seed=size + args.seed)
        seconds, summary = run_batch(rows, data_dir)
        print(
            f"Register of {size:,} (filled in {filled:.0f} s): batch of {len(rows):,} "
            f"in {seconds:.1f} s ({len(rows) / seconds:,.0f} learners/s); "
            + ", ".join(
                f"{k} {summary[k]}"
                for k in ("new", "existing", "possible_match", "rejected")
            )
        )

    if args.no_dedupe:
        return
    fill(args.dedupe_size, seed=11)
    print(f"Whole-register deduplication ({args.dedupe_size:,} learners)")
    for engine in args.engines.split(","):
        command = [sys.executable, __file__, "--data-dir", str(data_dir)]
        subprocess.run([*command, "--dedupe-child", engine], check=False)


if __name__ == "__main__":
    main()
