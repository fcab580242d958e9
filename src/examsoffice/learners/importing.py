"""Apply an import plan to the roll in one transaction, and the officer's decisions.

The plan is worked out again inside the transaction, against the roll as it is at
that moment, so a preview made a while ago can never apply stale matches.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from examsoffice.errors import Severity
from examsoffice.learners.import_plan import (
    WRITING_FIXES,
    Change,
    Finding,
    ImportPlan,
    changes_for,
    fixes_for,
    plan_import,
    record_errors,
    with_valid_identifiers,
)
from examsoffice.learners.incoming import UPDATABLE_FIELDS, Held, Incoming
from examsoffice.learners.models import (
    DetailChange,
    ExceptionStatus,
    IdentifierChange,
    ImportBatch,
    ImportException,
    ImportKind,
    Pupil,
    RollStatus,
)

logger = logging.getLogger(__name__)

HELD_FIELDS = (
    "id",
    "upn",
    "former_upn",
    "uln",
    "status",
    "extra_xml",
    *UPDATABLE_FIELDS,
)


@dataclass
class ImportOutcome:
    plan: ImportPlan
    batch: ImportBatch | None  # None for a dry run
    # The upload had been applied already (``batch``): nothing was done this time.
    already_applied: bool = False


def roll_snapshot() -> list[Held]:
    """Every pupil held (on roll, left, pre-admission), in one query."""
    held = []
    for row in Pupil.objects.values(*HELD_FIELDS).iterator(chunk_size=2000):
        held.append(
            Held(
                id=row["id"],
                upn=row["upn"],
                former_upn=row["former_upn"],
                uln=row["uln"],
                status=row["status"],
                values=row,
            )
        )
    return held


def preview(
    records: Sequence[Incoming],
    *,
    result_file: bool = False,
    reasons: Mapping[int, str] | None = None,
) -> ImportPlan:
    return plan_import(
        [fitted(r) for r in records],
        roll_snapshot(),
        result_file=result_file,
        reasons=reasons,
    )


def import_records(
    records: Sequence[Incoming],
    *,
    file_name: str,
    user: Any = None,
    result_file: bool = False,
    dry_run: bool = False,
    reasons: Mapping[int, str] | None = None,
    upload: str = "",
) -> ImportOutcome:
    """Import ``records`` (or only plan it, for a dry run); all or nothing.

    ``upload`` names an uploaded file: it is applied once, however often asked.
    """
    if dry_run:
        return ImportOutcome(preview(records, result_file=result_file), None)

    try:
        with transaction.atomic():
            earlier = _applied(upload)
            if earlier is not None:
                return ImportOutcome(ImportPlan(), earlier, already_applied=True)
            # The batch is written first: it claims the upload before any work,
            # and a second apply of it waits here for the first to finish.
            batch = ImportBatch.objects.create(
                file_name=file_name,
                kind=ImportKind.ULN_RESULT if result_file else ImportKind.TRANSFER,
                user=_user(user),
                pupils_in_file=len(records),
                upload_token=upload or None,
            )
            plan = preview(records, result_file=result_file, reasons=reasons)
            batch.created_count = len(plan.creates)
            batch.updated_count = len(plan.updates)
            batch.save(update_fields=["created_count", "updated_count"])
            created = _create_pupils(plan.creates, batch)
            _update_pupils(plan, batch)
            _store_findings(plan, batch, created)
    except IntegrityError:
        # Two applies at once: the other one committed this upload first.
        earlier = _applied(upload)
        if earlier is None:
            raise
        return ImportOutcome(ImportPlan(), earlier, already_applied=True)
    # Most lines of the exception log only say what was done (an update, a new
    # pupil): the count is of those that need a decision or a look.
    to_check = sum(
        1 for f in plan.findings if f.severity != Severity.INFO and not f.needs_decision
    )
    logger.info(
        "Imported batch %s: %s added, %s updated; %s to decide and %s to check in "
        "the exception log",
        batch.pk,
        batch.created_count,
        batch.updated_count,
        plan.open_decisions,
        to_check,
    )
    return ImportOutcome(plan, batch)


def _applied(upload: str) -> ImportBatch | None:
    if not upload:
        return None
    return ImportBatch.objects.filter(upload_token=upload).first()


def _user(user: Any) -> Any:
    return user if user is not None and getattr(user, "pk", None) else None


def _create_pupils(creates: list[Incoming], batch: ImportBatch) -> dict[int, Pupil]:
    pupils = [Pupil(**pupil_fields(rec)) for rec in creates]
    Pupil.objects.bulk_create(pupils, batch_size=500)

    history = []
    for pupil in pupils:
        for name in ("upn", "uln"):
            value = getattr(pupil, name)
            if value:
                history.append(_history(pupil.pk, name, "", value, batch))
    IdentifierChange.objects.bulk_create(history, batch_size=1000)
    return {rec.index: pupil for rec, pupil in zip(creates, pupils, strict=True)}


def pupil_fields(rec: Incoming) -> dict[str, Any]:
    fields: dict[str, Any] = {name: getattr(rec, name) for name in UPDATABLE_FIELDS}
    fields["date_of_birth"] = rec.date_of_birth
    fields.update(
        upn=rec.upn,
        former_upn=rec.former_upn,
        uln=rec.uln,
        extra_xml=rec.extra_xml,
        status=RollStatus.ON_ROLL,
    )
    fields["sex"] = rec.sex or "U"
    return {name: fit(name, value) for name, value in fields.items()}


def fit(name: str, value: Any) -> Any:
    """Cut text to its column: third-party files overrun and PostgreSQL refuses."""
    if not isinstance(value, str):
        return value
    limit = _LIMITS.get(name)
    return value[:limit] if limit else value


_LIMITS = {f.name: f.max_length for f in Pupil._meta.concrete_fields if f.max_length}
# Identifiers are never cut: a cut one could look valid. Too long is reported instead.
_CUT = {
    name: _LIMITS[name]
    for name in UPDATABLE_FIELDS
    if name in _LIMITS and name != "uci"
}


def fitted(rec: Incoming) -> Incoming:
    """The record as the roll would store it, so a cut name is not a change.

    The file check reports the overlong value (ctf.name_too_long); planning with
    the stored value means a re-import does not report it changed every time.
    """
    over: dict[str, Any] = {
        name: value[:limit]
        for name, limit in _CUT.items()
        if isinstance(value := getattr(rec, name), str) and len(value) > limit
    }
    return replace(rec, **over) if over else rec


def _update_pupils(plan: ImportPlan, batch: ImportBatch) -> None:
    if not plan.updates:
        return
    pupils = Pupil.objects.in_bulk([u.pupil_id for u in plan.updates])
    names: set[str] = {"updated"}
    history: list[IdentifierChange] = []
    details: list[DetailChange] = []
    now = timezone.now()

    for update in plan.updates:
        pupil = pupils[update.pupil_id]
        _set(pupil, update.changes)
        pupil.updated = now
        names.update(c.field for c in update.changes)
        history += [
            _history(pupil.pk, c.field, c.old, c.new, batch)
            for c in update.changes
            if c.is_identifier
        ]
        details += detail_history(pupil.pk, update.changes, batch.file_name, batch.user)
    Pupil.objects.bulk_update(list(pupils.values()), sorted(names), batch_size=500)
    IdentifierChange.objects.bulk_create(history, batch_size=1000)
    DetailChange.objects.bulk_create(details, batch_size=1000)


def detail_history(
    pupil_id: int, changes: Sequence[Change], source: str, user: Any
) -> list[DetailChange]:
    """History rows for the changes to who the pupil is (name, birth date, sex)."""
    return [
        DetailChange(
            pupil_id=pupil_id,
            field=c.field,
            old_value=_text(c.old)[:210],
            new_value=_text(c.new)[:210],
            source=source[:255],
            user=_user(user),
        )
        for c in changes
        if c.is_person
    ]


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _set(pupil: Pupil, changes: Sequence[Change]) -> None:
    for change in changes:
        value = change.new
        if change.field == "sex":
            value = value or "U"
        setattr(pupil, change.field, fit(change.field, value))


def _history(
    pupil_id: int, name: str, old: Any, new: Any, batch: ImportBatch
) -> IdentifierChange:
    return IdentifierChange(
        pupil_id=pupil_id,
        identifier=name,
        old_value=old or "",
        new_value=new or "",
        source=batch.file_name,
        user=batch.user,
    )


def _store_findings(
    plan: ImportPlan, batch: ImportBatch, created: dict[int, Pupil]
) -> None:
    rows = []
    for finding in plan.findings:
        rows.append(exception_row(finding, batch, _pupil_id(finding, plan, created)))
    ImportException.objects.bulk_create(rows, batch_size=1000)


def _pupil_id(
    finding: Finding, plan: ImportPlan, created: dict[int, Pupil]
) -> int | None:
    if finding.pupil_id is not None:
        return finding.pupil_id
    # A new pupil, or a duplicate of a record that was imported: link the pupil.
    index = finding.first_index or finding.incoming.index
    if index in created:
        return created[index].pk
    return plan.pupil_for(index)


def exception_row(
    finding: Finding, batch: ImportBatch, pupil_id: int | None
) -> ImportException:
    rec = finding.incoming
    return ImportException(
        batch=batch,
        pupil_id=pupil_id,
        kind=finding.kind.value,
        severity=finding.severity.value,
        message=finding.message,
        fields=", ".join(finding.fields),
        record_index=rec.index,
        incoming_upn=rec.upn[:20],
        incoming_name=rec.name[:210],
        held_value=finding.held_value[:210],
        incoming_value=finding.incoming_value[:210],
        # Only a decision still to make needs the record again.
        incoming=rec.to_json() if finding.needs_decision else {},
        status=ExceptionStatus.OPEN
        if finding.needs_decision
        else ExceptionStatus.NOTED,
    )


class DecisionError(ValueError):
    """A fix that does not apply to this exception, or one already decided."""


def decide(exception: ImportException, fix: str, user: Any) -> None:
    """Carry out the officer's named fix for one open exception, all or nothing."""
    rec = Incoming.from_json(exception.incoming) if exception.incoming else None
    allowed = fixes_for(exception.kind, rec)
    if rec is not None and fix in WRITING_FIXES and record_errors(rec):
        raise DecisionError(
            f"The record cannot be written onto the roll: "
            f"{'; '.join(record_errors(rec))}. Correct it in the sending MIS and "
            "import the file again, or ignore this exception."
        )
    if fix not in allowed:
        raise DecisionError(
            f"'{fix}' is not one of the fixes for this exception "
            f"({', '.join(allowed) or 'none'})."
        )
    with transaction.atomic():
        _claim(exception)
        pupil = exception.pupil
        if fix == "add_as_new" or (pupil is None and fix == "use_this_record"):
            exception.pupil = _add_pupil(exception, user)
        elif pupil is not None:
            _carry_out(exception, pupil, fix, user)
        exception.status = ExceptionStatus.DECIDED
        exception.decision = fix
        exception.decided_by = _user(user)
        exception.decided_at = timezone.now()
        exception.save()


def _claim(exception: ImportException) -> None:
    """Take an open exception for this decision, inside the caller's transaction.

    A conditional update rather than a look at ``exception.status``: of two
    decisions sent at once (a double-click), both may have read it open, but only
    one update finds it so; the other waits for that one to commit and is told,
    instead of adding the pupil or rewriting the record a second time.
    """
    claimed = ImportException.objects.filter(
        pk=exception.pk, status=ExceptionStatus.OPEN
    ).update(status=ExceptionStatus.DECIDED)
    if not claimed:
        raise DecisionError("This exception has already been decided.")


def _add_pupil(exc: ImportException, user: Any) -> Pupil:
    """Add the exception's record as a pupil of its own, with only valid identifiers."""
    plan = ImportPlan()
    rec = with_valid_identifiers(plan, Incoming.from_json(exc.incoming))
    pupil = Pupil(**pupil_fields(rec))
    pupil.save()
    for name in ("upn", "uln"):
        value = getattr(pupil, name)
        if value:
            _change_identifier(pupil, name, value, exc.batch.file_name, user, old="")
    # Identifiers left out for failing their checks join the same log.
    ImportException.objects.bulk_create(
        [exception_row(f, exc.batch, pupil.pk) for f in plan.findings]
    )
    return pupil


def _carry_out(exc: ImportException, pupil: Pupil, fix: str, user: Any) -> None:
    source = exc.batch.file_name
    if fix == "accept_incoming_uln":
        _change_identifier(pupil, "uln", exc.incoming_value, source, user)
    elif fix == "readmit":
        pupil.status = RollStatus.ON_ROLL
        pupil.leaving_date = None
    elif fix == "reinstate_application":
        pupil.status = RollStatus.PRE_ADMISSION
    elif fix in {"same_person_update", "use_this_record"}:
        _apply_record(exc, pupil, user)
    pupil.save()


def _change_identifier(
    pupil: Pupil,
    name: str,
    value: str,
    source: str,
    user: Any,
    *,
    old: str | None = None,
) -> None:
    IdentifierChange.objects.create(
        pupil=pupil,
        identifier=name,
        old_value=getattr(pupil, name) if old is None else old,
        new_value=value,
        source=source,
        user=_user(user),
    )
    setattr(pupil, name, value)


def _apply_record(exc: ImportException, pupil: Pupil, user: Any) -> None:
    rec = Incoming.from_json(exc.incoming)
    held = Held(
        id=pupil.pk,
        upn=pupil.upn,
        former_upn=pupil.former_upn,
        uln=pupil.uln,
        status=pupil.status,
        values={name: getattr(pupil, name) for name in HELD_FIELDS},
    )
    plan = ImportPlan()
    changes = changes_for(plan, rec, held)
    for change in changes:
        if change.is_identifier:
            _change_identifier(
                pupil, change.field, change.new, exc.batch.file_name, user
            )
    source = f"{exc.batch.file_name} (decision: same person, update)"
    DetailChange.objects.bulk_create(detail_history(pupil.pk, changes, source, user))
    _set(pupil, [c for c in changes if not c.is_identifier])
    # What the record raises in turn (a different ULN...) joins the same log.
    ImportException.objects.bulk_create(
        [exception_row(f, exc.batch, pupil.pk) for f in plan.findings]
    )
