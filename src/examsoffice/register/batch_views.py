"""Pages for batch files: upload one, watch the jobs, download the results."""

from __future__ import annotations

import io
from dataclasses import replace

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from examsoffice.accounts.roles import Role, role_required, user_has_role
from examsoffice.errors import FileFormatError
from examsoffice.formats import lrs_batch
from examsoffice.formats.lrs_batch import BatchFileError
from examsoffice.jobs.models import Job
from examsoffice.jobs.runner import AlreadyQueuedError
from examsoffice.register import batch


class BatchUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Batch file"),
        help_text=_("A ULN-request CTF (.XML) or a batch CSV (LRB_<UKPRN>_...CSV)."),
    )
    find_only = forms.BooleanField(
        label=_("Find learners only (register nobody new)"), required=False
    )


def _add_file_errors(form: forms.Form, exc: FileFormatError) -> None:
    """Every fault of a file that cannot be used, each as its own error."""
    problems = exc.problems if isinstance(exc, BatchFileError) else []
    if not problems:
        form.add_error("file", str(exc))
        return
    form.add_error("file", f"{exc.file}: {exc.message.splitlines()[0]}")
    for problem in problems:
        form.add_error(
            "file", f"{replace(problem, file='').where()}: {problem.message}"
        )


def _batch_jobs() -> list[Job]:
    return list(Job.objects.filter(kind=batch.KIND)[:100])


@role_required(Role.REGISTER_OPERATOR)
def batch_list(request: HttpRequest) -> HttpResponse:
    form = BatchUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = batch.start_batch(
                upload.name,
                upload.read(),
                user=request.user,
                register_new=not form.cleaned_data["find_only"],
            )
        except FileFormatError as exc:
            _add_file_errors(form, exc)
        except AlreadyQueuedError as exc:
            messages.info(
                request,
                _(
                    "This file is already being worked through (started %(when)s): "
                    "here is its progress. It was not started a second time."
                )
                % {"when": localtime(exc.job.created).strftime("%d/%m/%Y %H:%M")},
            )
            return redirect("register:batch_job", pk=exc.job.pk)
        else:
            return redirect("register:batch_job", pk=job.pk)

    template = "register/_batch_rows.html" if request.GET.get("partial") else None
    context = {"form": form, "jobs": _batch_jobs()}
    return render(request, template or "register/batch.html", context)


@role_required(Role.REGISTER_OPERATOR)
def batch_job(request: HttpRequest, pk: int) -> HttpResponse:
    """One batch job, for the register operator whoever started it (the page,
    the command line or another operator), with links to its results and to the
    exceptions queue."""
    job = get_object_or_404(Job, pk=pk, kind=batch.KIND)
    partial = bool(request.GET.get("partial"))
    template = "register/_batch_status.html" if partial else "register/batch_job.html"
    return render(request, template, {"job": job})


TEMPLATE_NAME = "LRB_batch_template.CSV"


@role_required(Role.REGISTER_OPERATOR)
def batch_template(request: HttpRequest) -> HttpResponse:
    """A batch CSV to fill in: headings in order, the file header, one example."""
    out = io.StringIO()
    lrs_batch.write_template(out)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_NAME}"'
    return response


def batch_file(request: HttpRequest, pk: int, index: int) -> FileResponse:
    # role_required wraps views that answer HttpResponse; a file streams instead.
    if not user_has_role(request.user, Role.REGISTER_OPERATOR):
        raise PermissionDenied
    job = get_object_or_404(Job, pk=pk, kind=batch.KIND)
    files = batch.result_files(job)
    if index >= len(files):
        raise Http404(_("This job has no such result file."))

    path = files[index]
    root = batch.batch_root().resolve()
    # Only files the batch jobs wrote, under the data folder, are served.
    if root not in path.resolve().parents:
        raise PermissionDenied
    name = batch.download_names(job)[index]
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)
