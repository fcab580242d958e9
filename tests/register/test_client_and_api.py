"""Both RegisterClient implementations give the same answers; the API checks tokens."""

from __future__ import annotations

from datetime import date

import pytest

from examsoffice.register import api
from examsoffice.register.client import HttpClient, InProcessClient, RegisterError
from examsoffice.register.models import Learner, Organisation
from examsoffice.register.uln_requests import PupilRequest

LEARNER = {
    "given_name": "Amelia",
    "family_name": "Thornbury",
    "date_of_birth": "2009-03-14",
    "gender": "2",
    "postcode": "OX4 2JH",
    "address_line1": "12 Mill Lane",
}


@pytest.fixture(params=["in_process", "http"])
def register_client(request, transactional_db):
    organisation = Organisation.objects.create(name="Oakfield Academy", can_link=True)
    if request.param == "in_process":
        return InProcessClient(organisation)
    live_server = request.getfixturevalue("live_server")
    token = api.issue_token(organisation)
    return HttpClient(f"{live_server.url}/register/api/", token)


def test_a_learner_goes_round_register_find_update_verify(register_client):
    registered = register_client.register(LEARNER)
    assert registered.code == "WSRC0005"

    again = register_client.register(LEARNER)
    assert (again.code, again.existing_ulns) == ("WSRC0021", [registered.uln])

    found = register_client.find(
        "Amelia", "Thornbury", date(2009, 3, 14), "2", "OX4 2JH"
    )
    assert found.code == "WSRC0004"
    assert found.matches[0].uln == registered.uln
    assert found.matches[0].version == 1

    by_uln = register_client.find_by_uln(registered.uln, "Thornbury", "Amelia")
    assert by_uln.code == "WSRC0004"

    updated = register_client.update(
        registered.uln, 1, {"family_name": "Okonkwo"}, "Deed poll"
    )
    assert (updated.code, updated.version) == ("WSRC0006", 2)
    stale = register_client.update(registered.uln, 1, {"email": "a@example.org"})
    assert stale.code == "WSRC0013"
    nothing = register_client.update(registered.uln, 2, {"family_name": "Okonkwo"})
    assert nothing.code == "WSRC0020"
    missing = register_client.update("9276308686", 1, {"email": "a@example.org"})
    assert missing.code == "WSRC0019"

    verified = register_client.verify(
        registered.uln, "Amelia", "Thornbury", date(2009, 3, 14), "2"
    )
    assert (verified.code, verified.flags) == ("WSVRC003", ["VRF5", "VRF6"])


def test_find_reports_possible_matches_and_no_match(register_client):
    register_client.register(LEARNER)

    possible = register_client.find("Amelie", "Thornbury", date(2009, 3, 14), "2", "")
    none = register_client.find("Zachary", "Quill", date(2001, 1, 1), "1", "")

    assert possible.code == "WSRC0003"
    assert "given_name" in possible.matches[0].differing
    assert none.code == "WSRC0001"


def test_link_and_unlink_through_the_client(register_client):
    first = register_client.register(LEARNER)
    second = register_client.register(
        {
            **LEARNER,
            "given_name": "Harriet",
            "date_of_birth": "2008-01-01",
            "postcode": "LS1 4AP",
            "address_line1": "3 Park Row",
        }
    )
    assert second.code == "WSRC0005"

    linked = register_client.link(first.uln, second.uln, "Same learner")
    found = register_client.find_by_uln(second.uln, "Thornbury", "Harriet")
    unlinked = register_client.unlink(second.uln, "Not the same")

    assert linked.code == "WSRC0006"
    assert found.code == "WSRC0022"
    assert found.matches[0].uln == first.uln
    assert unlinked.code == "WSRC0006"


def test_a_uln_request_assigns_registers_and_raises_exceptions(register_client):
    existing = register_client.register(LEARNER)
    pupils = [
        PupilRequest(
            "A123",
            "Amelia",
            "Thornbury",
            date(2009, 3, 14),
            "F",
            "OX4 2JH",
            address_line1="12 Mill Lane",
        ),
        PupilRequest("B456", "Oliver", "Quill", date(2009, 5, 2), "M", "LS1 4AP"),
        PupilRequest("C789", "Amelie", "Thornbury", date(2009, 3, 14), "F", ""),
        PupilRequest("D000", "", "Nobody", None, "M", ""),
    ]

    outcomes = register_client.request_ulns(pupils, "CTF from 891/4107")

    assert [(o.upn, o.status) for o in outcomes] == [
        ("A123", "assigned"),
        ("B456", "registered"),
        ("C789", "exception"),
        ("D000", "rejected"),
    ]
    assert outcomes[0].uln == existing.uln
    assert outcomes[1].code == "WSRC0005"
    assert outcomes[3].code == "WSRC0015"
    pending = register_client.exception_outcome(outcomes[2].exception_id)
    assert pending.status == "exception"


def test_the_api_refuses_requests_without_a_known_token(client, db):
    response = client.post(
        "/register/api/find", LEARNER, content_type="application/json"
    )
    wrong = client.post(
        "/register/api/find",
        LEARNER,
        content_type="application/json",
        headers={"Authorization": "Token not-a-token"},
    )

    assert response.status_code == 401
    assert response.json()["code"] == "WSEC0003"
    assert wrong.status_code == 401


def test_the_api_checks_each_organisations_permissions(client, db):
    organisation = Organisation.objects.create(name="Read only", can_register=False)
    token = api.issue_token(organisation)

    response = client.post(
        "/register/api/register",
        {"learner": LEARNER},
        content_type="application/json",
        headers={"Authorization": f"Token {token}"},
    )

    assert response.status_code == 403
    assert response.json()["code"] == "WSEC0006"
    assert "Read only may not use 'register'" in response.json()["message"]
    assert not Learner.objects.exists()


def test_the_api_explains_a_malformed_request(client, db):
    token = api.issue_token(Organisation.objects.create(name="School"))
    auth = {"Authorization": f"Token {token}"}

    not_json = client.post(
        "/register/api/find", "{", content_type="application/json", headers=auth
    )
    bad_date = client.post(
        "/register/api/find",
        {**LEARNER, "date_of_birth": "14/03/2009"},
        content_type="application/json",
        headers=auth,
    )

    assert not_json.status_code == 400
    assert bad_date.json()["code"] == "WSEC0001"
    assert "not a date as YYYY-MM-DD" in bad_date.json()["message"]


def test_a_revoked_token_no_longer_works(db):
    organisation = Organisation.objects.create(name="School")
    token = api.issue_token(organisation)
    organisation.tokens.update(revoked=True)

    with pytest.raises(api.ApiError):
        api.organisation_for(f"Token {token}")


def test_the_in_process_client_reports_refusals_as_errors(db):
    organisation = Organisation.objects.create(name="School", can_link=False)

    with pytest.raises(RegisterError, match="WSEC0006"):
        InProcessClient(organisation).link("9276308686", "1000000004")


def test_the_openapi_schema_describes_every_operation(client, db):
    response = client.get("/register/api/openapi.json")

    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/find", "/register", "/update", "/verify", "/link"} <= set(schema["paths"])
