from django.urls import path

from examsoffice.web import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
