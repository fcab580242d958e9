"""Every register operation and its response code."""

from __future__ import annotations

from datetime import date

import pytest

from examsoffice.identifiers import validate_uln
from examsoffice.register import services
from examsoffice.register.codes import Code, VerifyCode
from examsoffice.register.models import (
    IssuedUln,
    Learner,
    LearnerChange,
    LearnerStatus,
)
from tests.register.conftest import details

pytestmark = pytest.mark.django_db


def test_it_registers_a_new_learner_with_a_valid_uln_and_a_history_entry():
    result = services.register_learner(details())

    assert result.code == Code.REGISTERED
    assert result.learner is not None
    assert validate_uln(result.learner.uln).valid
    assert IssuedUln.objects.filter(uln=result.learner.uln).exists()
    assert result.learner.changes.get().action == "registered"


def test_it_stores_the_unknown_postcode_when_none_is_given():
    result = services.register_learner(details(postcode=""))

    assert result.learner is not None
    assert result.learner.postcode == "ZZ99 9ZZ"


def test_it_refuses_to_register_a_learner_already_on_the_register(add_learner):
    existing = add_learner()

    result = services.register_learner(details(given_name="AMELIA "))

    assert result.code == Code.ALREADY_REGISTERED
    assert [m.learner.uln for m in result.existing] == [existing.uln]
    assert Learner.objects.count() == 1


def test_it_registers_a_duplicate_when_an_operator_confirms_with_a_reason(
    add_learner, operator
):
    existing = add_learner()
    actor = services.Actor(user=operator)

    result = services.register_learner(
        details(), actor, confirm_reason="Different girl, checked birth certificate"
    )

    assert result.code == Code.REGISTERED
    assert result.learner is not None
    change = result.learner.changes.get()
    assert existing.uln in change.reason
    assert "birth certificate" in change.reason
    assert change.user == operator


def test_a_confirmation_from_someone_who_is_not_an_operator_is_not_enough(
    add_learner, exams_officer
):
    add_learner()
    actor = services.Actor(user=exams_officer)

    result = services.register_learner(details(), actor, confirm_reason="Sure")

    assert result.code == Code.ALREADY_REGISTERED


def test_it_says_what_is_missing_when_the_details_are_insufficient():
    result = services.register_learner(
        details(given_name=" ", date_of_birth=None, gender="M")
    )

    assert result.code == Code.INSUFFICIENT_DATA
    text = " ".join(result.problems)
    assert "given name is empty" in text
    assert "date of birth is missing" in text
    assert "'M' is not a register code" in text


def test_find_by_uln_returns_the_learner_when_the_names_agree(add_learner):
    learner = add_learner()

    result = services.find_by_uln(learner.uln, "thornbury", "Amelia")

    assert result.code == Code.EXACT
    assert result.matches[0].learner == learner


def test_find_by_uln_finds_nothing_when_the_names_do_not_agree(add_learner):
    learner = add_learner()

    assert services.find_by_uln(learner.uln, "Smith", "Amelia").code == Code.NO_MATCH
    assert services.find_by_uln("9276308686", "Thornbury", "Amelia").code == (
        Code.NO_MATCH
    )


def test_find_by_uln_of_a_linked_record_returns_the_master(add_learner):
    master = add_learner()
    other = add_learner(given_name="Amy", postcode="LS1 4AP")
    services.link_learners(master.uln, other.uln, reason="Same girl")

    result = services.find_by_uln(other.uln, "Thornbury", "Amy")

    assert result.code == Code.MASTER_SUBSTITUTED
    assert result.matches[0].learner == master


def test_find_by_details_finds_an_exact_match(add_learner):
    learner = add_learner()

    result = services.find_by_details(details(given_name="amelia").query())

    assert result.code == Code.EXACT
    assert [m.learner for m in result.matches] == [learner]
    assert result.matches[0].score > 0.99


def test_find_by_details_finds_no_match():
    result = services.find_by_details(details().query())

    assert result.code == Code.NO_MATCH
    assert result.matches == []


def test_find_by_details_ranks_possible_matches_with_the_fields_that_differ(
    add_learner,
):
    learner = add_learner()

    query = details(given_name="Amelie", postcode="OX4 9ZZ").query()
    result = services.find_by_details(query)

    assert result.code == Code.POSSIBLE
    match = result.matches[0]
    assert match.learner == learner
    assert "given_name" in match.differing
    assert "postcode" in match.differing
    assert 0 < match.score <= 1


def test_find_by_details_says_too_many_when_many_learners_could_match(add_learner):
    for n in range(12):
        add_learner(given_name="Amelia", address_line1=f"{n} Mill Lane", gender="2")
    Learner.objects.update(postcode="OX4 2JH")

    result = services.find_by_details(details(given_name="Amelia", postcode="").query())

    assert result.code == Code.TOO_MANY


def test_update_changes_the_learner_and_moves_the_version_on(add_learner):
    learner = add_learner()

    result = services.update_learner(
        learner.uln, 1, {"postcode": "ox1 1aa"}, reason="Moved house"
    )

    assert result.code == Code.UPDATED
    learner.refresh_from_db()
    assert learner.postcode == "OX1 1AA"
    assert learner.version == 2
    change = learner.changes.filter(action="updated").get()
    assert change.changes == {"postcode": ["OX4 2JH", "OX1 1AA"]}
    assert change.reason == "Moved house"


def test_update_refuses_a_stale_version(add_learner):
    learner = add_learner()
    services.update_learner(learner.uln, 1, {"email": "a@example.org"})

    result = services.update_learner(learner.uln, 1, {"email": "b@example.org"})

    assert result.code == Code.CHANGED_SINCE_READ
    learner.refresh_from_db()
    assert learner.email == "a@example.org"


def test_update_of_an_unknown_uln_says_not_found():
    result = services.update_learner("9276308686", 1, {"email": "a@example.org"})

    assert result.code == Code.ULN_NOT_FOUND


def test_update_with_nothing_new_changes_nothing(add_learner):
    learner = add_learner()

    result = services.update_learner(learner.uln, 1, {"given_name": "Amelia"})

    assert result.code == Code.NOTHING_CHANGED
    learner.refresh_from_db()
    assert learner.version == 1


def test_update_refuses_a_field_that_cannot_be_changed(add_learner):
    learner = add_learner()

    result = services.update_learner(learner.uln, 1, {"uln": "9276308686"})

    assert result.code == Code.INSUFFICIENT_DATA
    assert "uln" in result.problems[0]


def test_a_new_family_name_keeps_the_old_one_findable(add_learner):
    learner = add_learner()
    services.update_learner(
        learner.uln, 1, {"family_name": "Okonkwo"}, reason="Deed poll seen"
    )

    by_old = services.find_by_details(details().query())
    by_new = services.find_by_details(details(family_name="Okonkwo").query())

    assert [p.name for p in learner.previous_family_names.all()] == ["Thornbury"]
    assert by_old.code in (Code.EXACT, Code.POSSIBLE)
    assert by_old.matches[0].learner == learner
    assert by_new.code == Code.EXACT
    assert services.find_by_uln(learner.uln, "Thornbury", "Amelia").code == Code.EXACT


def test_verify_a_learner_whose_details_all_agree(add_learner):
    learner = add_learner()

    result = services.verify_learner(
        learner.uln, "Amelia", "Thornbury", date(2009, 3, 14), "2"
    )

    assert result.code == VerifyCode.MATCH
    assert result.flags == []


def test_verify_flags_swapped_names_as_a_similar_match(add_learner):
    learner = add_learner()

    result = services.verify_learner(
        learner.uln, "Thornbury", "Amelia", date(2009, 3, 14), "2"
    )

    assert result.code == VerifyCode.SIMILAR
    assert result.flags == ["VRF1", "VRF2", "VRF4", "VRF5"]


def test_verify_flags_a_previous_family_name(add_learner):
    learner = add_learner()
    services.update_learner(learner.uln, 1, {"family_name": "Okonkwo"})

    result = services.verify_learner(
        learner.uln, "Amelia", "Thornbury", date(2009, 3, 14), "2"
    )

    assert result.code == VerifyCode.SIMILAR
    assert result.flags == ["VRF5", "VRF6"]


def test_verify_flags_a_different_date_of_birth_and_gender(add_learner):
    learner = add_learner()

    one = services.verify_learner(
        learner.uln, "Amelia", "Thornbury", date(2009, 3, 15), "2"
    )
    both = services.verify_learner(
        learner.uln, "Amelia", "Thornbury", date(2009, 3, 15), "1"
    )

    assert (one.code, one.flags) == (VerifyCode.SIMILAR, ["VRF7"])
    assert (both.code, both.flags) == (VerifyCode.NO_MATCH, ["VRF7", "VRF8"])


def test_verify_a_learner_who_does_not_match(add_learner):
    learner = add_learner()

    result = services.verify_learner(
        learner.uln, "Zoe", "Smith", date(2009, 3, 14), "2"
    )

    assert result.code == VerifyCode.NO_MATCH
    assert "VRF1" in result.flags
    assert "VRF5" in result.flags


def test_verify_an_unknown_uln():
    result = services.verify_learner("9276308686", "A", "B", None, "0")

    assert result.code == VerifyCode.ULN_NOT_FOUND


def test_verify_a_linked_uln_against_its_master(add_learner):
    master = add_learner()
    other = add_learner(postcode="LS1 4AP")
    services.link_learners(master.uln, other.uln)

    exact = services.verify_learner(
        other.uln, "Amelia", "Thornbury", date(2009, 3, 14), "2"
    )
    similar = services.verify_learner(
        other.uln, "Amelia", "Thornbury", date(2009, 3, 14), "1"
    )

    assert exact.code == VerifyCode.LINKED_MATCH
    assert similar.code == VerifyCode.SIMILAR_LINKED


def test_link_and_unlink_keep_both_ulns_and_record_the_history(add_learner):
    master = add_learner()
    other = add_learner(given_name="Amy")

    linked = services.link_learners(master.uln, other.uln, reason="Same learner")
    other.refresh_from_db()
    assert linked.code == Code.UPDATED
    assert other.master == master
    assert other.status == LearnerStatus.LINKED

    again = services.link_learners(master.uln, other.uln)
    assert again.code == Code.NOTHING_CHANGED

    unlinked = services.unlink_learner(other.uln, reason="Twins after all")
    other.refresh_from_db()
    assert unlinked.code == Code.UPDATED
    assert other.master is None
    actions = set(LearnerChange.objects.values_list("action", flat=True))
    assert {"linked", "unlinked"} <= actions


def test_link_refuses_unknown_ulns_and_a_record_linked_to_itself(add_learner):
    learner = add_learner()

    assert services.link_learners(learner.uln, "9276308686").code == (
        Code.ULN_NOT_FOUND
    )
    assert services.link_learners(learner.uln, learner.uln).code == (
        Code.INSUFFICIENT_DATA
    )
    assert services.unlink_learner(learner.uln).code == Code.NOTHING_CHANGED
    assert services.unlink_learner("9276308686").code == Code.ULN_NOT_FOUND


def test_records_linked_to_a_record_follow_it_to_a_new_master(add_learner):
    first = add_learner()
    second = add_learner(given_name="Amy")
    third = add_learner(given_name="Millie")
    services.link_learners(second.uln, third.uln)

    services.link_learners(first.uln, second.uln)

    third.refresh_from_db()
    assert third.master == first


def test_a_find_by_details_that_hits_a_linked_record_returns_its_master(
    add_learner,
):
    master = add_learner(postcode="LS1 4AP", address_line1="1 Leeds Road")
    other = add_learner()
    services.link_learners(master.uln, other.uln)

    result = services.find_by_details(details().query())

    assert result.matches[0].learner == master
