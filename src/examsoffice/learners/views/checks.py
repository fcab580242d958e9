"""The ULN request page and the census check page."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from examsoffice.accounts.roles import Role, role_required
from examsoffice.errors import ExamsOfficeError
from examsoffice.learners import census, uln_request, uln_round_trip
from examsoffice.register.client import RegisterError

OFFICE = (Role.EXAMS_OFFICER, Role.DATA_MANAGER)


def _day(raw: str | None) -> tuple[date, str]:
    """The date asked for, or today with a message saying why when it was unreadable."""
    if not raw:
        return date.today(), ""
    try:
        return date.fromisoformat(raw), ""
    except ValueError:
        return date.today(), f"'{raw}' is not a date (YYYY-MM-DD); today was used."


@role_required(*OFFICE)
def uln_request_page(request: HttpRequest) -> HttpResponse:
    day, problem = _day(request.GET.get("census_date"))
    chosen = uln_request.select(day)
    context = {"request_": chosen, "day": day, "problem": problem}
    return render(request, "learners/uln_request.html", context)


@require_POST
@role_required(*OFFICE)
def uln_request_download(request: HttpRequest) -> HttpResponse:
    day, _problem = _day(request.POST.get("census_date"))
    chosen = uln_request.select(day)
    folder = tempfile.mkdtemp(prefix="uln-request-")
    path = uln_request.write(chosen, folder)
    response = HttpResponse(path.read_bytes(), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{path.name}"'
    shutil.rmtree(folder, ignore_errors=True)
    return response


@require_POST
@role_required(*OFFICE)
def uln_request_send(request: HttpRequest) -> HttpResponse:
    day, _problem = _day(request.POST.get("census_date"))
    chosen = uln_request.select(day)
    folder = tempfile.mkdtemp(prefix="uln-request-")
    try:
        path = uln_request.write(chosen, folder)
        client = uln_round_trip.client_from_settings(user=request.user)
        trip = uln_round_trip.send(path, client, user=request.user)
    except (ExamsOfficeError, RegisterError) as exc:
        messages.error(request, f"The learner register could not be asked: {exc}")
        return redirect("learners:uln_request")
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    # Every line: the pupils still without a ULN are named after the counts.
    for line in uln_round_trip.summary_lines(trip):
        messages.info(request, line)
    batch = trip.imported.batch
    return redirect("learners:batch", batch.pk) if batch else redirect("dashboard")


@role_required(*OFFICE)
def census_page(request: HttpRequest) -> HttpResponse:
    day, problem = _day(request.GET.get("date"))
    findings = census.check_census(day)
    context = {
        "findings": findings,
        "day": day,
        "problem": problem,
        "errors": sum(1 for f in findings if f.severity == "error"),
    }
    return render(request, "learners/census.html", context)
