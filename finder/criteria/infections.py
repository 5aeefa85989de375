"""Infections an item names (HIV, hepatitis B or C, active infection...), and the qualifier words shared by
the health readers ("symptomatic", "active", "uncontrolled") that turn a rule into something to check."""

from __future__ import annotations

from finder.criteria.ages import Fact
from finder.criteria.model import HealthRule, Kind
from finder.criteria.text import Tok, negated_after, negated_before, phrase_table

INFECTION_TABLE = phrase_table("infections")
_INFECTION_NOT = frozenset({"urinary", "hiv-related", "opportunistic", "prophylaxis", "risk"})
# words that narrow a condition beyond what a yes/no answer says
_QUALIFIERS = (
    "symptomatic",
    "active",
    "uncontrolled",
    "untreated",
    "progressive",
    "unstable",
    "clinically",
    "significant",
    "severe",
    "serious",
    "requiring",
    "chronic",
    "acute",
    "known",
    "poorly",
    "ongoing",
    "current",
    "recent",
    "unresolved",
)
# for these ids the answer itself already means "active now" or "known": those words are no qualifier
_IMPLIED = {
    "active_infection": {
        "active",
        "serious",
        "severe",
        "current",
        "ongoing",
        "uncontrolled",
        "significant",
        "clinically",
        "known",
        "acute",
        "recent",
    },
    "hiv": {"known", "active", "current", "chronic"},
    "hepatitis_b": {"known", "chronic", "current"},
    "hepatitis_c": {"known", "chronic", "current"},
    "tuberculosis": {"known", "current"},
    "pregnant": {"known", "current"},
    "breastfeeding": {"current"},
    "cns_involvement": {"known", "current"},
    "autoimmune_disease": {"known", "current"},
    "heart_disease": {"known", "current"},
    "other_cancer": {"known", "active", "current"},
}


def qualifiers(toks: list[Tok], first: int, last: int, hid: str, prev_end: int) -> tuple[str, ...]:
    """Qualifying words in the clause before a mention (back to the previous mention) and just after it."""
    lo = prev_end
    k = first - 1
    while k >= lo and k >= first - 6:
        if toks[k].kind == "sym" and toks[k].text in (";", "."):
            lo = k + 1
            break
        k -= 1
    lo = max(lo, first - 6)
    found: list[str] = []
    for t in toks[lo:first] + toks[last : last + 3]:
        if t.kind == "word" and t.text in _QUALIFIERS and t.text not in _IMPLIED.get(hid, set()):
            word = "clinically significant" if t.text in ("clinically", "significant") else t.text
            if word not in found:
                found.append(word)
    return tuple(found)


def read_infections(toks: list[Tok], words: list[str]) -> list[Fact]:
    """HIV, hepatitis B/C, tuberculosis, serious infection, grouped by qualifiers ("HIV, active HBV")."""
    hits = INFECTION_TABLE.find(toks)
    if not hits:
        return []
    groups: dict[tuple[tuple[str, ...], bool], list[str]] = {}
    prev_end = 0
    prev_quals: tuple[str, ...] = ()
    prev_neg = False
    for first, last, ids in hits:
        if any(t.text in _INFECTION_NOT for t in toks[max(0, first - 4) : last + 1] if t.kind == "word"):
            prev_end = last
            continue
        if ids == ("active_infection",) and _joined_to_previous(toks, prev_end, first) and groups:
            prev_end = last  # "HIV infection": the word "infection" after a named infection
            continue
        named_after = any(h[2] != ("active_infection",) and 0 <= h[0] - last <= 3 for h in hits)
        if ids == ("active_infection",) and named_after:
            prev_end = last
            continue  # "current infection with hepatitis C": the named infection says it
        if ids == ("active_infection",) and last - first == 1 and toks[first].text.startswith("infection"):
            near = {t.text for t in toks[max(0, first - 4) : first + 4] if t.kind == "word"}
            if not near & {
                "active",
                "uncontrolled",
                "serious",
                "severe",
                "systemic",
                "ongoing",
                "requiring",
                "significant",
                "current",
                "untreated",
            }:
                prev_end = last
                continue  # a bare "infection" ("known syphilis infection") says too little
        joined = groups and _joined_to_previous(toks, prev_end, first)
        for hid in ids:
            quals = prev_quals if joined else qualifiers(toks, first, last, hid, prev_end)
            quals = tuple(q for q in quals if q not in _IMPLIED.get(hid, set()))
            neg = prev_neg if joined else (negated_before(toks, first) or negated_after(toks, last))
            groups.setdefault((quals, neg), [])
            if hid not in groups[(quals, neg)]:
                groups[(quals, neg)].append(hid)
            prev_quals, prev_neg = quals, neg
        prev_end = last
    if wordset_of(toks) & {"antiretroviral", "haart", "cd4", "immunocompromised", "viral", "art"}:
        # "HIV-positive patients on antiretroviral therapy", "CD4 < 200": a yes answer is not enough
        groups = {
            ((*q, "on treatment or counts"), n) if "hiv" in h else (q, n): h for (q, n), h in groups.items()
        }
    facts = []
    for (quals, neg), hids in groups.items():
        facts.append(Fact(Kind.INFECTION, HealthRule(tuple(hids), quals), True, side_flip=neg))
    return facts


def wordset_of(toks: list[Tok]) -> set[str]:
    return {t.text for t in toks if t.kind == "word"}


def _joined_to_previous(toks: list[Tok], prev_end: int, first: int) -> bool:
    """Only "or", "and", "/", ",", "infection", "(abbreviation)" lie between two mentions."""
    if prev_end == 0 or first - prev_end > 6:
        return False
    between = toks[prev_end:first]
    depth = 0
    for t in between:
        if t.kind == "sym" and t.text == "(":
            depth += 1
        elif t.kind == "sym" and t.text == ")":
            depth = max(0, depth - 1)
        elif depth:
            continue
        elif (
            t.kind == "word" and t.text not in ("or", "and", "and/or", "infection", "infections", "virus")
        ) or (t.kind == "sym" and t.text not in ("/", ",")):
            return False
    return True
