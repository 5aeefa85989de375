"""Health conditions the answers ask about: CNS involvement, infections, pregnancy, other cancers, organ
transplant, live vaccines, recent major surgery, autoimmune and heart disease.

Each reader returns facts whose rule names answer health ids (finder.answers.HEALTH_IDS) or, for transplants,
treatment ids. Words the answers cannot settle ("symptomatic", "active", "uncontrolled", "within 3 years")
become qualifiers; matching then says "check" instead of "not a fit".
"""

from __future__ import annotations

from collections.abc import Callable

from finder.criteria.ages import Fact
from finder.criteria.model import HealthRule, Kind, TreatmentRule
from finder.criteria.numbers import read_windows
from finder.criteria.text import Tok, negated_after, negated_before, phrase_table, word_set
from finder.criteria.treatments import drop_abbreviations

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


def _qualifiers(toks: list[Tok], first: int, last: int, hid: str, prev_end: int) -> tuple[str, ...]:
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
            quals = prev_quals if joined else _qualifiers(toks, first, last, hid, prev_end)
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


# --- CNS -------------------------------------------------------------------------------------------------

_CNS_PLACES = phrase_table("cns_places")
_CNS_SPREAD = word_set(
    "metastasis metastases metastatic metastasi involvement involved leukemia leukaemia lymphoma "
    "infiltration spread disease relapse lesion lesions mets extension tumor tumors deposits"
)


def read_cns(toks: list[Tok], words: list[str]) -> Fact | None:
    """ "symptomatic CNS metastasis", "CNS leukemia", "known brain metastases" -> cns_involvement."""
    hits = _CNS_PLACES.find(toks)
    if not hits:
        return None
    wordset = set(words)
    for first, last, ids in hits:
        window = {t.text for t in toks[max(0, first - 3) : last + 4] if t.kind == "word"}
        if "cns3" in ids or window & _CNS_SPREAD:
            if {"disease", "tumor", "tumors"} & window and not (
                window & (_CNS_SPREAD - {"disease", "tumor", "tumors"})
            ):
                # "History of CNS disease such as stroke": a neurological illness, not cancer spread; "brain
                # tumor" is a diagnosis
                if "disease" in window and not wordset & {
                    "leukemia",
                    "lymphoma",
                    "metastatic",
                    "cancer",
                    "malignancy",
                }:
                    continue
                if {"tumor", "tumors"} & window and "primary" in wordset | window:
                    continue
                if {"tumor", "tumors"} & window:
                    continue
            quals = _qualifiers(toks, first, last, "cns_involvement", 0)
            extra: list[str] = [
                q
                for q in ("symptomatic", "untreated", "progressive", "unstable", "uncontrolled")
                if q in wordset and q not in quals
            ]
            if "steroids" in wordset or "corticosteroids" in wordset:
                extra.append("requiring steroids")
            if "symptoms" in wordset and "symptomatic" not in (*quals, *extra):
                extra.append("symptomatic")
            neg = negated_before(toks, first) or negated_after(toks, last)
            return Fact(
                Kind.CNS, HealthRule(("cns_involvement",), tuple(quals) + tuple(extra)), True, side_flip=neg
            )
    return None


# --- pregnancy -------------------------------------------------------------------------------------------

_PREGNANCY = phrase_table("pregnancy")


def read_pregnancy(toks: list[Tok], words: list[str]) -> Fact | None:
    hits = _PREGNANCY.find(toks)
    if not hits:
        return None
    wordset = set(words)
    ids: list[str] = []
    neg = False
    for first, last, found in hits:
        if "pregnancy_test" in found:
            # "negative pregnancy test": must not be pregnant
            if any(t.text == "negative" for t in toks[max(0, first - 3) : last + 3]):
                ids.append("pregnant")
                neg = True
            continue
        if "nursing" in {t.text for t in toks[first:last]} and wordset & {
            "home",
            "facility",
            "care",
            "staff",
        }:
            continue  # "nursing home"
        for f in found:
            if f not in ids:
                ids.append(f)
        neg = neg or negated_before(toks, first) or negated_after(toks, last)
    if not ids:
        return Fact(Kind.PREGNANCY, None)
    if wordset & {
        "contraception",
        "contraceptive",
        "contraceptives",
        "birth",
        "avoid",
        "agree",
        "plan",
        "planning",
        "intend",
        "intending",
        "father",
        "partner",
        "partners",
        "sperm",
    }:
        return Fact(Kind.PREGNANCY, None)  # about preventing a pregnancy: the study team asks
    return Fact(Kind.PREGNANCY, HealthRule(tuple(ids)), True, side_flip=neg)


# --- other cancers ---------------------------------------------------------------------------------------

_CANCER_WORDS = word_set(
    "malignancy malignancies cancer cancers malignant tumor tumors tumour tumours neoplasm neoplasms "
    "carcinoma"
)
_EXCEPTIONS = word_set("except excluding unless adequately curatively basal situ disease-free free")
_NOT_A_CANCER_AFTER = word_set(
    "sequelae survivor survivors predisposition syndrome center centre registry screening risk "
    "genetics institute group"
)
_OTHER_WORDS = word_set(
    "other another prior previous second secondary concurrent concomitant additional history "
    "coexisting co-existing synchronous different invasive active any"
)


def read_other_cancer(
    toks: list[Tok], words: list[str], *, side: str, named_cancers: bool | Callable[[], bool] = False
) -> Fact | None:
    """ "Other malignancy within 5 years" -> other_cancer (answer: "another cancer in the last 5 years").

    `named_cancers`: does the item name particular cancers; a function when that takes a vocabulary look-up,
    asked only for the few items that get that far."""
    if _CANCER_WORDS.isdisjoint(words):
        return None  # the usual case, and a cheap one: no cancer word at all
    wordset = set(words)
    cancer_at = [
        i
        for i, t in enumerate(toks)
        if t.kind == "word"
        and t.text in _CANCER_WORDS
        and not (i + 1 < len(toks) and toks[i + 1].text in _NOT_A_CANCER_AFTER)
        and not (
            i > 0
            and toks[i - 1].text
            in ("current", "this", "present", "primary", "underlying", "study", "index", "same")
        )
    ]
    if not cancer_at:
        return None
    windows = read_windows(toks)
    if not (wordset & _OTHER_WORDS) and not windows:
        return None
    if side == "inclusion" and not any(w in wordset for w in ("no", "not", "without", "free")):
        return None
    quals: list[str] = []
    weeks = [w.weeks for w in windows]
    if weeks:
        years = max(weeks) / 52.18
        if years < 4.9:
            quals.append(f"within {round(years, 1):g} years")
    if wordset & _EXCEPTIONS:
        quals.append("with exceptions")  # "except basal cell carcinoma": a yes answer may be such a cancer
    if wordset & {"active", "progressing", "requiring"}:
        quals.append("active")
    if callable(named_cancers):
        named_cancers = named_cancers()
    if named_cancers and not (wordset & {"any", "other", "another", "second", "all"}):
        quals.append("only some cancers")  # "history of prostate cancer" is not every other cancer
    neg = side == "inclusion"
    return Fact(Kind.OTHER_CANCER, HealthRule(("other_cancer",), tuple(quals)), True, side_flip=neg)


# --- transplant, vaccines, surgery, autoimmune, heart -----------------------------------------------------


_FUTURE = word_set(
    "anticipated scheduled planned planning plan expected candidate candidates awaiting waiting eligible"
)


def read_transplant(
    toks: list[Tok], words: list[str], hits: list[tuple[int, int, tuple[str, ...]]]
) -> Fact | None:
    """Organ or stem cell transplant; "(excluding stem cell transplantation)" drops the stem cell kinds."""
    if not hits:
        return None
    hits = drop_abbreviations(hits, toks)
    ids: list[str] = []
    excluded_ids: set[str] = set()
    for first, _last, found in hits:
        if not set(found) & {"organ_transplant", "autologous_transplant", "allogeneic_transplant"}:
            continue
        before = [t.text for t in toks[max(0, first - 3) : first] if t.kind == "word"]
        if {"excluding", "except", "other"} & set(before):
            excluded_ids.update(found)
            continue
        ids.extend(f for f in found if f not in ids)
    ids = [i for i in ids if i not in excluded_ids or i == "organ_transplant"]
    if not ids:
        return None
    wordset = set(words)
    if wordset & _FUTURE:
        return Fact(Kind.TRANSPLANT)  # "scheduled kidney transplant during the study": not a past treatment
    qualified = bool(
        wordset
        & {
            "gvhd",
            "graft-versus-host",
            "graft",
            "unless",
            "immunosuppression",
            "immunosuppressive",
            "failed",
            "relapsed",
            "relapse",
            "days",
            "post",
        }
    )
    windows = read_windows(toks)
    weeks = round(min(w.weeks for w in windows), 2) if windows else None
    neg = any(negated_before(toks, f) for f, _, found in hits if set(found) & set(ids))
    flip = neg or bool(windows and all(w.since for w in windows))
    return Fact(Kind.TRANSPLANT, TreatmentRule(tuple(ids), weeks, qualified), True, side_flip=flip)


def read_vaccine(toks: list[Tok], words: list[str]) -> Fact | None:
    wordset = set(words)
    if not wordset & {"vaccine", "vaccines", "vaccination", "vaccinations", "immunization", "immunizations"}:
        return None
    if not wordset & {"live", "attenuated", "live-attenuated"}:
        return Fact(Kind.VACCINE, None)
    windows = [w for w in read_windows(toks)]
    quals: tuple[str, ...] = ()
    if windows:
        weeks = min(w.weeks for w in windows)
        if weeks < 3.9:
            quals = (f"within {weeks:g} weeks",)  # the answer covers 4 weeks: a shorter window needs a date
    elif wordset & {"during", "concurrent", "while", "throughout"}:
        return Fact(Kind.VACCINE, None)  # during the study: the study team's rule, not a past fact
    neg = any(
        negated_before(toks, i)
        for i, t in enumerate(toks)
        if t.kind == "word" and t.text.startswith("vaccin")
    )
    return Fact(Kind.VACCINE, HealthRule(("live_vaccine_recent",), quals), True, side_flip=neg)


def read_major_surgery(toks: list[Tok], words: list[str]) -> Fact | None:
    wordset = set(words)
    if not ("surgery" in wordset or "surgical" in wordset or "operation" in wordset):
        return None
    if "major" not in wordset:
        return None
    windows = read_windows(toks)
    quals: list[str] = []
    if windows:
        weeks = min(w.weeks for w in windows)
        if weeks < 3.9:
            quals.append(f"within {weeks:g} weeks")
    else:
        quals.append("no time given")
    flip = bool(windows and all(w.since for w in windows)) or any(
        negated_before(toks, i) for i, t in enumerate(toks) if t.kind == "word" and t.text == "major"
    )
    return Fact(Kind.SURGERY, HealthRule(("major_surgery_recent",), tuple(quals)), True, side_flip=flip)


_AUTOIMMUNE = frozenset({"autoimmune", "auto-immune", "autoimmunity"})
_HEART = phrase_table("heart")


def read_autoimmune(toks: list[Tok], words: list[str]) -> Fact | None:
    wordset = set(words)
    if not wordset & _AUTOIMMUNE:
        return None
    first = next(i for i, t in enumerate(toks) if t.kind == "word" and t.text in _AUTOIMMUNE)
    quals = list(_qualifiers(toks, first, first + 2, "autoimmune_disease", 0))
    for q in ("requiring", "systemic", "history", "unless", "except"):
        if q in wordset and q not in quals and q != "history":
            quals.append(q)
    neg = negated_before(toks, first)
    return Fact(Kind.HEALTH, HealthRule(("autoimmune_disease",), tuple(quals)), True, side_flip=neg)


def read_heart(toks: list[Tok], words: list[str]) -> Fact | None:
    hits = _HEART.find(toks)
    if not hits:
        return None
    first, last, _ids = hits[0]
    quals = list(_qualifiers(toks, first, last, "heart_disease", 0))
    if any("heart_specific" in h[2] for h in hits) or len(hits) > 1:
        quals.append("specific conditions")
    if set(words) & {"nyha", "class", "grade", "unless", "except"}:
        quals.append("severity")
    neg = negated_before(toks, first)
    return Fact(Kind.HEALTH, HealthRule(("heart_disease",), tuple(dict.fromkeys(quals))), True, side_flip=neg)
