from django.urls import path

from examsoffice.learners import views

app_name = "learners"

urlpatterns = [
    path("", views.pupil_list, name="list"),
]
