"""The register refuses impossible dates of birth and names that are not names,
the same way on every path: services, pages, API, command line and batch files."""

from __future__ import annotations

import json
from datetime import date

import pytest

from examsoffice.cli import main
from examsoffice.register import api, services
from examsoffice.register.codes import Code
from examsoffice.register.models import Learner, Organisation
from tests.register.conftest import details

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("dob", [date(2030, 1, 1), date(1900, 1, 1)])
def test_it_refuses_to_register_an_impossible_date_of_birth(dob):
    result = services.register_learner(details(date_of_birth=dob))

    assert result.code == Code.INSUFFICIENT_DATA
    assert any(p.startswith("The date of birth") for p in result.problems)
    assert not Learner.objects.exists()


def test_a_find_with_a_date_of_birth_in_the_future_is_insufficient_data():
    query = details(date_of_birth=date(2030, 1, 1)).query()

    result = services.find_by_details(query)

    assert result.code == Code.INSUFFICIENT_DATA
    assert "2030-01-01 is in the future" in result.problems[0]


@pytest.mark.parametrize(
    ("given", "family", "wanted"),
    [
        ("<b>Bo</b>", "Thornbury", "The given name '<b>Bo</b>' is not valid"),
        ("Amelia", "O'Brien-Smith 3rd", "the digit '3'"),
    ],
)
def test_it_refuses_names_with_markup_or_digits_naming_the_field(given, family, wanted):
    result = services.register_learner(details(given_name=given, family_name=family))

    assert result.code == Code.INSUFFICIENT_DATA
    assert any(wanted in p for p in result.problems)


def test_a_name_of_digits_or_symbols_is_refused_for_what_it_holds_not_as_empty():
    result = services.register_learner(details(given_name="12345", family_name="!!!"))

    assert result.code == Code.INSUFFICIENT_DATA
    assert not any("empty" in p for p in result.problems)
    assert [p.split(":")[0] for p in result.problems] == [
        "The given name '12345' is not valid",
        "The family name '!!!' is not valid",
    ]


def test_it_registers_accented_hyphenated_and_apostrophe_names():
    result = services.register_learner(
        details(given_name="Zoë-Siobhán", family_name="O'Brien St. John")
    )

    assert result.code == Code.REGISTERED


def test_names_are_stored_trimmed_with_single_spaces_on_every_path():
    from examsoffice.matching.records import LearnerRecord
    from examsoffice.register import bulk

    created = services.create_learner(
        details(
            given_name=" Mary  Jane ",
            family_name="  Smith   Jones",
            middle_names="Ann ",
            previous_family_name=" Brown  ",
        )
    )
    record = LearnerRecord(
        id="x",
        given=" Mary  Jane ",
        family="  Smith   Jones",
        dob=date(2009, 3, 14),
        gender="2",
        postcode="OX4 2JH",
        middle="Ann ",
        previous_family_names=(" Brown  ",),
    )
    [loaded_id] = bulk.load([record], seed=1)
    loaded = Learner.objects.get(pk=loaded_id)

    for learner in (created, loaded):
        learner.refresh_from_db()
        assert (learner.given_name, learner.middle_names, learner.family_name) == (
            "Mary Jane",
            "Ann",
            "Smith Jones",
        )
        assert [p.name for p in learner.previous_family_names.all()] == ["Brown"]


def test_an_update_stores_names_trimmed_and_sees_spaces_alone_as_no_change(
    add_learner,
):
    learner = add_learner(given_name="Mary Jane")

    same = services.update_learner(
        learner.uln, learner.version, {"given_name": " Mary   Jane "}
    )
    changed = services.update_learner(
        learner.uln, learner.version, {"family_name": " Smith   Jones "}
    )

    assert same.code == Code.NOTHING_CHANGED
    assert changed.code == Code.UPDATED
    learner.refresh_from_db()
    assert learner.family_name == "Smith Jones"


def test_an_update_to_a_future_date_of_birth_is_refused(add_learner):
    learner = add_learner()

    result = services.update_learner(
        learner.uln, learner.version, {"date_of_birth": date(2030, 1, 1)}
    )

    assert result.code == Code.INSUFFICIENT_DATA
    learner.refresh_from_db()
    assert learner.date_of_birth == date(2009, 3, 14)


def test_the_add_page_refuses_a_future_date_of_birth(operator_client):
    response = operator_client.post(
        "/register/add/",
        {
            "given_name": "Amy",
            "family_name": "Future",
            "date_of_birth": "2030-01-01",
            "gender": "2",
        },
    )

    page = response.content.decode()
    assert "WSRC0015" in page
    assert "The date of birth 2030-01-01 is in the future" in page
    assert not Learner.objects.exists()


def test_the_api_refuses_a_future_date_of_birth(client):
    token = api.issue_token(Organisation.objects.create(name="School"))

    response = client.post(
        "/register/api/register",
        {
            "learner": {
                "given_name": "Amy",
                "family_name": "Future",
                "date_of_birth": "2030-01-01",
                "gender": "2",
            }
        },
        content_type="application/json",
        headers={"Authorization": f"Token {token}"},
    )

    body = response.json()
    assert body["code"] == "WSRC0015"
    assert "2030-01-01 is in the future" in json.dumps(body)
    assert not Learner.objects.exists()


def test_the_add_command_refuses_a_name_with_digits(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(
            [
                "register",
                "add",
                "--given",
                "Bo3",
                "--family",
                "Smith",
                "--dob",
                "2009-03-14",
            ]
        )

    out = capsys.readouterr().out
    assert exit_info.value.code == 1
    assert "WSRC0015" in out
    assert "The given name 'Bo3' is not valid" in out
