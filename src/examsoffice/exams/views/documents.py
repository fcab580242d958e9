from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from examsoffice.accounts.roles import role_required
from examsoffice.errors import DataError
from examsoffice.exams import models as m
from examsoffice.exams.export import download
from examsoffice.exams.services import as_user, documents
from examsoffice.exams.views import OFFICE
from examsoffice.learners.models import Pupil


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
    try:
        pdf = _build(series, kind, pupil_ids, officer, request.GET.get("fees") == "1")
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


def _build(
    series: m.Series, kind: str, pupil_ids: list[int] | None, officer: str, fees: bool
) -> bytes:
    if kind == "statement":
        return documents.statement(series, pupil_ids, show_fees=fees)
    if kind == "timetable":
        return documents.timetable(series, pupil_ids)
    if kind == "notice":
        return documents.notice(series, pupil_ids, officer)
    return documents.clash_letters(series, pupil_ids, officer)


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
