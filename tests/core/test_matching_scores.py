"""A match score as shown to a person: never more certain than the engine is."""

from __future__ import annotations

import pytest

from examsoffice.matching.scores import as_percent


@pytest.mark.parametrize(
    ("probability", "all_agree", "shown"),
    [
        (0.97, False, "97.0%"),
        (0.999, False, "99.9%"),  # 0.999 * 1000 is 998.99... in floating point
        (0.99996, True, "99.9%"),  # rounded down, not up to 100.0%
        (0.9876, False, "98.7%"),
        (1.0, False, "99.9%"),  # names differ: never certain
        (1.0, True, "100.0%"),
        (0.0004, False, "0.0%"),
        (0.5, True, "50.0%"),
    ],
)
def test_a_score_is_a_percentage_rounded_down(probability, all_agree, shown):
    assert as_percent(probability, all_agree=all_agree) == shown


def test_a_score_outside_zero_to_one_is_refused():
    with pytest.raises(ValueError, match="between 0 and 1"):
        as_percent(1.2, all_agree=True)
