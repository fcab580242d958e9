"""``examsoffice register batch`` and ``register dedupe``: batch files and the
deduplication of the whole register, from a shell.

The commands join the ``register`` group that the register's own CLI module makes
(modules load in name order, so that one comes first); if it is not there, they make
the group themselves.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from examsoffice.cli import _django

GROUP = "register"

InPath = Annotated[
    Path,
    typer.Argument(
        help="A ULN-request CTF (.XML) or a batch CSV (LRB_<UKPRN>_...CSV).",
        exists=True,
        dir_okay=False,
        readable=True,
    ),
]
OutPath = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        help="Where to write the result (a CTF's exception list goes beside it, "
        "named <OUT>_exceptions.csv). Default: beside the input, named "
        "<input>_result_job<N>.CSV (or .XML), never over an existing file.",
    ),
]
Force = Annotated[
    bool,
    typer.Option("--force", help="Write over an existing file named by --out."),
]


def register(app: typer.Typer) -> None:
    group = _group(app)
    names = {command.name for command in group.registered_commands}
    if "batch" not in names:
        group.command("batch")(batch_command)
    if "dedupe" not in names:
        group.command("dedupe")(dedupe_command)


def _group(app: typer.Typer) -> typer.Typer:
    for info in app.registered_groups:
        if info.name == GROUP and info.typer_instance is not None:
            return info.typer_instance
    group = typer.Typer(help="The learner register.", no_args_is_help=True)
    app.add_typer(group, name=GROUP)
    return group


def batch_command(
    source: InPath,
    out: OutPath = None,
    find_only: Annotated[
        bool,
        typer.Option(
            "--find-only", help="Find learners only: register nobody new (not found)."
        ),
    ] = False,
    force: Force = False,
) -> None:
    """Run a batch file against the register to the end, with a progress bar."""
    _django.setup()
    from examsoffice.errors import FileFormatError
    from examsoffice.jobs import registry
    from examsoffice.jobs.runner import AlreadyQueuedError
    from examsoffice.register import batch

    registry.load_handlers()
    data = source.read_bytes()
    try:
        kind = batch.detect_kind(source.name, data)
        if out is not None:
            _check_out(source, batch.output_paths(out, kind), force)
        job = batch.start_batch(source.name, data, register_new=not find_only)
    except FileFormatError as exc:
        typer.echo(f"examsoffice: {exc}", err=True)
        raise typer.Exit(1) from exc
    except AlreadyQueuedError as exc:
        job = exc.job
        typer.echo(
            f"This file is already being worked through (job {job.pk}); "
            "following that job instead of starting it again."
        )

    for warning in job.params.get("warnings", []):
        typer.echo(f"Warning: {warning}", err=True)

    # The job logs its outcomes for a server's log; here the table below says them.
    quiet = logging.getLogger(batch.__name__)
    level = quiet.level
    quiet.setLevel(logging.WARNING)
    try:
        job = _run_with_bar(job)
    finally:
        quiet.setLevel(level)
    if job.status != "done":
        typer.echo(f"The batch job failed: {job.message}", err=True)
        raise typer.Exit(1)

    if out is None:
        out = _free_name(source, job.pk, kind, batch.output_paths)
        force = False
    try:
        written = batch.copy_results(job, out, overwrite=force)
    except FileExistsError as exc:
        typer.echo(
            f"examsoffice: {exc.filename} appeared while the batch ran; the result "
            f"is kept in the register (job {job.pk}): run again with another --out.",
            err=True,
        )
        raise typer.Exit(1) from exc
    _print_summary(job.summary)
    for path in written:
        typer.echo(f"Wrote {path}")


def _check_out(source: Path, paths: list[Path], force: bool) -> None:
    """Refuse an --out that is the input, or that exists unless --force."""
    from examsoffice.errors import FileFormatError

    for path in paths:
        if path.exists() and path.resolve() == source.resolve():
            raise FileFormatError(
                f"--out names the input file {source.name}; the result never "
                "replaces the file sent. Choose another name.",
                file=str(path),
            )
        if path.exists() and not force:
            raise FileFormatError(
                f"{path} already exists. Choose another name with --out, or add "
                "--force to write over it.",
                file=str(path),
            )


def _free_name(source: Path, job: int, kind: Any, paths_of: Any) -> Path:
    """``<input>_result_job<N>.CSV`` (or .XML) beside the input, with _2, _3... when
    that or its exception list is taken."""
    suffix = ".XML" if kind.value == "ctf" else ".CSV"
    base = f"{source.stem}_result_job{job}"
    number = 1
    while True:
        name = base if number == 1 else f"{base}_{number}"
        target = source.resolve().with_name(name + suffix)
        if not any(path.exists() for path in paths_of(target, kind)):
            return target
        number += 1


def _run_with_bar(job: Any) -> Any:
    """Run the job here, unless a server's worker took it first: then watch it."""
    from django.utils import timezone

    from examsoffice.jobs.models import Job, JobStatus
    from examsoffice.jobs.runner import run_job

    claimed = Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started=timezone.now(), heartbeat=timezone.now()
    )
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn()
    ) as bar:
        task = bar.add_task(job.title, total=job.params.get("learners") or None)

        def show(current: Any) -> None:
            bar.update(task, completed=current.done, total=current.total or None)

        if claimed:
            job.refresh_from_db()
            return run_job(job, listener=show)
        while job.status in (JobStatus.QUEUED, JobStatus.RUNNING):
            time.sleep(1)
            job.refresh_from_db()
            show(job)
        return job


def _print_summary(summary: dict[str, Any]) -> None:
    from examsoffice.register.batch import OUTCOME_LABELS

    # What a person does next with each outcome, after its words.
    hints = {
        "possible_match": " (in the exceptions queue)",
        "rejected": " (see the return codes)",
    }
    table = Table("Outcome", "Learners")
    for key, label in OUTCOME_LABELS.items():
        table.add_row(f"{label}{hints.get(key, '')}", str(summary.get(key, 0)))
    Console().print(table)


def dedupe_command(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="CSV of the likely duplicate pairs.")
    ],
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help="ours (our matching engine, this machine; the default and the "
            "better), duckdb (Splink, this machine) or spark (Splink, local, or "
            "the cluster named by --spark-master or EXAMSOFFICE_SPARK_MASTER).",
        ),
    ] = "ours",
    threshold: Annotated[
        float | None,
        typer.Option(
            "--threshold",
            help="Match probability of a pair (Splink: 0.9; ours: the register's "
            "duplicate threshold).",
        ),
    ] = None,
    clusters: Annotated[
        Path | None,
        typer.Option("--clusters", help="Also write the groups: cluster, ULN."),
    ] = None,
    queue: Annotated[
        bool,
        typer.Option("--queue", help="Put each pair in the exceptions queue."),
    ] = False,
    spark_master: Annotated[
        str,
        typer.Option(
            "--spark-master", help="Spark master URL, e.g. spark://host:7077."
        ),
    ] = "",
    memory: Annotated[
        str,
        typer.Option(
            "--memory",
            help="DuckDB's memory limit, e.g. 6GB; past it the work spills to disk.",
        ),
    ] = "6GB",
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Show Splink's notes on its training."),
    ] = False,
) -> None:
    """Find all likely duplicates in the register, from its matching settings."""
    if engine not in ("ours", "duckdb", "spark"):
        raise typer.BadParameter("choose ours, duckdb or spark", param_hint="--engine")
    _django.setup()
    from examsoffice.errors import ConfigurationError
    from examsoffice.register import dedupe

    if not verbose:
        dedupe.quieten_splink()
    try:
        result = dedupe.run_dedupe(
            engine=engine,
            threshold=threshold,
            spark_master_url=spark_master,
            memory_limit=memory,
        )
    except ConfigurationError as exc:
        typer.echo(f"examsoffice: {exc}", err=True)
        raise typer.Exit(1) from exc

    written = dedupe.write_pairs(out, result)
    typer.echo(
        f"{len(result.pairs)} likely duplicate pairs in {result.learners} learners "
        f"({result.seconds:.1f} s on {engine}); {written.written} still to judge, "
        f"written to {out}"
    )
    for line in written.left_out():
        typer.echo(line)
    if clusters is not None:
        dedupe.write_clusters(clusters, result)
        typer.echo(f"{len(result.groups)} groups; wrote {clusters}")
    if queue:
        added = dedupe.queue_pairs(result)
        pairs = "pair" if added == 1 else "pairs"
        typer.echo(f"{added} {pairs} added to the exceptions queue.")
