"""Leaver CTFs: the stored record goes on, brought up to date from the roll."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.urls import reverse

from examsoffice.cli import main
from examsoffice.formats.ctf import SchoolRef, read_ctf
from examsoffice.learners import ctf_source, importing, leaver_ctf
from examsoffice.learners.models import LeaverExport, Pupil, RollStatus
from tests.learners.helpers import ULN, pupil

pytestmark = pytest.mark.django_db

FIXTURE = "8912203_CTF_8914107_001.XML"
NEXT_SCHOOL = SchoolRef(lea="820", estab="1234")


@pytest.fixture
def original(fixtures_dir):
    """The fixture's pupils as the previous school wrote them."""
    return read_ctf(fixtures_dir / "ctf" / FIXTURE).pupils


@pytest.fixture
def roll(fixtures_dir, settings):
    settings.SCHOOL_LA, settings.SCHOOL_ESTAB = "891", "4107"
    path = fixtures_dir / "ctf" / FIXTURE
    read = ctf_source.read_file(path)
    importing.import_records(read.records, file_name=path.name)
    return read


def _left(upn: str) -> Pupil:
    left = Pupil.objects.get(upn=upn)
    left.status = RollStatus.LEFT
    left.leaving_date = date(2026, 11, 30)
    left.save()
    return left


def test_the_whole_stored_record_goes_with_the_roll_s_corrections(
    roll, original, tmp_path
):
    sent = _left(roll.records[0].upn)
    sent.uln, sent.street, sent.postcode = ULN, "New Road", "NN14 2BD"
    sent.save()

    written = leaver_ctf.write_leavers([sent], NEXT_SCHOOL, tmp_path)

    back = read_ctf(written[0].path)
    assert written[0].path.name == "8914107_CTF_8201234_001.XML"
    assert (back.header.dest.lea, back.header.dest.estab) == ("820", "1234")
    [record] = back.pupils
    assert record.uln == ULN
    assert (record.address.street, record.address.postcode) == ("New Road", "NN14 2BD")
    assert record.contacts == original[0].contacts
    assert {b.tag for b in record.blocks} == {b.tag for b in original[0].blocks}
    stay = record.stay_at("891", "4107")
    assert stay is not None
    assert stay.leaving_date == date(2026, 11, 30)


def test_an_unchanged_address_is_sent_as_the_previous_school_wrote_it(
    roll, original, tmp_path
):
    sent = _left(roll.records[1].upn)

    [written] = leaver_ctf.write_leavers([sent], NEXT_SCHOOL, tmp_path)

    assert read_ctf(written.path).pupils[0].address == original[1].address


def test_files_to_one_school_are_numbered_in_turn(roll, tmp_path):
    first, second = (_left(r.upn) for r in roll.records[:2])

    one = leaver_ctf.write_leavers([first], NEXT_SCHOOL, tmp_path / "a")
    two = leaver_ctf.write_leavers([second], NEXT_SCHOOL, tmp_path / "b")

    assert one[0].path.name.endswith("_001.XML")
    assert two[0].path.name.endswith("_002.XML")
    assert list(two[0].export.pupils.all()) == [second]


def test_lost_pupils_go_one_to_a_file(roll, tmp_path):
    lost = [_left(r.upn) for r in roll.records[:3]]

    written = leaver_ctf.write_leavers(lost, leaver_ctf.UNKNOWN, tmp_path)

    assert [w.path.name.split("_CTF_")[1] for w in written] == [
        "XXXXXXX_001.XML",
        "XXXXXXX_002.XML",
        "XXXXXXX_003.XML",
    ]
    assert all(len(read_ctf(w.path).pupils) == 1 for w in written)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8201234", ("820", "1234")),
        (" 820/1234 ", ("820", "1234")),
        ("820-1234", ("820", "1234")),
        ("Unknown", ("XXX", "XXXX")),
    ],
)
def test_destinations_are_read_as_people_write_them(text, expected):
    dest = leaver_ctf.parse_destination(text)

    assert (dest.lea, dest.estab) == expected


@pytest.mark.parametrize("text", ["", "82012345", "abc1234", "820 12"])
def test_a_wrong_destination_says_what_to_give(text):
    with pytest.raises(leaver_ctf.DestinationError, match="seven digits"):
        leaver_ctf.parse_destination(text)


def test_a_pupil_without_a_valid_upn_is_named_with_the_fix():
    bad = pupil(upn="", surname="Noupn")

    found = leaver_ctf.problems([bad])

    assert len(found) == 1
    assert found[0].startswith("Noupn, Maya: the UPN")


def test_the_page_downloads_the_file_and_keeps_a_record(roll, officer_client):
    sent = _left(roll.records[0].upn)
    url = reverse("learners:leavers")

    page = officer_client.get(url)
    response = officer_client.post(url, {"pupil": [sent.pk], "destination": "820/1234"})

    assert sent.surname in page.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert "8914107_CTF_8201234_001.XML" in response["Content-Disposition"]
    assert sent.upn.encode() in response.content
    assert LeaverExport.objects.get().pupils.get() == sent


def test_the_page_zips_lost_pupils_files(roll, officer_client):
    lost = [_left(r.upn).pk for r in roll.records[:2]]

    response = officer_client.post(
        reverse("learners:leavers"), {"pupil": lost, "unknown": "on"}
    )

    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert response["Content-Type"] == "application/zip"
    assert len(names) == 2


def test_the_page_writes_nothing_and_says_why(roll, officer_client):
    sent = _left(roll.records[0].upn)

    response = officer_client.post(
        reverse("learners:leavers"), {"pupil": [sent.pk], "destination": "82"}
    )

    assert response.status_code == 400
    assert "seven digits" in response.content.decode()
    assert not LeaverExport.objects.exists()


def test_teachers_cannot_send_leaver_files(teacher_client):
    response = teacher_client.get(reverse("learners:leavers"))

    assert response.status_code == 403


def run(argv: list[str]) -> int:
    """The command's exit status (a command that succeeds just returns)."""
    try:
        main(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return 0


def test_the_command_writes_the_file_or_names_each_problem(roll, tmp_path, capsys):
    sent = _left(roll.records[0].upn)
    out = ["--out", str(tmp_path)]

    unknown = ["--upn", "A000000000000"]
    wrong = run(["ctf", "leaver", *unknown, "--upn", sent.upn, "--to", "82", *out])
    said = capsys.readouterr().err
    right = run(["ctf", "leaver", "--upn", sent.upn.lower(), "--to", "820/1234", *out])

    assert wrong == 1
    assert "--to: '82' is not a destination" in said
    assert "--upn A000000000000: no pupil" in said
    assert right == 0
    assert [p.name for p in tmp_path.iterdir()] == ["8914107_CTF_8201234_001.XML"]


def test_the_command_warns_of_a_pupil_still_on_roll_and_still_writes(
    roll, tmp_path, capsys
):
    on_roll = Pupil.objects.get(upn=roll.records[0].upn)
    left = _left(roll.records[1].upn)
    assert on_roll.status == RollStatus.ON_ROLL
    assert on_roll.leaving_date is None

    status = run(
        [
            "ctf",
            "leaver",
            *["--upn", on_roll.upn, "--upn", left.upn],
            *["--to", "8201234", "--out", str(tmp_path)],
        ]
    )

    said = capsys.readouterr().err
    assert status == 0
    assert len(list(tmp_path.iterdir())) == 1
    warned = [line for line in said.splitlines() if line.startswith("Warning:")]
    assert len(warned) == 1
    assert on_roll.surname in warned[0]
    assert "no leaving date" in warned[0]


def test_the_page_warns_of_a_pupil_still_on_roll(roll, officer_client):
    on_roll = Pupil.objects.get(upn=roll.records[0].upn)
    left = _left(roll.records[1].upn)
    url = reverse("learners:leavers")

    warned = officer_client.get(url, {"pupil": [on_roll.pk]}).content.decode()
    quiet = officer_client.get(url, {"pupil": [left.pk]}).content.decode()

    assert "still on the roll here" in warned
    assert on_roll.surname in warned
    assert "still on the roll here" not in quiet
