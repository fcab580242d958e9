from __future__ import annotations

from datetime import date

import pytest
from icalendar import Calendar

from examsoffice.rooms import services
from examsoffice.rooms.models import Allocation, Invigilator, Room

pytestmark = pytest.mark.django_db

DAY = date(2026, 5, 12)


def _room(code: str = "HALL", rows: int = 10, columns: int = 12, **more) -> Room:
    return Room.objects.create(
        code=code, name=code.title(), rows=rows, columns=columns, **more
    )


def _person(first: str = "Ada", last: str = "Hill") -> Invigilator:
    return Invigilator.objects.create(first_name=first, last_name=last)


def _sitting_with(*rooms: Room):
    sitting = services.sitting_for(DAY, "AM")
    services.use_rooms(sitting, rooms)
    return sitting


def test_switching_off_seats_lowers_the_desks_in_use():
    room = _room(rows=10, columns=12)

    services.set_off_seats(room, ["A1", "B7", "J12"])

    assert room.effective_capacity == 117
    assert services.to_core(room).effective_capacity == 117


def test_a_capacity_below_the_desks_caps_the_room():
    room = _room(rows=5, columns=6, capacity=25)

    assert room.effective_capacity == 25


def test_it_refuses_to_switch_off_a_seat_outside_the_grid():
    room = _room("G12", rows=5, columns=6)

    with pytest.raises(services.RoomsError, match="outside G12's 5 rows and 6"):
        services.set_off_seats(room, ["F1"])


def test_the_seat_editor_saves_the_clicked_seats(officer_client):
    room = _room("G12", rows=5, columns=6)

    response = officer_client.post(
        f"/rooms/{room.pk}/",
        {
            "code": "g12",
            "name": "Classroom G12",
            "rows": 5,
            "columns": 6,
            "exit_side": "back",
            "desk_side": "front",
            "available": "on",
            "position": 3,
            "spacing_note": "",
            "off": ["A1", "C3"],
        },
    )

    room.refresh_from_db()
    assert response.status_code == 302
    assert room.code == "G12"
    assert room.off_seats == ["A1", "C3"]
    assert room.effective_capacity == 28


def test_an_invigilator_is_never_in_two_rooms_in_one_sitting():
    hall, gym = _room("HALL"), _room("GYM", rows=8, columns=10)
    sitting = _sitting_with(hall, gym)
    ada = _person()
    services.allocate(sitting, hall, ada)

    with pytest.raises(services.RoomsError, match="already invigilating in HALL"):
        services.allocate(sitting, gym, ada)
    assert Allocation.objects.filter(invigilator=ada).count() == 1


def test_an_unavailable_invigilator_cannot_be_given_the_sitting():
    hall = _room()
    sitting = _sitting_with(hall)
    ada = _person()
    services.set_available(ada, sitting, False)

    with pytest.raises(services.RoomsError, match="cannot work"):
        services.allocate(sitting, hall, ada)
    assert list(services.free_invigilators(sitting)) == []


def test_a_sitting_has_one_lead_invigilator():
    hall = _room()
    sitting = _sitting_with(hall)
    ada, ben = _person(), _person("Ben", "Ng")

    services.allocate(sitting, hall, ada, lead=True)
    services.allocate(sitting, hall, ben, lead=True)

    leads = Allocation.objects.filter(sitting=sitting, lead=True)
    assert [a.invigilator for a in leads] == [ben]


def test_a_room_not_in_use_cannot_be_staffed():
    hall, gym = _room("HALL"), _room("GYM")
    sitting = _sitting_with(hall)

    with pytest.raises(services.RoomsError, match="GYM is not in use"):
        services.allocate(sitting, gym, _person())


def test_the_rota_feed_gives_each_duty_with_arrival_time(client):
    hall = _room()
    sitting = _sitting_with(hall)
    ada = _person()
    services.allocate(sitting, hall, ada, lead=True)

    response = client.get(f"/rooms/rota/{ada.feed_token}.ics")

    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert response.status_code == 200
    assert len(events) == 1
    start = events[0].decoded("dtstart")
    assert (start.date(), start.hour, start.minute) == (DAY, 8, 30)
    assert "lead invigilator" in str(events[0]["summary"])
    assert client.get("/rooms/rota/not-a-token.ics").status_code == 404


def test_the_rota_pdf_is_a_pdf(officer_client):
    hall = _room()
    services.allocate(_sitting_with(hall), hall, _person())

    response = officer_client.get("/rooms/rota.pdf")

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_the_rota_prints_names_with_ampersands_and_angle_brackets():
    from io import BytesIO

    from pypdf import PdfReader

    from examsoffice.rooms.rota import rota_pdf

    hall = _room()
    services.allocate(_sitting_with(hall), hall, _person("Jo <Jr>", "Ray & Co"))

    pdf = rota_pdf(services.duties(), "Rota <May>", school="Hill & Dale")

    text = PdfReader(BytesIO(pdf)).pages[0].extract_text()
    assert "Rota <May>" in text
    assert "Hill & Dale" in text
    assert "Jo <Jr>" in text
    assert "Ray & Co" in text


def test_rooms_pages_are_for_the_exams_officer(teacher_client):
    assert teacher_client.get("/rooms/").status_code == 403
    assert teacher_client.get("/rooms/invigilators/").status_code == 403
    assert teacher_client.get("/rooms/rota.pdf").status_code == 403


def test_the_officer_allocates_through_the_sitting_page(officer_client):
    hall = _room()
    sitting = _sitting_with(hall)
    ada = _person()

    officer_client.post(
        f"/rooms/sittings/{sitting.pk}/allocate/",
        {"room": hall.pk, "invigilator": ada.pk, "lead": "1"},
    )
    page = officer_client.get(f"/rooms/sittings/{sitting.pk}/")

    assert "Ada Hill (lead)" in page.content.decode()


def test_your_rota_for_an_officer_who_is_not_an_invigilator_says_why(
    officer_client,
):
    response = officer_client.get("/rooms/rota.pdf?mine=1")

    page = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert "not linked to an invigilator" in page
    assert 'href="/rooms/rota.pdf"' in page
    assert 'aria-label="Main"' in page
