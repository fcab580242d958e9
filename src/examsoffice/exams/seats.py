"""Where a candidate sits: the hook the rooms app fills.

Documents ask :func:`seating_plans` for the plans of a season's sittings.  Until the
rooms app registers a provider with :func:`set_seat_provider`, there are none and
personal timetables show "TBC" for room and seat.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from examsoffice.exams import models as m
from examsoffice.scheduling.model import Sitting
from examsoffice.scheduling.seating import SeatingPlan

SeatProvider = Callable[[Sequence[m.Series]], dict[Sitting, SeatingPlan]]

_provider: SeatProvider | None = None


def set_seat_provider(provider: SeatProvider | None) -> None:
    """Called once by the rooms app (in its ``AppConfig.ready``)."""
    global _provider
    _provider = provider


def seating_plans(series: Sequence[m.Series]) -> dict[Sitting, SeatingPlan]:
    if _provider is None:
        return {}
    return _provider(series)
