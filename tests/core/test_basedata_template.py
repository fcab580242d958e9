from __future__ import annotations

import datetime as dt

import pytest

from examsoffice.errors import DataError, FileFormatError
from examsoffice.formats.basedata import COLUMNS, read_basedata
from examsoffice.formats.basedata.template_csv import writer as csv_writer
from examsoffice.formats.basedata.template_xlsx import writer as xlsx_writer
from examsoffice.formats.edi import DataType, UnavailableWriter, edi_filename

FIRST = dt.date(2031, 5, 12)


def _csv(*rows: str) -> bytes:
    header = ",".join(c.name for c in COLUMNS)
    return "\r\n".join([header, *rows]).encode()


def test_it_reads_the_filled_example_in_both_formats_alike():
    from_csv, log_csv = read_basedata(csv_writer.example(FIRST), "b.csv")
    from_xlsx, log_xlsx = read_basedata(xlsx_writer.example(FIRST), "b.xlsx")

    assert not log_csv.problems
    assert not log_xlsx.problems
    assert from_csv.components == from_xlsx.components
    assert from_csv.options["8300H"][1].tier == "H"
    assert from_csv.options["8300H"][1].fee_pence == 4835
    assert "8300/2H" in from_csv.options["8300H"][1].component_codes


def test_it_keeps_a_component_without_a_date_as_not_timetabled():
    basedata, _log = read_basedata(csv_writer.example(FIRST), "b.csv")

    spoken = basedata.components["8700/C"]
    assert not spoken.timetabled
    assert spoken.session == ""


def test_it_gives_the_usual_start_time_when_the_start_is_empty():
    basedata, _log = read_basedata(csv_writer.example(FIRST), "b.csv")

    assert basedata.components["8300/1H"].start == dt.time(9, 0)
    assert basedata.components["8464/1F"].start == dt.time(13, 30)


def test_it_reports_every_bad_cell_with_its_line_and_field():
    data = _csv(
        "70,6A31,8300,Maths,GCSE,,8300F,,X,48.35,8300/1F,P1,31/02/2031,AM,,90",
        "70,6A31,8300,Maths,GCSE,,8300F,,F,abc,8300/2F,P2,2031-06-01,,,",
    )

    _basedata, log = read_basedata(data, "summer.csv")

    found = {(p.line, p.field) for p in log.errors}
    assert found == {
        (2, "tier"),
        (2, "date"),
        (3, "fee"),
        (3, "session"),
        (3, "duration_minutes"),
    }
    assert all(p.file == "summer.csv" for p in log.errors)


def test_it_names_each_missing_column():
    _basedata, log = read_basedata(b"awarding_body,series\r\n70,6A31\r\n", "x.csv")

    missing = {p.field for p in log.errors}
    assert "entry_code" in missing
    assert "component_code" in missing


def test_it_refuses_a_second_series_in_one_file():
    data = _csv(
        "70,6A31,8300,Maths,GCSE,,8300F,,F,1,8300/1F,P1,,,,",
        "01,631A,J277,CS,GCSE,,J277,,,1,J277/01,P1,,,,",
    )

    _basedata, log = read_basedata(data, "x.csv")

    assert [p.code for p in log.errors] == ["basedata.mixed_series"]


def test_it_refuses_a_file_that_is_not_a_template():
    with pytest.raises(FileFormatError, match="CSV"):
        read_basedata(b"%PDF", "basedata.pdf")


def test_the_blank_templates_hold_only_the_header():
    basedata, log = read_basedata(xlsx_writer.blank(), "blank.xlsx")

    assert not log.problems
    assert not basedata.components


def test_it_names_an_edi_file_dcccccbb_xnn():
    assert edi_filename(DataType.ENTRIES, "12345", "70", 107) == "E1234570.X07"
    assert edi_filename(DataType.AMENDMENTS, "12345", "01", 3) == "A1234501.X03"


def test_it_refuses_an_edi_name_for_a_bad_centre_number():
    with pytest.raises(DataError):
        edi_filename(DataType.ENTRIES, "1234", "70", 1)


def test_the_shipped_edi_writer_says_why_it_cannot_write():
    with pytest.raises(Exception, match="record layouts"):
        UnavailableWriter().write(DataType.ENTRIES, "12345", "70", "6A31", 1, [])
