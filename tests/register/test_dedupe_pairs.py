"""Pairs found by the whole-register deduplication, decided on the exceptions page."""

from __future__ import annotations

from datetime import date

import pytest

from examsoffice.register import dedupe
from examsoffice.register.models import (
    DecisionKind,
    ExceptionStatus,
    Learner,
    LearnerStatus,
    MatchException,
)
from examsoffice.register.services import Actor
from examsoffice.register.uln_requests import DecisionError

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(add_learner) -> tuple[Learner, Learner, MatchException]:
    first = add_learner()
    second = add_learner(given_name="Amelie")
    result = dedupe.DedupeResult(
        engine="duckdb", learners=2, pairs=[(first.uln, second.uln, 0.97)], groups=[]
    )
    assert dedupe.queue_pairs(result) == 1
    return first, second, MatchException.objects.get()


def test_a_queued_pair_offers_link_or_not_the_same_person(pair, operator_client):
    first, second, item = pair

    html = operator_client.get(f"/register/exceptions/{item.pk}/").content.decode()

    assert 'value="linked"' in html
    assert 'value="distinct"' in html
    assert 'value="new"' not in html
    assert 'value="same"' not in html
    assert first.uln in html
    assert second.uln in html
    assert 'class="differs">Amelia' in html


def test_linking_a_pair_makes_the_chosen_record_the_master(pair, operator_client):
    first, second, item = pair

    response = operator_client.post(
        f"/register/exceptions/{item.pk}/",
        {"kind": "linked", "uln": second.uln, "reason": "Same girl, new school"},
    )

    assert response.status_code == 302
    first.refresh_from_db()
    item.refresh_from_db()
    assert first.master == second
    assert first.status == LearnerStatus.LINKED
    assert item.status == ExceptionStatus.DECIDED
    assert item.decision.kind == DecisionKind.LINKED
    assert item.decision.learner == second
    assert first.changes.filter(reason="Same girl, new school").exists()


def test_not_the_same_person_keeps_both_and_is_not_queued_again(pair, operator):
    first, second, item = pair

    dedupe.decide_pair(item, DecisionKind.DISTINCT, Actor(user=operator))

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.master is None
    assert second.master is None
    assert item.decision.kind == DecisionKind.DISTINCT
    again = dedupe.DedupeResult(
        engine="spark", learners=2, pairs=[(second.uln, first.uln, 0.95)], groups=[]
    )
    assert dedupe.queue_pairs(again) == 0


def test_a_pair_refuses_learner_decisions_a_stranger_master_and_a_second_go(
    pair, operator
):
    _, _, item = pair
    actor = Actor(user=operator)

    with pytest.raises(DecisionError, match="linked or kept apart"):
        dedupe.decide_pair(item, DecisionKind.NEW, actor)
    with pytest.raises(DecisionError, match="master record"):
        dedupe.decide_pair(item, DecisionKind.LINKED, actor, master_uln="9276308686")
    dedupe.decide_pair(item, DecisionKind.LINKED, actor)
    with pytest.raises(DecisionError, match="already been decided"):
        dedupe.decide_pair(item, DecisionKind.DISTINCT, actor)


def test_a_learner_sent_to_the_register_still_gets_the_learner_decisions(
    add_learner, operator_client
):
    from examsoffice.register import uln_requests

    add_learner()
    request = uln_requests.PupilRequest(
        "C789", "Amelie", "Thornbury", date(2009, 3, 14), "F", ""
    )
    (outcome,) = uln_requests.request_ulns([request], source="CTF from 891/4107")

    html = operator_client.get(
        f"/register/exceptions/{outcome.exception_id}/"
    ).content.decode()

    assert 'value="new"' in html
    assert 'value="linked"' not in html


def test_a_pair_decision_sent_twice_at_once_is_recorded_once(pair, operator):
    _, _, item = pair
    # A double-click: both requests read the pair while it was still open.
    second_click = MatchException.objects.get(pk=item.pk)
    actor = Actor(user=operator)
    dedupe.decide_pair(item, DecisionKind.DISTINCT, actor)

    with pytest.raises(DecisionError, match="already been decided"):
        dedupe.decide_pair(second_click, DecisionKind.LINKED, actor)

    assert not Learner.objects.filter(master__isnull=False).exists()


def _read_pairs(path) -> list[list[str]]:
    import csv

    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_the_pairs_file_shows_both_learners_for_judging_in_excel(add_learner, tmp_path):
    first = add_learner(given_name="Zoë")
    second = add_learner(
        given_name="Zoe", gender="1", postcode="", date_of_birth=date(2009, 4, 13)
    )
    likelier = add_learner(family_name="Thornbery")
    result = dedupe.DedupeResult(
        engine="ours",
        learners=3,
        pairs=[(first.uln, second.uln, 0.91234), (first.uln, likelier.uln, 0.99)],
        groups=[],
    )
    out = tmp_path / "pairs.csv"

    written = dedupe.write_pairs(out, result)

    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    header, *rows = _read_pairs(out)
    assert header == [
        "ULN 1",
        "Given name 1",
        "Family name 1",
        "Date of birth 1",
        "Gender 1",
        "Postcode 1",
        "ULN 2",
        "Given name 2",
        "Family name 2",
        "Date of birth 2",
        "Gender 2",
        "Postcode 2",
        "Match probability",
    ]
    assert [row[0::6] for row in rows] == [
        [first.uln, likelier.uln, "0.9900"],
        [first.uln, second.uln, "0.9123"],
    ]
    assert rows[1] == [
        first.uln,
        "Zoë",
        "Thornbury",
        "14/03/2009",
        "Female",
        "OX4 2JH",
        second.uln,
        "Zoe",
        "Thornbury",
        "13/04/2009",
        "Male",
        "ZZ99 9ZZ",
        "0.9123",
    ]
    assert (written.written, written.left_out()) == (2, [])


def test_pairs_already_decided_are_left_out_of_the_file_and_counted(
    add_learner, operator, tmp_path
):
    from examsoffice.register import uln_requests

    actor = Actor(user=operator)
    kept_apart = [add_learner(given_name=n) for n in ("Amelia", "Amelie")]
    linked = [add_learner(given_name=n, family_name="Okafor") for n in ("Ada", "Adah")]
    open_pair = [add_learner(given_name=n, family_name="Shah") for n in ("Ria", "Riya")]
    queued = dedupe.DedupeResult(
        engine="ours",
        learners=6,
        pairs=[(a.uln, b.uln, 0.95) for a, b in (kept_apart, linked, open_pair)],
        groups=[],
    )
    dedupe.queue_pairs(queued)
    items = {item.reference: item for item in MatchException.objects.all()}
    dedupe.decide_pair(items[kept_apart[1].uln], DecisionKind.DISTINCT, actor)
    dedupe.decide_pair(items[linked[1].uln], DecisionKind.LINKED, actor)
    # A learner sent in, found like one on the register, and decided a new learner.
    request = uln_requests.PupilRequest(
        "C789", "Rhia", "Shah", date(2009, 3, 14), "F", ""
    )
    (outcome,) = uln_requests.request_ulns([request], source="CTF from 891/4107")
    exception = MatchException.objects.get(pk=outcome.exception_id)
    decision = uln_requests.decide(exception, DecisionKind.NEW, actor)
    new_uln = decision.learner.uln
    assert open_pair[0].uln in {c["uln"] for c in exception.candidates}
    again = dedupe.DedupeResult(
        engine="ours",
        learners=7,
        pairs=[
            (kept_apart[1].uln, kept_apart[0].uln, 0.96),
            (linked[0].uln, linked[1].uln, 0.97),
            (open_pair[0].uln, open_pair[1].uln, 0.95),
            (new_uln, open_pair[0].uln, 0.93),
        ],
        groups=[],
    )
    out = tmp_path / "pairs.csv"

    written = dedupe.write_pairs(out, again)

    _header, *rows = _read_pairs(out)
    assert [(row[0], row[6]) for row in rows] == [(open_pair[0].uln, open_pair[1].uln)]
    assert (written.decided_distinct, written.already_linked) == (2, 1)
    assert written.left_out() == [
        "Left out 3 pairs already decided in the exceptions queue: 2 not the same "
        "person, 1 already linked as one learner.",
        "Left out 1 learner already linked to a master record as one person: "
        "the master record was compared instead.",
    ]


def _master_option(html: str) -> str:
    select = html.split('<select name="uln"')[1].split("</select>")[0]
    return select.split(" selected>")[0].rsplit('value="', 1)[1].split('"')[0]


def _registered(learner: Learner, when: str) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    moment = datetime.fromisoformat(when).replace(tzinfo=ZoneInfo("Europe/London"))
    Learner.objects.filter(pk=learner.pk).update(created=moment)


def _pair_page(
    client, first: Learner, second: Learner, probability: float = 0.97
) -> str:
    dedupe.queue_pairs(
        dedupe.DedupeResult(
            engine="ours",
            learners=2,
            pairs=[(first.uln, second.uln, probability)],
            groups=[],
        )
    )
    item = MatchException.objects.get()
    return client.get(f"/register/exceptions/{item.pk}/").content.decode()


@pytest.mark.parametrize("older_first", [True, False])
def test_the_older_record_is_offered_as_the_master(
    add_learner, operator_client, older_first
):
    # Registered second, but given the earlier date: age, not order, decides.
    newer = add_learner(given_name="amelia", postcode="")
    older = add_learner()
    _registered(older, "2024-09-02T10:00")
    _registered(newer, "2025-01-15T10:00")
    pair = (older, newer) if older_first else (newer, older)

    html = _pair_page(operator_client, *pair)

    assert _master_option(html) == older.uln
    assert f"The older record ({older.uln}, registered 02/09/2024)" in html


def test_on_the_same_day_the_older_record_is_told_by_its_time(
    add_learner, operator_client
):
    older, newer = add_learner(), add_learner(given_name="Amelie")
    _registered(older, "2025-01-15T09:05")
    _registered(newer, "2025-01-15T14:30")

    html = _pair_page(operator_client, newer, older)

    assert _master_option(html) == older.uln
    assert f"The older record ({older.uln}, registered 15/01/2025 09:05)" in html
    assert "registered 15/01/2025 14:30)" in html


def test_records_registered_together_are_not_called_older(add_learner, operator_client):
    # One batch: both in the same minute, so neither is older to the operator.
    first, second = add_learner(), add_learner(given_name="Amelie")
    _registered(first, "2025-01-15T09:05:01")
    _registered(second, "2025-01-15T09:05:40")
    lower = min(first.uln, second.uln)

    html = _pair_page(operator_client, first, second)

    assert _master_option(html) == lower
    assert "older" not in html.split("<h2>Decision</h2>")[1].split("</form>")[0]
    assert "registered at the same time" in html
    assert f"the lower ULN ({lower})" in html


def test_a_pair_is_called_a_possible_duplicate_not_by_its_code(pair, operator_client):
    _, _, item = pair

    page = operator_client.get(f"/register/exceptions/{item.pk}/").content.decode()
    listing = operator_client.get("/register/exceptions/").content.decode()

    for html in (page, listing):
        assert "Possible duplicate on the register" in html
        assert "WSRC0003" not in html


def test_a_pair_decided_a_new_learner_is_neither_written_nor_queued_again(
    add_learner, operator, tmp_path
):
    from examsoffice.register import uln_requests

    hannah = add_learner(given_name="Hannah", family_name="Dlamini")
    request = uln_requests.PupilRequest(
        "C790", "Hannaa", "Dlamini", date(2009, 3, 14), "F", ""
    )
    (outcome,) = uln_requests.request_ulns([request], source="CTF from 891/4107")
    exception = MatchException.objects.get(pk=outcome.exception_id)
    assert hannah.uln in {c["uln"] for c in exception.candidates}
    decision = uln_requests.decide(exception, DecisionKind.NEW, Actor(user=operator))
    result = dedupe.DedupeResult(
        engine="ours",
        learners=2,
        pairs=[(hannah.uln, decision.learner.uln, 0.96)],
        groups=[],
    )

    written = dedupe.write_pairs(tmp_path / "pairs.csv", result)
    added = dedupe.queue_pairs(result)

    assert (written.written, written.decided_distinct) == (0, 1)
    assert added == 0
    assert not MatchException.objects.filter(status=ExceptionStatus.OPEN).exists()


@pytest.mark.parametrize(
    ("given", "probability", "shown"),
    [("Callua", 1.0, "match score 99.9%"), ("Amelia", 1.0, "match score 100.0%")],
)
def test_a_score_reads_as_a_percentage_and_certain_only_if_all_agree(
    add_learner, operator_client, given, probability, shown
):
    first = add_learner()
    second = add_learner(given_name=given)

    html = _pair_page(operator_client, first, second, probability)

    assert shown in html
    assert "score 1.000" not in html
