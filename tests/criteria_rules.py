"""Comparing a parsed rule with a labelled one, and judging whether a reading could wrongly keep someone out.

Rules are the JSON form of `Criterion.to_json()["rule"]`; see tests/data/README.md for what the labels mean.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from finder.criteria.model import Criterion

# --- comparing a parsed rule with a labelled rule -----------------------------------------------------

SET_FIELDS = {
    "diagnosis": "concepts",
    "disease_status": "statuses",
    "treatment": "treatments",
    "health": "conditions",
}
# A missing bound is the end of the scale: "Lansky 50-100" and "Lansky >= 50" say the same.
_SCALE = {"age_years": (0.0, 200.0), "weight_kg": (0.0, 1000.0), "lansky": (0.0, 100.0),
          "karnofsky": (0.0, 100.0), "ecog": (0.0, 5.0)}  # fmt: skip
# Months and days become fractions of a year, "30 days" about 4.3 weeks: allow for the rounding.
_TOLERANCE = {"age_years": 0.02, "weight_kg": 0.01, "lansky": 0.01, "karnofsky": 0.01, "ecog": 0.01}
_SCORES = {"ecog": range(6), "lansky": range(0, 101, 10), "karnofsky": range(0, 101, 10)}
_WEEKS_TOLERANCE = 0.1  # relative: "3 months" may be 12, 13 or 13.04 weeks

Expand = Callable[[frozenset[str]], frozenset[str]]


def as_set(values: Any) -> frozenset[str]:
    if values is None:
        return frozenset()
    if isinstance(values, str):
        return frozenset({values})
    return frozenset(str(v) for v in values)


def bounds(rule: dict[str, Any]) -> tuple[float, float]:
    low, high = _SCALE.get(rule.get("quantity", ""), (0.0, float("inf")))
    mn, mx = rule.get("minimum"), rule.get("maximum")
    return (low if mn is None else float(mn), high if mx is None else float(mx))


def _weeks_equal(got: Any, want: Any) -> bool:
    if got is None or want is None:
        return got is None and want is None
    return abs(float(got) - float(want)) <= max(0.01, _WEEKS_TOLERANCE * float(want))


@dataclass(frozen=True)
class RuleCheck:
    agrees: bool
    why: str = ""


def compare_rule(
    parsed: dict[str, Any] | None, label: dict[str, Any], *, expand: Expand | None = None
) -> RuleCheck:
    """Does the parsed rule (`Criterion.to_json()["rule"]`) say what the labelled rule says?

    Range: the quantity and both bounds (a missing bound is the end of the scale). Sets (diagnoses, statuses,
    treatments, health ids): equal, after `expand` (e.g. vocabulary ids and their descendants) when given;
    treatments also their time window. A labelled "check" is met by any check rule.
    """
    ltype = label["type"]
    if parsed is None:
        return RuleCheck(False, "no rule")
    if parsed.get("type") != ltype:
        return RuleCheck(False, f"a {parsed.get('type')} rule, labelled {ltype}")
    if ltype == "check":
        return RuleCheck(True)  # the topic is free text: that it is left to the care team is what counts
    if ltype == "range":
        quantity = label["quantity"]
        if parsed.get("quantity") != quantity:
            return RuleCheck(False, f"quantity {parsed.get('quantity')}, labelled {quantity}")
        got, want = bounds(parsed), bounds(label)
        tol = _TOLERANCE.get(quantity, 0.01)
        if any(abs(g - w) > tol for g, w in zip(got, want, strict=True)):
            return RuleCheck(False, f"{quantity} {span(got)}, labelled {span(want)}")
        return RuleCheck(True)
    if ltype == "sex":
        ok = parsed.get("sex") == label["sex"]
        return RuleCheck(ok, "" if ok else f"sex {parsed.get('sex')}, labelled {label['sex']}")
    name = SET_FIELDS[ltype]
    got_ids, want_ids = as_set(parsed.get(name)), as_set(label.get(name))
    if expand is not None and ltype == "diagnosis":
        got_ids, want_ids = expand(got_ids), expand(want_ids)
    if got_ids != want_ids:
        return RuleCheck(
            False, f"{name} {sorted(as_set(parsed.get(name)))}, labelled {sorted(as_set(label.get(name)))}"
        )
    if ltype == "treatment" and not _weeks_equal(parsed.get("within_weeks"), label.get("within_weeks")):
        return RuleCheck(
            False, f"within {parsed.get('within_weeks')} weeks, labelled {label.get('within_weeks')}"
        )
    return RuleCheck(True)


def span(bounds: tuple[float, float]) -> str:
    return f"{bounds[0]:g}..{bounds[1]:g}"


# --- could a reading wrongly exclude? -----------------------------------------------------------------

# Rules that can make a study not_a_fit. A "check" only ever asks the care team.
DECIDING = frozenset({"range", "sex", "diagnosis", "disease_status", "treatment", "health"})


def hedged(item: Criterion) -> bool:
    """A reading matching must not turn into not_a_fit: not confident, or a rule with open qualifiers."""
    rule = item.rule
    return (
        not item.confident or bool(getattr(rule, "qualified", False)) or bool(getattr(rule, "qualifiers", ()))
    )


def _range_allows(rule: dict[str, Any], side: str, value: float) -> bool:
    low, high = bounds(rule)
    inside = low <= value <= high
    return inside if side == "inclusion" else not inside


def range_danger(parsed: dict[str, Any], p_side: str, label: dict[str, Any], l_side: str) -> str | None:
    """A value the label lets in and the parsed reading keeps out.

    Ages and weights are probed a little off each bound (so an inclusive/exclusive difference does not
    count) and between bounds; performance scales only at the scores they have ("ECOG 3 or more" excluded is
    "ECOG 0-2").
    """
    quantity = label["quantity"]
    if parsed.get("quantity") != quantity:
        return f"quantity {parsed.get('quantity')}, labelled {quantity}"
    if quantity in _SCORES:
        probes: set[float] = {float(v) for v in _SCORES[quantity]}
    else:
        edges = sorted({*bounds(parsed), *bounds(label)})
        step = max(_TOLERANCE.get(quantity, 0.01) * 2.5, 0.05)
        probes = {e + d for e in edges for d in (-step, step)} | {
            (a + b) / 2 for a, b in itertools.pairwise(edges)
        }
    for value in sorted(probes):
        if value >= 0 and _range_allows(label, l_side, value) and not _range_allows(parsed, p_side, value):
            return (
                f"keeps out {quantity} {value:g}: read {p_side} {span(bounds(parsed))}, "
                f"labelled {l_side} {span(bounds(label))}"
            )
    return None


def set_danger(
    parsed: dict[str, Any],
    p_side: str,
    label: dict[str, Any],
    l_side: str,
    expand: Expand | None,
    excluded_elsewhere: frozenset[tuple[str, str]] = frozenset(),
) -> str | None:
    ltype = label["type"]
    if ltype == "sex":
        if p_side != l_side or parsed.get("sex") != label["sex"]:
            return f"sex {p_side} {parsed.get('sex')}, labelled {l_side} {label['sex']}"
        return None
    name = SET_FIELDS[ltype]
    got, want = as_set(parsed.get(name)), as_set(label.get(name))
    if ltype == "diagnosis":
        if expand is None:
            return None  # without the vocabulary, ids cannot be judged for overlap
        got, want = expand(got), expand(want)
    if p_side != l_side:
        return f"{name} {sorted(got)} read as {p_side}, the text means {l_side}"
    # An exclusion that covers more than the text, or a requirement that covers less, keeps someone out.
    wider = got - want if l_side == "exclusion" else want - got
    if l_side == "exclusion":
        # A parser that left two items of one paragraph together may exclude both items' ids at once: only
        # an id the study does not exclude anywhere keeps someone out.
        wider = frozenset(i for i in wider if (ltype, i) not in excluded_elsewhere)
    if wider:
        return f"{name} {sorted(as_set(parsed.get(name)))}, labelled {sorted(as_set(label.get(name)))}"
    if ltype == "treatment":
        # A longer window excludes more people; a shorter one requires more of them.
        pw, lw = parsed.get("within_weeks"), label.get("within_weeks")
        longer = lw is not None and (pw is None or float(pw) > float(lw) * (1 + _WEEKS_TOLERANCE))
        shorter = pw is not None and (lw is None or float(pw) < float(lw) * (1 - _WEEKS_TOLERANCE))
        if (l_side == "exclusion" and longer) or (l_side == "inclusion" and shorter):
            return f"{l_side} of treatment within {pw} weeks, the text {lw}"
    return None
