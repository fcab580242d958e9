from django.urls import path

from examsoffice.exams.views import (
    basedata,
    candidates,
    documents,
    entries,
    series,
    submissions,
    timetable,
)

app_name = "exams"

urlpatterns = [
    path("", series.series_list, name="series_list"),
    path("<int:pk>/", series.series_detail, name="series_detail"),
    path("<int:pk>/basedata/", basedata.import_basedata, name="basedata"),
    path("basedata/<str:kind>.<str:fmt>", basedata.template, name="basedata_template"),
    path("<int:pk>/candidates/", candidates.candidate_list, name="candidates"),
    path(
        "<int:pk>/candidates/<str:number>/",
        candidates.candidate_detail,
        name="candidate",
    ),
    path("<int:pk>/entries/", entries.entry_list, name="entries"),
    path("entry/<int:entry_id>/", entries.entry_detail, name="entry"),
    path("checks/", entries.my_checks, name="my_checks"),
    path("<int:pk>/checks/", entries.checks, name="checks"),
    path("<int:pk>/clashes/", timetable.clash_list, name="clashes"),
    path("<int:pk>/submissions/", submissions.submission_list, name="submissions"),
    path(
        "submission/<int:submission_id>.<str:fmt>",
        submissions.submission_file,
        name="submission_file",
    ),
    path("<int:pk>/documents/", documents.document_page, name="documents"),
    path("letters/<slug:key>/", documents.letter_edit, name="letter"),
]
