from django.urls import path

from examsoffice.rooms.views import day, invigilation, rooms, seating, sittings

app_name = "rooms"

urlpatterns = [
    path("", rooms.room_list, name="list"),
    path("new/", rooms.room_edit, name="room_new"),
    path("<int:pk>/", rooms.room_edit, name="room"),
    path("sittings/", sittings.sitting_list, name="sittings"),
    path("sittings/new/", sittings.sitting_new, name="sitting_new"),
    path("sittings/<int:pk>/", sittings.sitting_detail, name="sitting"),
    path("sittings/<int:pk>/rooms/", sittings.sitting_rooms, name="sitting_rooms"),
    path("sittings/<int:pk>/allocate/", invigilation.allocate, name="allocate"),
    path("sittings/<int:pk>/seat/", seating.auto_seat, name="auto_seat"),
    path("sittings/<int:pk>/seat-late/", seating.seat_late, name="seat_late"),
    path("sittings/<int:pk>/move/", seating.move, name="move"),
    path("sittings/<int:pk>/copy/", seating.copy_plan, name="copy"),
    path("sittings/<int:pk>/clear/", seating.clear, name="clear"),
    path("sittings/<int:pk>/print/", seating.document, name="print"),
    path("sittings/<int:pk>/print/<slug:key>/", seating.document, name="document"),
    path("sittings/<int:pk>/absentees/", day.absentees, name="absentees"),
    path("sittings/<int:pk>/register/<str:code>/", day.room_register, name="register"),
    path("today/", day.today, name="today"),
    path("invigilators/", invigilation.invigilator_list, name="invigilators"),
    path("invigilators/new/", invigilation.invigilator_edit, name="invigilator_new"),
    path("invigilators/<int:pk>/", invigilation.invigilator_edit, name="invigilator"),
    path(
        "invigilators/<int:pk>/new-address/",
        invigilation.new_feed_token,
        name="new_feed_token",
    ),
    path("availability/", invigilation.availability, name="availability"),
    path("rota.pdf", invigilation.rota_pdf, name="rota_pdf"),
    path("rota/<str:token>.ics", invigilation.rota_feed, name="rota_feed"),
]
