"""Health conditions the answers ask about: CNS involvement, infections (read in infections.py), pregnancy,
other cancers, organ transplant, live vaccines, recent major surgery, autoimmune and heart disease.

Each reader returns facts whose rule names answer health ids (finder.answers.HEALTH_IDS) or, for transplants,
treatment ids. Words the answers cannot settle ("symptomatic", "active", "uncontrolled", "within 3 years")
become qualifiers; matching then says "check" instead of "not a fit".
"""

from __future__ import annotations

from collections.abc import Callable

from finder.criteria.ages import Fact
from finder.criteria.infections import INFECTION_TABLE, qualifiers, read_infections
from finder.criteria.model import HealthRule, Kind, TreatmentRule
from finder.criteria.numbers import read_windows
from finder.criteria.text import (
    Tok,
    can_find,
    first_keys,
    negated_after,
    negated_before,
    phrase_table,
    word_set,
    word_set_of,
)
from finder.criteria.treatments import drop_abbreviations

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
    wordset = word_set_of(words)
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
            quals = qualifiers(toks, first, last, "cns_involvement", 0)
            extra: list[str] = [
                q
                for q in ("symptomatic", "untreated", "progressive", "unstable", "uncontrolled")
                if q in wordset and q not in quals
            ]
            if "steroids" in wordset or "corticosteroids" in wordset:
                extra.append("requiring steroids")
            if "symptoms" in wordset and "symptomatic" not in quals and "symptomatic" not in extra:
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
    wordset = word_set_of(words)
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
    wordset = word_set_of(words)
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
    wordset = word_set_of(words)
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


_VACCINE_WORDS = word_set("vaccine vaccines vaccination vaccinations immunization immunizations")


def read_vaccine(toks: list[Tok], words: list[str]) -> Fact | None:
    wordset = word_set_of(words)
    if not wordset & _VACCINE_WORDS:
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


_SURGERY_WORDS = word_set("surgery surgical operation")


def read_major_surgery(toks: list[Tok], words: list[str]) -> Fact | None:
    wordset = word_set_of(words)
    if wordset.isdisjoint(_SURGERY_WORDS):
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
    wordset = word_set_of(words)
    if not wordset & _AUTOIMMUNE:
        return None
    first = next(i for i, t in enumerate(toks) if t.kind == "word" and t.text in _AUTOIMMUNE)
    quals = list(qualifiers(toks, first, first + 2, "autoimmune_disease", 0))
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
    quals = list(qualifiers(toks, first, last, "heart_disease", 0))
    if any("heart_specific" in h[2] for h in hits) or len(hits) > 1:
        quals.append("specific conditions")
    if word_set_of(words) & {"nyha", "class", "grade", "unless", "except"}:
        quals.append("severity")
    neg = negated_before(toks, first)
    return Fact(Kind.HEALTH, HealthRule(("heart_disease",), tuple(dict.fromkeys(quals))), True, side_flip=neg)


_CONDITION_READERS = (
    read_pregnancy,
    read_vaccine,
    read_cns,
    read_infections,
    read_major_surgery,
    read_autoimmune,
    read_heart,
)
# Each reader above names nothing unless its table finds a phrase or the item has one of its words: one look
# at both rules out most items for all of them together.
_CONDITION_FIRSTS = first_keys(_PREGNANCY, _CNS_PLACES, INFECTION_TABLE, _HEART)
_CONDITION_WORDS = _VACCINE_WORDS | _SURGERY_WORDS | _AUTOIMMUNE


def read_conditions(toks: list[Tok], words: list[str]) -> list[Fact]:
    """Pregnancy, vaccines, CNS disease, infections, major surgery, autoimmune and heart disease, in turn."""
    if _CONDITION_WORDS.isdisjoint(word_set_of(words)) and not can_find(_CONDITION_FIRSTS, toks):
        return []
    found: list[Fact] = []
    for reader in _CONDITION_READERS:
        got = reader(toks, words)
        if isinstance(got, list):
            found.extend(got)
        elif got is not None:
            found.append(got)
    return found
