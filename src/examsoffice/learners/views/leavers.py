"""The leaver CTF page: choose leavers, say where they went, download the file."""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from pathlib import Path

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from examsoffice.accounts.roles import Role, role_required
from examsoffice.formats.ctf import SchoolRef
from examsoffice.learners import leaver_ctf
from examsoffice.learners.models import LeaverExport, Pupil, RollStatus

OFFICE = (Role.EXAMS_OFFICER, Role.DATA_MANAGER)


@role_required(*OFFICE)
def leavers_page(request: HttpRequest) -> HttpResponse:
    chosen = _ids(request.POST.getlist("pupil") or request.GET.getlist("pupil"))
    if request.method != "POST":
        return _page(request, chosen)

    pupils = list(Pupil.objects.filter(pk__in=chosen))
    errors = [] if pupils else ["Tick at least one pupil to send."]
    dest = None
    unknown = request.POST.get("unknown") == "on"
    try:
        dest = leaver_ctf.parse_destination(
            "unknown" if unknown else request.POST.get("destination", "")
        )
    except leaver_ctf.DestinationError as exc:
        errors.append(str(exc))
    errors += leaver_ctf.problems(pupils)
    if errors or dest is None:
        return _page(request, chosen, errors=errors, status=400)
    return _download(request, pupils, dest)


def _ids(raw: list[str]) -> list[int]:
    return [int(value) for value in raw if value.isdigit()]


def _page(
    request: HttpRequest,
    chosen: list[int],
    *,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    # Leavers, and any pupil asked for by name (a CTF may go before the leaving day).
    pupils = Pupil.objects.filter(Q(status=RollStatus.LEFT) | Q(pk__in=chosen))
    context = {
        "pupils": pupils.order_by("-leaving_date", "surname", "forename"),
        "warnings": leaver_ctf.warnings(list(Pupil.objects.filter(pk__in=chosen))),
        "chosen": set(chosen),
        "errors": errors or [],
        "destination": request.POST.get("destination", ""),
        "unknown": request.POST.get("unknown") == "on",
        "exports": LeaverExport.objects.select_related("user").prefetch_related(
            "pupils"
        )[:20],
    }
    return render(request, "learners/leavers.html", context, status=status)


def _download(
    request: HttpRequest, pupils: list[Pupil], dest: SchoolRef
) -> HttpResponse:
    folder = Path(tempfile.mkdtemp(prefix="leaver-ctf-"))
    try:
        written = leaver_ctf.write_leavers(pupils, dest, folder, user=request.user)
        if len(written) == 1:
            path = written[0].path
            body, name, kind = path.read_bytes(), path.name, "application/xml"
        else:
            body, name, kind = _zip(written), "leaver-ctfs.zip", "application/zip"
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _zip(written: list[leaver_ctf.Written]) -> bytes:
    # Lost pupils go one to a file; the files travel together in one download.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in written:
            archive.write(item.path, item.path.name)
    return buffer.getvalue()
