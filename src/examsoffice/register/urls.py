from django.urls import URLPattern, URLResolver, path

from examsoffice.register import batch_views

app_name = "register"

urlpatterns: list[URLPattern | URLResolver] = [
    path("batch/", batch_views.batch_list, name="batch"),
    path(
        "batch/<int:pk>/files/<int:index>/", batch_views.batch_file, name="batch_file"
    ),
]
