"""The register operator's pages: find, register, a learner with history, link,
thresholds."""

from __future__ import annotations

import pytest

from examsoffice.register import matcher
from examsoffice.register.models import Learner

pytestmark = pytest.mark.django_db

FORM = {
    "given_name": "Amelia",
    "family_name": "Thornbury",
    "date_of_birth": "2009-03-14",
    "gender": "2",
    "postcode": "OX4 2JH",
}


def test_the_find_page_shows_the_code_and_the_matches(add_learner, operator_client):
    learner = add_learner()

    page = operator_client.get("/register/", FORM)

    html = page.content.decode()
    assert "WSRC0004" in html
    assert learner.uln in html


def test_the_register_page_registers_and_then_refuses_a_duplicate(operator_client):
    first = operator_client.post("/register/add/", FORM)
    second = operator_client.post("/register/add/", FORM)

    assert first.status_code == 302
    assert "WSRC0021" in second.content.decode()
    assert Learner.objects.count() == 1

    confirmed = operator_client.post(
        "/register/add/", {**FORM, "confirm_reason": "Twin sister, same name"}
    )
    assert confirmed.status_code == 302
    assert Learner.objects.count() == 2


def test_the_learner_page_updates_and_shows_the_history(add_learner, operator_client):
    learner = add_learner()
    data = {**FORM, "version": 1, "family_name": "Okonkwo", "reason": "Deed poll"}

    response = operator_client.post(f"/register/learners/{learner.uln}/", data)
    page = operator_client.get(f"/register/learners/{learner.uln}/")

    assert response.status_code == 302
    html = page.content.decode()
    assert "Thornbury → Okonkwo" in html
    assert "Deed poll" in html
    assert "registrar" in html


def test_the_link_page_links_and_unlinks(add_learner, operator_client):
    master = add_learner()
    other = add_learner(given_name="Amy")

    operator_client.post(
        "/register/link/",
        {"link": "1", "master_uln": master.uln, "linked_uln": other.uln, "reason": "x"},
    )
    other.refresh_from_db()
    assert other.master == master

    operator_client.post(
        "/register/link/", {"unlink": "1", "linked_uln": other.uln, "reason": "y"}
    )
    other.refresh_from_db()
    assert other.master is None


def test_the_operator_tunes_the_thresholds(operator_client):
    response = operator_client.post(
        "/register/matching/",
        {
            "exact": 0.995,
            "possible": 0.3,
            "duplicate": 0.6,
            "max_possible": 8,
            "reason": "Fewer false exceptions",
        },
    )

    assert response.status_code == 302
    thresholds = matcher.current_settings().thresholds
    assert (thresholds.exact, thresholds.possible, thresholds.max_possible) == (
        0.995,
        0.3,
        8,
    )
    assert (
        "Fewer false exceptions"
        in operator_client.get("/register/matching/").content.decode()
    )


def test_thresholds_in_the_wrong_order_are_refused(operator_client):
    response = operator_client.post(
        "/register/matching/",
        {
            "exact": 0.4,
            "possible": 0.9,
            "duplicate": 0.5,
            "max_possible": 8,
            "reason": "x",
        },
    )

    assert response.status_code == 200
    assert "must not be above the exact one" in response.content.decode()


def test_the_find_page_shows_a_match_score_as_a_percentage_not_certainty(
    add_learner, operator_client
):
    learner = add_learner(given_name="Callum")

    page = operator_client.get("/register/", {**FORM, "given_name": "Callua"})

    html = page.content.decode()
    row = html.split(learner.uln)[2].split("</tr>")[0]
    assert "Match score" in html
    assert "%" in row
    assert "100.0%" not in row
    assert "given_name" in row  # the name that differs
