from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from examsoffice.accounts.roles import Role, role_required, user_has_role
from examsoffice.errors import DataError
from examsoffice.exams import models as m
from examsoffice.exams.export import wants_xlsx, xlsx_response
from examsoffice.exams.services import as_user
from examsoffice.exams.services import entries as entry_services
from examsoffice.exams.views import OFFICE


@role_required(*OFFICE)
def entry_list(request: HttpRequest, pk: int) -> HttpResponse:
    series = get_object_or_404(m.Series, pk=pk)
    rows = m.Entry.objects.filter(candidate__series=series).select_related(
        "candidate__pupil", "option__qualification", "fee_rule"
    )
    option = request.GET.get("option", "")
    status = request.GET.get("status", "")
    late = request.GET.get("late", "")
    if option:
        rows = rows.filter(option__code=option)
    if status:
        rows = rows.filter(status=status)
    if late == "1":
        rows = rows.filter(fee_rule__isnull=False)
    if wants_xlsx(request):
        return xlsx_response(
            f"entries-{series.code}",
            [
                "Candidate",
                "Surname",
                "Forename",
                "Entry code",
                "Title",
                "Tier",
                "Status",
                "Entered on",
                "Fee",
                "Late fee",
                "Late rule",
            ],
            [
                (
                    e.candidate.number,
                    e.candidate.pupil.surname,
                    e.candidate.pupil.forename,
                    e.option.code,
                    e.option.title,
                    e.option.tier,
                    e.get_status_display(),
                    e.entered_on,
                    e.fee_pence / 100,
                    e.late_fee_pence / 100,
                    e.fee_rule.name if e.fee_rule else "",
                )
                for e in rows
            ],
        )
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    context = {
        "series": series,
        "page": page,
        "options": series.options.order_by("code"),
        "statuses": m.EntryStatus.choices,
        "option": option,
        "status": status,
        "late": late,
    }
    return render(request, "exams/entry_list.html", context)


@role_required(*OFFICE)
def entry_detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = get_object_or_404(
        m.Entry.objects.select_related("candidate__series", "option__qualification"),
        pk=entry_id,
    )
    if request.method == "POST":
        try:
            _act(request, entry)
        except DataError as exc:
            messages.error(request, str(exc))
        return redirect("exams:entry", entry.pk)
    context = {
        "entry": entry,
        "series": entry.candidate.series,
        "tiers": entry.option.qualification.options.exclude(pk=entry.option_id),
        "changes": entry.changes.select_related("user", "submission"),
        "checks": entry.checks.select_related("teacher"),
    }
    return render(request, "exams/entry_detail.html", context)


def _act(request: HttpRequest, entry: m.Entry) -> None:
    action = request.POST.get("action")
    if action == "withdraw":
        entry_services.withdraw(entry, user=request.user)
        messages.success(request, _("Entry withdrawn."))
    elif action == "reinstate":
        entry_services.reinstate(entry, user=request.user)
        messages.success(request, _("Entry reinstated."))
    elif action == "tier":
        option = get_object_or_404(m.Option, pk=request.POST.get("option"))
        entry_services.change_tier(entry, option, user=request.user)
        messages.success(request, _("Tier changed to %(c)s.") % {"c": option.code})
    elif action == "enter":
        option = get_object_or_404(m.Option, pk=request.POST.get("option"))
        entry_services.enter(entry.candidate, option, user=request.user)


@role_required(Role.TEACHER, Role.EXAMS_OFFICER)
def my_checks(request: HttpRequest) -> HttpResponse:
    """The teacher's way in: the series whose entries they are asked to check."""
    context = {"found": entry_services.series_for_teacher(request.user)}
    return render(request, "exams/my_checks.html", context)


@role_required(Role.TEACHER, Role.EXAMS_OFFICER)
def checks(request: HttpRequest, pk: int) -> HttpResponse:
    """Teachers check their subjects' entries; the officer sees queries and answers."""
    series = get_object_or_404(m.Series, pk=pk)
    if request.method == "POST":
        _check_post(request)
        return redirect("exams:checks", series.pk)
    mine = entry_services.entries_for_teacher(request.user, series)
    verdicts = {
        c.entry_id: c
        for c in m.EntryCheck.objects.filter(
            teacher=as_user(request.user), entry__in=mine
        )
    }
    queries = (
        m.EntryCheck.objects.filter(entry__candidate__series=series)
        .exclude(verdict=m.Verdict.CORRECT)
        .select_related("entry__candidate__pupil", "entry__option", "teacher")
    )
    officer = user_has_role(request.user, Role.EXAMS_OFFICER)
    if wants_xlsx(request):
        return xlsx_response(
            f"entry-checks-{series.code}",
            ["Candidate", "Entry code", "Teacher", "Verdict", "Comment", "Answer"],
            [
                (
                    q.entry.candidate.number,
                    q.entry.option.code,
                    q.teacher.username,
                    q.get_verdict_display(),
                    q.comment,
                    q.answer,
                )
                for q in queries
            ],
        )
    context = {
        "series": series,
        "rows": [(e, verdicts.get(e.pk)) for e in mine],
        "queries": queries,
        "officer": officer,
        "verdicts": m.Verdict.choices,
    }
    return render(request, "exams/checks.html", context)


def _check_post(request: HttpRequest) -> None:
    try:
        if "answer" in request.POST:
            check = get_object_or_404(m.EntryCheck, pk=request.POST.get("check"))
            entry_services.answer_check(check, request.user, request.POST["answer"])
        else:
            entry = get_object_or_404(m.Entry, pk=request.POST.get("entry"))
            entry_services.check_entry(
                entry,
                request.user,
                request.POST.get("verdict", ""),
                request.POST.get("comment", ""),
            )
        messages.success(request, _("Saved."))
    except DataError as exc:
        messages.error(request, str(exc))
