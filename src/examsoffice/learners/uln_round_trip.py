"""Send a ULN-request CTF to a learner register and take its answers onto the roll.

The register is reached through a :class:`RegisterClient`: in this installation
(the default) or, when ``EXAMSOFFICE_REGISTER_URL`` is set, over HTTP with the
organisation's token. ULNs that come back are imported exactly as a result file from
the national service would be: only onto pupils already on the roll, and a ULN that
differs from the one held becomes an exception to decide, never an overwrite.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from examsoffice import config
from examsoffice.errors import ConfigurationError
from examsoffice.learners.ctf_source import read_file
from examsoffice.learners.import_plan import REJECTED_PREFIX, WAITING_REASON, Kind
from examsoffice.learners.importing import ImportOutcome, import_records
from examsoffice.learners.incoming import Incoming
from examsoffice.register.client import HttpClient, InProcessClient, RegisterClient
from examsoffice.register.uln_requests import (
    ASSIGNED,
    EXCEPTION,
    REGISTERED,
    REJECTED,
    PupilOutcome,
    PupilRequest,
)

REGISTER_URL = "EXAMSOFFICE_REGISTER_URL"
REGISTER_TOKEN = "EXAMSOFFICE_REGISTER_TOKEN"


@dataclass
class RoundTrip:
    outcomes: list[PupilOutcome]
    imported: ImportOutcome
    names: dict[str, str] = field(default_factory=dict)  # UPN → name sent

    def counts(self) -> Counter[str]:
        return Counter(o.status for o in self.outcomes)

    @property
    def waiting(self) -> list[PupilOutcome]:
        return [o for o in self.outcomes if o.status == EXCEPTION]


def client_from_settings(user: Any = None) -> RegisterClient:
    """The register this school uses: over HTTP when configured, else in-process."""
    url = config.env_str(REGISTER_URL, "")
    if not url:
        return InProcessClient(user=user)

    token = config.env_str(REGISTER_TOKEN, "")
    if not token:
        raise ConfigurationError(
            f"{REGISTER_URL} is set but {REGISTER_TOKEN} is not. Ask the register's "
            "operator for your organisation's token and set it."
        )
    return HttpClient(url, token)


def _request(record: Incoming) -> PupilRequest:
    line1 = " ".join(p for p in (record.saon, record.paon, record.street) if p)
    return PupilRequest(
        upn=record.upn,
        forename=record.forename,
        surname=record.surname,
        date_of_birth=record.date_of_birth,
        sex=record.sex,
        postcode=record.postcode,
        middle_names=record.middle_names,
        former_surname=record.former_surname,
        preferred_forename=record.preferred_forename,
        address_line1=line1,
        address_line2=record.locality,
        town=record.post_town or record.town,
    )


def _answers(
    records: list[Incoming], outcomes: list[PupilOutcome]
) -> tuple[list[Incoming], dict[int, str]]:
    # The register answers by UPN; the names and date of birth sent go back with
    # each ULN so the result is matched to the roll as a result file would be. A
    # pupil without a ULN goes back too, with the register's reason, to be named.
    sent = {r.upn: r for r in records}
    answered = []
    reasons: dict[int, str] = {}
    for index, outcome in enumerate(outcomes, start=1):
        record = sent.get(outcome.upn)
        if record is None:
            continue
        got_uln = outcome.status in (ASSIGNED, REGISTERED)
        if not got_uln:
            reasons[index] = _reason(outcome)
        answered.append(
            Incoming(
                index=index,
                upn=record.upn,
                uln=outcome.uln if got_uln else "",
                surname=record.surname,
                forename=record.forename,
                date_of_birth=record.date_of_birth,
                sex=record.sex,
            )
        )
    return answered, reasons


def _reason(outcome: PupilOutcome) -> str:
    if outcome.status == EXCEPTION:
        return WAITING_REASON
    if outcome.status == REJECTED:
        return f"{REJECTED_PREFIX}{outcome.message or outcome.code}"
    return f"{outcome.status}: {outcome.message or outcome.code}"


def send(path: str | Path, client: RegisterClient, *, user: Any = None) -> RoundTrip:
    """Ask the register for every pupil in a ULN-request CTF and import the ULNs."""
    path = Path(path)
    records = read_file(path).records
    outcomes = client.request_ulns([_request(r) for r in records], source=path.name)

    answered, reasons = _answers(records, outcomes)
    imported = import_records(
        answered,
        file_name=f"{path.name} (answered by the learner register)",
        user=user,
        result_file=True,
        reasons=reasons,
    )
    names = {r.upn: r.name for r in records if r.upn}
    return RoundTrip(outcomes, imported, names)


def summary_lines(trip: RoundTrip) -> list[str]:
    """What came back, in the exams officer's words: who got a ULN, who waits for
    the register operator, who was rejected and why, and anything else to look at.
    """
    counts = trip.counts()
    plan = trip.imported.plan
    given = sum(1 for u in plan.updates if any(c.field == "uln" for c in u.changes))
    sent = len(trip.outcomes)
    lines = [
        f"Sent to the learner register: {sent} {'pupil' if sent == 1 else 'pupils'}",
        f"Given a ULN: {given} (found on the register {counts[ASSIGNED]}, "
        f"newly registered {counts[REGISTERED]})",
        f"Waiting for the register operator: {len(trip.waiting)}",
    ]
    for outcome in trip.waiting:
        lines.append(f"  {_named(trip, outcome)}: waiting for the operator to decide")
    if trip.waiting:
        lines.append(
            "  Nothing to correct for these: once the register operator decides, "
            "send the ULN request again and their ULNs come back."
        )
    rejected = [o for o in trip.outcomes if o.status == REJECTED]
    lines.append(f"Rejected by the register: {len(rejected)}")
    for outcome in rejected:
        lines.append(f"  {_named(trip, outcome)}: {outcome.message or outcome.code}")
    if rejected:
        lines.append(
            "  Correct these pupils' details as the reason says, then send the ULN "
            "request again."
        )
    problems = [f for f in plan.findings if f.kind not in SAID_ABOVE]
    if problems:
        lines.append(f"To look at in the exception log: {len(problems)}")
        lines += [f"  {f.incoming.name}: {f.message}" for f in problems]
    else:
        lines.append("Nothing else to look at in the exception log.")
    return lines


# The exception log's lines the summary has already said in its own words.
SAID_ABOVE = frozenset({Kind.UPDATED, Kind.NO_ULN_RETURNED})


def _named(trip: RoundTrip, outcome: PupilOutcome) -> str:
    name = trip.names.get(outcome.upn, "(name not known)")
    return f"{name} (UPN {outcome.upn or 'none'})"
