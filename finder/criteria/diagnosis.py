"""Diagnoses (vocabulary concepts) and disease status (newly diagnosed, relapsed, refractory, in remission).

"Relapsed/refractory neuroblastoma" gives two facts for the same item: a diagnosis (neuroblastoma) and a
disease status (relapsed or refractory). Exclusions are read narrowly: only the part before "other than",
"except", "excluding" names what is excluded, and a very broad concept ("cancer") never excludes.
"""

from __future__ import annotations

from finder.criteria.ages import Fact
from finder.criteria.model import DiagnosisRule, DiseaseStatusRule, Kind
from finder.criteria.text import Tok, negated_before, phrase_table, word_set, word_set_of
from finder.criteria.vocab import broad_concepts, concepts_in_text, is_cancer, most_specific

_STATUS = phrase_table("disease_status")
_DISEASE_WORDS = word_set(
    "disease cancer tumor tumors tumour malignancy leukemia leukaemia lymphoma neoplasm neoplasms "
    "solid sarcoma carcinoma aml all cll cml mds myeloma glioma neuroblastoma blastoma"
)
_CUES = word_set(
    "diagnosis diagnosed diagnoses histologically histological histologic cytologically "
    "pathologically confirmed documented proven biopsy-proven established confirmation verified"
)
_CUT_WORDS = (
    "other than",
    "except",
    "excluding",
    "besides",
    "apart from",
    "unless",
    "with the exception",
    "but not",
    "not including",
)


def diagnosis_cue_at_start(words: list[str]) -> bool:
    return bool(set(words[:8]) & _CUES)


def read_diagnosis(
    text: str, toks: list[Tok], words: list[str], *, side: str, section: str | None, short_item: bool
) -> list[Fact]:
    """A diagnosis fact (and a disease status fact) when the item is about having a disease."""
    # an inclusion reads the whole item (and is confident whatever follows): only exclusions look for a cut
    cut = -1
    if side != "inclusion":
        low = text.lower()
        cut = min((k for k in (low.find(w) for w in _CUT_WORDS) if k >= 0), default=-1)
    scope = text if cut < 0 or side == "inclusion" else text[:cut]
    found = concepts_in_text(scope)
    facts: list[Fact] = []
    cue = bool(word_set_of(words) & _CUES) or short_item or (section or "").upper().startswith("DISEASE")
    wordset = word_set_of(words)
    neg = _negated_concept(toks)
    if found and cue:
        if side == "exclusion" or neg:
            # what is excluded must be named precisely: a cancer, and not a broad group ("No leukemia")
            concepts = tuple(c for c in most_specific(found) if c not in broad_concepts() and is_cancer(c))
        else:
            concepts = tuple(sorted(c for c in found if c != "cancer"))
        conditional = bool(
            wordset & {"if", "when", "unless", "for", "whose", "patients"}
            and wordset & {"must", "should", "need", "require", "required"}
        )
        if concepts:
            confident = not conditional and not (side == "exclusion" and cut >= 0)
            facts.append(Fact(Kind.DIAGNOSIS, DiagnosisRule(concepts), confident, side_flip=neg))
    cancer = any(is_cancer(c) for c in found)
    status = read_status(toks, words, has_disease=cancer)
    if side == "exclusion" and not cancer:
        status = None  # "untreated thyroid disease" under exclusions says nothing about the cancer's state
    if status is not None and (facts or found or wordset & _DISEASE_WORDS):
        facts.append(status)
    return facts


def _negated_concept(toks: list[Tok]) -> bool:
    """ "No malignant glioma", "Not APL": a leading negation of the whole item."""
    first_words = [t.text for t in toks[:3] if t.kind == "word"]
    return bool(first_words) and first_words[0] in ("no", "not", "without", "non", "never")


def read_status(toks: list[Tok], words: list[str], *, has_disease: bool) -> Fact | None:
    hits = _STATUS.find(toks)
    statuses: list[str] = []
    neg = False
    for first, last, ids in hits:
        near = {t.text for t in toks[max(0, first - 4) : last + 5] if t.kind == "word"}
        leads = first == 0 and len(toks) > last and toks[last].text in ("to", "after", "disease", "or", "/")
        if not (near & _DISEASE_WORDS or (has_disease and first < 8) or leads):
            continue
        if negated_before(toks, first, reach=4):
            neg = True
        statuses.extend(x for x in ids if x not in statuses)
    if not statuses:
        return None
    s = set(statuses)
    confident = s >= {"relapsed", "refractory"} or s == {"newly_diagnosed"}
    if neg:
        confident = False
    order = ("newly_diagnosed", "relapsed", "refractory", "in_remission")
    return Fact(
        Kind.DISEASE_STATUS, DiseaseStatusRule(tuple(x for x in order if x in s)), confident, side_flip=neg
    )
