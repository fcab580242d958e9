"""A name written without a letter's accent finds the learner, whichever letter."""

from __future__ import annotations

import pytest

from examsoffice.register import services
from examsoffice.register.codes import Code
from tests.register.conftest import details

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("registered", "typed"),
    [("Łucja", "Lucja"), ("Lucja", "Łucja"), ("Đorđe", "Dorde"), ("Zoë", "Zoe")],
)
def test_a_name_without_its_accents_is_an_exact_match(add_learner, registered, typed):
    learner = add_learner(given_name=registered)

    result = services.find_by_details(details(given_name=typed).query())

    assert result.code == Code.EXACT
    assert [m.learner for m in result.matches] == [learner]
