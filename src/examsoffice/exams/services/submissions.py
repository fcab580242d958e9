"""Submissions: everything changed since the last one to an awarding body.

A submission is prepared in one transaction: it takes every change not yet sent,
writes its rows and claims the next file sequence number.  If making the file fails
(the EDI writer, say), the transaction rolls back and nothing is marked.
"""

from __future__ import annotations

import csv
import io
import logging

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from examsoffice.errors import DataError
from examsoffice.exams import models as m
from examsoffice.exams.services import as_user
from examsoffice.formats.edi import (
    DataType,
    EdiEntry,
    EntriesWriter,
    UnavailableWriter,
    edi_filename,
)
from examsoffice.identifiers import validate_uln

log = logging.getLogger(__name__)

COLUMNS = (
    "centre",
    "series",
    "candidate_number",
    "uci",
    "uln",
    "surname",
    "forenames",
    "date_of_birth",
    "sex",
    "entry_code",
    "action",
    "previous_entry_code",
)

ACTIONS = {
    m.ChangeKind.ENTRY: "entry",
    m.ChangeKind.TIER: "amendment",
    m.ChangeKind.WITHDRAWAL: "withdrawal",
    m.ChangeKind.REINSTATEMENT: "entry",
    m.ChangeKind.ULN: "uln",
}


def record_uln_changes(series: m.Series) -> int:
    """A ULN that arrived after a candidate's entries went out is a change to send."""
    sent = m.EntryChange.objects.filter(series=series, submission__isnull=False)
    count = 0
    for c in series.candidates.filter(
        pk__in=sent.values("candidate_id")
    ).select_related("pupil"):
        uln = c.pupil.uln
        if uln and uln != c.submitted_uln and validate_uln(uln):
            pending = c.changes.filter(kind=m.ChangeKind.ULN, submission=None)
            if not pending.exists():
                m.EntryChange.objects.create(
                    series=series,
                    awarding_body=series.awarding_body,
                    candidate=c,
                    kind=m.ChangeKind.ULN,
                    detail=_("ULN %(uln)s") % {"uln": uln},
                )
                count += 1
    return count


def pending(series: m.Series) -> QuerySet[m.EntryChange]:
    return (
        m.EntryChange.objects.filter(series=series, submission=None)
        .select_related("candidate__pupil")
        .order_by("candidate__number", "at", "id")
    )


def blockers(series: m.Series) -> list[str]:
    """Reasons the next submission cannot go: candidates without a valid ULN."""
    numbers = set(pending(series).values_list("candidate__number", flat=True))
    found = []
    for c in series.candidates.filter(number__in=numbers).select_related("pupil"):
        check = validate_uln(c.pupil.uln)
        if not check:
            found.append(
                _("Candidate %(n)s (%(name)s): %(reason)s")
                % {"n": c.number, "name": c.pupil, "reason": check.reason}
            )
    return sorted(found)


def prepare(
    series: m.Series,
    *,
    user: object = None,
    writer: EntriesWriter | None = None,
    allow_missing_uln: bool = False,
) -> tuple[m.Submission, bytes | None]:
    """Gather every unsent change into the next submission.

    With ``writer`` the EDI file is made too, inside the same transaction: a writer
    that fails leaves every change unsent and no sequence number used.
    """
    if series.awarding_body is None:
        raise DataError(_("An internal series is not submitted to an awarding body."))
    with transaction.atomic():
        record_uln_changes(series)
        changes = list(pending(series))
        if not changes:
            raise DataError(
                _("Nothing has changed since the last submission for %(s)s.")
                % {"s": series.name}
            )
        problems = blockers(series)
        if problems and not allow_missing_uln:
            raise DataError(
                _("These candidates need a valid ULN before the submission: ")
                + "; ".join(problems)
            )
        submission = _create(series, changes, user)
        content = None
        if writer is not None:
            content = writer.write(
                DataType(submission.data_type),
                series.centre.number,
                series.awarding_body.jcq_id,
                series.code,
                submission.sequence,
                [_edi(r) for r in submission.rows],
            )
    log.info("Submission %s prepared with %s changes", submission.pk, len(changes))
    return submission, content


def _create(
    series: m.Series, changes: list[m.EntryChange], user: object
) -> m.Submission:
    body = series.awarding_body
    assert body is not None
    last = m.Submission.objects.filter(
        series__centre=series.centre, awarding_body=body
    ).aggregate(n=Max("sequence"))["n"]
    sequence = (last or 0) + 1
    first = not m.Submission.objects.filter(series=series).exists()
    data_type = DataType.ENTRIES if first else DataType.AMENDMENTS
    submission = m.Submission.objects.create(
        series=series,
        awarding_body=body,
        sequence=sequence,
        data_type=data_type.value,
        edi_name=edi_filename(data_type, series.centre.number, body.jcq_id, sequence),
        uln_only=all(c.kind == m.ChangeKind.ULN for c in changes),
        rows=[_row(series, c) for c in changes],
        created_by=as_user(user),
    )
    m.EntryChange.objects.filter(pk__in=[c.pk for c in changes]).update(
        submission=submission
    )
    sent = {c.candidate.pk: c.candidate for c in changes}
    for candidate in sent.values():
        candidate.submitted_uln = candidate.pupil.uln
    m.Candidate.objects.bulk_update(sent.values(), ["submitted_uln"])
    return submission


def _row(series: m.Series, change: m.EntryChange) -> dict[str, str]:
    pupil = change.candidate.pupil
    return {
        "centre": series.centre.number,
        "series": series.code,
        "candidate_number": change.candidate.number,
        "uci": pupil.uci,
        "uln": pupil.uln,
        "surname": pupil.surname,
        "forenames": pupil.forename,
        "date_of_birth": pupil.date_of_birth.isoformat() if pupil.date_of_birth else "",
        "sex": pupil.sex,
        "entry_code": change.option_code,
        "action": ACTIONS[m.ChangeKind(change.kind)],
        "previous_entry_code": change.previous_code,
    }


def _edi(row: dict[str, str]) -> EdiEntry:
    return EdiEntry(
        candidate_number=row["candidate_number"],
        uci=row["uci"],
        uln=row["uln"],
        surname=row["surname"],
        forenames=row["forenames"],
        date_of_birth=row["date_of_birth"],
        sex=row["sex"],
        entry_code=row["entry_code"],
        action=row["action"],
    )


def as_csv(submission: m.Submission) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(submission.rows)
    return out.getvalue().encode("utf-8-sig")


def as_xlsx(submission: m.Submission) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = submission.edi_name.replace(".", "_")
    sheet.append(list(COLUMNS))
    for row in submission.rows:
        sheet.append([row.get(c, "") for c in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_edi(
    series: m.Series, *, user: object = None, writer: EntriesWriter | None = None
) -> tuple[m.Submission, bytes | None]:
    return prepare(series, user=user, writer=writer or UnavailableWriter())


def mark_sent(submission: m.Submission) -> None:
    submission.status = m.SubmissionStatus.SENT
    submission.sent_at = timezone.now()
    submission.save(update_fields=["status", "sent_at"])


def mark_acknowledged(submission: m.Submission) -> None:
    if submission.status == m.SubmissionStatus.PREPARED:
        raise DataError(_("Mark the submission sent before acknowledged."))
    submission.status = m.SubmissionStatus.ACKNOWLEDGED
    submission.acknowledged_at = timezone.now()
    submission.save(update_fields=["status", "acknowledged_at"])
