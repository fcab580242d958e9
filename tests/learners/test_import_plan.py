"""Matching incoming pupils to the roll: one test per kind in the exception log."""

from __future__ import annotations

from datetime import date
from typing import Any

from examsoffice.learners.import_plan import Kind, plan_import
from examsoffice.learners.incoming import Held, Incoming

UPN = "B801200005001"
OTHER_UPN = "R674123101121"
TEMP_UPN = "M80120000500A"
ULN = "9276308686"
OTHER_ULN = "1000000043"


def incoming(index: int = 1, **fields: Any) -> Incoming:
    values: dict[str, Any] = {
        "upn": UPN,
        "surname": "Hale",
        "forename": "Maya",
        "date_of_birth": date(2010, 3, 4),
        "sex": "F",
        "year_group": "10",
    }
    values.update(fields)
    return Incoming(index=index, **values)


def held(pupil_id: int = 1, **fields: Any) -> Held:
    values: dict[str, Any] = {
        "surname": "Hale",
        "forename": "Maya",
        "date_of_birth": date(2010, 3, 4),
        "sex": "F",
        "year_group": "10",
        "upn": UPN,
        "former_upn": "",
        "uln": "",
        "status": "on_roll",
    }
    values.update(fields)
    return Held(
        id=pupil_id,
        upn=values["upn"],
        former_upn=values["former_upn"],
        uln=values["uln"],
        status=values["status"],
        values=values,
    )


def kinds(plan: Any) -> list[Kind]:
    return [f.kind for f in plan.findings]


def test_it_adds_a_pupil_it_has_never_seen():
    plan = plan_import([incoming()], [])

    assert kinds(plan) == [Kind.NEW_PUPIL]
    assert [r.upn for r in plan.creates] == [UPN]


def test_it_reports_which_fields_an_import_updated():
    plan = plan_import([incoming(uln=ULN, year_group="11")], [held()])

    assert kinds(plan) == [Kind.UPDATED]
    assert plan.findings[0].fields == ("ULN", "year group")
    assert {c.field for c in plan.updates[0].changes} == {"uln", "year_group"}


def test_it_changes_nothing_for_an_identical_pupil():
    plan = plan_import([incoming()], [held()])

    assert plan.findings == []
    assert plan.updates == []


def test_it_replaces_a_temporary_upn_matched_by_name_and_birth_date():
    plan = plan_import([incoming(upn=UPN)], [held(upn=TEMP_UPN)])

    assert Kind.TEMPORARY_UPN_REPLACED in kinds(plan)
    changes = {c.field: (c.old, c.new) for c in plan.updates[0].changes}
    assert changes["upn"] == (TEMP_UPN, UPN)
    assert changes["former_upn"] == ("", TEMP_UPN)


def test_it_matches_by_former_upn():
    plan = plan_import(
        [incoming(upn=UPN, former_upn=TEMP_UPN, surname="Hale-Smith")],
        [held(upn=TEMP_UPN, surname="Hale")],
    )

    assert plan.creates == []
    assert plan.updates[0].pupil_id == 1


def test_it_asks_for_a_readmission_decision_for_a_leaver():
    plan = plan_import([incoming(year_group="11")], [held(status="left")])

    finding = plan.findings[0]
    assert finding.kind is Kind.REJOINED
    assert finding.needs_decision
    assert "year group" in finding.message


def test_it_leaves_a_withdrawn_application_alone():
    plan = plan_import([incoming(year_group="11")], [held(status="withdrawn")])

    assert kinds(plan) == [Kind.WITHDRAWN]
    assert plan.updates == []


def test_it_refuses_to_merge_a_different_person_with_the_same_upn():
    plan = plan_import(
        [incoming(surname="Okafor", forename="Daniel", date_of_birth=date(2009, 1, 1))],
        [held()],
    )

    assert kinds(plan) == [Kind.DIFFERENT_PERSON]
    assert plan.updates == []
    assert plan.creates == []


def test_it_flags_a_pupil_twice_in_the_file():
    plan = plan_import([incoming(1), incoming(2, year_group="11")], [])

    assert kinds(plan) == [Kind.NEW_PUPIL, Kind.DUPLICATE_IN_FILE]
    assert plan.findings[1].first_index == 1
    assert len(plan.creates) == 1


def test_it_never_overwrites_a_uln_held_with_a_different_one():
    plan = plan_import([incoming(uln=OTHER_ULN)], [held(uln=ULN)])

    finding = plan.findings[0]
    assert finding.kind is Kind.ULN_DIFFERS
    assert (finding.held_value, finding.incoming_value) == (ULN, OTHER_ULN)
    assert plan.updates == []


def test_it_does_not_take_an_invalid_uln_from_the_file():
    plan = plan_import([incoming(uln="1000000042")], [held()])

    assert kinds(plan) == [Kind.INVALID_IDENTIFIER]
    assert "check digit" in plan.findings[0].message.lower()


def test_a_result_file_adds_ulns_only_to_pupils_held():
    plan = plan_import(
        [incoming(1, uln=ULN, year_group="12"), incoming(2, upn=OTHER_UPN)],
        [held()],
        result_file=True,
    )

    assert kinds(plan) == [Kind.UPDATED, Kind.NOT_ON_ROLL]
    assert [c.field for c in plan.updates[0].changes] == ["uln"]
    assert plan.creates == []


def test_a_pupil_alike_with_another_permanent_upn_is_a_possible_duplicate():
    plan = plan_import([incoming(upn=OTHER_UPN)], [held()])

    assert kinds(plan) == [Kind.POSSIBLE_DUPLICATE]
    assert plan.findings[0].needs_decision
    assert (plan.creates, plan.updates) == ([], [])


def test_a_mistyped_upn_on_a_pupil_held_is_a_possible_duplicate_not_a_new_pupil():
    plan = plan_import([incoming(upn="C" + UPN[1:])], [held()])

    finding = plan.findings[0]
    assert kinds(plan) == [Kind.POSSIBLE_DUPLICATE]
    assert finding.pupil_id == 1
    assert "not valid" in finding.message
    assert plan.creates == []


def test_an_update_says_each_field_old_and_new():
    plan = plan_import([incoming(year_group="11", sex="M")], [held()])

    message = plan.findings[0].message
    assert "year group 10 → 11" in message
    assert "sex F → M" in message


def test_an_update_to_blocks_kept_as_sent_is_reported_by_name():
    old = "<Pupil><UPN>1</UPN><Contacts><Contact>A</Contact></Contacts></Pupil>"
    new = "<Pupil><UPN>1</UPN><Contacts><Contact>B</Contact></Contacts></Pupil>"

    plan = plan_import([incoming(extra_xml=new)], [held(extra_xml=old)])

    assert kinds(plan) == [Kind.UPDATED]
    assert "Contacts" in plan.findings[0].message


def test_a_result_file_names_a_pupil_it_sends_back_without_a_uln():
    plan = plan_import(
        [incoming(uln="")], [held()], result_file=True, reasons={1: "not found"}
    )

    assert kinds(plan) == [Kind.NO_ULN_RETURNED]
    assert "Hale, Maya" in plan.findings[0].message
    assert "(not found)" in plan.findings[0].message
