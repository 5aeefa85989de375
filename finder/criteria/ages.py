"""Age, weight and sex in one item ("Aged 1-12 years with weight>=10kg, male or female")."""

from __future__ import annotations

from dataclasses import dataclass

from finder.criteria.model import Kind, RangeRule, SexRule
from finder.criteria.numbers import Bound, age_unit, read_bounds, weight_unit
from finder.criteria.text import Tok, joined_words, word_set, word_set_of

_AGE_WORDS = word_set("age aged ages old older younger birthday years-old year-old yo y-o")
_PEOPLE = word_set(
    "adult adults child children pediatric paediatric adolescent adolescents infant infants boys "
    "girls men women males females patients patient subjects participants volunteers persons people "
    "individuals neonates toddlers kids youth young"
)
# a number of years in these items is a duration, not an age
_DURATION_WORDS = word_set(
    "since within prior ago history for duration expectancy survival follow follow-up after last past "
    "previous smoking smoked elapsed before interval remission diagnosed diagnosis treatment therapy "
    "during lasting"
)


@dataclass(frozen=True, slots=True)
class Fact:
    """One thing an item states: a kind, an optional rule, and whether the wording leaves doubt."""

    kind: Kind
    rule: object | None = None
    confident: bool = True
    side_flip: bool = False  # True: the rule describes the opposite side of the item (a negated inclusion)


def read_age(toks: list[Tok], words: list[str], *, subheading: str | None) -> Fact | None:
    """An age range: "Aged 1-12 years", ">=18 years old", "18 and under" (under "Age:"), "under 21"."""
    wordset = word_set_of(words)
    under_age_heading = (subheading or "").lower().startswith("age")
    strong = bool(wordset & _AGE_WORDS) or under_age_heading
    if not strong and (not (wordset & _PEOPLE) or len(words) > 14 or wordset & _DURATION_WORDS):
        return None
    age_word_first = bool(wordset & {"age", "aged", "ages"})
    default = "years" if under_age_heading or age_word_first else None
    bounds = [
        b
        for b in read_bounds(toks, age_unit, default_unit=default)
        if b.unit == "years" and (b.written_unit or under_age_heading or b.low != b.high)
    ]
    if not strong:
        bounds = [b for b in bounds if b.low != b.high]  # "patients 18 years" needs a comparison
    if not bounds:
        return None
    # the age words must sit near a bound, else the years are probably a duration ("for at least 2 years")
    if not under_age_heading and not any(_near_age_word(toks, b) for b in bounds) and strong:
        return None
    rule = _combine(bounds, toks)
    if rule is None:
        return Fact(Kind.AGE, None, False)
    low, high, low_inc, high_inc, exact = rule
    confident = not exact and not (wordset & {"diagnosis", "diagnosed", "onset", "transplant", "donor"})
    if exact:
        return Fact(Kind.AGE, None, False)
    return Fact(Kind.AGE, RangeRule("age_years", low, high, low_inc, high_inc), confident)


def _near_age_word(toks: list[Tok], b: Bound) -> bool:
    lo, hi = max(0, b.first - 5), min(len(toks), b.last + 5)
    return any(t.kind == "word" and (t.text in _AGE_WORDS or t.text in _PEOPLE) for t in toks[lo:hi]) or any(
        t.kind in ("cmp", "post") for t in toks[lo:hi]
    )


def _combine(
    bounds: list[Bound], toks: list[Tok]
) -> tuple[float | None, float | None, bool, bool, bool] | None:
    """Several bounds of one item: "> 18 and < 70" intersect; ranges joined by "or" give their union."""
    lows = [b for b in bounds if b.low is not None and b.high is None]
    highs = [b for b in bounds if b.high is not None and b.low is None]
    ranges = [b for b in bounds if b.low is not None and b.high is not None]
    if lows or highs:
        ranges = [b for b in ranges if b.low != b.high]  # a plain number beside a bound is something else
    exact = all(b.low == b.high for b in ranges) and not lows and not highs
    if ranges and not exact and any(b.low != b.high for b in ranges):
        real = [b for b in ranges if b.low != b.high]
        lo = min(b.low for b in real if b.low is not None)
        hi = max(b.high for b in real if b.high is not None)
        if lows or highs:
            return None  # "1-12 years, or over 18 with consent": too mixed to state one range
        return lo, hi, True, True, False
    if exact:
        return None if not ranges else (ranges[0].low, ranges[0].high, True, True, True)
    if len(lows) > 1 or len(highs) > 1:
        # "over 18 ... over 16 in the UK": the loosest bound keeps every child who might be eligible
        pass
    lo_b = min(lows, key=lambda b: b.low or 0.0) if lows else None
    hi_b = max(highs, key=lambda b: b.high or 0.0) if highs else None
    if (
        lo_b is not None
        and hi_b is not None
        and lo_b.low is not None
        and hi_b.high is not None
        and lo_b.low >= hi_b.high
    ):
        return None  # "< 2 or > 60": two separate ranges
    return (
        lo_b.low if lo_b else None,
        hi_b.high if hi_b else None,
        lo_b.low_inclusive if lo_b else True,
        hi_b.high_inclusive if hi_b else True,
        False,
    )


def read_weight(toks: list[Tok], words: list[str]) -> Fact | None:
    """Body weight: "weight >= 10 kg", "weighing at least 22 lb"; not BMI (kg/m2) nor doses (mg/kg)."""
    # one search of the joined words rules out nearly every item before the word-by-word test
    if "weigh" not in joined_words(words) or not any(w.startswith("weigh") for w in words):
        return None
    bounds = [
        b
        for b in read_bounds(toks, weight_unit)
        if b.unit == "kg" and not (b.last < len(toks) and toks[b.last].text == "/")  # kg/m2 is a BMI
    ]
    if not bounds:
        return None
    rule = _combine(bounds, toks)
    if rule is None or rule[4]:
        return Fact(Kind.WEIGHT, None, False)
    low, high, low_inc, high_inc, _ = rule
    # "Adolescents: body weight >= 40 kg": a limit for one group only
    for_some = bool(word_set_of(words) & (_PEOPLE - {"patients", "patient", "subjects", "participants"}))
    return Fact(
        Kind.WEIGHT, RangeRule("weight_kg", _round(low), _round(high), low_inc, high_inc), not for_some
    )


def _round(v: float | None) -> float | None:
    return None if v is None else round(v, 2)


_FEMALE = frozenset({"female", "females", "women", "woman", "girls", "girl"})
_MALE = frozenset({"male", "males", "men", "man", "boys", "boy"})
_NOT_A_SEX_RULE = word_set(
    "childbearing child-bearing pregnant pregnancy partner partners contraception contraceptive "
    "lactating nursing breastfeeding postmenopausal premenopausal menopausal potential fertile "
    "sexually who if must should agree use using condom sterile"
)


_SEX_ONLY = frozenset({"only", "patients", "subjects", "participants", "volunteers"})


def read_sex(words: list[str], *, subheading: str | None, side: str = "inclusion") -> Fact | None:
    """ "Female", "Men only", "Sex: male" -> a sex rule; "male or female" -> none."""
    wordset = word_set_of(words)
    fem, mal = bool(wordset & _FEMALE), bool(wordset & _MALE)
    heading = (subheading or "").lower() in ("sex", "gender")
    if not (fem or mal):
        return None
    if fem and mal:
        return Fact(Kind.SEX, None, True) if heading or len(words) <= 4 else None
    if wordset & _NOT_A_SEX_RULE:
        return None
    # only a short item or one under "Sex:" states a sex requirement ("Men on testosterone" does not)
    if not (heading or len(words) <= 5 or (words[0] in _FEMALE | _MALE and set(words[1:3]) & _SEX_ONLY)):
        return None
    if side == "exclusion" and not heading and (len(words) > 3 or wordset & {"with", "who", "on", "taking"}):
        return None  # "Men with Peyronie's disease" excludes those men, not all men
    return Fact(Kind.SEX, SexRule("female" if fem else "male"), True)
