"""Performance scales: Lansky, Karnofsky, ECOG (Zubrod, WHO) with their bounds ("Lansky score>60")."""

from __future__ import annotations

from finder.criteria.ages import Fact
from finder.criteria.model import Kind, RangeRule
from finder.criteria.numbers import age_unit, read_bounds, time_unit_weeks
from finder.criteria.text import Tok

_SCALE_WORDS = {
    "lansky": "lansky",
    "karnofsky": "karnofsky",
    "kps": "karnofsky",
    "ecog": "ecog",
    "zubrod": "ecog",
    "gog": "ecog",
    "ecog-ps": "ecog",
    "ecog/who": "ecog",
    "who/ecog": "ecog",
}
_TOPS = {"lansky": 100.0, "karnofsky": 100.0, "ecog": 5.0}
# a word that can name a scale (see read_performance): without one of them and "performance", nothing is read
_MENTION_WORDS = frozenset(_SCALE_WORDS) | {"who"}


def read_performance(toks: list[Tok], words: list[str], *, subheading: str | None) -> list[Fact]:
    """One fact per scale named, or for "performance status 0-2" the scale its numbers fit."""
    perf_words = "performance" in words or (subheading or "").lower().startswith("performance")
    if not perf_words and _MENTION_WORDS.isdisjoint(words):
        return []  # the usual case: no scale, no "who", no "performance"
    mentions: list[tuple[int, str]] = []
    for i, t in enumerate(toks):
        if t.kind == "word":
            scale = _SCALE_WORDS.get(t.text)
            if (
                scale is None
                and t.text == "who"
                and i + 1 < len(toks)
                and toks[i + 1].text in ("performance", "ps")
            ):
                scale = "ecog"
            if scale is not None:
                mentions.append((i, scale))
    if not mentions:
        if not perf_words:
            return []
        first = next(
            (i for i, t in enumerate(toks) if t.kind == "word" and t.text in ("performance", "ps")), 0
        )
        mentions = [(first, "")]
    facts: list[Fact] = []
    for k, (start, scale) in enumerate(mentions):
        stop = mentions[k + 1][0] if k + 1 < len(mentions) else len(toks)
        segment = _clause(toks, start, stop)
        rule = _rule(segment, scale)
        if rule is None:
            continue
        if any(r.rule == rule for r in facts):
            continue
        facts.append(Fact(Kind.PERFORMANCE, rule))
    if not facts:
        return [Fact(Kind.PERFORMANCE, None, False)] if mentions and (perf_words or mentions[0][1]) else []
    # "ECOG 0-3" spans nearly the whole scale (often with Lansky/Karnofsky equivalents): too loose to decide
    facts = [
        Fact(f.kind, f.rule, False)
        if isinstance(f.rule, RangeRule)
        and f.rule.quantity == "ecog"
        and (f.rule.maximum or 0) >= 3
        and f.rule.minimum is None
        else f
        for f in facts
    ]
    scales = {f.rule.quantity for f in facts if isinstance(f.rule, RangeRule)}
    if len(facts) > 1:
        same = len({(f.rule.minimum, f.rule.maximum) for f in facts if isinstance(f.rule, RangeRule)}) == 1
        if not (scales <= {"lansky", "karnofsky"} and same):
            facts = [Fact(f.kind, f.rule, False) for f in facts]
    elif len(mentions) > 1:
        facts = [
            Fact(f.kind, f.rule, False) for f in facts
        ]  # a second scale named without a readable limit  # different scales, different limits
    return facts


def _clause(toks: list[Tok], start: int, stop: int) -> list[Tok]:
    """The words after a scale's name up to its limit; a following "(age > 16)" or "for patients" is cut."""
    out: list[Tok] = []
    seen_number = False
    end = min(stop, start + 16)
    for k in range(start, end):
        t = toks[k]
        if t.kind == "sym" and t.text in (";", "."):
            break
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        joins_numbers = t.text in ("or", "and") and nxt is not None and nxt.kind == "num"
        if (
            seen_number
            and not joins_numbers
            and (
                (t.kind == "sym" and t.text == "(")
                or (
                    t.kind == "word"
                    and t.text in ("for", "age", "aged", "if", "patients", "in", "when", "who", "or", "and")
                )
            )
        ):
            break
        seen_number = seen_number or t.kind == "num"
        out.append(t)
    return out


def _rule(segment: list[Tok], scale: str) -> RangeRule | None:
    # numbers followed by an age or time unit belong to another clause ("for patients > 16 years")
    def unit(word: str) -> str | None:
        return "skip" if age_unit(word) or time_unit_weeks(word) else None

    bounds = [b for b in read_bounds(segment, unit, default_unit="score") if b.unit == "score"]
    if not bounds:
        return None
    if not scale:
        top = max(v for b in bounds for v in (b.low, b.high) if v is not None)
        scale = "ecog" if top <= 5 else "karnofsky"
    limit = _TOPS[scale]
    values = [v for b in bounds for v in (b.low, b.high) if v is not None]
    if any(v < 0 or v > limit for v in values):
        return None
    plain = [b for b in bounds if b.low == b.high]
    sided = [b for b in bounds if b.low != b.high]
    if sided and len(sided) == 1 and not plain:
        b = sided[0]
        low = None if b.low == 0 else b.low  # the bottom or top of the scale is no limit
        if b.low is not None and b.high is not None:
            return RangeRule(scale, low, None if b.high == limit else b.high)  # type: ignore[arg-type]
        return RangeRule(scale, low, b.high, b.low_inclusive, b.high_inclusive)  # type: ignore[arg-type]
    if plain and not sided:
        # "ECOG 0, 1 or 2": the scores listed; one "Karnofsky 60%" is a floor, one "ECOG 2" a ceiling
        lo, hi = min(values), max(values)
        if lo == hi:
            return RangeRule("ecog", None, hi) if scale == "ecog" else RangeRule(scale, lo)  # type: ignore[arg-type]
        if scale == "ecog":
            return RangeRule("ecog", None if lo == 0 else lo, hi)
        return RangeRule(scale, lo, None if hi == limit else hi)  # type: ignore[arg-type]
    return None
