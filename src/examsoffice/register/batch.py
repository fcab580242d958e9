"""Batch files on the register: a ULN-request CTF or a batch CSV, worked through
as a background job in chunks.

Each chunk's register writes (new learners, exceptions) and the job's checkpoint are
committed in one transaction, so a job stopped part-way carries on after the last
committed chunk: no learner is registered twice and none is skipped. The per-row
results live in the checkpoint until the job ends and the result files are written.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import secrets
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from examsoffice.errors import FileFormatError, ProblemLog, Severity
from examsoffice.formats import lrs_batch
from examsoffice.formats.ctf import ctf_filename, not_a_ctf, read_ctf, write_ctf
from examsoffice.formats.lrs_batch import BatchCounts, BatchLearner, Outcome
from examsoffice.formats.lrs_batch.from_ctf import learner_from_pupil
from examsoffice.jobs.models import Job
from examsoffice.jobs.runner import AlreadyQueuedError, Progress, enqueue, unfinished
from examsoffice.register.codes import Code
from examsoffice.register.intake import Incoming, Intake, Settled, settle
from examsoffice.register.models import Organisation
from examsoffice.register.services import Actor, LearnerDetails

logger = logging.getLogger(__name__)

KIND = "register-batch"
CHUNK = 200
MAX_LEARNERS = 100_000


# The job summary's keys in words (the outcomes' words are also the batch page's).
OUTCOME_LABELS: dict[str, str | Promise] = {
    Outcome.NEW.value: _lazy("New (ULN issued)"),
    Outcome.EXISTING.value: _lazy("Existing (ULN found)"),
    Outcome.POSSIBLE_MATCH.value: _lazy("Possible matches"),
    Outcome.NOT_FOUND.value: _lazy("Not found"),
    Outcome.REJECTED.value: _lazy("Rejected"),
}
SUMMARY_LABELS: dict[str, str | Promise] = {
    **OUTCOME_LABELS,
    "learners": _lazy("Learners in the file"),
    "result": _lazy("Result file"),
    "exception_list": _lazy("Exception list"),
}


class InputKind(StrEnum):
    CTF = "ctf"
    CSV = "csv"


@dataclass(frozen=True)
class ItemResult:
    """What became of one learner of the file, kept in the job's checkpoint."""

    outcome: Outcome
    code: str
    uln: str = ""
    exception_id: int | None = None
    message: str = ""

    def as_list(self) -> list[Any]:
        return [
            self.outcome.value,
            self.code,
            self.uln,
            self.exception_id,
            self.message,
        ]

    @classmethod
    def from_list(cls, data: Sequence[Any]) -> ItemResult:
        outcome, code, uln, exception_id, message = data
        return cls(Outcome(outcome), code, uln, exception_id, message)


@dataclass
class LoadedFile:
    """A batch input read and checked: its learners in file order."""

    kind: InputKind
    name: str
    learners: list[BatchLearner]
    problems: ProblemLog
    ukprn: str = ""


# ---------------------------------------------------------------- starting a job


def batch_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "register-batch"


def detect_kind(name: str, data: bytes) -> InputKind:
    """CTF (XML) or batch CSV, by the file's first character and then its name."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        return InputKind.CTF
    if name.upper().endswith(".XML"):
        raise FileFormatError(
            _("The file is named .XML but does not hold XML; is it the right file?"),
            file=name,
        )
    return InputKind.CSV


def store_input(name: str, data: bytes) -> Path:
    """Keep the file as sent, under the data folder, for the job to read."""
    folder = batch_root() / "in" / secrets.token_hex(8)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / Path(name).name
    path.write_bytes(data)
    return path


def start_batch(
    name: str,
    data: bytes,
    *,
    user: Any = None,
    register_new: bool = True,
) -> Job:
    """Check that the file can be read, keep it and queue its job.

    Raises :class:`FileFormatError` at once for a malformed file, so the sender is
    told before anything is queued, and :class:`AlreadyQueuedError` (with its job) if
    the same file, run the same way, is still waiting or running.
    """
    kind = detect_kind(name, data)
    once = _once(data, register_new)
    running = unfinished(once)
    if running is not None:
        raise AlreadyQueuedError(running)
    path = store_input(name, data)
    try:
        return _queue(name, path, kind, once, user=user, register_new=register_new)
    except (AlreadyQueuedError, FileFormatError):
        shutil.rmtree(path.parent, ignore_errors=True)
        raise


def _once(data: bytes, register_new: bool) -> str:
    """The same bytes run the same way: one job at a time."""
    digest = hashlib.sha256(data)
    digest.update(b"register" if register_new else b"find-only")
    return digest.hexdigest()


def _queue(
    name: str,
    path: Path,
    kind: InputKind,
    once: str,
    *,
    user: Any,
    register_new: bool,
) -> Job:
    loaded = load_file(path, kind)
    params = {
        "path": str(path),
        "kind": kind.value,
        "name": Path(name).name,
        "register_new": register_new,
        "learners": len(loaded.learners),
        "warnings": file_warnings(loaded.problems),
    }
    title = ngettext(
        "Register batch %(name)s (%(count)s learner)",
        "Register batch %(name)s (%(count)s learners)",
        len(loaded.learners),
    ) % {
        "name": Path(name).name,
        "count": len(loaded.learners),
    }
    return enqueue(KIND, title, params, user, once=once)


def file_warnings(problems: ProblemLog) -> list[str]:
    """What is said of the whole file (how it was read), not of one learner: kept on
    the job, so the command line and the job's page can say it."""
    return [
        p.message
        for p in problems
        if p.severity is Severity.WARNING
        and p.row is None
        and p.line is None
        and not p.record
    ]


def load_file(path: Path, kind: InputKind, today: date | None = None) -> LoadedFile:
    """Read and check the input; a malformed file raises FileFormatError."""
    today = today or timezone.localdate()
    if kind is InputKind.CSV:
        batch = lrs_batch.read_batch(path, today=today)
        learners, problems, ukprn = batch.learners, batch.problems, batch.header.ukprn
    else:
        # Said here, not by the CTF reader, whose words offer a lenient mode that
        # a batch does not have.
        message = not_a_ctf(path)
        if message:
            raise FileFormatError(message, file=path.name)
        ctf = read_ctf(path)
        problems = ProblemLog(list(ctf.problems))
        learners = [
            learner_from_pupil(pupil, file=path.name, today=today)
            for pupil in ctf.pupils
        ]
        ukprn = ""
    if len(learners) > MAX_LEARNERS:
        raise FileFormatError(
            _(
                "The file has %(count)s learners; split it into files of at most "
                "%(max)s."
            )
            % {"count": len(learners), "max": MAX_LEARNERS},
            file=path.name,
        )
    for learner in learners:
        problems.extend(list(learner.problems))
    return LoadedFile(kind, path.name, learners, problems, ukprn)


# ---------------------------------------------------------------- one learner


def details_of(learner: BatchLearner) -> LearnerDetails:
    values = learner.values
    return LearnerDetails(
        given_name=values["GivenName"],
        family_name=values["FamilyName"],
        date_of_birth=learner.dob,
        gender=values["Gender"],
        postcode=values["LastKnownPostCode"],
        title=values["Title"],
        middle_names=values["MiddleOtherName"],
        preferred_given_name=values["PreferredGivenName"],
        previous_family_name=values["PreviousFamilyName"],
        family_name_at_16=values["FamilyNameAtAge16"],
        school_at_16=values["SchoolAtAge16"],
        address_line1=values["LastKnownAddressLine1"],
        address_line2=values["LastKnownAddressLine2"],
        address_town=values["LastKnownAddressTown"],
        address_county=values["LastKnownAddressCountyOrCity"],
        email=values["EmailAddress"],
        verification_type=values["VerificationType"],
    )


def process_chunk(
    learners: Sequence[BatchLearner],
    actor: Actor,
    *,
    source: str,
    register_new: bool = True,
) -> list[ItemResult]:
    """Find, register or queue a chunk of learners; rejected rows keep their code.

    A learner who appears twice in the file is registered once: the second row
    finds the first, in the same chunk or a later one.
    """
    usable = [learner for learner in learners if not learner.rejected]
    intake = Intake(actor, source, _("Batch file"), register_new)
    settled = iter(
        settle(
            [
                Incoming(details_of(learner), learner.mis_identifier, learner.uln)
                for learner in usable
            ],
            intake,
        )
    )
    return [
        _rejected(learner) if learner.rejected else _item(next(settled))
        for learner in learners
    ]


def _existing(settled: Settled) -> ItemResult:
    """A learner found: by the register, or by the operator's decision."""
    if settled.code is Code.MASTER_SUBSTITUTED:
        message = _("The ULN given is linked to this master ULN; use the master.")
    elif settled.exception_id is not None:
        message = _(
            "Found by the register operator's decision on exception %(id)s."
        ) % {"id": settled.exception_id}
    else:
        message = ""
    return ItemResult(
        Outcome.EXISTING,
        lrs_batch.EXACT_MATCH,
        settled.uln,
        exception_id=settled.exception_id,
        message=message,
    )


def _rejected(learner: BatchLearner) -> ItemResult:
    message = " ".join(p.message for p in learner.problems)
    return ItemResult(Outcome.REJECTED, learner.return_code, message=message)


def _item(settled: Settled) -> ItemResult:
    code = settled.code
    if code is Code.INSUFFICIENT_DATA:
        return ItemResult(
            Outcome.REJECTED,
            lrs_batch.INSUFFICIENT_DATA,
            message=" ".join(settled.problems),
        )
    if settled.rejected:
        message = _(
            "Rejected by the register operator (exception %(id)s): %(reason)s"
        ) % {"id": settled.exception_id, "reason": settled.rejected}
        return ItemResult(
            Outcome.REJECTED,
            lrs_batch.POSSIBLE_MATCH,
            exception_id=settled.exception_id,
            message=message,
        )
    if code in (Code.EXACT, Code.MASTER_SUBSTITUTED):
        return _existing(settled)
    if code is Code.REGISTERED:
        return ItemResult(Outcome.NEW, lrs_batch.REGISTERED, settled.uln)
    if code is Code.NO_MATCH:
        return ItemResult(Outcome.NOT_FOUND, lrs_batch.NOT_FOUND)
    message = _(
        "Possible match with %(count)s learner(s) on the register: waiting in the "
        "exceptions queue (exception %(id)s) for the register operator to decide."
    ) % {"count": settled.matches, "id": settled.exception_id}
    return ItemResult(
        Outcome.POSSIBLE_MATCH,
        lrs_batch.POSSIBLE_MATCH,
        exception_id=settled.exception_id,
        message=message,
    )


# ---------------------------------------------------------------- the job


def run_batch(job: Job, progress: Progress) -> dict[str, Any]:
    """The job handler's work: chunk by chunk from the checkpoint, then the results."""
    params = job.params
    loaded = load_file(Path(params["path"]), InputKind(params["kind"]))
    actor = Actor(user=job.created_by, organisation=_organisation(loaded.ukprn))
    source = _("Batch %(name)s (job %(id)s)") % {"name": params["name"], "id": job.pk}
    results = list(job.checkpoint.get("results", []))
    total = len(loaded.learners)

    for start in range(len(results), total, CHUNK):
        chunk = loaded.learners[start : start + CHUNK]
        with transaction.atomic():
            items = process_chunk(
                chunk,
                actor,
                source=source,
                register_new=params.get("register_new", True),
            )
            results.extend(item.as_list() for item in items)
            # A copy: the job object keeps this dict, and a later chunk that fails
            # must not leave its rolled-back rows in it.
            progress.save(len(results), total, {"results": list(results)})
    if total == 0:
        progress.save(0, 0, {"results": []})

    items = [ItemResult.from_list(r) for r in results]
    return _finish(job, loaded, items)


def _organisation(ukprn: str) -> Organisation | None:
    if not ukprn:
        return None
    return Organisation.objects.filter(ukprn=ukprn, active=True).first()


def _finish(job: Job, loaded: LoadedFile, items: list[ItemResult]) -> dict[str, Any]:
    counts = BatchCounts()
    for item in items:
        counts.add(item.outcome)

    folder = batch_root() / f"job-{job.pk}"
    folder.mkdir(parents=True, exist_ok=True)
    path = Path(job.params["path"])
    summary: dict[str, Any] = {**counts.as_dict(), "learners": len(items)}
    if loaded.kind is InputKind.CSV:
        result = _write_csv_result(path, folder, items, counts)
    else:
        result, exceptions = _write_ctf_result(path, folder, loaded, items)
        summary["exception_list"] = exceptions.name
    job.result_file = str(result)
    summary["result"] = result.name
    logger.info(
        "Register batch job %s finished. %s.",
        job.pk,
        "; ".join(
            f"{OUTCOME_LABELS[key]}: {count}" for key, count in counts.as_dict().items()
        ),
    )
    return summary


def result_files(job: Job) -> list[Path]:
    """The job's result file and, for a CTF, its exception list."""
    paths = [Path(job.result_file)] if job.result_file else []
    name = job.summary.get("exception_list")
    if name:
        paths.append(batch_root() / f"job-{job.pk}" / name)
    return [p for p in paths if p.exists()]


def _write_csv_result(
    path: Path, folder: Path, items: list[ItemResult], counts: BatchCounts
) -> Path:
    batch = lrs_batch.read_batch(path)
    rows = []
    for learner, item in zip(batch.learners, items, strict=True):
        values = dict(learner.values)
        if item.uln:
            values["ULN"] = item.uln
        rows.append(lrs_batch.OutputRow(values, item.code, item.message))
    header = batch.header
    target = folder / lrs_batch.batch_filename(header.ukprn, timezone.localtime())
    lrs_batch.write_output(target, header, rows, counts)
    return target


EXCEPTION_COLUMNS = (
    "UPN",
    "Surname",
    "Forename",
    "DateOfBirth",
    "Outcome",
    "ReturnCode",
    "Message",
    "ExceptionId",
)


def _write_ctf_result(
    path: Path, folder: Path, loaded: LoadedFile, items: list[ItemResult]
) -> tuple[Path, Path]:
    ctf = read_ctf(path)
    pupils = [
        replace(pupil, uln=item.uln) if item.uln else pupil
        for pupil, item in zip(ctf.pupils, items, strict=True)
    ]
    # The returned file goes back the other way: from the register to the school.
    header = replace(
        ctf.header,
        source=ctf.header.dest,
        dest=ctf.header.source,
        date_time=datetime.now().replace(microsecond=0).isoformat(),
    )
    target = folder / ctf_filename(header.source, header.dest)
    write_ctf(target, header, pupils)

    exceptions = folder / f"{Path(loaded.name).stem}_exceptions.csv"
    _write_exception_list(exceptions, ctf.pupils, items)
    return target, exceptions


def _write_exception_list(
    target: Path, pupils: Sequence[Any], items: list[ItemResult]
) -> None:
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(EXCEPTION_COLUMNS)
        for pupil, item in zip(pupils, items, strict=True):
            if item.uln:
                continue
            writer.writerow(
                (
                    pupil.upn,
                    pupil.surname,
                    pupil.forename,
                    pupil.dob.isoformat() if pupil.dob else "",
                    str(OUTCOME_LABELS[item.outcome.value]),
                    item.code,
                    item.message or _meaning(item.code),
                    item.exception_id or "",
                )
            )


def _meaning(code: str) -> str:
    entry = lrs_batch.return_codes().get(code)
    return entry.meaning if entry else ""


def download_names(job: Job) -> list[str]:
    """Names for the result files as downloaded: after the file sent and the job
    (``<input>_result_job<N>.CSV``), so two results never share a name."""
    kind = InputKind(job.params["kind"])
    suffix = ".XML" if kind is InputKind.CTF else ".CSV"
    stem = Path(job.params.get("name", "batch")).stem
    return [
        p.name for p in output_paths(Path(f"{stem}_result_job{job.pk}{suffix}"), kind)
    ]


def output_paths(out: Path, kind: InputKind) -> list[Path]:
    """Where :func:`copy_results` writes for ``out``: the result, and beside it a
    CTF's exception list."""
    if kind is InputKind.CTF:
        return [out, out.with_name(f"{out.stem}_exceptions.csv")]
    return [out]


def copy_results(job: Job, out: Path, *, overwrite: bool = False) -> list[Path]:
    """Copy the result to ``out``; a CTF's exception list goes beside it.

    Without ``overwrite`` an existing file is never written over: FileExistsError.
    """
    files = result_files(job)
    targets = output_paths(out, InputKind(job.params["kind"]))
    written = []
    for source, target in zip(files, targets, strict=False):
        target.parent.mkdir(parents=True, exist_ok=True)
        with (
            source.open("rb") as reader,
            target.open("wb" if overwrite else "xb") as writer,
        ):
            shutil.copyfileobj(reader, writer)
        written.append(target)
    return written
