from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from examsoffice.accounts.roles import role_required
from examsoffice.errors import DataError
from examsoffice.exams import models as m
from examsoffice.exams.export import wants_xlsx, xlsx_response
from examsoffice.exams.services import timetable
from examsoffice.exams.views import OFFICE


@role_required(*OFFICE)
def clash_list(request: HttpRequest, pk: int) -> HttpResponse:
    series = get_object_or_404(m.Series, pk=pk)
    if request.method == "POST":
        try:
            timetable.resolve(
                series,
                request.POST.get("candidate", ""),
                request.POST.get("component", ""),
                request.POST.get("action", ""),
                position=int(request.POST.get("position") or 0),
                note=request.POST.get("note", ""),
                user=request.user,
            )
            messages.success(request, _("Decision recorded."))
        except (DataError, ValueError) as exc:
            messages.error(request, str(exc))
        return redirect("exams:clashes", series.pk)
    found = timetable.clashes(series)
    show = request.GET.get("show", "open")
    if show == "open":
        found = [c for c in found if not c.resolved]
    if wants_xlsx(request):
        return xlsx_response(
            f"clashes-{series.code}",
            [
                "Candidate",
                "Name",
                "Kind",
                "Date",
                "Session",
                "Papers",
                "Minutes",
                "Limit",
                "Resolved",
                "Advice",
            ],
            [
                (
                    c.clash.candidate_number,
                    str(c.candidate.pupil),
                    c.clash.kind.label,
                    c.clash.date,
                    c.clash.session.value if c.clash.session else "",
                    " ".join(c.clash.component_codes),
                    c.clash.total_minutes,
                    c.clash.limit_minutes,
                    "yes" if c.resolved else "no",
                    c.clash.advice,
                )
                for c in found
            ],
        )
    context = {
        "series": series,
        "clashes": found,
        "show": show,
        "actions": m.ResolutionAction.choices,
    }
    return render(request, "exams/clash_list.html", context)
