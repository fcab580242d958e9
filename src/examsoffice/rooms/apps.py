from django.apps import AppConfig


class RoomsConfig(AppConfig):
    name = "examsoffice.rooms"
    label = "rooms"
    verbose_name = "Rooms and exam day"

    def ready(self) -> None:
        # Personal timetables in the exams app ask this app where candidates sit.
        from examsoffice.exams.seats import set_seat_provider
        from examsoffice.rooms.seating import plans_for

        set_seat_provider(plans_for)
