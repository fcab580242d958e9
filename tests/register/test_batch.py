from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from examsoffice.errors import FileFormatError
from examsoffice.formats.ctf import read_ctf
from examsoffice.formats.lrs_batch import OUTPUT_COLUMNS
from examsoffice.jobs.models import Job, JobStatus
from examsoffice.jobs.runner import run_pending
from examsoffice.register import batch
from examsoffice.register import jobs as _jobs  # noqa: F401  (registers the handler)
from examsoffice.register.models import IssuedUln, Learner, MatchException
from tests.register.batch_files import (
    mixed_pupils,
    mixed_rows,
    row,
    write_csv,
    write_ctf_request,
    write_malformed_csv,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "files"


def output_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    return [dict(zip(OUTPUT_COLUMNS, line, strict=True)) for line in lines[3:]]


def start(path: Path, **options) -> Job:
    return batch.start_batch(path.name, path.read_bytes(), **options)


def test_a_batch_csv_runs_to_the_end_with_a_code_on_every_row(tmp_path, add_learner):
    amelia = add_learner()
    job = start(write_csv(tmp_path, mixed_rows()))

    run_pending()

    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.message
    assert {k: job.summary[k] for k in ("new", "existing", "possible_match")} == {
        "new": 1,
        "existing": 1,
        "possible_match": 1,
    }
    assert (job.summary["rejected"], job.summary["not_found"]) == (1, 0)
    rows = output_rows(Path(job.result_file))
    assert [(r["MISIdentifier"], r["ReturnCode"]) for r in rows] == [
        ("M1", "WSRC0004"),
        ("M2", "WSRC0005"),
        ("M3", "WSRC0003"),
        ("M4", "RC010"),
    ]
    assert rows[0]["ULN"] == amelia.uln
    assert Learner.objects.filter(uln=rows[1]["ULN"], given_name="Emily").exists()
    assert "ZZ99 9ZZ" in rows[3]["ReturnMessage"]


def test_a_possible_match_waits_in_the_exceptions_queue(tmp_path, add_learner):
    amelia = add_learner()
    job = start(write_csv(tmp_path, mixed_rows()))

    run_pending()

    exception = MatchException.objects.get()
    assert exception.reference == "M3"
    assert exception.submitted["given_name"] == "Amelie"
    assert [c["uln"] for c in exception.candidates] == [amelia.uln]
    assert str(job.pk) in exception.source


def test_a_find_only_batch_reports_not_found_instead_of_registering(tmp_path):
    job = start(write_csv(tmp_path, [row("N1")]), register_new=False)

    run_pending()

    job.refresh_from_db()
    assert job.summary["not_found"] == 1
    assert not Learner.objects.exists()
    assert output_rows(Path(job.result_file))[0]["ReturnCode"] == "WSRC0001"


def test_two_rows_for_one_new_learner_give_one_uln(tmp_path):
    job = start(write_csv(tmp_path, [row("D1"), row("D2")]))

    run_pending()

    rows = output_rows(Path(Job.objects.get(pk=job.pk).result_file))
    assert rows[0]["ULN"] == rows[1]["ULN"]
    assert [r["ReturnCode"] for r in rows] == ["WSRC0005", "WSRC0004"]
    assert Learner.objects.count() == 1


def test_a_ctf_comes_back_with_ulns_and_an_exception_list(tmp_path, add_learner):
    amelia = add_learner()
    job = start(write_ctf_request(tmp_path, mixed_pupils()))

    run_pending()

    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.message
    returned = read_ctf(job.result_file)
    ulns = [p.uln for p in returned.pupils]
    assert ulns[0] == amelia.uln
    assert Learner.objects.get(uln=ulns[1]).given_name == "Emily"
    assert ulns[2:] == ["", ""]
    assert returned.header.dest.estab == "2203"

    files = batch.result_files(job)
    with files[1].open(encoding="utf-8-sig", newline="") as handle:
        exceptions = list(csv.DictReader(handle))
    assert [(e["UPN"], e["Outcome"], e["ReturnCode"]) for e in exceptions] == [
        (returned.pupils[2].upn, "Possible matches", "WSRC0003"),
        (returned.pupils[3].upn, "Rejected", "RC010"),
    ]
    assert exceptions[0]["ExceptionId"] == str(MatchException.objects.get().pk)


def test_a_malformed_file_is_refused_before_a_job_is_queued(tmp_path):
    path = write_malformed_csv(tmp_path)

    with pytest.raises(FileFormatError, match="unquoted comma") as caught:
        start(path)

    assert "row 5" in str(caught.value)
    assert "row 6" in str(caught.value)
    assert not Job.objects.exists()


def test_an_uncertain_date_and_a_short_row_reject_only_their_own_rows(tmp_path):
    rows = [
        row("X1"),
        row("X2", DateOfBirth="14/03/09"),
        {"MISIdentifier": "X3", "GivenName": "Short"},
        row(
            "X4", GivenName="Priya", DateOfBirth="2/11/2010", LastKnownPostCode="M1 1AE"
        ),
    ]
    path = write_csv(tmp_path, rows)

    job = start(path)
    run_pending()

    job.refresh_from_db()
    assert job.summary["rejected"] == 2
    output = output_rows(Path(job.result_file))
    assert [(r["MISIdentifier"], r["ReturnCode"]) for r in output] == [
        ("X1", "WSRC0005"),
        ("X2", "RC012"),
        ("X3", "RC006"),
        ("X4", "WSRC0005"),
    ]
    assert "Excel" in output[1]["ReturnMessage"]
    # Excel's day-first date is read, and written back as YYYY-MM-DD.
    assert output[3]["DateOfBirth"] == "2010-11-02"


class ServerStopped(BaseException):
    """Not an Exception: like a killed process, the runner does not catch it."""


def test_a_job_stopped_mid_chunk_resumes_without_losing_or_repeating(
    tmp_path, monkeypatch
):
    people = [("Ava", "Khan"), ("Ben", "Evans"), ("Cara", "Obi"), ("Dev", "Shah")]
    rows = [
        row(
            f"R{n}",
            GivenName=given,
            FamilyName=family,
            DateOfBirth=f"2009-0{n + 1}-1{n}",
            LastKnownPostCode=f"M{n + 1} 1AE",
            LastKnownAddressLine1=f"{n + 1} Elm Row",
        )
        for n, (given, family) in enumerate([*people, ("Esme", "Clarke")])
    ]
    job = start(write_csv(tmp_path, rows))
    monkeypatch.setattr(batch, "CHUNK", 2)
    real = batch.process_chunk
    calls: list[list[str]] = []

    def stopping(learners, *args, **kwargs):
        calls.append([learner.mis_identifier for learner in learners])
        items = real(learners, *args, **kwargs)
        if len(calls) == 2:
            # Stopped after the chunk's writes, before its checkpoint.
            raise ServerStopped
        return items

    monkeypatch.setattr(batch, "process_chunk", stopping)
    with pytest.raises(ServerStopped):
        run_pending()

    # The first chunk is committed; the second, half done, left no trace.
    job.refresh_from_db()
    assert (job.status, job.done) == (JobStatus.RUNNING, 2)
    assert Learner.objects.count() == 2
    Job.objects.filter(pk=job.pk).update(heartbeat=timezone.now() - timedelta(hours=1))

    run_pending()

    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert calls == [["R0", "R1"], ["R2", "R3"], ["R2", "R3"], ["R4"]]
    assert Learner.objects.count() == 5 == IssuedUln.objects.count()
    result = output_rows(Path(job.result_file))
    assert [r["MISIdentifier"] for r in result] == ["R0", "R1", "R2", "R3", "R4"]
    assert len({r["ULN"] for r in result}) == 5
    assert job.summary["new"] == 5


def test_a_job_that_fails_mid_chunk_keeps_only_committed_results(tmp_path, monkeypatch):
    rows = [
        row("F1", GivenName="Ava", FamilyName="Khan", LastKnownPostCode="M1 1AE"),
        row("F2", GivenName="Ben", FamilyName="Evans", LastKnownPostCode="M2 1AE"),
        row("F3", GivenName="Cara", FamilyName="Obi", LastKnownPostCode="M3 1AE"),
        row("F4", GivenName="Dev", FamilyName="Shah", LastKnownPostCode="M4 1AE"),
    ]
    job = start(write_csv(tmp_path, rows))
    monkeypatch.setattr(batch, "CHUNK", 2)
    real = batch.process_chunk

    def failing(learners, *args, **kwargs):
        items = real(learners, *args, **kwargs)
        if any(learner.mis_identifier == "F4" for learner in learners):
            raise RuntimeError("the disk is full")
        return items

    monkeypatch.setattr(batch, "process_chunk", failing)
    run_pending()

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.message == "the disk is full"
    assert job.done == len(job.checkpoint["results"]) == Learner.objects.count() == 2


def test_a_learner_sent_again_while_waiting_is_not_queued_again(tmp_path, add_learner):
    from examsoffice.learners import uln_round_trip
    from examsoffice.register.client import InProcessClient

    add_learner()
    pupils = mixed_pupils()
    amelie = pupils[2].upn
    path = write_ctf_request(tmp_path, pupils)
    # The same file twice: the second run, once the first is done, finds the
    # exception the first one queued.
    jobs = [start(path)]
    run_pending()
    jobs.append(start(path))
    run_pending()
    # And once more from the pupils' ULN request page, in this installation.
    trip = uln_round_trip.send(path, InProcessClient())

    waiting = MatchException.objects.get(reference=amelie)
    assert waiting.status == "open"
    for job in jobs:
        job.refresh_from_db()
        assert job.summary["possible_match"] == 1
        with batch.result_files(job)[1].open(encoding="utf-8-sig") as handle:
            listed = list(csv.DictReader(handle))
        assert (listed[0]["Outcome"], listed[0]["ExceptionId"]) == (
            "Possible matches",
            str(waiting.pk),
        )
    asked = [o for o in trip.outcomes if o.upn == amelie]
    assert [(o.status, o.exception_id) for o in asked] == [("exception", waiting.pk)]


def test_the_same_details_from_another_sender_wait_on_their_own(add_learner):
    from examsoffice.register import intake, services
    from examsoffice.register.models import Organisation
    from tests.register.conftest import details

    add_learner()
    amelie = intake.Incoming(details(given_name="Amelie"), "M3")
    school = Organisation.objects.create(ukprn="10000001", name="Riverside School")
    senders = [services.SYSTEM, services.Actor(organisation=school)]

    settled = [
        intake.settle([amelie], intake.Intake(actor, "Batch", "Batch file"))[0]
        for actor in senders * 2
    ]

    ids = [s.exception_id for s in settled]
    assert ids[0] != ids[1]
    assert ids[2:] == ids[:2]
    assert MatchException.objects.count() == 2


def test_running_the_file_again_after_the_decisions_returns_their_outcomes(
    tmp_path, add_learner
):
    from examsoffice.register import uln_requests
    from examsoffice.register.models import DecisionKind
    from examsoffice.register.services import Actor

    amelia = add_learner()
    rows = [*mixed_rows(), row("M5", GivenName="Amelie", DateOfBirth="2009-03-15")]
    path = write_csv(tmp_path, rows)
    start(path)
    run_pending()
    same, rejected = MatchException.objects.order_by("reference")
    assert (same.reference, rejected.reference) == ("M3", "M5")
    uln_requests.decide(same, DecisionKind.SAME, Actor(), uln=amelia.uln)
    uln_requests.decide(
        rejected, DecisionKind.REJECTED, Actor(), reason="Check the date of birth"
    )

    again = start(path)
    run_pending()

    again.refresh_from_db()
    assert again.summary["possible_match"] == 0
    by_mis = {r["MISIdentifier"]: r for r in output_rows(Path(again.result_file))}
    assert (by_mis["M3"]["ReturnCode"], by_mis["M3"]["ULN"]) == (
        "WSRC0004",
        amelia.uln,
    )
    assert by_mis["M5"]["ULN"] == ""
    assert "Check the date of birth" in by_mis["M5"]["ReturnMessage"]
    assert MatchException.objects.count() == 2


def test_the_same_file_is_not_started_again_while_its_job_waits(tmp_path):
    from examsoffice.jobs.runner import AlreadyQueuedError

    path = write_csv(tmp_path, mixed_rows())
    first = start(path)

    with pytest.raises(AlreadyQueuedError) as raised:
        start(path)

    assert raised.value.job == first
    assert Job.objects.count() == 1
    # Run another way (find only), it is another job.
    start(path, register_new=False)
    assert Job.objects.count() == 2
    stored = list((tmp_path / "files").rglob(path.name))
    assert len(stored) == 2  # the refused copy is not kept


def test_the_same_file_may_run_again_once_its_job_has_finished(tmp_path):
    path = write_csv(tmp_path, mixed_rows())
    first = start(path)
    run_pending()

    again = start(path)

    assert again.pk != first.pk
    assert again.status == JobStatus.QUEUED


def test_two_uploads_at_once_make_one_job(tmp_path, monkeypatch):
    # Both requests looked before either had queued its job: the database's
    # constraint turns the second away.
    from examsoffice.jobs.runner import AlreadyQueuedError

    path = write_csv(tmp_path, mixed_rows())
    first = start(path)
    monkeypatch.setattr(batch, "unfinished", lambda once: None)

    with pytest.raises(AlreadyQueuedError) as raised:
        start(path)

    assert raised.value.job == first
    assert Job.objects.count() == 1


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            '<?xml version="1.0"?>\n<Learners><Learner UPN="A1"/></Learners>\n',
            "This is an XML file but not a CTF: its root element is <Learners>",
        ),
        (
            '<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:'
            'office:spreadsheet"><Worksheet/></Workbook>\n',
            "This is an Excel 'XML Spreadsheet 2003' file, not a CTF",
        ),
        (
            '<?xml version="1.0"?>\n<Pupil><UPN>A1</UPN></Pupil>\n<Pupil>\n',
            "The file is not well-formed XML at line 3",
        ),
        (
            '<?xml version="1.0"?>\n<CTfile><Header>\n<Pupil></CTfile>\n',
            "not well-formed XML",
        ),
    ],
)
def test_an_xml_file_that_is_not_a_ctf_is_refused_without_a_lenient_mode(
    tmp_path, text, words
):
    path = tmp_path / "request.XML"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(FileFormatError) as caught:
        start(path)

    assert words in str(caught.value)
    assert "lenient" not in str(caught.value).lower()
    assert not Job.objects.exists()


def test_the_job_title_counts_its_learners_in_words(tmp_path):
    one = start(write_csv(tmp_path, [row("N1")]))
    two = start(write_csv(tmp_path, [row("N1"), row("N2")]))

    assert one.title.endswith("(1 learner)")
    assert two.title.endswith("(2 learners)")
