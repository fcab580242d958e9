"""A room must have desks, and a capacity no bigger than the desks it can use."""

from __future__ import annotations

import pytest

from examsoffice.rooms.models import Room

pytestmark = pytest.mark.django_db


def _post(client, url: str = "/rooms/new/", **fields):
    data = {
        "code": "G12",
        "name": "Classroom G12",
        "rows": 5,
        "columns": 6,
        "exit_side": "back",
        "desk_side": "front",
        "available": "on",
        "position": 0,
        "spacing_note": "",
    }
    return client.post(url, data | fields)


def test_a_room_of_no_rows_or_columns_is_refused_naming_each_field(officer_client):
    response = _post(officer_client, rows=0, columns=0, capacity=50)

    errors = response.context["form"].errors
    assert response.status_code == 200
    assert errors["rows"] == ["A room needs at least 1 row of desks."]
    assert errors["columns"] == ["A room needs at least 1 column of desks."]
    assert not Room.objects.exists()


def test_a_capacity_above_the_desks_is_refused_with_the_desks_counted(officer_client):
    response = _post(officer_client, rows=5, columns=6, capacity=50)

    [message] = response.context["form"].errors["capacity"]
    assert "Capacity 50 is more than the room's 30 usable desks" in message
    assert "leave capacity empty" in message
    assert not Room.objects.exists()


def test_a_capacity_of_nought_is_refused(officer_client):
    response = _post(officer_client, capacity=0)

    assert "give 1 or more" in response.context["form"].errors["capacity"][0]


def test_desks_switched_off_count_against_the_capacity(officer_client):
    room = Room.objects.create(code="G12", name="G12", rows=2, columns=2)

    response = _post(
        officer_client,
        f"/rooms/{room.pk}/",
        rows=2,
        columns=2,
        capacity=3,
        off=["A1", "B2"],
    )

    assert "2 usable desks" in response.context["form"].errors["capacity"][0]
    room.refresh_from_db()
    assert room.capacity is None


def test_a_room_with_every_desk_switched_off_is_refused(officer_client):
    room = Room.objects.create(code="G12", name="G12", rows=1, columns=2)

    response = _post(
        officer_client, f"/rooms/{room.pk}/", rows=1, columns=2, off=["A1", "A2"]
    )

    assert "Every desk is switched off" in str(response.context["form"].errors)


def test_a_capacity_within_the_desks_is_saved(officer_client):
    response = _post(officer_client, rows=5, columns=6, capacity=30)

    assert response.status_code == 302
    assert Room.objects.get().effective_capacity == 30
