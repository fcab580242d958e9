from __future__ import annotations

from datetime import date

import pytest

from examsoffice.learners.models import Pupil, RollStatus

pytestmark = pytest.mark.django_db


def _pupil(**fields: object) -> Pupil:
    defaults: dict[str, object] = {
        "surname": "Hale",
        "forename": "Maya",
        "date_of_birth": date(2011, 3, 4),
        "year_group": "10",
    }
    defaults.update(fields)
    return Pupil.objects.create(**defaults)


def test_it_sends_a_stranger_to_the_sign_in_page(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_shows_the_officer_pupils_on_roll_and_those_without_a_uln(officer_client):
    _pupil(uln="9276308686")
    _pupil(uln="")
    _pupil(uln="9999999999")
    _pupil(uln="", status=RollStatus.LEFT)

    response = officer_client.get("/")

    panels = {p.title: p for p in response.context["panels"]}
    figures = {f.label: f.value for f in panels["School roll"].figures}
    assert figures == {"Pupils on roll": 3, "Without a ULN": 2}


def test_it_shows_a_teacher_no_school_roll_figures(teacher_client):
    _pupil()

    response = teacher_client.get("/")

    assert response.status_code == 200
    assert "School roll" not in {p.title for p in response.context["panels"]}


def test_it_refuses_the_pupil_list_to_a_teacher(teacher_client):
    response = teacher_client.get("/pupils/")

    assert response.status_code == 403


def test_it_filters_the_pupil_list_to_those_without_a_uln(officer_client):
    _pupil(surname="Hasuln", uln="9276308686")
    _pupil(surname="Nouln", uln="")

    response = officer_client.get("/pupils/?uln=missing")

    names = [p.surname for p in response.context["page"]]
    assert names == ["Nouln"]


def test_a_refused_page_keeps_the_menu_and_says_what_to_do(teacher_client):
    response = teacher_client.get("/exams/")

    page = response.content.decode()
    assert response.status_code == 403
    assert 'aria-label="Main"' in page
    assert "ask whoever runs examsoffice at your school" in page


def test_an_exams_officer_refused_a_page_is_not_sent_to_the_exams_officer(
    officer_client,
):
    response = officer_client.get("/register/exceptions/")

    page = response.content.decode()
    assert response.status_code == 403
    assert "exams officer" not in page
    assert "ask whoever runs examsoffice at your school" in page


def test_a_missing_page_keeps_the_menu_and_says_what_to_do(officer_client):
    response = officer_client.get("/exams/999999/")

    page = response.content.decode()
    assert response.status_code == 404
    assert 'aria-label="Main"' in page
    assert "Page not found" in page


def test_the_site_has_an_icon(officer_client):
    page = officer_client.get("/").content.decode()
    icon = officer_client.get("/favicon.ico")

    assert 'rel="icon"' in page
    assert icon.status_code == 301
    assert icon["Location"].endswith("web/favicon.svg")
