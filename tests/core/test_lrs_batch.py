from __future__ import annotations

import csv
import io
import random
import zipfile
from datetime import date
from pathlib import Path

import pytest

from examsoffice.errors import FileFormatError
from examsoffice.formats.lrs_batch import (
    COLUMNS,
    OUTPUT_COLUMNS,
    BatchCounts,
    BatchFileError,
    BatchHeader,
    Outcome,
    OutputRow,
    batch_filename,
    read_batch,
    return_codes,
    write_batch,
    write_output,
)
from examsoffice.formats.lrs_batch.layout import HEADER_VERIFIED, filename_problem

NAME = "LRB_10012345_010920251030.CSV"
HEADER = BatchHeader("2A", "Year 10 ULNs", "10012345", "exams@school.example")
TODAY = date(2025, 9, 1)


def learner(**values: str) -> dict[str, str]:
    row = {
        "MISIdentifier": "A001",
        "GivenName": "Amara",
        "FamilyName": "Okafor",
        "DateOfBirth": "2010-03-14",
        "Gender": "2",
        "LastKnownPostCode": "SW1A 1AA",
    }
    row.update(values)
    return row


def batch_bytes(*learners: dict[str, str], header: BatchHeader = HEADER) -> bytes:
    out = io.StringIO()
    write_batch(out, header, learners or [learner()])
    return out.getvalue().encode("utf-8")


def replace_line(data: bytes, index: int, text: str) -> bytes:
    lines = data.decode().splitlines()
    lines[index] = text
    return "\r\n".join(lines).encode()


def read(data: bytes):
    return read_batch(data, name=NAME, today=TODAY)


def test_it_reads_a_good_file_with_its_header_and_learners():
    batch = read(batch_bytes(learner(), learner(MISIdentifier="A002", ULN="")))

    assert batch.header == HEADER
    assert [one.mis_identifier for one in batch.learners] == ["A001", "A002"]
    assert batch.learners[0].dob == date(2010, 3, 14)
    assert batch.learners[0].line == 4
    assert not batch.rejected
    assert len(batch.problems) == 0


def test_it_reads_a_file_saved_by_excel_with_padding_and_a_byte_order_mark():
    padded = batch_bytes().decode().replace("exams@school.example", "a@b.example,,,,")
    data = "\ufeff".encode() + padded.encode()

    batch = read(data)

    assert batch.header.contact_email == "a@b.example"
    assert len(batch.learners) == 1


def test_it_reads_a_file_written_by_excel_in_windows_1252_with_a_warning():
    data = batch_bytes(learner(GivenName="Zoë")).decode().encode("cp1252")

    batch = read(data)

    assert batch.learners[0].given_name == "Zoë"
    assert [p.code for p in batch.problems] == ["lrs_batch.encoding"]


def test_it_reads_a_file_without_the_labels_row():
    data = b"\r\n".join(batch_bytes().splitlines()[1:])

    batch = read(data)

    assert batch.header.ukprn == "10012345"
    assert batch.learners[0].line == 3


def test_it_rejects_a_file_whose_version_is_not_2a():
    data = replace_line(batch_bytes(), 1, "2B,Year 10,10012345,a@b.example")

    with pytest.raises(FileFormatError) as caught:
        read(data)

    assert caught.value.row == 2
    assert caught.value.field == "File Version"
    assert "2A" in caught.value.message


def test_it_rejects_a_ukprn_that_is_not_eight_digits():
    data = replace_line(batch_bytes(), 1, "2A,Year 10,1001234,a@b.example")

    with pytest.raises(FileFormatError, match="8-digit") as caught:
        read(data)

    assert caught.value.field == "UKPRN"


def test_it_rejects_a_file_that_starts_with_the_column_headings():
    data = b"\r\n".join(batch_bytes().splitlines()[2:])

    with pytest.raises(FileFormatError, match="file header is missing"):
        read(data)


def test_it_rejects_columns_in_the_wrong_order_naming_the_column():
    headings = list(COLUMNS)
    headings[3], headings[6] = headings[6], headings[3]
    data = replace_line(batch_bytes(), 2, ",".join(headings))

    with pytest.raises(FileFormatError) as caught:
        read(data)

    assert caught.value.row == 3
    assert caught.value.field == "GivenName"
    assert "Column 4 is 'FamilyName'" in caught.value.message
    assert "order" in caught.value.message
    # Both moved columns are named, not only the first.
    assert "Column 7 is 'GivenName'" in str(caught.value)


def test_it_rejects_a_heading_in_the_wrong_case():
    data = replace_line(batch_bytes(), 2, ",".join(COLUMNS).replace("Gender", "gender"))

    with pytest.raises(FileFormatError, match="case-sensitive") as caught:
        read(data)

    assert caught.value.field == "Gender"


def test_it_rejects_a_row_with_more_values_than_columns():
    data = batch_bytes().decode().rstrip() + ",extra\r\n"

    with pytest.raises(FileFormatError, match="unquoted comma") as caught:
        read(data.encode())

    assert caught.value.row == 4
    assert "row 4: The row has 27 values" in str(caught.value)


def test_it_reads_a_date_of_birth_excel_has_turned_into_dd_mm_yyyy():
    data = batch_bytes(
        learner(DateOfBirth="14/03/2010", DateOfAddressCapture="01/09/2025"),
        learner(MISIdentifier="A002", DateOfBirth="3/9/2009"),
    )

    first, second = read(data).learners

    assert not first.rejected
    assert not second.rejected
    assert (first.dob, second.dob) == (date(2010, 3, 14), date(2009, 9, 3))
    assert first.values["DateOfBirth"] == "2010-03-14"
    assert first.values["DateOfAddressCapture"] == "2025-09-01"


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("14/03/10", "the year has two digits"),
        ("03/14/2010", "month comes first"),
        ("31/02/2010", "not a real date read day first"),
    ],
)
def test_a_date_that_is_not_certain_day_first_is_rejected_saying_why(value, words):
    data = batch_bytes(learner(), learner(MISIdentifier="A002", DateOfBirth=value))

    good, bad = read(data).learners

    assert not good.rejected
    assert bad.return_code == "RC012"
    (problem,) = bad.problems
    assert (problem.row, problem.field) == (5, "DateOfBirth")
    assert words in problem.message
    assert str(problem).startswith(f"{NAME}, row 5, MISIdentifier A002, field")


def test_it_reports_every_problem_of_the_file_at_once():
    data = replace_line(
        batch_bytes(
            learner(),
            learner(MISIdentifier="A002", DateOfBirth="14/03/10"),
            learner(MISIdentifier="A003"),
        ),
        1,
        "2B,Year 10,1001234,a@b.example",
    )
    data = data.decode().rstrip() + ",extra\r\n"

    with pytest.raises(BatchFileError) as caught:
        read(data.encode())

    assert [(p.row, p.field) for p in caught.value.problems] == [
        (2, "File Version"),
        (2, "UKPRN"),
        (6, ""),
    ]
    assert "3 problems" in str(caught.value)


def test_a_bad_date_and_a_short_row_are_each_rejected_with_their_own_code():
    data = batch_bytes(learner(), learner(MISIdentifier="B5", DateOfBirth="14/03/10"))
    data = data.decode().rstrip() + "\r\n,B6,,Short\r\n"

    batch = read(data.encode())

    assert [(one.line, one.return_code) for one in batch.learners] == [
        (4, ""),
        (5, "RC012"),
        (6, "RC006"),
    ]
    assert {p.row for p in batch.problems.errors} == {5, 6}


def test_it_rejects_a_file_with_no_learners():
    data = b"\r\n".join(batch_bytes().splitlines()[:3])

    with pytest.raises(FileFormatError, match="no learner rows"):
        read(data)


@pytest.mark.parametrize(
    ("values", "code", "field"),
    [
        ({"GivenName": ""}, "RC006", "GivenName"),
        ({"DateOfBirth": ""}, "RC006", "DateOfBirth"),
        ({"Gender": ""}, "RC006", "Gender"),
        ({"LastKnownPostCode": ""}, "RC010", "LastKnownPostCode"),
        ({"ULN": "1234567890"}, "RC012", "ULN"),
        ({"ULN": "9.27631E+09"}, "RC012", "ULN"),
        ({"DateOfBirth": "2010-02-30"}, "RC012", "DateOfBirth"),
        ({"DateOfBirth": "2030-01-01"}, "RC012", "DateOfBirth"),
        ({"DateOfBirth": "1900-01-01"}, "RC012", "DateOfBirth"),
        ({"GivenName": "<b>Bo</b>"}, "RC012", "GivenName"),
        ({"GivenName": "12345"}, "RC012", "GivenName"),
        ({"FamilyName": "O'Brien-Smith 3rd"}, "RC012", "FamilyName"),
        ({"MiddleOtherName": "J4ne"}, "RC012", "MiddleOtherName"),
        ({"Gender": "F"}, "RC012", "Gender"),
        ({"LastKnownPostCode": "NOT A PC"}, "RC012", "LastKnownPostCode"),
        ({"FamilyName": "X" * 36}, "RC012", "FamilyName"),
    ],
)
def test_it_rejects_a_row_with_the_return_code_for_its_problem(values, code, field):
    batch = read(batch_bytes(learner(), learner(MISIdentifier="B7", **values)))

    good, bad = batch.learners
    assert not good.rejected
    assert bad.return_code == code
    assert [(p.code, p.field, p.row, p.record) for p in bad.problems] == [
        (code, field, 5, "MISIdentifier B7")
    ]


def test_an_unknown_postcode_given_as_zz99_9zz_is_accepted():
    batch = read(batch_bytes(learner(LastKnownPostCode="ZZ99 9ZZ")))

    assert not batch.learners[0].rejected


def test_a_row_with_several_problems_keeps_all_and_takes_the_first_code():
    batch = read(batch_bytes(learner(GivenName="", LastKnownPostCode="", Gender="M")))

    only = batch.learners[0]
    assert only.return_code == "RC006"
    assert sorted(p.code for p in only.problems) == ["RC006", "RC010", "RC012"]


def test_it_warns_of_a_badly_named_file():
    batch = read_batch(batch_bytes(), name="cohort.csv", today=TODAY)

    assert [p.code for p in batch.problems] == ["lrs_batch.file_name"]


def test_missing_and_repeated_mis_identifiers_are_file_errors_naming_the_rows():
    data = batch_bytes(
        learner(),
        learner(MISIdentifier=""),
        learner(MISIdentifier="A002"),
        learner(),
        learner(MISIdentifier=""),
        learner(MISIdentifier=""),
        learner(MISIdentifier="A002"),
        learner(),
        header=BatchHeader("2A", "Year 10", "1001234", "a@b.example"),
    )

    with pytest.raises(BatchFileError) as caught:
        read(data)

    problems = caught.value.problems
    assert [(p.row, p.field) for p in problems] == [
        (2, "UKPRN"),
        (4, "MISIdentifier"),
        (5, "MISIdentifier"),
        (6, "MISIdentifier"),
    ]
    assert "MISIdentifier is empty on rows 5, 8 and 9." in problems[2].message
    assert "matched back" in problems[2].message
    assert "MISIdentifier 'A001' is on rows 4, 7 and 11;" in problems[1].message
    assert "MISIdentifier 'A002' is on rows 6 and 10;" in problems[3].message
    assert "4 problems" in str(caught.value)


def test_the_file_name_follows_the_national_pattern():
    from datetime import datetime

    name = batch_filename("10012345", datetime(2025, 9, 1, 10, 30))

    assert name == "LRB_10012345_010920251030.CSV"
    assert filename_problem(name) == ""
    assert "upper-case" in filename_problem(name.replace(".CSV", ".csv"))
    assert "real" in filename_problem("LRB_10012345_320920251030.CSV")


def test_the_output_has_every_row_with_its_code_and_the_counts(tmp_path: Path):
    batch = read(batch_bytes(learner(), learner(MISIdentifier="B7", GivenName="")))
    counts = BatchCounts(existing=1, rejected=1)
    rows = [
        OutputRow({**batch.learners[0].values, "ULN": "9276308686"}, "WSRC0004"),
        OutputRow(batch.learners[1].values, "RC006", "GivenName is empty."),
    ]
    path = tmp_path / "out.csv"

    write_output(path, HEADER, rows, counts)

    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[0][4:] == [
        "NewLearnersCount",
        "ExistsUpdatedLearnersCount",
        "PossibleMatchLearnersCount",
        "LearnersNotFoundCount",
        "RejectedLearnersCount",
    ]
    assert lines[1][4:] == ["0", "1", "0", "0", "1"]
    assert lines[2] == list(OUTPUT_COLUMNS)
    first = dict(zip(OUTPUT_COLUMNS, lines[3], strict=True))
    second = dict(zip(OUTPUT_COLUMNS, lines[4], strict=True))
    assert (first["MISIdentifier"], first["ULN"]) == ("A001", "9276308686")
    assert first["ReturnMessage"].startswith("Exact match")
    assert (second["ReturnCode"], second["ReturnMessage"]) == (
        "RC006",
        "GivenName is empty.",
    )


def test_the_return_code_table_marks_what_is_not_confirmed():
    codes = return_codes()

    assert {"RC006", "RC010", "RC012"} <= set(codes)
    assert not codes["RC010"].verified
    assert codes["WSRC0004"].outcome is Outcome.EXISTING
    assert HEADER_VERIFIED["Contact Email"] is False


def test_counts_add_up_by_outcome():
    counts = BatchCounts()
    counts.add(Outcome.NEW, 3)
    counts.add(Outcome.REJECTED)

    assert counts.as_dict()["new"] == 3
    assert BatchCounts.from_dict(counts.as_dict()) == counts
    assert counts.total == 4


def workbook_bytes() -> bytes:
    """A zip with an Excel workbook's parts, as a saved .xlsx holds them."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    return out.getvalue()


@pytest.mark.parametrize("name", ["cohort.xlsx", "LRB_10012345_010920251030.CSV"])
def test_an_excel_workbook_is_refused_saying_how_to_save_it_as_csv(name):
    with pytest.raises(FileFormatError) as caught:
        read_batch(workbook_bytes(), name=name, today=TODAY)

    message = caught.value.message
    assert message.startswith("This is an Excel workbook, not a CSV file")
    assert "'CSV UTF-8 (Comma delimited)'" in message
    assert "File Version" not in message
    assert caught.value.file == name


def test_an_old_excel_workbook_is_named_as_such():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 4

    with pytest.raises(FileFormatError, match=r"Excel 97-2003 workbook \(.xls\)"):
        read(data)


def test_an_image_is_refused_as_not_a_text_file():
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)

    with pytest.raises(FileFormatError) as caught:
        read(data)

    assert "This is not a text file: it looks like an image (PNG)" in str(caught.value)
    assert "\\x1a" not in str(caught.value)


def test_a_short_file_ended_with_ctrl_z_by_an_old_tool_is_still_read():
    batch = read(batch_bytes() + b"\x1a")

    assert len(batch.learners) == 1


def test_binary_data_is_refused_as_not_a_text_file():
    data = random.Random(4).randbytes(3000)

    with pytest.raises(FileFormatError) as caught:
        read(data)

    assert "This is not a text file: it holds binary data" in str(caught.value)
    assert "Row 2" not in str(caught.value)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_a_utf_16_file_is_read(encoding):
    text = batch_bytes(learner(GivenName="Zoë", FamilyName="Nguyễn")).decode()
    bom = "\ufeff" if encoding == "utf-16-be" else ""
    data = (bom + text).encode(encoding)

    batch = read(data)

    assert (batch.learners[0].given_name, batch.learners[0].family_name) == (
        "Zoë",
        "Nguyễn",
    )
    assert len(batch.problems) == 0


def test_excels_unicode_text_separated_by_tabs_is_read_with_a_warning():
    rows = list(
        csv.reader(
            io.StringIO(
                batch_bytes(
                    learner(GivenName="Zoë", LastKnownAddressLine1="Flat 2, Mill Lane"),
                    learner(MISIdentifier="A002"),
                ).decode()
            )
        )
    )
    out = io.StringIO()
    csv.writer(out, delimiter="\t", lineterminator="\r\n").writerows(rows)
    data = out.getvalue().encode("utf-16")

    batch = read(data)

    first, second = batch.learners
    assert first.given_name == "Zoë"
    assert first.values["LastKnownAddressLine1"] == "Flat 2, Mill Lane"
    assert second.mis_identifier == "A002"
    (warning,) = batch.problems
    assert warning.code == "lrs_batch.tab_separated"
    assert "'CSV UTF-8 (Comma delimited)'" in warning.message


def test_a_file_separated_by_semicolons_is_refused_saying_how_to_save_it():
    rows = list(csv.reader(io.StringIO(batch_bytes().decode())))
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)

    with pytest.raises(FileFormatError) as caught:
        read(out.getvalue().encode("cp1252"))

    message = caught.value.message
    assert message.startswith("The file is separated by semicolons")
    assert "'CSV UTF-8 (Comma delimited)'" in message
    assert "Column" not in message


def without_columns(data: bytes, *names: str) -> bytes:
    rows = list(csv.reader(io.StringIO(data.decode())))
    drop = {COLUMNS.index(name) for name in names}
    for index in range(2, len(rows)):
        rows[index] = [c for i, c in enumerate(rows[index]) if i not in drop]
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def test_a_deleted_column_is_named_with_where_it_belongs():
    data = without_columns(batch_bytes(), "GivenName", "Notes")

    with pytest.raises(BatchFileError) as caught:
        read(data)

    first, second = caught.value.problems
    assert (first.row, first.field) == (3, "GivenName")
    assert first.message.startswith(
        "The column 'GivenName' is missing (it belongs after 'Title', as column 4); "
        "add it back"
    )
    assert second.field == "Notes"
    assert "move them back" not in str(caught.value)


def test_a_result_file_sent_as_a_batch_is_refused_as_such():
    batch = read(batch_bytes(learner(), learner(MISIdentifier="A002")))
    rows = [OutputRow(one.values, "WSRC0005") for one in batch.learners]
    out = io.StringIO()
    write_output(out, HEADER, rows, BatchCounts(new=2))
    data = "\ufeff".encode() + out.getvalue().encode()

    with pytest.raises(FileFormatError) as caught:
        read(data)

    message = caught.value.message
    assert message.startswith("This is a result file the register wrote")
    assert "send the original batch file" in message.lower()
    assert "unquoted comma" not in message
