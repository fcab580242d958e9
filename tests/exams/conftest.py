from __future__ import annotations

import datetime as dt

import pytest

FIRST_DAY = dt.date(2031, 5, 12)  # a Monday


@pytest.fixture
def centre(db):
    from examsoffice.exams.models import Centre
    from examsoffice.exams.reference import ensure_reference_data

    ensure_reference_data()
    return Centre.objects.create(number="12345", name="Oakfield Academy")


def _series(centre, jcq_id: str, code: str):
    from examsoffice.exams.models import AwardingBody, BasedataImport, Series
    from examsoffice.exams.services import basedata
    from examsoffice.formats.basedata.template_csv import writer

    body = AwardingBody.objects.get(jcq_id=jcq_id)
    series = Series.objects.create(
        centre=centre,
        awarding_body=body,
        code=code,
        name=f"Summer 2031 {body.short_name}",
        season="Summer 2031",
        year=2031,
        entry_deadline=dt.date(2031, 2, 21),
    )
    upload = BasedataImport.objects.create(
        file_name="basedata.csv", content=writer.example(FIRST_DAY, (jcq_id,))
    )
    result = basedata.apply(series, upload)
    assert result.can_apply, [str(p) for p in result.problems]
    return series


@pytest.fixture
def aqa(centre):
    return _series(centre, "70", "6A31")


@pytest.fixture
def ocr(centre):
    return _series(centre, "01", "631A")


@pytest.fixture
def make_pupil(db):
    from examsoffice.learners.models import Pupil

    counter = iter(range(1, 10_000))

    def make(**fields):
        n = next(counter)
        values = {
            "surname": f"Surname{n}",
            "forename": "Ada",
            "date_of_birth": dt.date(2015, 3, 4),
            "year_group": "11",
            "registration_group": "11A",
            "uln": "9276308686",
        }
        values.update(fields)
        return Pupil.objects.create(**values)

    return make
