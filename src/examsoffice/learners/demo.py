"""Demo pupils: a secondary school of Years 7 to 13 with the usual loose ends.

Most pupils in Years 10 and up have ULNs; some do not, a few hold temporary UPNs, two
are guests from abroad with no UPN, one lives at a rural address with no street and a
couple have no postcode, so every exception an officer meets shows up in the demo.

A few more give the census check findings (a mistyped UPN, a shared ULN, a leaver
without a ULN), and a CTF from a partner school was imported with decisions still
open (a rejoining leaver, a different ULN, a pupil twice in the file).
"""

from __future__ import annotations

from datetime import date, timedelta

from examsoffice.demo import DemoContext
from examsoffice.identifiers import make_temporary_upn, make_upn, random_uln
from examsoffice.learners.models import Pupil, RollStatus, Sex

# Share of each year group holding a ULN; the school asks for Year 9 and up.
ULN_SHARE = {7: 0.0, 8: 0.0, 9: 0.3, 10: 0.92, 11: 0.95, 12: 0.96, 13: 0.97}
YEAR_WEIGHTS = {7: 18, 8: 18, 9: 17, 10: 17, 11: 16, 12: 7, 13: 7}
FORMS = "ABCDEF"


def academic_year_start(today: date) -> int:
    return today.year if today.month >= 9 else today.year - 1


def birth_date(ctx: DemoContext, year_group: int) -> date:
    # A pupil in Year N was born between 1 September and 31 August, N + 5 years
    # before the academic year began.
    first = date(academic_year_start(ctx.today) - year_group - 5, 9, 1)
    return first + timedelta(days=ctx.rng.randrange(365))


def _year_groups(ctx: DemoContext) -> list[int]:
    total = sum(YEAR_WEIGHTS.values())
    groups: list[int] = []
    for year, weight in YEAR_WEIGHTS.items():
        groups += [year] * round(ctx.pupils * weight / total)
    while len(groups) < ctx.pupils:
        groups.append(7)
    return groups[: ctx.pupils]


def _pupil(ctx: DemoContext, year_group: int, serials: dict[int, int]) -> Pupil:
    fake = ctx.faker
    sex = Sex.FEMALE if ctx.rng.random() < 0.5 else Sex.MALE
    forename = fake.first_name_female() if sex == Sex.FEMALE else fake.first_name_male()
    start = academic_year_start(ctx.today)
    joined = start - (year_group - 7) if year_group <= 11 else start - (year_group - 12)
    has_uln = ctx.rng.random() < ULN_SHARE[year_group]
    # UPNs are unique by the year the pupil joined and a serial within that year.
    serials[joined] = serials.get(joined, 0) + 1
    return Pupil(
        upn=make_upn(ctx.la_code, ctx.establishment, joined % 100, serials[joined]),
        uln=random_uln(ctx.rng) if has_uln else "",
        surname=fake.last_name(),
        forename=forename,
        middle_names=fake.first_name() if ctx.rng.random() < 0.4 else "",
        date_of_birth=birth_date(ctx, year_group),
        sex=sex,
        year_group=str(year_group),
        registration_group=f"{year_group}{ctx.rng.choice(FORMS)}",
        status=RollStatus.ON_ROLL,
        entry_date=date(joined, 9, 3),
        paon=fake.building_number(),
        street=fake.street_name(),
        town=fake.city(),
        post_town=fake.city(),
        postcode=fake.postcode(),
    )


def _loose_ends(ctx: DemoContext, pupils: list[Pupil]) -> None:
    seniors = [p for p in pupils if p.year_group in {"10", "11", "12", "13"}]
    picks = ctx.rng.sample(seniors, 10)
    year = academic_year_start(ctx.today) % 100

    for serial, pupil in enumerate(picks[:4], start=1):
        pupil.upn = make_temporary_upn(
            ctx.la_code, ctx.establishment, year, serial, "A"
        )
        pupil.uln = ""
    for pupil in picks[4:6]:
        pupil.upn = ""
        pupil.uln = ""
        pupil.is_guest = True
    rural = picks[6]
    rural.street = ""
    rural.paon = "Windrush Farm"
    rural.locality = "Little Oakley"
    for pupil in picks[7:9]:
        pupil.postcode = ""
        pupil.uln = ""


def load(ctx: DemoContext) -> None:
    ctx.progress(f"Creating {ctx.pupils} pupils in Years 7 to 13")
    serials: dict[int, int] = {}
    groups = _year_groups(ctx)
    if len(groups) >= 50:
        # The past import below adds one new pupil: the demo holds ctx.pupils in all.
        groups = groups[:-1]
    pupils = [_pupil(ctx, year_group, serials) for year_group in groups]
    if len(pupils) >= 50:
        _loose_ends(ctx, pupils)
    Pupil.objects.bulk_create(pupils, batch_size=500)
    load_extras(ctx)


def _census_findings(ctx: DemoContext, pupils: list[Pupil]) -> None:
    """A wrong check letter, a shared ULN and two leavers for the census check."""
    seniors = [p for p in pupils if p.year_group in {"11", "12"} and p.uln]
    wrong, first, second, leaver, gone = ctx.rng.sample(seniors, 5)
    # One mistyped character: the census reports 1510.
    wrong.upn = ("A" if wrong.upn[0] != "A" else "B") + wrong.upn[1:]
    second.uln = first.uln  # 1578: two records share a ULN
    leaver.status = RollStatus.LEFT
    leaver.leaving_date = ctx.today - timedelta(days=60)
    leaver.uln = ""  # 1573: left aged 14 or over without a ULN
    gone.status = RollStatus.LEFT
    gone.leaving_date = ctx.today - timedelta(days=400)


COPIED = (
    *("upn", "uln", "surname", "forename", "sex", "year_group"),
    *("saon", "paon", "street", "locality", "town", "post_town", "postcode"),
)


def _past_import(ctx: DemoContext, pupils: list[Pupil]) -> None:
    """A CTF from a partner school imported last week, with decisions still open."""
    from django.contrib.auth.models import User

    from examsoffice.accounts.roles import Role
    from examsoffice.learners.importing import import_records
    from examsoffice.learners.incoming import Incoming

    def same(pupil: Pupil, index: int, **changes: object) -> Incoming:
        fields: dict[str, object] = {name: getattr(pupil, name) for name in COPIED}
        fields["date_of_birth"] = pupil.date_of_birth
        fields.update(changes)
        return Incoming(index=index, **fields)  # type: ignore[arg-type]

    held = [p for p in pupils if p.status == RollStatus.ON_ROLL and p.uln]
    left = next(p for p in pupils if p.status == RollStatus.LEFT and p.uln)
    temporary = next(p for p in pupils if p.upn and p.upn[-1].isalpha())
    moved, other, twice = ctx.rng.sample(held, 3)
    year = academic_year_start(ctx.today) % 100
    records = [
        same(moved, 1, postcode="NN14 6RT", street="Harbour Road"),
        same(other, 2, uln=random_uln(ctx.rng)),
        same(left, 3),
        same(twice, 4),
        same(twice, 5, year_group="12"),
        same(
            temporary,
            6,
            upn=make_upn(ctx.la_code, ctx.establishment, year, 990),
        ),
        Incoming(
            index=7,
            upn=make_upn("801", "2000", year, 17),
            surname=ctx.faker.last_name(),
            forename=ctx.faker.first_name(),
            date_of_birth=birth_date(ctx, 10),
            sex="F",
            year_group="10",
            postcode="NN14 1AB",
            street="Mill Lane",
        ),
    ]
    officer = User.objects.filter(groups__name=Role.EXAMS_OFFICER.value).first()
    import_records(records, file_name="8012000_CTF_8914107_001.XML", user=officer)


def load_extras(ctx: DemoContext) -> None:
    pupils = list(Pupil.objects.order_by("id"))
    if len(pupils) < 50:
        return
    ctx.progress("Adding census findings and a past CTF import with open exceptions")
    _census_findings(ctx, pupils)
    Pupil.objects.bulk_update(
        pupils, ["upn", "uln", "status", "leaving_date"], batch_size=500
    )
    _past_import(ctx, pupils)
