from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", include("examsoffice.web.urls")),
    path("accounts/", include("examsoffice.accounts.urls")),
    path("pupils/", include("examsoffice.learners.urls")),
    path("register/", include("examsoffice.register.urls")),
    path("exams/", include("examsoffice.exams.urls")),
    path("rooms/", include("examsoffice.rooms.urls")),
    path("planner/", include("examsoffice.planner.urls")),
    path("jobs/", include("examsoffice.jobs.urls")),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico whatever the page says.
    path(
        "favicon.ico",
        RedirectView.as_view(url=static("web/favicon.svg"), permanent=True),
    ),
]
