from django.urls import URLPattern, URLResolver, path

from examsoffice.register import api_views, batch_views, org_views, views

app_name = "register"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.find, name="find"),
    path("add/", views.add, name="add"),
    path("learners/<str:uln>/", views.learner, name="learner"),
    path("link/", views.link, name="link"),
    path("exceptions/", views.exceptions, name="exceptions"),
    path("exceptions/<int:pk>/", views.exception, name="exception"),
    path("matching/", views.matching, name="matching"),
    path("organisations/", org_views.organisations, name="organisations"),
    path("organisations/<int:pk>/token/", org_views.issue, name="issue_token"),
    path("tokens/<int:pk>/revoke/", org_views.revoke, name="revoke_token"),
    path("batch/", batch_views.batch_list, name="batch"),
    path("batch/<int:pk>/", batch_views.batch_job, name="batch_job"),
    path("batch/template.csv", batch_views.batch_template, name="batch_template"),
    path(
        "batch/<int:pk>/files/<int:index>/", batch_views.batch_file, name="batch_file"
    ),
    path("api/openapi.json", api_views.openapi, name="openapi"),
    path("api/find", api_views.find, name="api_find"),
    path("api/register", api_views.register, name="api_register"),
    path("api/update", api_views.update, name="api_update"),
    path("api/verify", api_views.verify, name="api_verify"),
    path("api/link", api_views.link, name="api_link"),
    path("api/unlink", api_views.unlink, name="api_unlink"),
    path("api/uln-request", api_views.uln_request, name="api_uln_request"),
    path("api/exceptions/<int:pk>", api_views.exception, name="api_exception"),
]
