from django.contrib import admin
from django.urls import include, path

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
]
