from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from examsoffice.accounts.roles import role_required
from examsoffice.errors import DataError, ExamsOfficeError
from examsoffice.exams import models as m
from examsoffice.exams.export import XLSX, download, wants_xlsx, xlsx_response
from examsoffice.exams.services import submissions
from examsoffice.exams.views import OFFICE


@role_required(*OFFICE)
def submission_list(request: HttpRequest, pk: int) -> HttpResponse:
    series = get_object_or_404(m.Series.objects.select_related("awarding_body"), pk=pk)
    if request.method == "POST":
        return _post(request, series)
    if series.awarding_body:
        submissions.record_uln_changes(series)
    changes = submissions.pending(series)
    if wants_xlsx(request):
        return xlsx_response(
            f"unsent-{series.code}",
            ["Candidate", "Change", "Entry code", "Previous", "Detail", "When"],
            [
                (
                    c.candidate.number,
                    c.get_kind_display(),
                    c.option_code,
                    c.previous_code,
                    c.detail,
                    c.at.replace(tzinfo=None),
                )
                for c in changes
            ],
        )
    context = {
        "series": series,
        "changes": changes,
        "blockers": submissions.blockers(series),
        "history": series.submissions.all(),
    }
    return render(request, "exams/submission_list.html", context)


def _post(request: HttpRequest, series: m.Series) -> HttpResponse:
    action = request.POST.get("action", "")
    try:
        if action in {"prepare", "edi"}:
            writer_call = submissions.export_edi if action == "edi" else None
            if writer_call is not None:
                writer_call(series, user=request.user)
            else:
                submissions.prepare(
                    series,
                    user=request.user,
                    allow_missing_uln=request.POST.get("override") == "1",
                )
            messages.success(request, _("Submission prepared. Download it below."))
        else:
            submission = get_object_or_404(
                m.Submission, series=series, pk=request.POST.get("submission")
            )
            if action == "sent":
                submissions.mark_sent(submission)
            elif action == "acknowledged":
                submissions.mark_acknowledged(submission)
    except (DataError, ExamsOfficeError) as exc:
        messages.error(request, str(exc))
    return redirect("exams:submissions", series.pk)


@role_required(*OFFICE)
def submission_file(request: HttpRequest, submission_id: int, fmt: str) -> HttpResponse:
    submission = get_object_or_404(m.Submission, pk=submission_id)
    stem = submission.edi_name.replace(".", "_")
    if fmt == "xlsx" or wants_xlsx(request):
        return download(submissions.as_xlsx(submission), f"{stem}.xlsx", XLSX)
    return download(submissions.as_csv(submission), f"{stem}.csv", "text/csv")
