"""The register operator decides possible matches; every decision is recorded."""

from __future__ import annotations

from datetime import date

import pytest

from examsoffice.register import uln_requests
from examsoffice.register.models import (
    DecisionKind,
    ExceptionStatus,
    Learner,
    MatchException,
)
from examsoffice.register.services import Actor
from examsoffice.register.uln_requests import PupilRequest

pytestmark = pytest.mark.django_db

AMELIE = PupilRequest("C789", "Amelie", "Thornbury", date(2009, 3, 14), "F", "")


@pytest.fixture
def exception(add_learner) -> MatchException:
    add_learner()
    (outcome,) = uln_requests.request_ulns([AMELIE], source="CTF from 891/4107")
    assert outcome.status == uln_requests.EXCEPTION
    return MatchException.objects.get(pk=outcome.exception_id)


def test_this_is_that_learner_assigns_the_candidates_uln(exception, operator):
    uln = exception.candidates[0]["uln"]

    uln_requests.decide(
        exception, DecisionKind.SAME, Actor(user=operator), uln=uln, reason="Typo"
    )

    outcome = uln_requests.exception_outcome(exception)
    assert (outcome.status, outcome.uln, outcome.code) == ("assigned", uln, "WSRC0004")
    exception.refresh_from_db()
    assert exception.status == ExceptionStatus.DECIDED
    assert exception.decision.user == operator
    change = Learner.objects.get(uln=uln).changes.filter(action="decided").get()
    assert change.reason == "Typo"


def test_a_new_learner_is_registered_with_a_new_uln(exception, operator):
    uln_requests.decide(
        exception, DecisionKind.NEW, Actor(user=operator), reason="Cousin"
    )

    outcome = uln_requests.exception_outcome(exception)
    assert outcome.status == "registered"
    assert outcome.code == "WSRC0005"
    assert Learner.objects.get(uln=outcome.uln).given_name == "Amelie"


def test_a_rejection_needs_a_reason_and_goes_back_to_the_sender(exception, operator):
    actor = Actor(user=operator)
    with pytest.raises(uln_requests.DecisionError, match="Say why"):
        uln_requests.decide(exception, DecisionKind.REJECTED, actor)

    uln_requests.decide(
        exception, DecisionKind.REJECTED, actor, reason="Check the date of birth"
    )

    outcome = uln_requests.exception_outcome(exception)
    assert (outcome.status, outcome.message) == ("rejected", "Check the date of birth")


def send_again() -> uln_requests.PupilOutcome:
    (outcome,) = uln_requests.request_ulns([AMELIE], source="CTF from 891/4107")
    return outcome


def test_sent_again_after_this_is_that_learner_gets_that_learners_uln(
    exception, operator
):
    uln = exception.candidates[0]["uln"]
    uln_requests.decide(exception, DecisionKind.SAME, Actor(user=operator), uln=uln)

    outcome = send_again()

    assert (outcome.status, outcome.code, outcome.uln) == ("assigned", "WSRC0004", uln)
    assert outcome.exception_id == exception.pk
    assert MatchException.objects.count() == 1


def test_sent_again_after_a_new_learner_gets_the_new_uln_as_existing(
    exception, operator
):
    decision = uln_requests.decide(exception, DecisionKind.NEW, Actor(user=operator))

    outcome = send_again()

    assert (outcome.status, outcome.code) == ("assigned", "WSRC0004")
    assert outcome.uln == decision.learner.uln
    assert MatchException.objects.count() == 1
    assert Learner.objects.filter(given_name="Amelie").count() == 1


def test_sent_again_after_a_rejection_is_rejected_with_the_reason(exception, operator):
    uln_requests.decide(
        exception, DecisionKind.REJECTED, Actor(user=operator), reason="Check DOB"
    )

    outcome = send_again()

    assert (outcome.status, outcome.message) == ("rejected", "Check DOB")
    assert outcome.exception_id == exception.pk
    assert MatchException.objects.count() == 1


def test_sent_again_with_other_details_after_a_decision_waits_again(
    exception, operator
):
    uln = exception.candidates[0]["uln"]
    uln_requests.decide(exception, DecisionKind.SAME, Actor(user=operator), uln=uln)
    changed = PupilRequest(
        "C789", "Amelie", "Thornbury", date(2009, 3, 14), "F", "OX4 2JH"
    )

    (outcome,) = uln_requests.request_ulns([changed], source="CTF from 891/4107")

    assert outcome.status == uln_requests.EXCEPTION
    assert outcome.exception_id != exception.pk


def test_sent_again_after_the_learner_was_linked_gets_the_master_uln(
    exception, operator, add_learner
):
    from examsoffice.register import services

    uln = exception.candidates[0]["uln"]
    uln_requests.decide(exception, DecisionKind.SAME, Actor(user=operator), uln=uln)
    master = add_learner(given_name="Amy", date_of_birth=date(2009, 3, 13))
    services.link_learners(master.uln, uln, Actor(user=operator), "Same pupil")

    outcome = send_again()

    assert (outcome.status, outcome.code, outcome.uln) == (
        "assigned",
        "WSRC0022",
        master.uln,
    )


def test_it_refuses_a_uln_that_is_not_a_candidate_and_a_second_decision(
    exception, operator
):
    actor = Actor(user=operator)
    with pytest.raises(uln_requests.DecisionError, match="candidate"):
        uln_requests.decide(exception, DecisionKind.SAME, actor, uln="9276308686")

    uln_requests.decide(exception, DecisionKind.NEW, actor)
    with pytest.raises(uln_requests.DecisionError, match="already been decided"):
        uln_requests.decide(exception, DecisionKind.NEW, actor)


def test_a_decision_sent_twice_at_once_is_recorded_once(exception, operator):
    # A double-click: both requests read the exception while it was still open.
    second_click = MatchException.objects.get(pk=exception.pk)
    actor = Actor(user=operator)
    uln_requests.decide(exception, DecisionKind.NEW, actor)

    with pytest.raises(uln_requests.DecisionError, match="already been decided"):
        uln_requests.decide(second_click, DecisionKind.NEW, actor)

    assert Learner.objects.filter(given_name="Amelie").count() == 1


def test_a_second_submit_on_the_page_says_it_is_decided_and_shows_the_decision(
    exception, operator_client
):
    url = f"/register/exceptions/{exception.pk}/"
    form = {"kind": "new", "uln": "", "reason": "Cousin"}
    operator_client.post(url, form)

    again = operator_client.post(url, form)

    assert again.status_code == 200
    html = again.content.decode()
    assert "This exception has already been decided." in html
    assert "Decided:" in html
    assert "Record the decision" not in html
    assert Learner.objects.filter(given_name="Amelie").count() == 1


def test_the_exception_page_shows_candidates_side_by_side_and_records_a_decision(
    exception, operator_client
):
    uln = exception.candidates[0]["uln"]

    page = operator_client.get(f"/register/exceptions/{exception.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert uln in html
    assert 'class="differs">Amelia' in html

    response = operator_client.post(
        f"/register/exceptions/{exception.pk}/",
        {"kind": "same", "uln": uln, "reason": "Same girl"},
    )
    assert response.status_code == 302
    exception.refresh_from_db()
    assert exception.decision.learner.uln == uln


def test_both_sides_write_dates_and_genders_the_same_way(exception, operator_client):
    html = operator_client.get(f"/register/exceptions/{exception.pk}/").content
    page = html.decode()

    dates = page.split("Date of birth</th>")[1].split("</tr>")[0]
    genders = page.split("Gender</th>")[1].split("</tr>")[0]
    assert dates.count("14/03/2009") == 2
    assert "2009-03-14" not in dates
    assert genders.count("2 (female)") == 2


def test_the_exceptions_list_and_dashboard_count_open_exceptions(
    exception, operator_client
):
    listing = operator_client.get("/register/exceptions/")
    dashboard = operator_client.get("/")

    assert "Thornbury" in listing.content.decode()
    assert "Open exceptions" in dashboard.content.decode()


def test_other_roles_cannot_open_the_register_pages(exception, officer_client):
    assert officer_client.get("/register/exceptions/").status_code == 403
    assert officer_client.get("/register/").status_code == 403


def _row(page: str, label: str) -> str:
    return page.split(f"{label}</th>")[1].split("</tr>")[0]


def test_only_real_differences_are_highlighted(add_learner, operator_client):
    # On the register: no previous family name, gender 9; sent: gender 1 and a
    # family name spelt differently (so the engine marks family_name differing).
    add_learner(family_name="Thornbury", gender="9", postcode="")
    sent = PupilRequest("C790", "Amelia", "Thornbery", date(2009, 3, 14), "M", "")
    (outcome,) = uln_requests.request_ulns([sent], source="CTF from 891/4107")
    assert outcome.status == uln_requests.EXCEPTION

    page = operator_client.get(f"/register/exceptions/{outcome.exception_id}/")
    html = page.content.decode()

    assert 'class="differs"' not in _row(html, "Previous family name")
    assert 'class="differs">9 (not specified)' in _row(html, "Gender")
    assert 'class="differs">Thornbury' in _row(html, "Family name")
    assert 'class="differs"' not in _row(html, "Given name")
    assert 'class="differs"' not in _row(html, "Date of birth")


def test_the_list_writes_dates_one_way_and_heads_each_filter(
    exception, operator, operator_client
):
    listing = operator_client.get("/register/exceptions/").content.decode()
    assert "14/03/2009" in listing
    assert "2009-03-14" not in listing
    assert "Possible matches to decide" in listing
    assert "Possible matches (WSRC0003)" in listing

    uln_requests.decide(exception, DecisionKind.NEW, Actor(user=operator))
    decided = operator_client.get("/register/exceptions/?status=decided")

    html = decided.content.decode()
    assert "Decided possible matches" in html
    assert "Possible matches to decide" not in html
    assert "14/03/2009" in html


def test_a_rejection_without_a_reason_says_so_beside_the_reason_and_keeps_the_choice(
    exception, operator_client
):
    url = f"/register/exceptions/{exception.pk}/"
    uln = exception.candidates[0]["uln"]

    response = operator_client.post(url, {"kind": "rejected", "uln": uln, "reason": ""})

    assert response.status_code == 200
    html = response.content.decode()
    form = html.split('<form method="post" class="stacked">')[1].split("</form>")[0]
    beside_reason = form.split('for="id_reason"')[1].split("<button")[0]
    assert "Say why the learner is rejected, so the sender can put it right." in (
        beside_reason
    )
    assert 'value="rejected" checked' in form
    assert 'value="new" checked' not in form
    assert f'value="{uln}" selected' in form
    exception.refresh_from_db()
    assert exception.status == ExceptionStatus.OPEN


def test_a_pair_shown_again_with_an_error_keeps_the_chosen_master(
    add_learner, operator_client
):
    from examsoffice.register import dedupe

    older = add_learner()
    newer = add_learner(given_name="Amelie")
    dedupe.queue_pairs(
        dedupe.DedupeResult(
            engine="ours", learners=2, pairs=[(older.uln, newer.uln, 0.97)], groups=[]
        )
    )
    item = MatchException.objects.get()

    response = operator_client.post(
        f"/register/exceptions/{item.pk}/",
        {"kind": "linked", "uln": "9276308686", "reason": ""},
    )

    html = response.content.decode()
    form = html.split('<form method="post" class="stacked">')[1].split("</form>")[0]
    assert "Keep one of the pair as the master record" in form
    assert 'value="linked" checked' in form
    assert Learner.objects.filter(master__isnull=False).count() == 0
