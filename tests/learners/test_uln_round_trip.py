"""The school's ULN request goes to the learner register and comes back onto the roll.

Run through both register clients: in this installation, and over HTTP with a token.
"""

from __future__ import annotations

from datetime import date

import pytest

from examsoffice.cli import main
from examsoffice.learners import reports, uln_request, uln_round_trip
from examsoffice.learners.models import IdentifierChange, ImportBatch, ImportKind
from examsoffice.register import api, services
from examsoffice.register.client import HttpClient, InProcessClient
from examsoffice.register.models import Learner, Organisation
from tests.learners.helpers import OTHER_UPN, pupil

CENSUS_DAY = date(2026, 1, 15)
THIRD_UPN = "M938123424015"


@pytest.fixture(params=["in_process", "http"])
def register_client(request, transactional_db):
    organisation = Organisation.objects.create(name="Oakfield Academy")
    if request.param == "in_process":
        return InProcessClient(organisation)
    live_server = request.getfixturevalue("live_server")
    return HttpClient(f"{live_server.url}/register/api/", api.issue_token(organisation))


def _on_register(**overrides: object) -> Learner:
    values: dict[str, object] = {
        "given_name": "Maya",
        "family_name": "Hale",
        "date_of_birth": date(2010, 3, 4),
        "gender": "2",
        "postcode": "NN14 1AB",
        "address_line1": "4 Mill Lane",
    }
    values.update(overrides)
    return services.create_learner(services.LearnerDetails(**values))  # type: ignore[arg-type]


def _request_file(tmp_path):
    chosen = uln_request.select(CENSUS_DAY)
    return uln_request.write(chosen, tmp_path)


def test_pupils_come_back_with_the_registers_ulns(register_client, tmp_path):
    known = _on_register()
    maya = pupil(uln="")
    newcomer = pupil(
        upn=OTHER_UPN,
        surname="Okonkwo",
        forename="Daniel",
        sex="M",
        date_of_birth=date(2009, 11, 30),
        year_group="11",
        postcode="NN15 6QT",
    )

    trip = uln_round_trip.send(_request_file(tmp_path), register_client)

    maya.refresh_from_db()
    newcomer.refresh_from_db()
    assert maya.uln == known.uln
    assert newcomer.uln
    assert Learner.objects.filter(uln=newcomer.uln, family_name="Okonkwo").exists()
    assert trip.counts() == {"assigned": 1, "registered": 1}
    history = IdentifierChange.objects.get(pupil=maya, identifier="uln")
    assert history.old_value == ""
    assert history.new_value == known.uln
    assert "learner register" in history.source
    assert ImportBatch.objects.get().kind == ImportKind.ULN_RESULT


def test_a_possible_match_waits_for_the_operator_and_no_uln_is_guessed(
    register_client, tmp_path
):
    # On the register with a slip in the given name and no postcode: not certain.
    _on_register(given_name="Maia", postcode="")
    maya = pupil(uln="")

    trip = uln_round_trip.send(_request_file(tmp_path), register_client)

    maya.refresh_from_db()
    assert maya.uln == ""
    assert [o.status for o in trip.outcomes] == ["exception"]
    assert trip.waiting[0].exception_id is not None
    assert any("operator" in line for line in uln_round_trip.summary_lines(trip))


def test_a_pupil_still_without_a_uln_is_named_with_the_reason(
    register_client, tmp_path
):
    _on_register(given_name="Maia", postcode="")
    maya = pupil(uln="")

    trip = uln_round_trip.send(_request_file(tmp_path), register_client)

    row = trip.imported.batch.exceptions.get()
    assert row.kind == "no_uln_returned"
    assert row.pupil == maya
    assert "waiting for the register operator" in row.message
    assert "Hale, Maya" in reports.summary(trip.imported.plan)
    assert any(
        line.startswith("  Hale, Maya (UPN ")
        for line in uln_round_trip.summary_lines(trip)
    )


def test_a_ulns_already_held_is_never_overwritten_by_the_register(
    register_client, tmp_path
):
    # The pupil is sent (no valid ULN held) and the register answers with a ULN,
    # but meanwhile a different ULN was typed in: that becomes an exception.
    known = _on_register()
    maya = pupil(uln="")
    request_file = _request_file(tmp_path)
    maya.uln = "9276308686"
    maya.save()

    uln_round_trip.send(request_file, register_client)

    maya.refresh_from_db()
    assert maya.uln == "9276308686"
    assert known.uln != maya.uln
    assert maya.import_exceptions.filter(decided_at__isnull=True).exists()


def test_the_command_sends_a_request_file_and_says_what_came_back(
    transactional_db, tmp_path, capsys
):
    _on_register()
    maya = pupil(uln="")

    main(["uln", "send", str(_request_file(tmp_path))])

    out = capsys.readouterr().out
    maya.refresh_from_db()
    assert "Given a ULN: 1 (found on the register 1, newly registered 0)" in out
    assert maya.uln


def test_the_command_says_what_to_do_when_the_token_is_missing(
    transactional_db, tmp_path, capsys, monkeypatch
):
    pupil(uln="", upn=THIRD_UPN)
    monkeypatch.setenv(uln_round_trip.REGISTER_URL, "https://register.example/api/")
    monkeypatch.delenv(uln_round_trip.REGISTER_TOKEN, raising=False)

    with pytest.raises(SystemExit) as stopped:
        main(["uln", "send", str(_request_file(tmp_path))])

    assert stopped.value.code == 2
    assert "EXAMSOFFICE_REGISTER_TOKEN" in capsys.readouterr().err


def test_sending_again_after_the_operator_decides_fills_in_the_uln(
    register_client, tmp_path
):
    from examsoffice.register import uln_requests
    from examsoffice.register.models import DecisionKind, MatchException

    known = _on_register(given_name="Maia", postcode="")
    maya = pupil(uln="")
    first = uln_round_trip.send(_request_file(tmp_path), register_client)
    exception = MatchException.objects.get(pk=first.waiting[0].exception_id)
    uln_requests.decide(
        exception, DecisionKind.SAME, services.Actor(), uln=known.uln, reason="Typo"
    )

    again = tmp_path / "again"
    again.mkdir()
    trip = uln_round_trip.send(_request_file(again), register_client)

    maya.refresh_from_db()
    assert maya.uln == known.uln
    assert [(o.status, o.exception_id) for o in trip.outcomes] == [
        ("assigned", exception.pk)
    ]
    assert MatchException.objects.count() == 1


def test_the_send_button_again_after_the_decision_puts_the_uln_on_the_pupil(
    officer_client, make_person, settings, tmp_path
):
    from examsoffice.accounts.roles import Role
    from examsoffice.register import uln_requests
    from examsoffice.register.models import DecisionKind, MatchException

    settings.MEDIA_ROOT = tmp_path / "files"
    known = _on_register(given_name="Maia", postcode="")
    maya = pupil(uln="")
    form = {"census_date": CENSUS_DAY.isoformat()}
    first = officer_client.post("/pupils/uln-request/send/", form, follow=True)
    assert "Waiting for the register operator: 1" in first.content.decode()
    operator = services.Actor(user=make_person(Role.REGISTER_OPERATOR, "registrar"))
    uln_requests.decide(
        MatchException.objects.get(), DecisionKind.SAME, operator, uln=known.uln
    )

    again = officer_client.post("/pupils/uln-request/send/", form, follow=True)

    maya.refresh_from_db()
    assert maya.uln == known.uln
    assert "(found on the register 1, newly registered 0)" in again.content.decode()


@pytest.fixture
def in_process(transactional_db):
    return InProcessClient(Organisation.objects.create(name="Oakfield Academy"))


def _reject_after_waiting(client, tmp_path, reason: str):
    from examsoffice.register import uln_requests
    from examsoffice.register.models import DecisionKind, MatchException

    first = uln_round_trip.send(_request_file(tmp_path), client)
    exception = MatchException.objects.get(pk=first.waiting[0].exception_id)
    uln_requests.decide(
        exception, DecisionKind.REJECTED, services.Actor(), reason=reason
    )
    again = tmp_path / "again"
    again.mkdir()
    return uln_round_trip.send(_request_file(again), client)


def test_a_pupil_waiting_for_the_operator_is_told_to_wait_not_to_fix_details(
    in_process, tmp_path
):
    _on_register(given_name="Maia", postcode="")
    pupil(uln="")

    trip = uln_round_trip.send(_request_file(tmp_path), in_process)

    message = trip.imported.batch.exceptions.get().message
    assert "Check the pupil's name" not in message
    assert "the register operator decides" in message
    assert "send the ULN request again" in message


def test_a_rejected_pupil_is_still_told_to_check_the_details(in_process, tmp_path):
    _on_register(given_name="Maia", postcode="")
    pupil(uln="")

    trip = _reject_after_waiting(in_process, tmp_path, "Not the learner we hold")

    row = trip.imported.batch.exceptions.get()
    assert "Not the learner we hold" in row.message
    assert "Check the pupil's name" in row.message


def test_the_command_counts_ulns_given_waiting_and_rejected_not_all_as_exceptions(
    in_process, tmp_path, capsys, caplog
):
    _on_register()
    _on_register(given_name="Pria", family_name="Shah", postcode="")
    pupil(uln="")
    pupil(
        upn=OTHER_UPN,
        surname="Okonkwo",
        forename="Daniel",
        sex="M",
        date_of_birth=date(2009, 11, 30),
        postcode="NN15 6QT",
    )
    pupil(upn=THIRD_UPN, surname="Shah", forename="Priya")

    with pytest.raises(SystemExit) as stopped:
        main(["uln", "send", str(_request_file(tmp_path))])

    assert stopped.value.code == 1
    said = capsys.readouterr()
    text = said.out + said.err + caplog.text
    assert "3 exceptions" not in text
    assert "Given a ULN: 2 (found on the register 1, newly registered 1)" in said.out
    assert "Waiting for the register operator: 1" in said.out
    assert "Rejected by the register: 0" in said.out
    assert "Shah, Priya" in said.out
    assert "Nothing else to look at" in said.out


def test_the_summary_names_each_rejected_pupil_with_the_operators_reason(
    in_process, tmp_path
):
    _on_register(given_name="Maia", postcode="")
    pupil(uln="")

    trip = _reject_after_waiting(in_process, tmp_path, "Not the learner we hold")

    lines = uln_round_trip.summary_lines(trip)
    assert "Given a ULN: 0 (found on the register 0, newly registered 0)" in lines
    assert "Waiting for the register operator: 0" in lines
    assert "Rejected by the register: 1" in lines
    assert any(
        line.startswith("  Hale, Maya (UPN ") and "Not the learner we hold" in line
        for line in lines
    )


def test_a_uln_the_roll_cannot_take_is_a_problem_to_look_at_not_a_ulns_given(
    in_process, tmp_path
):
    _on_register()
    maya = pupil(uln="")
    request_file = _request_file(tmp_path)
    maya.uln = "9276308686"
    maya.save()

    trip = uln_round_trip.send(request_file, in_process)

    lines = uln_round_trip.summary_lines(trip)
    assert "Given a ULN: 0 (found on the register 1, newly registered 0)" in lines
    assert "To look at in the exception log: 1" in lines
    assert any(line.startswith("  Hale, Maya: ") for line in lines)


def test_the_page_shows_the_operators_reason_beside_a_rejected_pupil(
    in_process, officer_client, tmp_path
):
    _on_register(given_name="Maia", postcode="")
    pupil(uln="")
    _reject_after_waiting(in_process, tmp_path, "Date of birth differs from ours")
    pupil(upn=OTHER_UPN, surname="Okonkwo", forename="Daniel", uln="")

    page = officer_client.get(
        f"/pupils/uln-request/?census_date={CENSUS_DAY.isoformat()}"
    ).content.decode()

    to_send = page[page.index('id="to-send"') : page.index('id="to-act-on"')]
    row = next(r for r in to_send.split("<tr>") if "Hale, Maya" in r)
    assert "Date of birth differs from ours" in row
    assert "rejected" in row.lower()
    other = next(r for r in to_send.split("<tr>") if "Okonkwo, Daniel" in r)
    assert "rejected" not in other.lower()


def test_the_request_log_names_a_rejected_pupil_with_the_reason(in_process, tmp_path):
    _on_register(given_name="Maia", postcode="")
    pupil(uln="")
    _reject_after_waiting(in_process, tmp_path, "Date of birth differs from ours")

    text = uln_request.issues_text(uln_request.select(CENSUS_DAY))

    line = next(x for x in text.splitlines() if "Hale, Maya" in x)
    assert line.startswith("warning\t")
    assert "rejected this pupil" in line
    assert "Date of birth differs from ours" in line


def test_the_imports_log_line_counts_only_lines_to_decide_or_check(
    in_process, tmp_path, caplog
):
    _on_register()
    _on_register(given_name="Pria", family_name="Shah", postcode="")
    pupil(uln="")
    pupil(upn=THIRD_UPN, surname="Shah", forename="Priya")

    with caplog.at_level("INFO", logger="examsoffice.learners.importing"):
        uln_round_trip.send(_request_file(tmp_path), in_process)

    (said,) = [r.getMessage() for r in caplog.records if "Imported batch" in r.message]
    assert "1 updated" in said
    assert "0 to decide and 1 to check" in said
    assert "exceptions" not in said
