from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from examsoffice.accounts.roles import role_required
from examsoffice.errors import DataError
from examsoffice.exams import models as m
from examsoffice.exams.export import wants_xlsx, xlsx_response
from examsoffice.exams.seats import seating_plans
from examsoffice.exams.services import candidates as candidate_services
from examsoffice.exams.services import entries as entry_services
from examsoffice.exams.services import timetable
from examsoffice.exams.services.candidates import identifier_flags
from examsoffice.exams.services.series import season_of
from examsoffice.exams.views import OFFICE
from examsoffice.identifiers import validate_uln
from examsoffice.learners.models import Pupil, RollStatus
from examsoffice.scheduling.arrangements import default_catalogue
from examsoffice.scheduling.seating import SeatingPlan


@role_required(*OFFICE)
def candidate_list(request: HttpRequest, pk: int) -> HttpResponse:
    series = get_object_or_404(m.Series, pk=pk)
    if request.method == "POST":
        return _bulk(request, series)
    rows = series.candidates.select_related("pupil").order_by("number")
    year = request.GET.get("year", "")
    group = request.GET.get("group", "").strip()
    search = request.GET.get("q", "").strip()
    if year:
        rows = rows.filter(pupil__year_group=year)
    if group:
        rows = rows.filter(pupil__registration_group__iexact=group)
    if search:
        rows = rows.filter(pupil__surname__icontains=search) | rows.filter(
            number=search.zfill(4)
        )
    flagged = {f.candidate.pk for f in identifier_flags(series)}
    if request.GET.get("flag") == "1":
        rows = rows.filter(pk__in=flagged)
    if wants_xlsx(request):
        return xlsx_response(
            f"candidates-{series.code}",
            ["Number", "Surname", "Forename", "Year", "Reg", "UCI", "ULN", "ULN valid"],
            [
                (
                    c.number,
                    c.pupil.surname,
                    c.pupil.forename,
                    c.pupil.year_group,
                    c.pupil.registration_group,
                    c.pupil.uci,
                    c.pupil.uln,
                    "yes" if validate_uln(c.pupil.uln) else "no",
                )
                for c in rows
            ],
        )
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    context = {
        "series": series,
        "page": page,
        "flagged": flagged,
        "year": year,
        "group": group,
        "q": search,
        "options": series.options.order_by("code"),
    }
    return render(request, "exams/candidate_list.html", context)


def _bulk(request: HttpRequest, series: m.Series) -> HttpResponse:
    if request.FILES.get("sheet"):
        file = request.FILES.getlist("sheet")[0]
        try:
            count, problems = entry_services.enter_from_sheet(
                series, file.read(), file.name or "sheet", user=request.user
            )
        except DataError as exc:
            messages.error(request, str(exc))
            return redirect("exams:candidates", series.pk)
        for problem in problems:
            messages.error(request, str(problem))
        if not problems.has_errors():
            messages.success(request, _("%(n)s entries made.") % {"n": count})
        return redirect("exams:candidates", series.pk)

    option = get_object_or_404(m.Option, series=series, pk=request.POST.get("option"))
    pupils = Pupil.objects.filter(status=RollStatus.ON_ROLL)
    year = request.POST.get("year", "")
    group = request.POST.get("group", "").strip()
    if not year and not group:
        messages.error(request, _("Choose a year group or give a group."))
        return redirect("exams:candidates", series.pk)
    if year:
        pupils = pupils.filter(year_group=year)
    if group:
        pupils = pupils.filter(registration_group__iexact=group)
    count, problems = entry_services.enter_group(
        series, pupils, option, user=request.user
    )
    for problem in problems:
        messages.warning(request, str(problem))
    messages.success(
        request, _("%(n)s entered for %(o)s.") % {"n": count, "o": option.code}
    )
    return redirect("exams:candidates", series.pk)


@role_required(*OFFICE)
def candidate_detail(request: HttpRequest, pk: int, number: str) -> HttpResponse:
    series = get_object_or_404(m.Series, pk=pk)
    candidate = get_object_or_404(
        m.Candidate.objects.select_related("pupil"), series=series, number=number
    )
    if request.method == "POST":
        uci_action = _UCI_ACTIONS.get(request.POST.get("action", ""))
        if uci_action is not None:
            uci_action(request, candidate)
            return redirect("exams:candidate", series.pk, candidate.number)
        return _add_arrangement(request, series, candidate)
    cohort = timetable.season_cohort(series, [candidate.pupil_id])
    papers = timetable.timetables(cohort).get(number, [])
    minutes = timetable.durations(cohort, number)
    plans = seating_plans(season_of(series))
    context = {
        "series": series,
        "candidate": candidate,
        "entries": m.Entry.objects.filter(
            candidate__pupil=candidate.pupil, candidate__series__season=series.season
        ).select_related("option__qualification", "fee_rule", "candidate__series"),
        "arrangements": candidate.pupil.access_arrangements.all(),
        "catalogue": list(default_catalogue()),
        "statuses": m.ApprovalStatus.choices,
        "papers": [
            (
                p,
                cohort.components[p.component_code],
                minutes.get(p.component_code),
                _seat(plans.get(p.sitting), number),
            )
            for p in papers
        ],
        "changes": m.EntryChange.objects.filter(candidate__pupil=candidate.pupil),
        "second_ucis": [
            (e, _uci_choices(e))
            for e in candidate.pupil.uci_exceptions.filter(kept_uci="")
        ],
    }
    return render(request, "exams/candidate_detail.html", context)


def _seat(plan: SeatingPlan | None, number: str) -> str:
    found = plan.find(number) if plan else None
    return f"{found.room_code} {found.seat.label}" if found else "TBC"


def _add_arrangement(
    request: HttpRequest, series: m.Series, candidate: m.Candidate
) -> HttpResponse:
    from examsoffice.exams.services.arrangements import add_arrangement

    try:
        add_arrangement(candidate.pupil, request.POST)
    except DataError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Access arrangement recorded."))
    return redirect("exams:candidate", series.pk, candidate.number)


# ---------------------------------------------------------------- a second UCI


def _uci_choices(exception: m.UciException) -> list[tuple[str, int | None, bool]]:
    """Each UCI with its allocation year; the earliest is the one to keep."""
    years = {
        uci: candidate_services.allocation_year(uci)
        for uci in (exception.held_uci, exception.other_uci)
    }
    known = [y for y in years.values() if y is not None]
    earliest = min(known) if len(known) == 2 and known[0] != known[1] else None
    return [(uci, year, year == earliest) for uci, year in years.items()]


def _record_uci(request: HttpRequest, candidate: m.Candidate) -> None:
    source = request.POST.get("source", "").strip() or _("typed on the candidate page")
    try:
        exception = candidate_services.record_uci(
            candidate.pupil, request.POST.get("uci", ""), source
        )
    except DataError as exc:
        messages.error(request, _("UCI not recorded: %(why)s") % {"why": exc})
        return
    if exception is None:
        messages.success(request, _("UCI recorded."))
    else:
        messages.warning(
            request,
            _("This candidate already has a UCI: keep one of the two below."),
        )


def _keep_uci(request: HttpRequest, candidate: m.Candidate) -> None:
    exception = get_object_or_404(
        m.UciException, pk=request.POST.get("exception"), pupil=candidate.pupil
    )
    keep = request.POST.get("keep", "")
    try:
        candidate_services.resolve_uci(exception, keep, request.user)
    except DataError as exc:
        messages.error(request, str(exc))
        return
    messages.success(
        request,
        _("Kept UCI %(uci)s; the change is in the pupil's history.") % {"uci": keep},
    )


_UCI_ACTIONS = {"record_uci": _record_uci, "keep_uci": _keep_uci}
