"""Numeric bounds ("1-12 years", ">= 10 kg", "18 and under") and time windows ("within 4 weeks") in tokens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from finder.criteria.text import Tok, word_set

_FILLER = word_set(
    "age aged ages of is be must the at old score status scale performance ps value level count "
    "weight weighing weigh equal to than in who are was body kps ecog lansky karnofsky zubrod play "
    "total actual years year"
)


@dataclass(frozen=True, slots=True)
class Bound:
    low: float | None
    high: float | None
    low_inclusive: bool
    high_inclusive: bool
    unit: str | None
    first: int  # token span it was read from
    last: int
    written_unit: bool = True  # False when the unit is the caller's default ("Age: under 16")


def read_bounds(
    toks: list[Tok], unit_of: Callable[[str], str | None], *, default_unit: str | None = None
) -> list[Bound]:
    """Every bound on a number with a unit `unit_of` knows (or `default_unit` when none is written)."""
    out: list[Bound] = []
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        if t.kind != "num":
            i += 1
            continue
        unit1, after1 = _unit_at(toks, i + 1, unit_of)
        # a range: "1-12 years", "6 months to 21 years", "between 18 and 65", "from 2 to 21"
        j = after1
        if (
            j < n
            and (
                (toks[j].kind == "sym" and toks[j].text in "-/")
                or (toks[j].kind == "word" and toks[j].text in ("to", "through", "and", "till"))
            )
            and j + 1 < n
            and toks[j + 1].kind == "num"
        ):
            joiner = toks[j].text
            between = _word_before(toks, i) in ("between", "from", "aged", "age", "ages")
            if joiner != "and" or between:
                unit2, after2 = _unit_at(toks, j + 2, unit_of)
                unit_a = unit1 or unit2 or default_unit
                unit_b = unit2 or unit1 or default_unit
                if unit_a is not None and unit_b is not None:
                    lo, hi = t.value, toks[j + 1].value
                    if joiner == "/" and unit1 is None:
                        i = after2
                        continue  # "3/4" is a fraction or a grade, not a range
                    out.append(
                        Bound(
                            _convert(lo, unit_a),
                            _convert(hi, unit_b),
                            True,
                            True,
                            _family(unit_b),
                            i,
                            after2,
                            unit1 is not None or unit2 is not None,
                        )
                    )
                    i = after2
                    continue
        foreign = default_unit != "score" and _other_unit_at(toks, i + 1)
        unit = unit1 or (None if foreign else default_unit)
        if unit is None:
            i = after1 if after1 > i else i + 1
            continue
        cmp = _cmp_before(toks, i)
        post = _post_after(toks, after1)
        value = _convert(t.value, unit)
        sym = cmp or post
        fam, written = _family(unit), unit1 is not None
        if sym is None:
            out.append(Bound(value, value, True, True, fam, i, after1, written))  # a plain value
        elif sym in (">", ">="):
            out.append(Bound(value, None, sym == ">=", True, fam, i, after1, written))
        elif sym in ("<", "<="):
            out.append(Bound(None, value, True, sym == "<=", fam, i, after1, written))
        else:
            out.append(Bound(value, value, True, True, fam, i, after1, written))
        i = max(after1, i + 1)
    return out


_OTHER_UNITS = word_set(
    "kg kgs lb lbs pounds g mg cm mm m ml l dl m2 mmol umol µmol iu u units percent x cells mcg µg ng "
    "gy cgy mm3 ul µl hours hrs cycles courses mg/dl g/dl"
)


def _other_unit_at(toks: list[Tok], j: int) -> bool:
    """Is the number followed by a unit of something else ("10kg", "50%", "1.5 x ULN")?"""
    if j >= len(toks):
        return False
    t = toks[j]
    return (t.kind == "word" and t.text in _OTHER_UNITS) or (t.kind == "sym" and t.text in "%/×x*^")


def _word_before(toks: list[Tok], i: int) -> str:
    return toks[i - 1].text if i > 0 and toks[i - 1].kind == "word" else ""


def _unit_at(toks: list[Tok], j: int, unit_of: Callable[[str], str | None]) -> tuple[str | None, int]:
    if j < len(toks) and toks[j].kind == "word":
        u = unit_of(toks[j].text)
        if u is not None:
            return u, j + 1
    return None, j


def _cmp_before(toks: list[Tok], i: int) -> str | None:
    k = i - 1
    skipped = 0
    while k >= 0 and skipped <= 3:
        t = toks[k]
        if t.kind == "cmp":
            return t.text
        if (t.kind == "word" and t.text in _FILLER) or (t.kind == "sym" and t.text in ":("):
            k -= 1
            skipped += 1
            continue
        return None
    return None


def _post_after(toks: list[Tok], j: int) -> str | None:
    skipped = 0
    while j < len(toks) and skipped <= 3:
        t = toks[j]
        if t.kind == "post":
            return t.text
        if t.kind == "word" and t.text in _FILLER:
            j += 1
            skipped += 1
            continue
        return None
    return None


# units -> (family, factor to the family's base unit)
_UNITS: dict[str, tuple[str, float]] = {
    "years": ("years", 1.0),
    "months": ("years", 1 / 12),
    "weeks": ("years", 7 / 365.25),
    "days": ("years", 1 / 365.25),
    "kg": ("kg", 1.0),
    "lb": ("kg", 1 / 2.2046226218),
}


def _convert(value: float, unit: str) -> float:
    return value * _UNITS[unit][1] if unit in _UNITS else value


def _family(unit: str) -> str:
    return _UNITS[unit][0] if unit in _UNITS else unit


def age_unit(word: str) -> str | None:
    w = word.lower()
    if w.startswith(("year", "yr", "yo", "y.o")) or w in ("y", "a"):
        return "years"
    if w.startswith(("month", "mo")) and w not in ("more", "most", "moderate"):
        return "months" if w.startswith(("month", "mo")) and len(w) <= 7 else None
    if w.startswith(("week", "wk")):
        return "weeks"
    if w.startswith("day"):
        return "days"
    return None


def weight_unit(word: str) -> str | None:
    w = word.lower()
    if w in ("kg", "kgs", "kilograms", "kilogram", "kilos"):
        return "kg"
    if w in ("lb", "lbs", "pounds", "pound"):
        return "lb"
    return None


# --- time windows ------------------------------------------------------------------------------------

_WEEKS_PER = {
    "day": 1 / 7,
    "week": 1.0,
    "wk": 1.0,
    "month": 4.345,
    "year": 52.18,
    "yr": 52.18,
    "hour": 1 / 168,
    "hr": 1 / 168,
    "mo": 4.345,
}
_RECENT = frozenset({"last", "past", "previous", "preceding", "prior"})


@dataclass(frozen=True, slots=True)
class Window:
    weeks: float
    since: bool  # "at least 4 weeks since": a required gap (the excluded situation is "within 4 weeks")
    first: int
    last: int


def time_unit_weeks(word: str) -> float | None:
    w = word.lower().rstrip("s")
    if w in ("mo", "mon"):
        return _WEEKS_PER["month"]
    for key, factor in _WEEKS_PER.items():
        if w == key or (w.startswith(key) and len(w) <= len(key) + 1):
            return factor
    return None


def read_windows(toks: list[Tok]) -> list[Window]:
    """Every "within N weeks", "in the last 6 months", "at least 28 days since", "< 4 weeks before"."""
    out: list[Window] = []
    n = len(toks)
    for i, t in enumerate(toks):
        if t.kind != "num" or i + 1 >= n or toks[i + 1].kind != "word":
            continue
        factor = time_unit_weeks(toks[i + 1].text)
        if factor is None:
            continue
        weeks = t.value * factor
        before = [x.text for x in toks[max(0, i - 4) : i]]
        after = [x.text for x in toks[i + 2 : i + 6]]
        cmp = before[-1] if before and toks[i - 1].kind == "cmp" else None
        if "within" in before or (
            any(w in _RECENT for w in before[-2:]) and ("the" in before or "in" in before)
        ):
            out.append(Window(weeks, False, i, i + 2))
        elif cmp in (">", ">=") or any(w in ("since", "from", "elapsed", "after", "off") for w in after[:3]):
            if cmp in ("<", "<="):
                out.append(Window(weeks, False, i, i + 2))
            else:
                out.append(Window(weeks, True, i, i + 2))
        elif cmp in ("<", "<=") or any(w in ("prior", "before", "preceding", "of") for w in after[:1]):
            out.append(Window(weeks, False, i, i + 2))
    return out
