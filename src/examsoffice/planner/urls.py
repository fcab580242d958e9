from django.urls import path

from examsoffice.planner import views

app_name = "planner"

urlpatterns = [
    path("", views.home, name="home"),
    path("checklists/new/", views.checklist_new, name="checklist_new"),
    path("checklists/<int:pk>/", views.checklist_detail, name="checklist"),
    path("checklists/<int:pk>/assign/", views.checklist_assign, name="assign"),
    path("checklists/<int:pk>/delete/", views.checklist_delete, name="delete"),
    path("items/<int:pk>/tick/", views.item_tick, name="tick"),
    path("templates/", views.template_list, name="templates"),
    path("templates/new/", views.template_edit, name="template_new"),
    path("templates/<int:pk>/", views.template_edit, name="template"),
    path("templates/restore/", views.template_restore, name="template_restore"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("time-off/", views.time_off, name="time_off"),
    path("time-off/<int:pk>/delete/", views.time_off_delete, name="time_off_delete"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="feed"),
]
