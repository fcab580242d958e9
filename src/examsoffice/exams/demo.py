"""The demo centre's summer series: AQA and OCR, GCSE in Year 11, A level in Year 13.

The basedata is the template's filled example, dated from the second Monday of May
after ``ctx.today`` so the series is always upcoming.  Some candidates hold access
arrangements; a few subject choices put two papers in one session, so clashes show.
The AQA entries went out once; since then a tier changed and ULNs arrived, so the
next AQA submission is waiting.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User

from examsoffice.demo import DemoContext
from examsoffice.exams import models as m
from examsoffice.exams.reference import ensure_reference_data
from examsoffice.exams.services import basedata, entries, submissions
from examsoffice.exams.services.candidates import enter_candidates
from examsoffice.formats.basedata.template_csv import writer
from examsoffice.identifiers import random_uln
from examsoffice.learners.models import Pupil, RollStatus

A_LEVEL_CHOICES = (
    (("7357", "7408", "H446"), 10),
    (("7357", "7408"), 6),
    (("H420", "H446"), 6),
    (("7408", "H420"), 5),
    (("7357", "H420", "7408"), 2),  # morning clash and a long day
)
ARRANGEMENTS = (
    ("extra_time_25", None, 12),
    ("supervised_rest_breaks", None, 4),
    ("word_processor", None, 4),
    ("extra_time_up_to_50", 50, 2),
    ("reader", None, 2),
)


def first_exam_day(today: dt.date) -> dt.date:
    year = today.year if today < dt.date(today.year, 5, 1) else today.year + 1
    day = dt.date(year, 5, 8)
    while day.weekday() != 0:
        day += dt.timedelta(days=1)
    return day


def load(ctx: DemoContext) -> None:
    ctx.progress("Exams: summer series, entries, access arrangements")
    ensure_reference_data()
    centre = m.Centre.objects.create(
        number=ctx.centre_number,
        name=ctx.school_name,
        urn="145678",
        la_code=ctx.la_code,
        establishment=ctx.establishment,
        ukprn="10012345",
    )
    m.CandidateNumberRange.objects.create(
        centre=centre, year_group="11", first=1001, last=1999
    )
    m.CandidateNumberRange.objects.create(
        centre=centre, year_group="13", first=3001, last=3999
    )
    first = first_exam_day(ctx.today)
    aqa, ocr = (_series(centre, first, jcq_id) for jcq_id in ("70", "01"))
    entry_day = min(ctx.today, dt.date(first.year, 2, 11))

    year11 = _cohort("11")
    year13 = _cohort("13")
    _gcse(ctx, aqa, ocr, year11, entry_day)
    _a_level(ctx, aqa, ocr, year13, entry_day)
    _arrangements(ctx, year11 + year13, first)
    _checks(aqa)
    _history(ctx, aqa, year11)


def _series(centre: m.Centre, first: dt.date, jcq_id: str) -> m.Series:
    body = m.AwardingBody.objects.get(jcq_id=jcq_id)
    rows = writer.example(first, (jcq_id,))
    yy = first.year % 100
    series = m.Series.objects.create(
        centre=centre,
        awarding_body=body,
        code=f"6A{yy}" if jcq_id == "70" else f"6{yy}A",
        name=f"Summer {first.year} {body.short_name}",
        season=f"Summer {first.year}",
        year=first.year,
        entry_deadline=dt.date(first.year, 2, 21),
    )
    m.FeeRule.objects.create(
        series=series,
        name="Late fee",
        starts_on=dt.date(first.year, 2, 22),
        extra_pence=1500,
    )
    m.FeeRule.objects.create(
        series=series,
        name="Very late fee",
        starts_on=dt.date(first.year, 3, 22),
        extra_percent=100,
    )
    upload = m.BasedataImport.objects.create(
        file_name=f"basedata-{body.short_name}.csv", content=rows
    )
    basedata.apply(series, upload)
    return series


def _cohort(year: str) -> list[Pupil]:
    return list(
        Pupil.objects.filter(year_group=year, status=RollStatus.ON_ROLL).order_by(
            "surname", "forename", "pk"
        )
    )


def _option(series: m.Series, code: str) -> m.Option:
    return series.options.get(code=code)


def _gcse(
    ctx: DemoContext,
    aqa: m.Series,
    ocr: m.Series,
    pupils: list[Pupil],
    day: dt.date,
) -> None:
    options = {o.code: o for o in m.Option.objects.filter(series__in=[aqa, ocr])}
    in_aqa = enter_candidates(aqa, pupils)
    aqa_pairs, ocr_choice = [], {}
    for n, pupil in enumerate(pupils):
        tier = "H" if ctx.rng.random() < 0.6 else "F"
        codes = ["8300" + tier, "8464" + tier, "8700", "8702"]
        if ctx.rng.random() < 0.3:
            codes.append("8658" + tier)
        aqa_pairs += [(in_aqa[pupil.pk], options[c]) for c in codes]
        ocr_codes = ["J560"] if ctx.rng.random() < 0.5 else []
        # A handful take Computer Science, whose first paper shares a morning with
        # Mathematics paper 1: the demo's GCSE clashes.
        if n % 40 == 0:
            ocr_codes.append("J277")
        if ocr_codes:
            ocr_choice[pupil.pk] = ocr_codes
    entries.enter_many(aqa, aqa_pairs, today=day)
    in_ocr = enter_candidates(ocr, [p for p in pupils if p.pk in ocr_choice])
    ocr_pairs = [
        (in_ocr[pk], options[c]) for pk, codes in ocr_choice.items() for c in codes
    ]
    entries.enter_many(ocr, ocr_pairs, today=day)


def _a_level(
    ctx: DemoContext,
    aqa: m.Series,
    ocr: m.Series,
    pupils: list[Pupil],
    day: dt.date,
) -> None:
    combos = [c for c, weight in A_LEVEL_CHOICES for _ in range(weight)]
    chosen = {p.pk: ctx.rng.choice(combos) for p in pupils}
    for series, is_mine in ((aqa, str.isdigit), (ocr, str.isalpha)):
        options = {o.code: o for o in series.options.all()}
        mine = {pk: [c for c in codes if is_mine(c[0])] for pk, codes in chosen.items()}
        people = [p for p in pupils if mine[p.pk]]
        candidates = enter_candidates(series, people)
        pairs = [(candidates[p.pk], options[c]) for p in people for c in mine[p.pk]]
        entries.enter_many(series, pairs, today=day)


def _arrangements(ctx: DemoContext, pupils: list[Pupil], first: dt.date) -> None:
    wanted = sum(n for _c, _p, n in ARRANGEMENTS)
    chosen = ctx.rng.sample(pupils, min(wanted, len(pupils)))
    at = 0
    for code, percent, count in ARRANGEMENTS:
        for pupil in chosen[at : at + count]:
            m.AccessArrangement.objects.create(
                pupil=pupil,
                code=code,
                percent=percent,
                approved_on=first - dt.timedelta(days=120),
                valid_to=first + dt.timedelta(days=600),
            )
        at += count


def _checks(aqa: m.Series) -> None:
    teacher = User.objects.filter(username="teacher").first()
    if teacher is None:
        return
    m.SubjectTeacher.objects.create(user=teacher, qualification_code="8300")
    first = m.Entry.objects.filter(
        candidate__series=aqa, option__qualification__code="8300"
    ).first()
    if first is not None:
        entries.check_entry(
            first, teacher, m.Verdict.QUERY, "Should this be Higher? Mock grade 7."
        )


def _history(ctx: DemoContext, aqa: m.Series, year11: list[Pupil]) -> None:
    # The first AQA file went with the officer's override for missing ULNs.
    submission, _content = submissions.prepare(aqa, allow_missing_uln=True)
    submissions.mark_sent(submission)
    submissions.mark_acknowledged(submission)
    for pupil in year11:
        if not pupil.uln:
            pupil.uln = random_uln(ctx.rng)
            pupil.save(update_fields=["uln"])
    entry = m.Entry.objects.filter(candidate__series=aqa, option__code="8300F").first()
    if entry is not None:
        entries.change_tier(entry, _option(aqa, "8300H"))
    submissions.record_uln_changes(aqa)
