from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from examsoffice.accounts.roles import Role, user_has_role
from examsoffice.jobs.models import Job
from examsoffice.jobs.registry import load_handlers
from examsoffice.jobs.runner import SEEN_BY


def _visible(request: HttpRequest) -> QuerySet[Job]:
    jobs = Job.objects.all()
    if user_has_role(request.user, Role.ADMINISTRATOR):
        return jobs
    load_handlers()  # the web process may not have run a job yet
    kinds = [
        kind
        for kind, role in SEEN_BY.items()
        if user_has_role(request.user, Role(role))
    ]
    return jobs.filter(Q(created_by=request.user.pk) | Q(kind__in=kinds))


def job_list(request: HttpRequest) -> HttpResponse:
    jobs = _visible(request)[:100]
    template = "jobs/_rows.html" if request.GET.get("partial") else "jobs/list.html"
    return render(request, template, {"jobs": jobs})


def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(_visible(request), pk=pk)
    template = "jobs/_status.html" if request.GET.get("partial") else "jobs/detail.html"
    return render(request, template, {"job": job})


def job_result(request: HttpRequest, pk: int) -> FileResponse:
    job = get_object_or_404(_visible(request), pk=pk)
    if not job.result_file:
        raise Http404("This job has no result file yet.")

    path = Path(job.result_file)
    root = Path(settings.MEDIA_ROOT).resolve()
    # Result files live under the data folder; refuse anything that points elsewhere.
    if root not in path.resolve().parents:
        raise PermissionDenied
    if not path.exists():
        raise Http404("The result file is no longer there.")
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
