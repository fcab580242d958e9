"""Background jobs from the command line: list them, or work the queue now."""

from __future__ import annotations

from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from examsoffice.cli import _django

jobs_app = typer.Typer(help="Background jobs (batch files and other long work).")


def register(app: typer.Typer) -> None:
    app.add_typer(jobs_app, name="jobs")


@jobs_app.command("list")
def list_jobs() -> None:
    """Show the latest jobs and how far each has got."""
    _django.setup()
    from examsoffice.jobs.models import Job

    table = Table("id", "job", "status", "done", "of", "created")
    for job in Job.objects.all()[:50]:
        table.add_row(
            str(job.pk),
            job.title,
            job.get_status_display(),
            str(job.done),
            str(job.total),
            f"{job.created:%d/%m/%Y %H:%M}",
        )
    Console().print(table)


@jobs_app.command("run")
def run_jobs() -> None:
    """Run every waiting job now, with a progress bar, then stop."""
    _django.setup()
    from examsoffice.jobs import registry
    from examsoffice.jobs.runner import run_pending

    registry.load_handlers()
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn()
    ) as bar:
        tasks: dict[int, Any] = {}

        def show(job: Any) -> None:
            if job.pk not in tasks:
                tasks[job.pk] = bar.add_task(job.title, total=job.total or None)
            bar.update(tasks[job.pk], completed=job.done, total=job.total or None)

        count = run_pending(listener=show)
    typer.echo(f"Ran {count} job(s).")
