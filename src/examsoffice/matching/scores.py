"""A match score as a person reads it.

The engine's probability is shown as a percentage with one decimal, rounded
down, so that 0.99996 reads 99.9% and not 100.0%; and it reads 100.0% only when
every compared field agrees: a probability that reached 1.0 in floating point
beside a name spelt otherwise (Callua, Callum) shows 99.9%, not certainty.
"""

from __future__ import annotations

import math
from decimal import Decimal

#: The highest percentage shown (in tenths) when some compared field differs.
_BELOW_CERTAIN = 999


def as_percent(probability: float, *, all_agree: bool) -> str:
    """``probability`` (0 to 1) as e.g. "97.3%", rounded down to a tenth."""
    if not 0 <= probability <= 1:
        raise ValueError(f"A match probability is between 0 and 1, not {probability}")
    # Through the decimal of its shortest repr: 0.999 * 1000 in binary is 998.99...
    tenths = math.floor(Decimal(repr(probability)) * 1000)
    if not all_agree:
        tenths = min(tenths, _BELOW_CERTAIN)
    return f"{tenths // 10}.{tenths % 10}%"
