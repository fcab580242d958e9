from pathlib import Path

import pytest

from examsoffice.errors import FileFormatError, Severity
from examsoffice.formats.ctf import (
    ULN_SERVICE_DEST,
    check_file,
    ctf_filename,
    read_ctf,
    write_ctf,
    write_uln_request,
)
from examsoffice.formats.ctf.synthetic import SOURCE, write_synthetic_ctf

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "ctf"
LEAVERS = FIXTURES / "8912203_CTF_8914107_001.XML"
THIRD_PARTY = FIXTURES / "third-party-atf-12.xml"


def test_it_reads_the_header_and_every_pupil_of_a_ctf():
    ctf = read_ctf(LEAVERS)

    assert ctf.header.version == "25.0"
    assert ctf.header.source.estab == "2203"
    assert len(ctf.pupils) == 40
    first = ctf.pupils[0]
    assert (first.upn, first.surname, first.sex) == ("B891410717000", "Jenkins", "F")
    assert first.nc_year == "7"
    assert first.address is not None
    assert first.address.postcode == "NN14 1AB"
    assert first.contacts
    assert first.contacts[0].phones[0].number == "07700 900668"
    assert [b.tag for b in first.blocks] == [
        "FSMhistory",
        "SENhistory",
        "Attendance",
        "StageAssessments",
    ]
    assert ctf.problems == []


def test_a_leaver_written_out_reads_back_the_same(tmp_path):
    ctf = read_ctf(LEAVERS)
    out = tmp_path / "out.XML"

    write_ctf(out, ctf.header, ctf.pupils)
    again = read_ctf(out)

    assert again.header == ctf.header
    assert again.pupils == ctf.pupils
    assert "<SessionsPossible>380</SessionsPossible>" in out.read_text()


def test_it_refuses_a_file_with_no_root_element_in_strict_mode():
    with pytest.raises(FileFormatError) as caught:
        read_ctf(THIRD_PARTY)

    assert caught.value.line == 1
    assert "--lenient" in str(caught.value)


def test_lenient_mode_reads_every_pupil_and_reports_the_structure_first():
    ctf = read_ctf(THIRD_PARTY, lenient=True)

    assert len(ctf.pupils) == 12
    assert ctf.header.kind == "ATF"
    assert [p.code for p in ctf.problems[:2]] == ["ctf.no_root", "ctf.header_case"]
    codes = {p.code for p in ctf.problems}
    assert {"ctf.date_format", "ctf.upn_invalid", "ctf.upn_missing"} <= codes


def test_it_reads_day_month_year_dates_with_a_warning():
    pupil = read_ctf(THIRD_PARTY, lenient=True).pupils[0]

    assert pupil.dob is not None
    assert pupil.dob.isoformat() == "2021-05-14"
    assert pupil.sex_element == "Gender"
    warning = next(p for p in pupil.problems if p.field == "DOB")
    assert warning.severity is Severity.WARNING


def _write(tmp_path, text):
    path = tmp_path / "bad.XML"
    path.write_text(text)
    return path


def test_a_truncated_file_gets_one_error_with_line_and_column(tmp_path):
    path = _write(tmp_path, "<CTfile>\n<Header></Header>\n<CTFpupilData><Pupil>\n")

    with pytest.raises(FileFormatError) as caught:
        read_ctf(path)

    assert caught.value.line is not None
    assert caught.value.column is not None


def test_it_refuses_entity_declarations(tmp_path):
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE CTfile [<!ENTITY a "aaaa">]>\n'
        "<CTfile><Header/></CTfile>"
    )

    with pytest.raises(FileFormatError, match="DTD or entities"):
        read_ctf(_write(tmp_path, bomb), lenient=True)


def test_it_reads_sex_or_gender_and_both_address_forms(tmp_path):
    text = (
        "<CTfile><Header><CTFversion>24.0</CTFversion></Header><CTFpupilData>"
        "<Pupil><UPN>B801200005001</UPN><Surname>A</Surname><Forename>B</Forename>"
        "<DOB>2010-01-31</DOB><Gender>M</Gender><Address><AddressLines>"
        "<AddressLine1>1 High St</AddressLine1></AddressLines>"
        "<PostCode>sw1a 1aa</PostCode></Address></Pupil>"
        "</CTFpupilData></CTfile>"
    )

    pupil = read_ctf(_write(tmp_path, text)).pupils[0]

    assert pupil.sex == "M"
    assert pupil.address is not None
    assert pupil.address.form == "lines"
    assert pupil.address.first_line == "1 High St"


def test_the_check_report_names_the_pupil_for_each_problem():
    report = check_file(THIRD_PARTY, lenient=True)

    assert report.exit_code() == 1
    invalid = next(i for i in report.items if i.code == "ctf.upn_invalid")
    assert invalid.upn
    assert invalid.name
    assert '"pupil"' in report.to_json()
    assert report.to_csv().startswith("code,severity,message")


def test_the_check_report_says_an_unreadable_file_is_exit_2():
    report = check_file(THIRD_PARTY)

    assert report.exit_code() == 2
    assert "cannot be read" in report.to_text()


def test_a_clean_file_passes_the_check():
    assert check_file(LEAVERS).exit_code() == 0


def test_the_uln_request_holds_only_what_the_service_needs(tmp_path):
    pupils = read_ctf(LEAVERS).pupils[:3]

    path = write_uln_request(tmp_path, pupils, source=SOURCE)
    request = read_ctf(path)

    assert path.name == "8912203_CTF_MATMAT_001.XML"
    assert request.header.document_qualifier == "partial"
    assert request.header.dest == ULN_SERVICE_DEST
    pupil = request.pupils[0]
    assert pupil.upn == pupils[0].upn
    assert pupil.address is not None
    assert pupil.address.postcode == pupils[0].address.postcode
    assert (pupil.contacts, pupil.basic, pupil.blocks) == (None, None, ())


def test_the_file_name_follows_the_dfe_pattern():
    assert ctf_filename(SOURCE, ULN_SERVICE_DEST, 2).endswith("_002.XML")


def test_a_synthetic_file_reads_back_every_pupil(tmp_path):
    path = write_synthetic_ctf(tmp_path / "s.XML", 50)

    ctf = read_ctf(path)

    assert len(ctf.pupils) == 50
    assert not [p for p in ctf.problems if p.severity is Severity.ERROR]


def test_lenient_mode_reads_a_truncated_file_and_says_data_may_be_missing(tmp_path):
    path = _write(
        tmp_path,
        "<CTfile>\n<Header><CTFversion>25.0</CTFversion></Header>\n"
        "<CTFpupilData><Pupil><UPN>B801200005001</UPN><Surname>A</Surname>\n",
    )

    ctf = read_ctf(path, lenient=True)

    assert [p.upn for p in ctf.pupils] == ["B801200005001"]
    broken = [p for p in ctf.problems if p.code == "ctf.not_well_formed"]
    assert broken
    assert broken[0].severity is Severity.ERROR
