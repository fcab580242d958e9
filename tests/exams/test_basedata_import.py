from __future__ import annotations

import datetime as dt

import pytest

from examsoffice.exams.models import (
    BasedataImport,
    Component,
    Entry,
    Series,
    SeriesKind,
)
from examsoffice.exams.services import basedata, entries
from examsoffice.exams.services.candidates import enter_candidate
from examsoffice.exams.services.series import create_mock_series
from examsoffice.formats.basedata.template_csv import writer

from .conftest import FIRST_DAY

pytestmark = pytest.mark.django_db


def _upload(content: bytes, name: str = "b.csv") -> BasedataImport:
    return BasedataImport.objects.create(file_name=name, content=content)


def test_a_preview_writes_nothing(aqa):
    other = Series.objects.create(
        centre=aqa.centre,
        awarding_body=aqa.awarding_body,
        code="6B31",
        name="Other",
        season="Other",
        year=2031,
    )

    result = basedata.preview(other, writer.example(FIRST_DAY), "b.csv")

    assert result.new["components"] == Component.objects.filter(series=aqa).count()
    assert not other.components.exists()


def test_a_refresh_moves_a_paper_and_keeps_every_entry(aqa, make_pupil):
    candidate = enter_candidate(aqa, make_pupil())
    entries.enter(candidate, aqa.options.get(code="8300F"), today=dt.date(2031, 1, 5))
    later = FIRST_DAY + dt.timedelta(days=7)

    result = basedata.apply(aqa, _upload(writer.example(later)))

    assert result.changed["components"] > 0
    assert Entry.objects.get().option.code == "8300F"
    assert aqa.components.get(code="8300/1F").date > FIRST_DAY + dt.timedelta(days=7)


def test_a_file_for_another_awarding_body_is_refused_and_changes_nothing(aqa):
    before = aqa.components.count()

    result = basedata.apply(aqa, _upload(writer.example(FIRST_DAY, ("01",))))

    assert not result.can_apply
    assert [p.code for p in result.problems.errors] == ["basedata.wrong_body"]
    assert aqa.components.count() == before


def test_a_component_missing_from_the_refresh_is_kept_and_reported(aqa):
    text = writer.example(FIRST_DAY).decode("utf-8-sig")
    kept = "\r\n".join(line for line in text.split("\r\n") if "8700/C" not in line)

    result = basedata.apply(aqa, _upload(kept.encode()))

    assert result.missing == ["8700/C"]
    assert aqa.components.filter(code="8700/C").exists()


def test_a_mock_series_reuses_the_public_papers_on_its_own_dates(aqa):
    mock = create_mock_series(
        aqa, name="Year 11 mocks", code="M1", first_day=dt.date(2030, 12, 2)
    )

    assert mock.kind == SeriesKind.INTERNAL
    assert mock.awarding_body is None
    assert mock.components.count() == aqa.components.count()
    assert mock.components.exclude(date=None).order_by("date")[0].date == dt.date(
        2030, 12, 2
    )
    assert set(
        mock.options.get(code="8300H").components.values_list("code", flat=True)
    ) == set(aqa.options.get(code="8300H").components.values_list("code", flat=True))
