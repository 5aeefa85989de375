"""Prior treatments: which answer treatment ids an item names, and over what time window.

The phrases here are the generic class names criteria use ("chemotherapy", "investigational agent",
"stem cell transplant"); a named drug or a narrower class (found through the vocabulary's
`treatments_in_text`) makes the rule `qualified`: "prior anti-GD2 antibody" is not every immunotherapy.
"""

from __future__ import annotations

from finder.criteria.ages import Fact
from finder.criteria.model import Kind, TreatmentRule
from finder.criteria.numbers import read_windows, time_unit_weeks
from finder.criteria.text import Tok, negated_before, phrase_table, word_set, word_set_of
from finder.criteria.vocab import treatments_in_text

TREATMENT_TABLE = phrase_table("treatments")
# Words around a generic name that keep it generic ("prior systemic chemotherapy" is all chemotherapy).
_NEUTRAL = word_set(
    "prior previous any other systemic anticancer anti-cancer antitumor anti-tumor anti-tumour "
    "antineoplastic cytotoxic standard conventional all received receive receiving had have has "
    "undergone use used of or and with the a an no not without from for to treatment treatments "
    "therapy therapies agent agents drug drugs including include must be been patient patients "
    "participants subjects who in since within last concurrent ongoing current currently prior, know "
    "known history prior/concurrent neoadjuvant adjuvant before after myelosuppressive first-line "
    "front-line frontline line lines regimen regimens course courses cycles anti-neoplastic anti- "
    "neoplastic; started starting completed completion dose doses products product participation "
    "participate participated enrolled enrollment study studies trial trials"
)
_ANY_CANCER_TREATMENT = ("chemotherapy", "radiotherapy", "immunotherapy", "targeted_therapy")
_TREATED = word_set(
    "prior previous previously received receiving treated treatment therapy since within exposure "
    "exposed administered taken use used"
)


def find_treatments(toks: list[Tok]) -> list[tuple[int, int, tuple[str, ...]]]:
    return TREATMENT_TABLE.find(toks)


def read_treatments(
    toks: list[Tok],
    words: list[str],
    text: str,
    *,
    named_too: bool = True,
    hits: list[tuple[int, int, tuple[str, ...]]] | None = None,
) -> Fact | None:
    """A prior-treatment rule: "No prior chemotherapy", "At least 4 weeks since prior radiotherapy".

    `hits`: find_treatments(toks) when the caller has it already."""
    if hits is None:
        hits = find_treatments(toks)
    ids: list[str] = []
    qualified = False
    broad = False  # "anti-tumor therapy": any cancer treatment; without a time window it says too little
    negated = False
    hits = drop_abbreviations(hits, toks)
    for first, last, found in hits:
        if found == ("investigational_drug",) and _means_this_study(toks, first, last):
            continue
        ids.extend(i for i in found if i not in ids)
        qualified = qualified or _narrowed(toks, first, last)
        broad = broad or found == _ANY_CANCER_TREATMENT
        negated = negated or negated_before(toks, first, reach=10)
    wordset = word_set_of(words)
    # a named drug only counts when no generic name was found (then the look-up is needed)
    named = treatments_in_text(text) if not ids and named_too and wordset & _TREATED else frozenset()
    extra = [t for t in sorted(named) if t not in ids]
    if extra and not ids:
        ids, qualified = extra, True  # a named drug or narrower class: "prior dinutuximab"
        negated = bool(words) and words[0] in ("no", "not", "without", "never")
    if not ids:
        return None
    counts = wordset & {"regimen", "regimens", "lines", "courses", "cycles", "doses"}
    at_most = False
    if counts and any(t.kind in ("num", "cmp") for t in toks):
        qualified = True  # "no more than 2 prior regimens": counts the answers do not give
        # "no more than 2" / "fewer than 3" regimens lets in a child with none: the rule is an exclusion
        # of "had this treatment (more often)", never a requirement to have had it (see _upper_limit)
    low_text = text.lower()
    if any(w in low_text for w in (" except", "excluding", "other than", "unless", "exception")):
        qualified = True  # "No prior chemotherapy except corticosteroids"
    if wordset & {
        "failed",
        "failure",
        "resistant",
        "intolerant",
        "progressed",
        "progression",
        "relapsed",
        "refractory",
        "responded",
        "response",
        "dose",
        "cumulative",
        "mg/m2",
        "mg",
        "unless",
    }:
        qualified = True
    windows = read_windows(toks)
    weeks = None
    flip = False
    if windows:
        distinct = {round(w.weeks, 2) for w in windows}
        weeks = min(distinct) if len(distinct) == 1 else None
        qualified = qualified or len(distinct) > 1
        flip = all(w.since for w in windows)
        if len(distinct) > 1:
            weeks = max(distinct)
    if negated:
        flip = not flip  # "No chemotherapy within 4 weeks" excludes, like "At least 4 weeks since" does
    at_most = at_most or _upper_limit(toks)
    if at_most:
        flip = True  # "no more than 3000 cGy of prior radiotherapy": a limit on past treatment, an exclusion
    if wordset & _CURRENT:
        qualified = (
            True  # "currently receiving", "undergoing": the answers say what was had, not what is going on
        )
    low = text.lower()
    if ("half-life" in low or "half-lives" in low or "half lives" in low) and "longer" not in low:
        qualified = True  # "4 weeks or 5 half-lives, whichever is shorter": the answers have no half-lives
    if weeks is not None:
        weeks = round(weeks, 2)
    elif broad:
        qualified = True
    return Fact(Kind.PRIOR_TREATMENT, TreatmentRule(tuple(ids), weeks, qualified), True, side_flip=flip)


_MEDICINES = word_set(
    "steroid steroids corticosteroid corticosteroids prednisone prednisolone dexamethasone "
    "hydrocortisone methylprednisolone g-csf gm-csf filgrastim pegfilgrastim sargramostim "
    "erythropoietin epoetin antiretroviral antiretrovirals anticonvulsant anticonvulsants "
    "antiepileptic antiepileptics anticoagulant anticoagulants warfarin heparin antibiotic "
    "antibiotics antifungal antifungals antiviral antivirals acyclovir ganciclovir interferon "
    "interferons interleukin interleukins hormonal hormone hormones tamoxifen medication medications "
    "medicine medicines transfusion transfusions immunosuppressive immunosuppressant "
    "immunosuppressants vitamin vitamins supplements herbal cytokine cytokines azt zidovudine ddi "
    "nnrti nnrtis nrti protease inhibitor inhibitors agent agents drug drugs antiemetic antiemetics "
    "opioids opiates aspirin nsaids insulin bisphosphonate bisphosphonates octreotide retinoid "
    "retinoids"
)
_TREATMENT_CUES = word_set(
    "prior previous previously concurrent concomitant concurrently receiving received receive taking "
    "take taken use used using on since within allowed permitted therapy treatment treated"
)
_DURING = frozenset({"concurrent", "concomitant", "concurrently", "during", "while", "throughout"})


def read_medicines(words: list[str]) -> Fact | None:
    """Other medicines and supportive care ("No concurrent steroids", "Prior AZT allowed"): a treatment item
    that no answer id covers, so it has no rule."""
    wordset = word_set_of(words)
    if wordset & _MEDICINES and wordset & _TREATMENT_CUES:
        return Fact(Kind.PRIOR_TREATMENT)
    return None


_HAD = word_set(
    "received receive had undergone treated failed progressed after following previously prior previous "
    "completed exposure exposed refractory relapsed resistant pretreated post history since"
)
_NOT_A_PAST_TREATMENT = word_set(
    "planned scheduled candidate candidates fit eligible tolerate access availability available undergoing "
    "require requires requiring need needs elective will amenable suitable indicated contraindication "
    "contraindications able willing referred plan planning intended intend scheduled awaiting"
)


_CURRENT = word_set("undergoing receiving currently ongoing current concomitant")


def _upper_limit(toks: list[Tok]) -> bool:
    """A "< / <= / no more than" before a number that is not a time ("no more than 3000 cGy")."""
    for i, t in enumerate(toks[:-1]):
        if t.kind == "cmp" and t.text in ("<", "<=") and toks[i + 1].kind == "num":
            unit = toks[i + 2].text if i + 2 < len(toks) else ""
            if time_unit_weeks(unit) is None:
                return True
    return False


def states_a_past_treatment(words: list[str]) -> bool:
    """ "Must have received prior chemotherapy" requires a past treatment; a bare "Chemotherapy" heading,
    "Candidate for surgery" or "Scheduled to receive radiotherapy" does not."""
    wordset = set(words)
    return bool(wordset & _HAD) and not wordset & _NOT_A_PAST_TREATMENT


def only_during_study(words: list[str]) -> bool:
    """ "No concurrent radiotherapy": about the time of the study, not the child's past treatments."""
    wordset = word_set_of(words)
    return bool(wordset & _DURING) and not wordset & {
        "prior",
        "previous",
        "previously",
        "since",
        "within",
        "received",
        "history",
        "before",
        "last",
        "past",
    }


def drop_abbreviations(
    hits: list[tuple[int, int, tuple[str, ...]]], toks: list[Tok]
) -> list[tuple[int, int, tuple[str, ...]]]:
    """ "Allogeneic hematopoietic stem cell transplantation (HSCT)": the bracketed short form adds nothing."""
    out: list[tuple[int, int, tuple[str, ...]]] = []
    for first, last, found in hits:
        if (
            out
            and first >= 1
            and toks[first - 1].text == "("
            and out[-1][1] == first - 1
            and last < len(toks)
            and toks[last].text == ")"
        ):
            continue
        out.append((first, last, found))
    return out


def _means_this_study(toks: list[Tok], first: int, last: int) -> bool:
    """ "the investigational product" of this very study (allergy, consent) is no prior treatment."""
    before = [t.text for t in toks[max(0, first - 2) : first]]
    return "this" in before or (
        "the" in before and not any(t.text in ("other", "another") for t in toks[max(0, first - 3) : first])
    )


_TIME_POINTS = word_set(
    "study enrollment entry registration day start starting initiation randomization screening first "
    "beginning treatment infusion dosing"
)


def _narrowed(toks: list[Tok], first: int, last: int) -> bool:
    """Is the generic name narrowed by a word before it or a target after it ("cranial radiotherapy")?"""
    k = first - 1
    if k >= 0 and toks[k].kind == "word" and toks[k].text not in _NEUTRAL:
        return True
    if (
        last < len(toks)
        and toks[last].kind == "word"
        and toks[last].text in ("to", "at", "for", "with", "on")
    ):
        nxt = [t.text for t in toks[last + 1 : last + 3]]
        if nxt[:1] == ["the"]:
            nxt = nxt[1:]  # "to the CNS" narrows; "prior to the study" does not
        return not nxt or nxt[0] not in _TIME_POINTS
    # "radiotherapy (except palliative ...)"
    return last < len(toks) and toks[last].kind == "sym" and toks[last].text == "("
