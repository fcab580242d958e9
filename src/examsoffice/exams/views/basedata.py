from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from examsoffice.accounts.roles import role_required
from examsoffice.errors import FileFormatError
from examsoffice.exams import models as m
from examsoffice.exams.demo import first_exam_day
from examsoffice.exams.export import XLSX, download
from examsoffice.exams.services import as_user, basedata
from examsoffice.exams.views import OFFICE
from examsoffice.formats.basedata import COLUMNS
from examsoffice.formats.basedata.template_csv import writer as csv_writer
from examsoffice.formats.basedata.template_xlsx import writer as xlsx_writer

WRITERS = {"csv": (csv_writer, "text/csv"), "xlsx": (xlsx_writer, XLSX)}


@role_required(*OFFICE)
def template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if fmt not in WRITERS or kind not in {"blank", "example"}:
        raise Http404
    writer, content_type = WRITERS[fmt]
    if kind == "blank":
        content = writer.blank()
    else:
        body = request.GET.get("body", "70")
        content = writer.example(first_exam_day(timezone.localdate()), (body,))
    return download(content, f"basedata-{kind}.{fmt}", content_type)


@role_required(*OFFICE)
def import_basedata(request: HttpRequest, pk: int) -> HttpResponse:
    series = get_object_or_404(m.Series, pk=pk)
    upload = None
    result = None
    error = ""
    if request.method == "POST" and "apply" in request.POST:
        upload = get_object_or_404(m.BasedataImport, pk=request.POST["apply"])
        result = basedata.apply(series, upload)
        if result.can_apply:
            messages.success(
                request,
                _("Basedata from %(f)s applied to %(s)s.")
                % {"f": upload.file_name, "s": series.name},
            )
            return redirect("exams:series_detail", series.pk)
    elif request.method == "POST" and request.FILES.get("file"):
        file = request.FILES.getlist("file")[0]
        upload = m.BasedataImport.objects.create(
            series=series,
            file_name=file.name or "basedata",
            content=file.read(),
            uploaded_by=as_user(request.user),
        )
        try:
            result = basedata.preview(series, bytes(upload.content), upload.file_name)
        except FileFormatError as exc:
            error = str(exc)
    context = {
        "series": series,
        "upload": upload,
        "result": result,
        "error": error,
        "columns": COLUMNS,
    }
    return render(request, "exams/basedata_import.html", context)
