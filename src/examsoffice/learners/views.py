from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from examsoffice.accounts.roles import Role, role_required
from examsoffice.learners import queries

YEAR_GROUPS = [str(n) for n in range(7, 14)]


@role_required(Role.EXAMS_OFFICER, Role.DATA_MANAGER)
def pupil_list(request: HttpRequest) -> HttpResponse:
    pupils = queries.on_roll()
    year = request.GET.get("year", "")
    uln = request.GET.get("uln", "")
    search = request.GET.get("q", "").strip()

    if year:
        pupils = pupils.filter(year_group=year)
    if uln == "missing":
        pupils = queries.without_uln(pupils)
    elif uln == "present":
        pupils = queries.with_uln(pupils)
    if search:
        pupils = pupils.filter(surname__icontains=search) | pupils.filter(
            upn__iexact=search
        )

    page = Paginator(pupils.order_by("surname", "forename"), 100).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "count": page.paginator.count,
        "year": year,
        "uln": uln,
        "q": search,
        "year_groups": YEAR_GROUPS,
    }
    return render(request, "learners/pupil_list.html", context)
