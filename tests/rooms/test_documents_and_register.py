from __future__ import annotations

import pytest

from examsoffice.accounts.roles import Role
from examsoffice.rooms import documents, register, seating, services
from examsoffice.rooms.models import Invigilator, RegisterMark
from tests.rooms import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def seated():
    f.series(pupils=9)
    hall = f.room("HALL", 4, 6)
    sitting = f.sitting(hall)
    seating.auto_seat(sitting)
    return sitting, hall


@pytest.mark.parametrize(
    "key", [d.key for d in documents.DOCUMENTS if d.key != "folder"]
)
def test_every_document_for_a_sitting_is_a_pdf(seated, key):
    sitting, _hall = seated

    body = documents.build(sitting, key)

    assert body.startswith(b"%PDF")


def test_the_half_day_folder_is_one_pdf_from_the_sitting_page(seated, officer_client):
    import io

    from pypdf import PdfReader

    sitting, _hall = seated

    response = officer_client.get(f"/rooms/sittings/{sitting.pk}/print/folder/")

    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    titles = [o.title for o in reader.outline]
    assert titles[:3] == ["Seating plans", "Attendance registers", "Desk labels"]


def test_documents_for_one_room_and_a_chosen_label_sheet(seated, officer_client):
    sitting, _hall = seated

    response = officer_client.get(
        f"/rooms/sittings/{sitting.pk}/print/?key=desk-labels&room=HALL&sheet=L7163"
    )

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_an_unknown_label_sheet_is_refused(seated):
    sitting, _hall = seated

    with pytest.raises(services.RoomsError, match="Unknown label sheet"):
        documents.build(sitting, "desk-labels", sheet="L9999")


def test_the_room_invigilator_marks_the_register_and_absentees_show(
    seated, make_person, officer_client
):
    sitting, hall = seated
    user = make_person(Role.INVIGILATOR, "invig")
    person = Invigilator.objects.create(first_name="Al", last_name="Brook", user=user)
    services.allocate(sitting, hall, person)
    line = register.lines(sitting, hall)[0]

    register.mark(
        sitting, hall, line.seat.candidate.number, line.component_code, "absent", user
    )

    page = officer_client.get(f"/rooms/sittings/{sitting.pk}/absentees/")
    assert line.seat.candidate.number in page.content.decode()
    assert RegisterMark.objects.get().marked_by == user


def test_an_invigilator_from_another_room_cannot_mark(seated, make_person):
    sitting, hall = seated
    user = make_person(Role.INVIGILATOR, "invig")
    line = register.lines(sitting, hall)[0]

    with pytest.raises(services.RoomsError, match="Only the invigilators in HALL"):
        register.mark(
            sitting, hall, line.seat.candidate.number, line.component_code, "late", user
        )


def test_a_candidate_not_on_the_register_cannot_be_marked(seated, exams_officer):
    sitting, hall = seated

    with pytest.raises(services.RoomsError, match="not on the HALL register"):
        register.mark(sitting, hall, "9999", "8300/1H", "present", exams_officer)


def test_a_teacher_cannot_open_a_register(seated, teacher_client):
    sitting, _hall = seated

    response = teacher_client.get(f"/rooms/sittings/{sitting.pk}/register/HALL/")

    assert response.status_code == 403


def test_the_officer_seats_from_the_sitting_page(officer_client):
    f.series(pupils=6)
    sitting = f.sitting(f.room("HALL", 4, 6))

    officer_client.post(
        f"/rooms/sittings/{sitting.pk}/seat/", {"gap": "1", "arrangement_rooms": "1"}
    )
    page = officer_client.get(f"/rooms/sittings/{sitting.pk}/")

    assert page.context["seated_count"] == 6
    assert "Half-day folder" in page.content.decode()
