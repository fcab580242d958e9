"""A filled example of the template: a small, synthetic summer series.

The dates are laid out from a given first exam day, so the example (and the demo
built on it) always describes an upcoming series.  Codes and titles are invented
in the style of real ones; check real basedata against the awarding body's own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from examsoffice.formats.basedata.template import NAMES


@dataclass(frozen=True)
class _Paper:
    code: str
    title: str
    day: int  # school day after the first exam day (0 is the first)
    session: str
    minutes: int


@dataclass(frozen=True)
class _Spec:
    body: str
    series: str
    code: str
    title: str
    level: str
    qan: str
    fee: str
    entries: tuple[tuple[str, str, tuple[_Paper, ...]], ...]  # (code, tier, papers)


def _tiered(
    code: str,
    title: str,
    body: str,
    series: str,
    qan: str,
    fee: str,
    papers: tuple[tuple[str, int, str, int], ...],
) -> _Spec:
    entries = []
    for tier in ("F", "H"):
        mine = tuple(
            _Paper(f"{code}/{n}{tier}", f"{title} paper {n} ({tier})", day, ses, mins)
            for n, day, ses, mins in papers
        )
        entries.append((f"{code}{tier}", tier, mine))
    return _Spec(body, series, code, title, "GCSE", qan, fee, tuple(entries))


def _single(
    code: str,
    title: str,
    level: str,
    body: str,
    series: str,
    qan: str,
    fee: str,
    papers: tuple[tuple[str, str, int, str, int], ...],
) -> _Spec:
    mine = tuple(_Paper(c, t, day, ses, mins) for c, t, day, ses, mins in papers)
    return _Spec(body, series, code, title, level, qan, fee, ((code, "", mine),))


AQA, OCR = ("70", "6A{yy}"), ("01", "6{yy}A")

SPECS: tuple[_Spec, ...] = (
    _tiered(
        "8300",
        "Mathematics",
        *AQA,
        "601/4873/4",
        "48.35",
        (("1", 3, "AM", 90), ("2", 14, "AM", 90), ("3", 19, "AM", 90)),
    ),
    _tiered(
        "8464",
        "Combined Science",
        *AQA,
        "601/8758/2",
        "62.10",
        (("1", 7, "PM", 75), ("2", 12, "PM", 75), ("3", 17, "PM", 75)),
    ),
    _tiered(
        "8658",
        "French",
        *AQA,
        "601/8157/9",
        "52.80",
        (("1", 5, "AM", 45), ("3", 5, "PM", 60)),
    ),
    _single(
        "8700",
        "English Language",
        "GCSE",
        *AQA,
        "601/4292/6",
        "48.35",
        (
            ("8700/1", "Explorations in creative reading", 1, "AM", 105),
            ("8700/2", "Writers' viewpoints", 9, "AM", 105),
            ("8700/C", "Spoken language endorsement", -1, "", 0),
        ),
    ),
    _single(
        "8702",
        "English Literature",
        "GCSE",
        *AQA,
        "601/4447/9",
        "48.35",
        (
            ("8702/1", "Shakespeare and the novel", 0, "AM", 105),
            ("8702/2", "Modern texts and poetry", 6, "AM", 135),
        ),
    ),
    _single(
        "J277",
        "Computer Science",
        "GCSE",
        *OCR,
        "603/4330/3",
        "50.40",
        (
            ("J277/01", "Computer systems", 3, "AM", 90),
            ("J277/02", "Computational thinking", 8, "PM", 90),
        ),
    ),
    _single(
        "J560",
        "History",
        "GCSE",
        *OCR,
        "601/8271/1",
        "49.90",
        (
            ("J560/01", "British history", 2, "PM", 105),
            ("J560/02", "History around us", 10, "AM", 60),
        ),
    ),
    _single(
        "7357",
        "Mathematics",
        "GCE",
        *AQA,
        "603/1038/3",
        "129.40",
        (
            ("7357/1", "Paper 1", 4, "AM", 120),
            ("7357/2", "Paper 2", 11, "AM", 120),
            ("7357/3", "Paper 3", 16, "AM", 120),
        ),
    ),
    _single(
        "7408",
        "Physics",
        "GCE",
        *AQA,
        "603/1006/1",
        "129.40",
        (
            ("7408/1", "Paper 1", 4, "PM", 120),
            ("7408/2", "Paper 2", 13, "AM", 120),
            ("7408/3", "Paper 3", 18, "PM", 120),
        ),
    ),
    _single(
        "H420",
        "Biology A",
        "GCE",
        *OCR,
        "601/4260/4",
        "131.30",
        (
            ("H420/01", "Biological processes", 4, "AM", 135),
            ("H420/02", "Biological diversity", 11, "PM", 135),
            ("H420/03", "Unified biology", 15, "AM", 90),
        ),
    ),
    _single(
        "H446",
        "Computer Science",
        "GCE",
        *OCR,
        "601/4911/5",
        "131.30",
        (
            ("H446/01", "Computer systems", 6, "PM", 150),
            ("H446/02", "Algorithms and programming", 12, "AM", 150),
            ("H446/03", "Programming project", -1, "", 0),
        ),
    ),
)


def school_day(first: dt.date, n: int) -> dt.date:
    """The n-th weekday after ``first`` (0 is ``first`` itself)."""
    day = first
    while n > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def example_rows(
    first_day: dt.date, bodies: tuple[str, ...] = ("70",)
) -> list[dict[str, str]]:
    """Template rows for the awarding bodies named, exams starting on ``first_day``."""
    yy = f"{first_day.year % 100:02d}"
    rows = []
    for spec in SPECS:
        if spec.body not in bodies:
            continue
        for entry_code, tier, papers in spec.entries:
            for paper in papers:
                rows.append(_row(spec, yy, entry_code, tier, paper, first_day))
    return rows


def _row(
    spec: _Spec, yy: str, entry_code: str, tier: str, paper: _Paper, first_day: dt.date
) -> dict[str, str]:
    timetabled = paper.day >= 0
    tier_name = {"F": " Foundation", "H": " Higher"}.get(tier, "")
    values = {
        "awarding_body": spec.body,
        "series": spec.series.format(yy=yy),
        "qualification_code": spec.code,
        "qualification_title": spec.title,
        "level": spec.level,
        "qan": spec.qan,
        "entry_code": entry_code,
        "entry_title": f"{spec.title}{tier_name}",
        "tier": tier,
        "fee": spec.fee,
        "component_code": paper.code,
        "component_title": paper.title,
        "date": school_day(first_day, paper.day).isoformat() if timetabled else "",
        "session": paper.session,
        "start": "",
        "duration_minutes": str(paper.minutes) if paper.minutes else "",
    }
    return {name: values[name] for name in NAMES}
