"""The ULN round trip: choose pupils, write the request, import a faked answer."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from examsoffice.cli import main
from examsoffice.formats.ctf import SchoolRef, read_ctf
from examsoffice.learners import uln_request
from examsoffice.learners.models import Pupil
from tests.learners.helpers import OTHER_UPN, ULN, pupil, write_file

pytestmark = pytest.mark.django_db

CENSUS_DAY = date(2026, 1, 15)


def messages(chosen: uln_request.UlnRequest) -> dict[str, str]:
    return {i.pupil_name.split(",")[0]: i.message for i in chosen.issues}


def test_it_sends_year_9_and_over_without_a_valid_uln():
    pupil(surname="Needs", uln="")
    pupil(
        upn=OTHER_UPN, surname="Young", year_group="7", date_of_birth=date(2014, 1, 1)
    )

    chosen = uln_request.select(CENSUS_DAY)

    assert [p.surname for p in chosen.pupils] == ["Needs"]


def test_it_writes_the_export_exception_log():
    pupil(surname="Has", uln=ULN)
    pupil(surname="Guest", upn="", is_guest=True)
    pupil(surname="Noupn", upn="")
    pupil(surname="Nopost", upn="P207000016049", postcode="")
    pupil(surname="Rural", upn="M938123424015", street="")

    chosen = uln_request.select(CENSUS_DAY)

    said = messages(chosen)
    assert "Already has a ULN" in said["Has"]
    assert "guest or overseas" in said["Guest"].lower()
    assert "UPN missing or invalid" in said["Noupn"]
    assert "Postcode missing" in said["Nopost"]
    assert "street is missing" in said["Rural"]
    assert [p.surname for p in chosen.pupils] == ["Rural"]
    assert chosen.left_out == 4


def test_the_round_trip_puts_the_returned_ulns_on_the_roll(tmp_path, capsys):
    asked = pupil(uln="")
    out = tmp_path / "out"

    main(["uln", "request", "--census-date", "2026-01-15", "--out", str(out)])

    # Until the learner register answers, fake its answer: the same pupils with ULNs.
    request_file = next(out.glob("*_CTF_*.XML"))
    sent = read_ctf(request_file)
    assert [p.upn for p in sent.pupils] == [asked.upn]
    answer = [replace(p, uln=ULN, index=i + 1) for i, p in enumerate(sent.pupils)]
    result = write_file(
        tmp_path, answer, source=SchoolRef(lea="MAT", estab="MAT"), name="result.XML"
    )

    with pytest.raises(SystemExit) as exit_:
        main(["ctf", "import", str(result)])

    assert exit_.value.code == 0
    asked.refresh_from_db()
    assert asked.uln == ULN
    assert asked.identifier_changes.get().source == "result.XML"
    assert Pupil.objects.count() == 1


def test_the_request_command_exits_1_when_nobody_can_be_sent(tmp_path):
    pupil(uln=ULN)

    with pytest.raises(SystemExit) as exit_:
        main(["uln", "request", "--census-date", "2026-01-15", "--out", str(tmp_path)])

    assert exit_.value.code == 1


def test_the_page_shows_the_pupils_to_send_and_counts_those_with_a_uln(client_page):
    pupil(surname="Needs", uln="")
    pupil(surname="Nopost", upn="P207000016049", postcode="", uln="")
    for n in range(3):
        pupil(surname=f"Has{n}", upn="", uln=ULN)

    page = client_page("/pupils/uln-request/?census_date=2026-01-15")

    sent, act, with_uln = (
        page.index('id="to-send"'),
        page.index('id="to-act-on"'),
        page.index('id="with-uln"'),
    )
    assert sent < act < with_uln
    assert "Needs, Maya" in page[sent:act]
    assert "Postcode missing" in page[act:with_uln]
    assert "Already has a ULN" not in page
    assert "3 pupils already have a ULN" in page[with_uln:]


def test_the_command_counts_pupils_with_a_uln_instead_of_listing_them():
    for n in range(3):
        pupil(surname=f"Has{n}", upn="", uln=ULN)

    text = uln_request.issues_text(uln_request.select(CENSUS_DAY))

    assert "Has1" not in text
    assert "3 pupils already have a ULN" in text


@pytest.fixture
def client_page(officer_client):
    def get(url: str) -> str:
        return officer_client.get(url).content.decode()

    return get


def test_the_page_counts_one_pupil_in_the_singular(client_page):
    pupil(surname="Needs", uln="")

    page = client_page("/pupils/uln-request/?census_date=2026-01-15")

    assert "1 pupil will be sent for a ULN" in page
    assert "1 pupils" not in page


def test_a_second_request_into_the_same_folder_is_numbered_next_never_overwritten(
    tmp_path, capsys
):
    first_pupil = pupil(uln="")
    out = tmp_path / "req"
    args = ["uln", "request", "--census-date", "2026-01-15", "--out", str(out)]
    main(args)
    (first,) = out.glob("*_CTF_*.XML")
    assert first.name.endswith("_001.XML")
    sent_first = first.read_bytes()
    capsys.readouterr()
    # The first file went off and came back; then another pupil joined.
    first_pupil.uln = ULN
    first_pupil.save()
    pupil(upn=OTHER_UPN, surname="Late", uln="")

    main(args)

    assert first.read_bytes() == sent_first
    second = first.with_name(first.name.replace("_001.XML", "_002.XML"))
    assert [p.surname for p in read_ctf(second).pupils] == ["Late"]
    said = capsys.readouterr().out
    assert second.name in said
    assert first.name in said


def test_the_next_number_skips_any_taken_in_the_folder_whatever_the_case(tmp_path):
    pupil(uln="")
    chosen = uln_request.select(CENSUS_DAY)
    name = uln_request.write(chosen, tmp_path).name
    (tmp_path / name).rename(tmp_path / name.replace("_001.XML", "_004.xml"))

    again = uln_request.write(chosen, tmp_path)

    assert again.name.endswith("_005.XML")


def test_a_malformed_postcode_is_shown_and_to_be_corrected_a_missing_one_added():
    pupil(surname="Badpost", postcode="NN1 ABC", uln="")
    pupil(surname="Nopost", upn=OTHER_UPN, postcode="", uln="")

    said = messages(uln_request.select(CENSUS_DAY))

    assert "'NN1 ABC' is not a valid postcode" in said["Badpost"]
    assert "correct it" in said["Badpost"].lower()
    assert "without one" not in said["Badpost"]
    assert "Add it" not in said["Badpost"]
    assert "Postcode missing" in said["Nopost"]
    assert "without one" in said["Nopost"]
