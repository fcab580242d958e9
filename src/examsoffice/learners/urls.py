from django.urls import path

from examsoffice.learners.views import checks, imports, leavers, pupils

app_name = "learners"

urlpatterns = [
    path("", pupils.pupil_list, name="list"),
    path("<int:pk>/", pupils.pupil_detail, name="detail"),
    path("import/", imports.upload, name="import"),
    path("import/preview/<str:token>/", imports.preview, name="import_preview"),
    path("import/apply/<str:token>/", imports.apply, name="import_apply"),
    path("import/<int:pk>/", imports.batch, name="batch"),
    path("exceptions/", imports.exception_list, name="exceptions"),
    path("exceptions/<int:pk>/decide/", imports.decide, name="decide"),
    path("uln-request/", checks.uln_request_page, name="uln_request"),
    path("uln-request/download/", checks.uln_request_download, name="uln_download"),
    path("uln-request/send/", checks.uln_request_send, name="uln_send"),
    path("census/", checks.census_page, name="census"),
    path("leavers/", leavers.leavers_page, name="leavers"),
]
