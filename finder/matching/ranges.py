"""Numeric limits: whether an answer (or a range of possible values) lies inside a rule's range, and how
the limits are written in explanations (digits and symbols only, so every language can use them)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from finder.criteria.model import RangeRule
from finder.matching.messages import number


@dataclass(frozen=True, slots=True)
class Interval:
    """The values an answer may stand for (a single point for a plain number)."""

    low: float
    high: float


def age_bounds(rule: RangeRule) -> RangeRule:
    """Ages count in whole years the way people say them: "aged 1-12 years" takes a child of 12 years and
    8 months (still "12"), so an inclusive whole-number maximum means "before the next birthday"."""
    if rule.maximum is not None and rule.max_inclusive and float(rule.maximum).is_integer():
        return replace(rule, maximum=rule.maximum + 1, max_inclusive=False)
    return rule


def _point_inside(value: float, rule: RangeRule) -> bool:
    if rule.minimum is not None and (
        value < rule.minimum or (value == rule.minimum and not rule.min_inclusive)
    ):
        return False
    return not (
        rule.maximum is not None
        and (value > rule.maximum or (value == rule.maximum and not rule.max_inclusive))
    )


def interval_inside(interval: Interval, rule: RangeRule) -> bool | None:
    """True when every value of the interval is inside the range, False when none is, None when it
    straddles a limit."""
    low_in = _point_inside(interval.low, rule)
    high_in = _point_inside(interval.high, rule)
    if low_in and high_in:
        return True
    if low_in or high_in:
        return None
    # Both ends outside: still straddles if the range lies strictly between them.
    if (
        interval.low < interval.high
        and rule.minimum is not None
        and rule.maximum is not None
        and interval.low < rule.minimum
        and interval.high > rule.maximum
    ):
        return None
    return False


def describe_limits(rule: RangeRule) -> str:
    """ "1–12", "18+", "> 60", "≤ 1", "0–12" (an age maximum alone): language neutral."""
    lo, hi = rule.minimum, rule.maximum
    if lo is not None and hi is not None:
        if rule.min_inclusive and rule.max_inclusive:
            return f"{number(lo)}–{number(hi)}"
        low_op = "≥" if rule.min_inclusive else ">"
        high_op = "≤" if rule.max_inclusive else "<"
        return f"{low_op} {number(lo)}, {high_op} {number(hi)}"
    if lo is not None:
        return f"{number(lo)}+" if rule.min_inclusive else f"> {number(lo)}"
    if hi is not None:
        if rule.quantity == "age_years" and rule.max_inclusive:
            return f"0–{number(hi)}"
        return f"{'≤' if rule.max_inclusive else '<'} {number(hi)}"
    return "—"
