"""The pupil list (with filters and an Excel export) and one pupil's page."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from openpyxl import Workbook

from examsoffice.accounts.roles import Role, role_required
from examsoffice.learners import queries
from examsoffice.learners.import_plan import LABELS
from examsoffice.learners.models import Pupil, RollStatus
from examsoffice.learners.views.imports import with_fixes

YEAR_GROUPS = [str(n) for n in range(7, 14)]
FILTERS = ("status", "year", "uln", "upn", "exceptions", "q")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filtered(params: dict[str, str]) -> QuerySet[Pupil]:
    status = params.get("status", "")
    pupils = (
        Pupil.objects.all()
        if status == "all"
        else Pupil.objects.filter(status=status or RollStatus.ON_ROLL)
    )
    if params.get("year"):
        pupils = pupils.filter(year_group=params["year"])
    if params.get("uln") == "missing":
        pupils = queries.without_uln(pupils)
    elif params.get("uln") == "present":
        pupils = queries.with_uln(pupils)
    if params.get("upn") == "temporary":
        pupils = queries.temporary_upn(pupils)
    if params.get("exceptions") == "open":
        pupils = queries.with_open_exceptions(pupils)
    search = params.get("q", "").strip()
    if search:
        pupils = pupils.filter(surname__icontains=search) | pupils.filter(
            upn__iexact=search
        )
    return pupils.order_by("surname", "forename", "id")


@role_required(Role.EXAMS_OFFICER, Role.DATA_MANAGER)
def pupil_list(request: HttpRequest) -> HttpResponse:
    params = {name: request.GET.get(name, "") for name in FILTERS}
    pupils = filtered(params)
    if request.GET.get("format") == "xlsx":
        return _xlsx(pupils)

    page = Paginator(pupils, 100).get_page(request.GET.get("page"))
    query = "&".join(f"{k}={v}" for k, v in params.items() if v)
    context = {
        "page": page,
        "count": page.paginator.count,
        "year_groups": YEAR_GROUPS,
        "statuses": RollStatus.choices,
        "query": query,
        **params,
    }
    return render(request, "learners/pupil_list.html", context)


COLUMNS = (
    ("Surname", "surname"),
    ("Forename", "forename"),
    ("Year", "year_group"),
    ("Reg group", "registration_group"),
    ("Date of birth", "date_of_birth"),
    ("Sex", "sex"),
    ("UPN", "upn"),
    ("Former UPN", "former_upn"),
    ("ULN", "uln"),
    ("UCI", "uci"),
    ("Status", "status"),
    ("Postcode", "postcode"),
)


def _xlsx(pupils: QuerySet[Pupil]) -> HttpResponse:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Pupils")
    sheet.append([title for title, _name in COLUMNS])
    for row in pupils.values_list(*(name for _title, name in COLUMNS)):
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="pupils.xlsx"'
    return response


@dataclass(frozen=True)
class HistoryRow:
    changed_at: datetime
    what: str
    old_value: str
    new_value: str
    source: str
    user: object


def history(pupil: Pupil) -> list[HistoryRow]:
    """Identifier changes and name, birth date and sex changes, newest first."""
    rows = [
        HistoryRow(
            c.changed_at,
            LABELS.get(c.identifier, c.identifier),
            c.old_value,
            c.new_value,
            c.source,
            c.user,
        )
        for c in pupil.identifier_changes.select_related("user")
    ]
    rows += [
        HistoryRow(
            c.changed_at,
            LABELS.get(c.field, c.field),
            c.old_value,
            c.new_value,
            c.source,
            c.user,
        )
        for c in pupil.detail_changes.select_related("user")
    ]
    return sorted(rows, key=lambda r: r.changed_at, reverse=True)


@role_required(Role.EXAMS_OFFICER, Role.DATA_MANAGER)
def pupil_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pupil = get_object_or_404(Pupil, pk=pk)
    context = {
        "pupil": pupil,
        "history": history(pupil),
        "exceptions": with_fixes(pupil.import_exceptions.select_related("batch")),
    }
    return render(request, "learners/pupil_detail.html", context)
