"""The demo register: the demo school's pupils and a few thousand other learners.

Pupils who hold a ULN are on the register under it.  Of the seniors without one,
some are on the register already (the school lost the ULN: a request finds it),
a few with a slip in their details (a request raises an exception for the
register operator), and the rest are new (a request registers them).  Around
them, a synthetic register with its duplicates, one linked pair and one change
of family name by deed poll.
"""

from __future__ import annotations

from dataclasses import replace

from django.contrib.auth.models import User

from examsoffice.demo import DemoContext
from examsoffice.identifiers import validate_uln
from examsoffice.learners.models import Pupil
from examsoffice.matching import synthetic
from examsoffice.matching.records import LearnerRecord
from examsoffice.register import bulk, services
from examsoffice.register.models import Learner, Organisation

OTHER_LEARNERS = 3000
SEX_TO_GENDER = {"M": "1", "F": "2"}


def _record(pupil: Pupil) -> LearnerRecord:
    address = " ".join(part for part in (pupil.paon, pupil.street) if part)
    return LearnerRecord(
        id=f"pupil-{pupil.pk}",
        given=pupil.forename,
        family=pupil.surname,
        dob=pupil.date_of_birth,
        gender=SEX_TO_GENDER.get(pupil.sex, "0"),
        postcode=pupil.postcode,
        middle=pupil.middle_names,
        address=address,
        town=pupil.town,
    )


def _school(ctx: DemoContext) -> None:
    pupils = list(Pupil.objects.filter(date_of_birth__isnull=False).order_by("pk"))
    # The demo roll has a ULN typed against two pupils (census error 1578); the
    # register knows that ULN as one learner, the first pupil holding it.
    first_holder: dict[str, Pupil] = {}
    for pupil in pupils:
        if pupil.uln and validate_uln(pupil.uln).valid:
            first_holder.setdefault(pupil.uln, pupil)
    holders = list(first_holder.values())
    bulk.load(
        [_record(p) for p in holders], seed=ctx.seed, ulns=[p.uln for p in holders]
    )

    seniors = [
        p
        for p in pupils
        if not p.uln and not p.is_guest and p.year_group in {"10", "11", "12", "13"}
    ]
    known = ctx.rng.sample(seniors, len(seniors) // 2)
    slips = known[:3]
    records = [_record(p) for p in known[3:]]
    records += [
        replace(_record(p), given=_slip(p.forename), postcode="") for p in slips
    ]
    bulk.load(records, seed=ctx.seed + 1)


def _slip(name: str) -> str:
    # One letter changed, as when a name is typed in a hurry.
    return name[:-1] + ("e" if name[-1] != "e" else "a")


def _others(ctx: DemoContext) -> list[Learner]:
    people = synthetic.generate(OTHER_LEARNERS, ctx.seed, 0.05).records
    ids = bulk.load(people[:OTHER_LEARNERS], seed=ctx.seed + 2)
    # The first two, for the linked pair and the change of name.
    found = Learner.objects.in_bulk(ids[:2])
    return [found[pk] for pk in ids[:2]]


def _linked_pair(ctx: DemoContext, learners: list[Learner]) -> None:
    first = learners[0]
    again = services.create_learner(
        services.LearnerDetails(
            given_name=first.given_name,
            family_name=first.family_name,
            date_of_birth=first.date_of_birth,
            gender=first.gender,
            postcode="ZZ99 9ZZ",
        ),
        reason="Registered again by a college that could not find the learner",
    )
    services.link_learners(
        first.uln, again.uln, reason="Same learner registered twice; records linked"
    )


def _deed_poll(ctx: DemoContext, learners: list[Learner]) -> None:
    learner = learners[1]
    operator = User.objects.filter(username="registrar").first()
    services.update_learner(
        learner.uln,
        learner.version,
        {"family_name": ctx.faker.last_name()},
        services.Actor(user=operator),
        reason="Change of name by deed poll; deed poll seen",
    )


def load(ctx: DemoContext) -> None:
    ctx.progress("Filling the learner register")
    Organisation.objects.get_or_create(name=ctx.school_name)
    _school(ctx)
    learners = _others(ctx)
    _linked_pair(ctx, learners)
    _deed_poll(ctx, learners)
