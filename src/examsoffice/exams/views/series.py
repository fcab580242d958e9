from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from examsoffice.accounts.roles import role_required
from examsoffice.errors import DataError
from examsoffice.exams import models as m
from examsoffice.exams.export import wants_xlsx, xlsx_response
from examsoffice.exams.services import series as series_services
from examsoffice.exams.services.candidates import identifier_flags
from examsoffice.exams.views import OFFICE


@role_required(*OFFICE)
def series_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and request.POST.get("jcq_id"):
        return _create_public(request)
    if request.method == "POST":
        return _create_mock(request)
    rows = m.Series.objects.select_related("awarding_body").annotate(
        n_candidates=Count("candidates", distinct=True),
        n_entries=Count(
            "candidates__entries",
            filter=Q(candidates__entries__status=m.EntryStatus.ENTERED),
            distinct=True,
        ),
    )
    if wants_xlsx(request):
        return xlsx_response(
            "series",
            ["Series", "Awarding body", "Code", "Season", "Candidates", "Entries"],
            [
                (
                    s.name,
                    str(s.awarding_body or _("internal")),
                    s.code,
                    s.season,
                    s.n_candidates,
                    s.n_entries,
                )
                for s in rows
            ],
        )
    context = {
        "rows": rows,
        "public": [s for s in rows if not s.is_internal],
        "bodies": m.AwardingBody.objects.all(),
        "has_centre": m.Centre.objects.exists(),
    }
    return render(request, "exams/series_list.html", context)


def _create_public(request: HttpRequest) -> HttpResponse:
    post = request.POST
    year = post.get("year", "")
    try:
        made = series_services.create_series(
            jcq_id=post["jcq_id"],
            code=post.get("code", ""),
            name=post.get("name", ""),
            season=post.get("season", ""),
            year=int(year) if year.isdigit() else 0,
            entry_deadline=parse_date(post.get("entry_deadline", "")),
            centre_number=post.get("centre_number", ""),
            centre_name=post.get("centre_name", ""),
        )
    except DataError as exc:
        messages.error(request, str(exc))
        return redirect("exams:series_list")
    messages.success(
        request, _("Series %(n)s made; import its basedata next.") % {"n": made.name}
    )
    return redirect("exams:basedata", made.pk)


def _create_mock(request: HttpRequest) -> HttpResponse:
    source = get_object_or_404(m.Series, pk=request.POST.get("source"))
    name = request.POST.get("name", "").strip()
    if not name:
        messages.error(request, _("Give the mock series a name, e.g. Year 11 mocks."))
        return redirect("exams:series_list")
    mock = series_services.create_mock_series(
        source,
        name=name,
        code=request.POST.get("code", "").strip() or "MOCK",
        first_day=parse_date(request.POST.get("first_day", "")),
    )
    messages.success(
        request,
        _("Mock series %(n)s made from %(s)s.") % {"n": mock.name, "s": source.name},
    )
    return redirect("exams:series_detail", mock.pk)


@role_required(*OFFICE)
def series_detail(request: HttpRequest, pk: int) -> HttpResponse:
    series = get_object_or_404(m.Series.objects.select_related("awarding_body"), pk=pk)
    components = series.components.order_by("date", "session", "code")
    if wants_xlsx(request):
        return xlsx_response(
            f"components-{series.code}",
            ["Code", "Title", "Date", "Session", "Start", "Minutes"],
            [
                (c.code, c.title, c.date, c.session, c.start, c.duration_minutes)
                for c in components
            ],
        )
    context = {
        "series": series,
        "components": components,
        "season": series_services.season_of(series),
        "fee_rules": series.fee_rules.all(),
        "flags": identifier_flags(series),
        "n_candidates": series.candidates.count(),
        "n_entries": m.Entry.objects.filter(
            candidate__series=series, status=m.EntryStatus.ENTERED
        ).count(),
        "n_late": m.Entry.objects.filter(
            candidate__series=series, fee_rule__isnull=False
        ).count(),
    }
    return render(request, "exams/series_detail.html", context)


def guarded(request: HttpRequest, action: object, *args: object) -> bool:
    """Run a service call; a DataError becomes a message instead of a crash."""
    try:
        action(*args)  # type: ignore[operator]
    except DataError as exc:
        messages.error(request, str(exc))
        return False
    return True
