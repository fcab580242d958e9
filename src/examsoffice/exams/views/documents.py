from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from examsoffice.accounts.roles import role_required
from examsoffice.errors import DataError
from examsoffice.exams import models as m
from examsoffice.exams.export import download
from examsoffice.exams.jobs import KIND, build
from examsoffice.exams.services import as_user, documents
from examsoffice.exams.views import OFFICE
from examsoffice.jobs.runner import enqueue
from examsoffice.learners.models import Pupil

TITLES: dict[str, Any] = {
    "statement": gettext_lazy("Statements of entry"),
    "timetable": gettext_lazy("Personal timetables"),
    "notice": gettext_lazy("Notices to candidates"),
    "clash": gettext_lazy("Clash letters"),
}

# Up to this many candidates the PDF comes straight back; more go to a job.
IN_REQUEST_LIMIT = 60


@role_required(*OFFICE)
def document_page(request: HttpRequest, pk: int) -> HttpResponse:
    series = get_object_or_404(m.Series, pk=pk)
    kind = request.GET.get("kind", "")
    if kind not in documents.KINDS:
        context = {"series": series, "letters": m.LetterTemplate.objects.all()}
        return render(request, "exams/documents.html", context)
    pupil_ids = _scope(request, series)
    if pupil_ids is not None and not pupil_ids:
        messages.error(request, _("No candidates match; check the number or group."))
        return redirect("exams:documents", series.pk)
    user = as_user(request.user)
    officer = (user.get_full_name() or user.get_username()) if user else ""
    fees = request.GET.get("fees") == "1"
    if pupil_ids is None or len(pupil_ids) > IN_REQUEST_LIMIT:
        return _in_background(request, series, kind, pupil_ids, officer, fees)
    try:
        pdf = build(series, kind, pupil_ids, officer, fees)
    except DataError as exc:
        messages.error(request, str(exc))
        return redirect("exams:documents", series.pk)
    return download(pdf, f"{kind}-{series.code}.pdf", "application/pdf")


def _scope(request: HttpRequest, series: m.Series) -> list[int] | None:
    number = request.GET.get("candidate", "").strip()
    group = request.GET.get("group", "").strip()
    year = request.GET.get("year", "").strip()
    people = m.Candidate.objects.filter(series__season=series.season)
    if number:
        return list(
            people.filter(number=number.zfill(4)).values_list("pupil_id", flat=True)
        )
    if group or year:
        pupils = Pupil.objects.all()
        if group:
            pupils = pupils.filter(registration_group__iexact=group)
        if year:
            pupils = pupils.filter(year_group=year)
        return list(
            people.filter(pupil__in=pupils)
            .values_list("pupil_id", flat=True)
            .distinct()
        )
    return None


def _in_background(
    request: HttpRequest,
    series: m.Series,
    kind: str,
    pupil_ids: list[int] | None,
    officer: str,
    fees: bool,
) -> HttpResponse:
    # A whole cohort's letters take tens of seconds: too long for one page load.
    params = {
        "series": series.pk,
        "kind": kind,
        "pupil_ids": pupil_ids,
        "officer": officer,
        "fees": fees,
    }
    title = _("%(kind)s for %(series)s") % {"kind": TITLES[kind], "series": series}
    job = enqueue(KIND, title, params, as_user(request.user))
    return redirect("jobs:detail", job.pk)


@role_required(*OFFICE)
def letter_edit(request: HttpRequest, key: str) -> HttpResponse:
    letter = get_object_or_404(m.LetterTemplate, key=key)
    if request.method == "POST":
        letter.title = request.POST.get("title", letter.title).strip() or letter.title
        letter.body = request.POST.get("body", "").replace("\r\n", "\n")
        letter.save()
        messages.success(request, _("Letter saved."))
        return redirect("exams:letter", key)
    return render(request, "exams/letter_edit.html", {"letter": letter})
