from django.apps import AppConfig


class RoomsConfig(AppConfig):
    name = "examsoffice.rooms"
    label = "rooms"
    verbose_name = "Rooms and exam day"
