"""Daily-activity scores across scales: Lansky (children), Karnofsky (16 and over) and ECOG.

Lansky and Karnofsky use the same 0-100 steps and are treated as equivalent at the same number (the Lansky
scale was built as the children's Karnofsky). ECOG <-> Karnofsky follows the standard correspondence
(ECOG 0 = Karnofsky 90-100, 1 = 70-80, 2 = 50-60, 3 = 30-40, 4 = 10-20, 5 = 0). A mapped score is an
interval; a rule limit that falls inside that interval cannot be settled from the answer.
"""

from __future__ import annotations

import math

from finder.matching.ranges import Interval

_ECOG_TO_KARNOFSKY: dict[int, tuple[float, float]] = {
    0: (90, 100),
    1: (70, 80),
    2: (50, 60),
    3: (30, 40),
    4: (10, 20),
    5: (0, 0),
}


def _karnofsky_to_ecog(value: float) -> int:
    for ecog, (lo, hi) in _ECOG_TO_KARNOFSKY.items():
        if lo <= value <= hi:
            return ecog
    raise ValueError(value)


def score_interval(scale: str, value: float, target: str) -> Interval:
    """The family's score `value` on `scale`, expressed on the `target` scale."""
    if scale == target or {scale, target} == {"lansky", "karnofsky"}:
        return Interval(value, value)
    if target == "ecog":  # from Lansky / Karnofsky: nearest steps of ten either side
        lo_step = max(0.0, math.floor(value / 10) * 10)
        hi_step = min(100.0, math.ceil(value / 10) * 10)
        a, b = _karnofsky_to_ecog(lo_step), _karnofsky_to_ecog(hi_step)
        return Interval(min(a, b), max(a, b))
    # from ECOG to Lansky / Karnofsky
    lo_e, hi_e = math.floor(value), math.ceil(value)
    lows = _ECOG_TO_KARNOFSKY[min(5, max(0, hi_e))]
    highs = _ECOG_TO_KARNOFSKY[min(5, max(0, lo_e))]
    return Interval(lows[0], highs[1])
