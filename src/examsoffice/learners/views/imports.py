"""Upload a CTF, preview the exception log, apply it; review and decide exceptions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from examsoffice.accounts.roles import Role, role_required
from examsoffice.errors import FileFormatError
from examsoffice.learners import ctf_source, importing, queries, reports, uploads
from examsoffice.learners.import_plan import Kind, fixes_for, record_errors
from examsoffice.learners.incoming import Incoming
from examsoffice.learners.models import ImportBatch, ImportException
from examsoffice.learners.queries import open_exceptions

OFFICE = (Role.EXAMS_OFFICER, Role.DATA_MANAGER)
# Exceptions whose "same person" fix may rewrite who a held pupil is.
IDENTITY_KINDS = {Kind.DIFFERENT_PERSON.value, Kind.POSSIBLE_DUPLICATE.value}


def with_fixes(rows: Any) -> list[ImportException]:
    """Attach the fixes each open exception offers, and what to know first."""
    found = list(rows)
    for row in found:
        rec = Incoming.from_json(row.incoming) if row.incoming else None
        fixes = fixes_for(row.kind, rec)
        row.fix_choices = [(f, reports.FIX_LABELS.get(f, f)) for f in fixes]
        row.kind_label = reports.kind_label(row.kind)
        row.decision_label = reports.FIX_LABELS.get(row.decision, row.decision)
        row.warnings = _warnings(row, rec) if row.status == "open" else []
    return found


def _warnings(row: ImportException, rec: Incoming | None) -> list[str]:
    warnings = []
    if rec is not None and record_errors(rec):
        warnings.append(
            _(
                "It cannot update or add a pupil: %(errors)s. Correct it in the "
                "sending MIS and import the file again."
            )
            % {"errors": "; ".join(record_errors(rec))}
        )
    if row.pupil_id and row.kind in IDENTITY_KINDS:
        entries, series = queries.exam_entries(row.pupil_id)
        if entries:
            warnings.append(
                _(
                    "%(name)s has exam entries (%(entries)s, in %(series)s series). "
                    "'Same person' keeps them (with the candidate number and UCI) "
                    "on this record under the name in the file: be sure it is "
                    "the same person."
                )
                % {
                    "name": row.pupil,
                    "entries": entries,
                    "series": series,
                }
            )
    return warnings


@role_required(*OFFICE)
def upload(request: HttpRequest) -> HttpResponse:
    upload = request.FILES.get("file")
    if request.method == "POST" and isinstance(upload, UploadedFile):
        token = uploads.keep(upload)
        lenient = "1" if request.POST.get("lenient") else ""
        return redirect(f"{request.path}preview/{token}/?lenient={lenient}")
    if request.method == "POST":
        messages.error(request, _("Choose a CTF file to upload."))
    batches = ImportBatch.objects.select_related("user")[:20]
    return render(request, "learners/import_upload.html", {"batches": batches})


def _read(request: HttpRequest, token: str) -> ctf_source.ReadFile | HttpResponse:
    path = uploads.path_for(token)
    if path is None:
        messages.error(request, _("That upload has gone: upload the file again."))
        return redirect("learners:import")
    lenient = bool(request.GET.get("lenient") or request.POST.get("lenient"))
    name = uploads.original_name(token)
    try:
        return ctf_source.read_file(path, lenient=lenient, name=name)
    except FileFormatError as exc:
        # The stored copy has a random name: tell the user the name they know.
        exc.file = name
        messages.error(request, _on_the_page(str(exc), lenient))
        return redirect("learners:import")


# The reader speaks to the command line; on the page the option is a tick box.
CLI_HINT = "read it in lenient mode (--lenient)"


def _on_the_page(message: str, lenient: bool) -> str:
    tick = _(
        'tick "Read a file that is not well-formed XML anyway" and upload it again'
    )
    if CLI_HINT in message:
        return message.replace(CLI_HINT, tick)
    if not lenient and "not well-formed" in message:
        return f"{message} {_('Or')} {tick}."
    return message


def _already_applied(request: HttpRequest, batch: ImportBatch) -> HttpResponse:
    """Say the upload was applied before, with a link to that import."""
    messages.warning(
        request,
        format_html(
            _(
                'This file was already applied on {when}: see <a href="{url}">'
                "{name}</a>. It has not been applied again."
            ),
            when=date_format(localtime(batch.imported_at), "d/m/Y H:i"),
            url=reverse("learners:batch", args=[batch.pk]),
            name=batch.file_name,
        ),
    )
    return redirect("learners:batch", pk=batch.pk)


def _applied(token: str) -> ImportBatch | None:
    return ImportBatch.objects.filter(upload_token=token).first()


@role_required(*OFFICE)
def preview(request: HttpRequest, token: str) -> HttpResponse:
    earlier = _applied(token)
    if earlier is not None:
        return _already_applied(request, earlier)
    read = _read(request, token)
    if isinstance(read, HttpResponse):
        return read
    plan = importing.preview(read.records, result_file=read.is_uln_result)
    context = {
        "read": read,
        "plan": plan,
        "summary": reports.summary(plan, applied=False),
        "token": token,
        "lenient": request.GET.get("lenient", ""),
        "findings": [
            (reports.kind_label(f.kind), f, f.text(applied=False))
            for f in plan.findings
        ],
    }
    return render(request, "learners/import_preview.html", context)


@require_POST
@role_required(*OFFICE)
def apply(request: HttpRequest, token: str) -> HttpResponse:
    # The first apply discards the upload, so look for its import first.
    earlier = _applied(token)
    if earlier is not None:
        return _already_applied(request, earlier)
    read = _read(request, token)
    if isinstance(read, HttpResponse):
        return read
    outcome = importing.import_records(
        read.records,
        file_name=read.file_name,
        user=request.user,
        result_file=read.is_uln_result,
        upload=token,
    )
    uploads.discard(token)
    assert outcome.batch is not None
    if outcome.already_applied:
        return _already_applied(request, outcome.batch)
    messages.success(request, reports.summary(outcome.plan))
    return redirect("learners:batch", pk=outcome.batch.pk)


@role_required(*OFFICE)
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(ImportBatch, pk=pk)
    rows = found.exceptions.select_related("pupil", "batch")
    if request.GET.get("format") == "csv":
        return _csv(rows, f"exceptions-{found.pk}.csv")
    page = Paginator(rows, 500).get_page(request.GET.get("page"))
    context = {"batch": found, "page": page, "exceptions": with_fixes(page)}
    return render(request, "learners/import_batch.html", context)


@role_required(*OFFICE)
def exception_list(request: HttpRequest) -> HttpResponse:
    rows = open_exceptions().select_related("pupil", "batch")
    if request.GET.get("format") == "csv":
        return _csv(rows, "open-exceptions.csv")
    context = {"exceptions": with_fixes(rows[:500]), "count": rows.count()}
    return render(request, "learners/exception_list.html", context)


def _csv(rows: QuerySet[ImportException], name: str) -> HttpResponse:
    response = HttpResponse(reports.exceptions_csv(rows), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@role_required(*OFFICE)
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(ImportException.objects.select_related("pupil"), pk=pk)
    try:
        importing.decide(row, request.POST.get("fix", ""), request.user)
    except importing.DecisionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Done: %(fix)s for %(name)s.")
            % {
                "fix": reports.FIX_LABELS.get(row.decision, row.decision),
                "name": row.incoming_name,
            },
        )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    return redirect(back or "learners:exceptions")
