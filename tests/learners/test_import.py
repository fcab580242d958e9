"""Importing CTFs into the roll: every exception kind, history, all or nothing."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from django.db import connection, connections

from examsoffice.formats.ctf import SchoolRef
from examsoffice.learners import ctf_source, importing
from examsoffice.learners.import_plan import Kind
from examsoffice.learners.models import (
    ExceptionStatus,
    IdentifierChange,
    ImportBatch,
    ImportException,
    Pupil,
    RollStatus,
)
from tests.learners.helpers import (
    OTHER_ULN,
    OTHER_UPN,
    TEMP_UPN,
    ULN,
    UPN,
    pupil,
    record,
    write_file,
)

pytestmark = pytest.mark.django_db


def run(tmp_path: Path, records: list, *, user=None, **kwargs) -> ImportBatch:
    path = write_file(tmp_path, records, **kwargs)
    read = ctf_source.read_file(path)
    outcome = importing.import_records(
        read.records,
        file_name=read.file_name,
        user=user,
        result_file=read.is_uln_result,
    )
    assert outcome.batch is not None
    return outcome.batch


def kinds(batch: ImportBatch) -> list[str]:
    return list(batch.exceptions.values_list("kind", flat=True))


def test_it_adds_a_new_pupil_with_its_identifier_history(tmp_path, exams_officer):
    batch = run(tmp_path, [record(uln=ULN)], user=exams_officer)

    added = Pupil.objects.get()
    assert (added.upn, added.uln, added.status) == (UPN, ULN, RollStatus.ON_ROLL)
    assert kinds(batch) == ["new_pupil"]
    history = {c.identifier: c for c in added.identifier_changes.all()}
    assert history["uln"].new_value == ULN
    assert history["uln"].source == "8012000_CTF_8914107_001.XML"
    assert history["uln"].user == exams_officer


def test_it_updates_a_pupil_and_names_the_fields(tmp_path):
    held = pupil()

    batch = run(tmp_path, [record(uln=ULN, nc_year="11")])

    held.refresh_from_db()
    assert (held.uln, held.year_group) == (ULN, "11")
    row = batch.exceptions.get()
    assert row.kind == "updated"
    assert row.fields == "ULN, year group"
    assert row.status == ExceptionStatus.NOTED


def test_it_keeps_blocks_it_does_not_model_verbatim(tmp_path):
    run(tmp_path, [record()])

    assert "<BasicDetails>" in Pupil.objects.get().extra_xml


def test_it_replaces_a_temporary_upn_and_keeps_it_as_former(tmp_path):
    held = pupil(upn=TEMP_UPN)

    batch = run(tmp_path, [record()])

    held.refresh_from_db()
    assert (held.upn, held.former_upn) == (UPN, TEMP_UPN)
    assert "temporary_upn_replaced" in kinds(batch)
    change = IdentifierChange.objects.get(identifier="upn")
    assert (change.old_value, change.new_value) == (TEMP_UPN, UPN)


def test_a_rejoining_leaver_waits_for_a_readmission_decision(tmp_path, exams_officer):
    held = pupil(status=RollStatus.LEFT, leaving_date=date(2025, 7, 20))

    batch = run(tmp_path, [record()])
    row = batch.exceptions.get()
    assert (row.kind, row.status) == ("rejoined", ExceptionStatus.OPEN)
    held.refresh_from_db()
    assert held.status == RollStatus.LEFT

    importing.decide(row, "readmit", exams_officer)

    held.refresh_from_db()
    assert (held.status, held.leaving_date) == (RollStatus.ON_ROLL, None)
    row.refresh_from_db()
    assert (row.status, row.decision) == (ExceptionStatus.DECIDED, "readmit")


def test_a_withdrawn_application_is_reported_and_not_changed(tmp_path, exams_officer):
    held = pupil(status=RollStatus.WITHDRAWN, year_group="9")

    batch = run(tmp_path, [record()])

    held.refresh_from_db()
    assert held.year_group == "9"
    row = batch.exceptions.get()
    assert row.kind == "withdrawn_pre_admission"
    importing.decide(row, "reinstate_application", exams_officer)
    held.refresh_from_db()
    assert held.status == RollStatus.PRE_ADMISSION


def test_same_upn_different_person_changes_nothing(tmp_path):
    held = pupil()

    batch = run(
        tmp_path,
        [record(surname="Okafor", forename="Daniel", dob=date(2009, 1, 1))],
    )

    held.refresh_from_db()
    assert held.surname == "Hale"
    assert Pupil.objects.count() == 1
    assert kinds(batch) == ["same_upn_different_person"]


def test_a_pupil_twice_in_the_file_is_imported_once(tmp_path, exams_officer):
    batch = run(tmp_path, [record(1), record(2, nc_year="11")])

    assert Pupil.objects.count() == 1
    duplicate = batch.exceptions.get(kind="duplicate_in_file")
    assert duplicate.pupil == Pupil.objects.get()

    importing.decide(duplicate, "use_this_record", exams_officer)

    assert Pupil.objects.get().year_group == "11"


def test_a_different_uln_is_an_exception_never_an_overwrite(tmp_path, exams_officer):
    held = pupil(uln=ULN)

    batch = run(tmp_path, [record(uln=OTHER_ULN)])

    held.refresh_from_db()
    assert held.uln == ULN
    row = batch.exceptions.get(kind="uln_differs")
    assert (row.kind, row.held_value, row.incoming_value) == (
        "uln_differs",
        ULN,
        OTHER_ULN,
    )

    importing.decide(row, "accept_incoming_uln", exams_officer)

    held.refresh_from_db()
    assert held.uln == OTHER_ULN
    change = held.identifier_changes.get(identifier="uln")
    assert (change.old_value, change.new_value, change.user) == (
        ULN,
        OTHER_ULN,
        exams_officer,
    )


def test_keeping_the_held_uln_changes_nothing(tmp_path, exams_officer):
    held = pupil(uln=ULN)
    row = run(tmp_path, [record(uln=OTHER_ULN)]).exceptions.get(kind="uln_differs")

    importing.decide(row, "keep_held_uln", exams_officer)

    held.refresh_from_db()
    assert held.uln == ULN


def test_a_fix_that_does_not_fit_is_refused(tmp_path, exams_officer):
    pupil(uln=ULN)
    row = run(tmp_path, [record(uln=OTHER_ULN)]).exceptions.get(kind="uln_differs")

    with pytest.raises(importing.DecisionError):
        importing.decide(row, "readmit", exams_officer)


def test_a_uln_result_file_adds_ulns_but_no_pupils(tmp_path):
    held = pupil()

    batch = run(
        tmp_path,
        [record(1, uln=ULN), record(2, upn=OTHER_UPN, surname="Stranger")],
        source=SchoolRef(lea="MAT", estab="MAT"),
    )

    held.refresh_from_db()
    assert held.uln == ULN
    assert Pupil.objects.count() == 1
    assert kinds(batch) == ["updated", "not_on_roll"]
    assert batch.kind == "uln_result"


def test_a_dry_run_changes_nothing(tmp_path):
    path = write_file(tmp_path, [record()])
    read = ctf_source.read_file(path)

    outcome = importing.import_records(read.records, file_name="x", dry_run=True)

    assert outcome.batch is None
    assert outcome.plan.creates
    assert not Pupil.objects.exists()


def test_a_failed_import_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    pupil(year_group="9")
    path = write_file(tmp_path, [record(nc_year="10"), record(2, upn=OTHER_UPN)])
    read = ctf_source.read_file(path)

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "_store_findings", fail)
    with pytest.raises(RuntimeError):
        importing.import_records(read.records, file_name="x")

    assert Pupil.objects.count() == 1
    assert Pupil.objects.get().year_group == "9"
    assert not ImportBatch.objects.exists()
    assert not ImportException.objects.exists()


def test_the_spec_shaped_fixture_imports_and_reimports_cleanly(fixtures_dir):
    path = fixtures_dir / "ctf" / "8912203_CTF_8914107_001.XML"
    read = ctf_source.read_file(path)

    first = importing.import_records(read.records, file_name=path.name)
    second = importing.import_records(read.records, file_name=path.name)

    assert Pupil.objects.count() == 40
    assert first.plan.creates
    assert not second.plan.findings


@pytest.mark.parametrize("name", ["third-party-atf-12.xml", "third-party-atf-250.xml"])
def test_third_party_files_import_leniently_without_dropping_a_pupil(
    fixtures_dir, name
):
    path = fixtures_dir / "ctf" / name
    read = ctf_source.read_file(path, lenient=True)

    outcome = importing.import_records(read.records, file_name=name)

    assert read.problems
    assert Pupil.objects.count() == len(read.records)
    assert outcome.plan.count(Kind.INVALID_IDENTIFIER) > 0
    assert not Pupil.objects.exclude(upn="").exists()  # none of their UPNs is valid


def test_an_upload_is_applied_once_however_often_it_is_asked(tmp_path):
    pupil(uln=ULN)
    read = ctf_source.read_file(write_file(tmp_path, [record(uln=OTHER_ULN)]))
    upload = "0123456789abcdef" * 2

    def apply() -> importing.ImportOutcome:
        return importing.import_records(
            read.records, file_name=read.file_name, upload=upload
        )

    first, second = apply(), apply()

    assert not first.already_applied
    assert second.already_applied
    assert second.batch == first.batch
    assert ImportBatch.objects.count() == 1
    assert ImportException.objects.filter(kind="uln_differs").count() == 1


def test_files_imported_without_an_upload_are_each_imported(tmp_path):
    read = ctf_source.read_file(write_file(tmp_path, [record()]))

    for _ in range(2):
        importing.import_records(read.records, file_name=read.file_name)

    assert ImportBatch.objects.count() == 2


def _apply_in_thread(
    records: list, upload: str, start: threading.Barrier, out: list[object]
) -> None:
    try:
        start.wait()
        out.append(
            importing.import_records(records, file_name="double.XML", upload=upload)
        )
    except BaseException as exc:  # handed to the main thread to fail the test
        out.append(exc)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_two_applies_of_one_upload_at_the_same_moment_make_one_import(tmp_path):
    if connection.vendor != "postgresql":
        # The test database on SQLite is in memory, where writers lock whole tables.
        pytest.skip("Concurrent applies are tested on PostgreSQL.")
    pupil(uln=ULN)
    records = ctf_source.read_file(write_file(tmp_path, [record(uln=OTHER_ULN)]))
    start = threading.Barrier(2)
    out: list[object] = []
    threads = [
        threading.Thread(
            target=_apply_in_thread,
            args=(records.records, "f" * 32, start, out),
        )
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert all(isinstance(o, importing.ImportOutcome) for o in out), out
    outcomes = [o for o in out if isinstance(o, importing.ImportOutcome)]
    assert sorted(o.already_applied for o in outcomes) == [False, True]
    assert ImportBatch.objects.count() == 1
    assert ImportException.objects.filter(kind="uln_differs").count() == 1
