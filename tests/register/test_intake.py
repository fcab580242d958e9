"""Learners settled a chunk at a time give what finding them one by one gives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.db import transaction

from examsoffice.matching.records import LearnerRecord
from examsoffice.matching.synthetic import generate
from examsoffice.register import bulk, intake, matcher, services, uln_requests
from examsoffice.register.chunk_find import ChunkFinder
from examsoffice.register.codes import Code
from examsoffice.register.intake import Incoming, Intake
from examsoffice.register.models import IssuedUln, Learner, MatchException
from examsoffice.register.services import LearnerDetails
from tests.register.conftest import details

pytestmark = pytest.mark.django_db

BATCH_FILE = Intake(services.SYSTEM, "Batch test.csv", "Batch file")


def as_details(record: LearnerRecord) -> LearnerDetails:
    previous = record.previous_family_names
    return LearnerDetails(
        given_name=record.given,
        family_name=record.family,
        date_of_birth=record.dob,
        gender=record.gender if record.gender in ("0", "1", "2", "9") else "0",
        postcode=record.postcode,
        middle_names=record.middle,
        previous_family_name=previous[0] if previous else "",
        address_line1=record.address,
        address_town=record.town,
    )


@dataclass(frozen=True)
class Answer:
    """An outcome with ULNs issued during the run named by the row that got
    them, so two runs issuing different random ULNs can be compared."""

    code: str
    uln: str = ""
    candidates: tuple[tuple[str, float, tuple[str, ...]], ...] = ()


def one_by_one(items: list[LearnerDetails]) -> list[Answer]:
    """The reference: each learner found alone and registered before the next
    is found, as the register did before batches were settled in chunks."""
    answers: list[Answer] = []
    names: dict[str, str] = {}
    for row, item in enumerate(items):
        found = services.find_by_details(item.query())
        if found.code is Code.NO_MATCH:
            uln = services.create_learner(item, reason="Batch file").uln
            names[uln] = f"row {row}"
            answers.append(Answer(Code.REGISTERED, names[uln]))
        elif found.code is Code.EXACT:
            uln = found.matches[0].learner.uln
            answers.append(Answer(Code.EXACT, names.get(uln, uln)))
        else:
            answers.append(
                Answer(
                    found.code,
                    candidates=tuple(
                        (
                            names.get(m.learner.uln, m.learner.uln),
                            round(m.score, 4),
                            tuple(m.differing),
                        )
                        for m in found.matches
                    ),
                )
            )
    return answers


def in_chunks(items: list[LearnerDetails], size: int) -> list[Answer]:
    answers: list[Answer] = []
    names: dict[str, str] = {}
    for start in range(0, len(items), size):
        chunk = [
            Incoming(d, f"R{start + n}") for n, d in enumerate(items[start:][:size])
        ]
        for n, settled in enumerate(intake.settle(chunk, BATCH_FILE), start=start):
            answers.append(_answer(n, settled, names))
    return answers


def _answer(row: int, settled: intake.Settled, names: dict[str, str]) -> Answer:
    if settled.code is Code.REGISTERED:
        names[settled.uln] = f"row {row}"
    if settled.uln:
        return Answer(settled.code, names.get(settled.uln, settled.uln))
    if settled.exception_id is None:
        return Answer(settled.code)
    exception = MatchException.objects.get(pk=settled.exception_id)
    return Answer(
        settled.code,
        candidates=tuple(
            (names.get(c["uln"], c["uln"]), c["score"], tuple(c["differing"]))
            for c in exception.candidates
        ),
    )


def rolled_back(work: Any) -> Any:
    with transaction.atomic():
        answer = work()
        transaction.set_rollback(True)
    # The caches saw counts of learners now rolled back.
    matcher.clear_caches()
    return answer


def synthetic_batch() -> list[LearnerDetails]:
    """A register of 1,500 and a batch of 150 after it: learners on the
    register (some mistyped), new learners, and new learners sent twice, in
    the same chunk and in a later one."""
    made = generate(1700, seed=31, duplicate_share=0.1).records
    bulk.load(made[:1500], seed=5)
    batch = [as_details(r) for r in made[1500:1650]]
    batch[10:10] = [batch[9]]  # twice in one chunk
    batch[90:90] = [batch[4]]  # again in a later chunk
    return batch


def test_chunks_settle_learners_as_finding_them_one_by_one_does():
    batch = synthetic_batch()

    expected = rolled_back(lambda: one_by_one(batch))
    got = in_chunks(batch, 40)

    assert got == expected
    codes = {a.code for a in got}
    assert {Code.REGISTERED, Code.EXACT, Code.POSSIBLE} <= codes
    assert got[10] == Answer(Code.EXACT, "row 9")
    assert got[90] == Answer(Code.EXACT, "row 4")


def test_a_learner_sent_twice_in_one_chunk_is_registered_once():
    sent = [details(), details(given_name="Zara", family_name="Okafor"), details()]

    settled = intake.settle([Incoming(d) for d in sent], BATCH_FILE)

    assert [s.code for s in settled] == [Code.REGISTERED, Code.REGISTERED, Code.EXACT]
    assert settled[2].uln == settled[0].uln
    assert Learner.objects.count() == 2 == IssuedUln.objects.count()


def test_a_mistyped_second_copy_in_one_chunk_waits_for_the_operator():
    sent = [
        details(),
        details(given_name="Amelie", postcode="LS1 4AP", address_line1="1 Road"),
    ]

    first, second = intake.settle(
        [Incoming(d, f"M{n}") for n, d in enumerate(sent)], BATCH_FILE
    )

    assert (first.code, second.code) == (Code.REGISTERED, Code.POSSIBLE)
    exception = MatchException.objects.get(pk=second.exception_id)
    assert [c["uln"] for c in exception.candidates] == [first.uln]
    assert exception.reference == "M1"
    assert Learner.objects.count() == 1


def test_a_find_only_chunk_registers_nobody():
    only_find = Intake(services.SYSTEM, "Batch", "Batch file", register_new=False)

    settled = intake.settle([Incoming(details()), Incoming(details())], only_find)

    assert [s.code for s in settled] == [Code.NO_MATCH, Code.NO_MATCH]
    assert not Learner.objects.exists()


def test_a_uln_request_naming_one_pupil_twice_gets_one_uln():
    pupil = uln_requests.PupilRequest(
        upn="A123456789012",
        forename="Kofi",
        surname="Mensah",
        date_of_birth=date(2009, 5, 2),
        sex="M",
        postcode="B1 1AA",
    )

    outcomes = uln_requests.request_ulns([pupil, pupil])

    assert [o.status for o in outcomes] == [
        uln_requests.REGISTERED,
        uln_requests.ASSIGNED,
    ]
    assert outcomes[0].uln == outcomes[1].uln
    assert Learner.objects.get().uln == outcomes[0].uln


def test_bad_details_in_a_chunk_are_reported_and_the_rest_settled():
    sent = [details(date_of_birth=None), details()]

    bad, good = intake.settle([Incoming(d) for d in sent], BATCH_FILE)

    assert bad.code is Code.INSUFFICIENT_DATA
    assert any("date of birth" in p for p in bad.problems)
    assert good.code is Code.REGISTERED


def test_a_learner_the_chunk_registers_counts_in_later_name_weights():
    bulk.load(generate(1100, seed=3).records, seed=3)
    query = details(given_name="Zebulon", family_name="Quarrington").query()
    finder = ChunkFinder([query, query])
    before = finder.counts.frequencies(finder.records[1])

    finder.add(finder.records[0])

    after = finder.counts.frequencies(finder.records[1])
    assert before is not None
    assert after is not None
    assert (before.given, before.family) == ({}, {})
    assert (after.given, after.family) == ({"zebulon": 1}, {"quarrington": 1})
    assert after.total == before.total + 1


def test_a_find_weighs_names_by_how_many_learners_have_them():
    made = generate(1100, seed=3).records
    bulk.load(made, seed=3)
    record = matcher.query_record(as_details(made[0]).query())
    given = matcher.normalise.compact(record.given)

    counts = matcher.term_frequencies(record)

    assert counts is not None
    assert counts.total == len(made)
    assert counts.given[given] == sum(
        matcher.normalise.compact(r.given) == given for r in made
    )
