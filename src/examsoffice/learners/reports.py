"""The import exception log as text (for the command line) and CSV (to download)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from examsoffice.learners.ctf_source import ReadFile
from examsoffice.learners.import_plan import ImportPlan, Kind
from examsoffice.learners.models import ImportException

KIND_LABELS = {
    Kind.UPDATED: gettext_lazy("Already exists, data updated"),
    Kind.TEMPORARY_UPN_REPLACED: gettext_lazy("Temporary UPN replaced by permanent"),
    Kind.REJOINED: gettext_lazy("Pupil has rejoined: readmit?"),
    Kind.WITHDRAWN: gettext_lazy("In pre-admission as withdrawn"),
    Kind.DIFFERENT_PERSON: gettext_lazy("Same UPN, different person"),
    Kind.NEW_PUPIL: gettext_lazy("New pupil"),
    Kind.DUPLICATE_IN_FILE: gettext_lazy("Duplicate within the file"),
    Kind.ULN_DIFFERS: gettext_lazy("Incoming ULN differs from ULN held"),
    Kind.NOT_ON_ROLL: gettext_lazy("Not on roll (result file)"),
    Kind.INVALID_IDENTIFIER: gettext_lazy("Invalid identifier not taken"),
    Kind.POSSIBLE_DUPLICATE: gettext_lazy("Possible duplicate: same person?"),
    Kind.NO_ULN_RETURNED: gettext_lazy("No ULN came back"),
}

FIX_LABELS = {
    "accept_incoming_uln": gettext_lazy("Accept the incoming ULN"),
    "keep_held_uln": gettext_lazy("Keep the ULN held"),
    "readmit": gettext_lazy("Readmit"),
    "reinstate_application": gettext_lazy("Reinstate the application"),
    "same_person_update": gettext_lazy("Same person: update the pupil held"),
    "use_this_record": gettext_lazy("Use this record"),
    "add_as_new": gettext_lazy("A different person: add as new"),
    "ignore": gettext_lazy("Ignore"),
}


def kind_label(kind: str) -> str:
    try:
        return str(KIND_LABELS[Kind(kind)])
    except ValueError:
        return kind


def import_log_text(read: ReadFile, plan: ImportPlan, *, dry_run: bool) -> str:
    header = read.header
    what = _("ULN result file") if read.is_uln_result else _("transfer file")
    lines = [
        f"{read.file_name}: {what}, CTF {header.version or '?'} from "
        f"{header.source.lea or '?'} {header.source.estab or '?'}, "
        f"{len(read.records)} pupils",
    ]
    if read.problems:
        lines.append(_("Problems in the file:"))
        lines += [f"  {p}" for p in read.problems]
    lines.append(_("Exception log:"))
    lines += [
        f"  {f.severity.value}\t{kind_label(f.kind)}\t{f.text(applied=not dry_run)}"
        for f in plan.findings
    ]
    lines.append(summary(plan, applied=not dry_run))
    if dry_run:
        lines.append(_("Dry run: nothing was changed."))
    return "\n".join(lines) + "\n"


def summary(plan: ImportPlan, *, applied: bool = True) -> str:
    return _counts(plan, applied=applied) + _without_uln(plan)


def _without_uln(plan: ImportPlan, shown: int = 10) -> str:
    """Name the pupils a result file gave no ULN, so none is lost in a count."""
    names = [f.incoming.label for f in plan.findings if f.kind is Kind.NO_ULN_RETURNED]
    if not names:
        return ""
    more = len(names) - shown
    rest = (
        _(" and %(n)s more (see the exception log)") % {"n": more} if more > 0 else ""
    )
    return _(" Still without a ULN: %(names)s%(rest)s.") % {
        "names": "; ".join(names[:shown]),
        "rest": rest,
    }


def _counts(plan: ImportPlan, *, applied: bool) -> str:
    counts = [
        f"{kind_label(kind)}: {plan.count(kind)}" for kind in Kind if plan.count(kind)
    ]
    decide = plan.open_decisions
    if not applied:
        return ngettext(
            "If you apply this import: %(counts)s. %(new)s pupil will be added and "
            "%(upd)s updated; %(decide)s will need your decision.",
            "If you apply this import: %(counts)s. %(new)s pupils will be added and "
            "%(upd)s updated; %(decide)s will need your decision.",
            len(plan.creates),
        ) % {
            "counts": "; ".join(counts) or _("no changes"),
            "new": len(plan.creates),
            "upd": len(plan.updates),
            "decide": decide,
        }
    return _(
        "Summary: %(counts)s. Added %(new)s, updated %(upd)s; %(decide)s to decide."
    ) % {
        "counts": "; ".join(counts) or _("no changes"),
        "new": len(plan.creates),
        "upd": len(plan.updates),
        "decide": decide,
    }


CSV_COLUMNS = (
    "file",
    "record",
    "upn_in_file",
    "name_in_file",
    "kind",
    "severity",
    "message",
    "fields",
    "value_held",
    "value_in_file",
    "status",
    "decision",
)


def exceptions_csv(rows: Iterable[ImportException]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row.batch.file_name,
                row.record_index,
                row.incoming_upn,
                row.incoming_name,
                kind_label(row.kind),
                row.severity,
                row.message,
                row.fields,
                row.held_value,
                row.incoming_value,
                row.get_status_display(),
                FIX_LABELS.get(row.decision, row.decision),
            ]
        )
    return out.getvalue()
