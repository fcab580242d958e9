"""``examsoffice exams ...``: basedata, series, clashes, submissions and documents."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from examsoffice.cli import _django, _files

exams = typer.Typer(help="Exam administration: basedata, clashes, submissions.")
basedata_app = typer.Typer(help="Basedata templates and imports.")
submission_app = typer.Typer(help="Submissions to awarding bodies.")


def register(app: typer.Typer) -> None:
    exams.add_typer(basedata_app, name="basedata")
    exams.add_typer(submission_app, name="submission")
    app.add_typer(exams, name="exams")


class SubmissionFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


SeriesOption = Annotated[
    str, typer.Option("--series", help="The series' name or code, e.g. 6A26.")
]


def _count(n: int, singular: str, plural: str = "") -> str:
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


def _series(key: str) -> object:
    from django.db.models import Q

    from examsoffice.exams.models import Series

    found = list(Series.objects.filter(Q(name__iexact=key) | Q(code__iexact=key)))
    if len(found) != 1:
        names = ", ".join(f"{s.code} ({s.name})" for s in Series.objects.all())
        typer.echo(
            f"No single series is called '{key}'. Series: {names or 'none yet'}.",
            err=True,
        )
        raise typer.Exit(2)
    return found[0]


@exams.command("series")
def list_series() -> None:
    """List the series with their candidates and entries."""
    _django.setup()
    from examsoffice.exams.models import Series

    for s in Series.objects.select_related("awarding_body"):
        body = s.awarding_body.short_name if s.awarding_body else "internal"
        counted = _count(s.candidates.count(), "candidate")
        typer.echo(f"{s.code}\t{body}\t{s.name}\t{counted}")


@basedata_app.command("template")
def template(
    out: Annotated[Path, typer.Argument(help="Where to write: a .csv or .xlsx file.")],
    example: Annotated[bool, typer.Option(help="A filled example.")] = False,
    body: Annotated[
        str, typer.Option(help="Awarding body of the example: 70 AQA, 01 OCR.")
    ] = "70",
) -> None:
    """Write the blank basedata template (or a filled example)."""
    import datetime as dt

    from examsoffice.formats.basedata.template_csv import writer as csv_writer
    from examsoffice.formats.basedata.template_xlsx import writer as xlsx_writer

    writer = xlsx_writer if out.suffix.lower() == ".xlsx" else csv_writer
    if example:
        day = dt.date.today() + dt.timedelta(days=120)
        _files.write(out, writer.example(day, (body,)))
    else:
        _files.write(out, writer.blank())
    typer.echo(f"Wrote {out}")


@basedata_app.command("import")
def import_basedata(
    file: Annotated[Path, typer.Argument(help="A basedata template, .csv or .xlsx.")],
    series: SeriesOption,
    apply: Annotated[
        bool, typer.Option(help="Write it; without this only the preview is shown.")
    ] = False,
) -> None:
    """Preview a basedata file against a series, and apply it with --apply."""
    _django.setup()
    from examsoffice.errors import FileFormatError
    from examsoffice.exams.models import BasedataImport
    from examsoffice.exams.services import basedata

    target = _series(series)
    content = _files.read(file)
    try:
        if apply:
            upload = BasedataImport.objects.create(file_name=file.name, content=content)
            result = basedata.apply(target, upload)  # type: ignore[arg-type]
        else:
            result = basedata.preview(target, content, file.name)  # type: ignore[arg-type]
    except FileFormatError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc
    # The counts first: with many problems they would scroll out of sight.
    typer.echo(result.summary)
    for problem in result.problems:
        typer.echo(str(problem), err=True)
    if result.missing:
        typer.echo(f"Not in the file, kept: {', '.join(result.missing)}")
    if result.problems.has_errors():
        typer.echo("Nothing was written: fix the errors and run it again.", err=True)
        raise typer.Exit(1)
    typer.echo("Applied." if apply else "Preview only; add --apply to write it.")


@exams.command("clashes")
def clashes(series: SeriesOption) -> None:
    """List the season's clashes, open ones first."""
    _django.setup()
    from examsoffice.exams.services import timetable

    found = timetable.clashes(_series(series))  # type: ignore[arg-type]
    for item in sorted(found, key=lambda c: c.resolved):
        c = item.clash
        state = "resolved" if item.resolved else "OPEN"
        pupil = item.candidate.pupil
        when = f"{c.date:%a %d/%m/%Y} {c.session.value if c.session else ''}"
        typer.echo(
            f"{state}\t{c.candidate_number} {pupil.surname}, {pupil.forename}\t"
            f"{when.strip()}\t{c.kind.label}: {', '.join(c.component_codes)}"
        )
    still_open = len([c for c in found if not c.resolved])
    typer.echo(
        f"{_count(still_open, 'open clash', 'open clashes')}, {len(found)} in all."
    )


@submission_app.command("export")
def export(
    series: SeriesOption,
    out: Annotated[Path, typer.Option(help="Folder for the file.")] = Path("."),
    fmt: Annotated[
        SubmissionFormat, typer.Option("--format", help="csv or xlsx.")
    ] = SubmissionFormat.CSV,
    allow_missing_uln: Annotated[
        bool, typer.Option(help="Send even if some candidates have no valid ULN.")
    ] = False,
) -> None:
    """Gather every change since the last submission and write it out."""
    _django.setup()
    from examsoffice.errors import DataError
    from examsoffice.exams.services import submissions

    try:
        submission, _content = submissions.prepare(
            _series(series),  # type: ignore[arg-type]
            allow_missing_uln=allow_missing_uln,
        )
    except DataError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc
    data = (
        submissions.as_xlsx(submission)
        if fmt is SubmissionFormat.XLSX
        else submissions.as_csv(submission)
    )
    path = out / f"{submission.edi_name.replace('.', '_')}.{fmt.value}"
    _files.write(path, data)
    label = "ULNs only" if submission.uln_only else "entries and changes"
    typer.echo(f"Wrote {path}: {_count(len(submission.rows), 'row')} ({label}).")


@exams.command("documents")
def documents(
    series: SeriesOption,
    out: Annotated[Path, typer.Argument(help="The PDF to write.")],
    kind: Annotated[
        str, typer.Option(help="statement, timetable, notice or clash.")
    ] = "statement",
    fees: Annotated[bool, typer.Option(help="Fees on statements.")] = False,
) -> None:
    """One PDF of candidate documents for the whole season's cohort."""
    _django.setup()
    from examsoffice.exams.services import documents as docs

    target = _series(series)
    build = {
        "statement": lambda: docs.statement(target, show_fees=fees),  # type: ignore[arg-type]
        "timetable": lambda: docs.timetable(target),  # type: ignore[arg-type]
        "notice": lambda: docs.notice(target),  # type: ignore[arg-type]
        "clash": lambda: docs.clash_letters(target),  # type: ignore[arg-type]
    }.get(kind)
    if build is None:
        typer.echo("Choose --kind statement, timetable, notice or clash.", err=True)
        raise typer.Exit(2)
    _files.write(out, build())
    typer.echo(f"Wrote {out}")
