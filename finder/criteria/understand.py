"""One split item -> criteria: its kind(s), a rule where the text is clear, and the logical side.

Conventions (documented for matching in model.py):
- An item stating several facts gives several criteria with the same text, in order ("Aged 1-12 years with
  weight>=10kg" -> age, then weight; "relapsed/refractory neuroblastoma" -> diagnosis, then disease status).
- `side` is the logical side: an inclusion line that excludes ("No prior chemotherapy", "HIV negative",
  "At least 4 weeks since prior radiotherapy") is emitted with side "exclusion" and a rule describing the
  excluded situation; `section` still says where it was written.
- A wording that leaves doubt (hedges, "unless", one of several alternatives, negated exclusions) gives
  confident=False; a permission ("Prior chemotherapy allowed") or an item about a donor keeps its kind and
  drops its rule. Precision beats recall: a wrong confident rule could hide a study from a child.
"""

from __future__ import annotations

import logging
import os
import re
from functools import lru_cache

from finder.criteria import ages, checks, diagnosis, health, performance, treatments, wording
from finder.criteria.ages import Fact
from finder.criteria.model import CheckRule, Criterion, DiagnosisRule, HealthRule, Kind, Side, TreatmentRule
from finder.criteria.split import Item
from finder.criteria.text import MAX_ITEM, fold_comparisons, joined_words, prepare, tokenize_raw, word_set_of
from finder.criteria.vocab import broad_concepts, concepts_in_text, is_cancer

FALLBACK_LOG = logging.getLogger("finder.criteria.fallback")  # a reader raised: the item kept as written

FACTS_CACHE = 8192  # items; boilerplate recurs within a few hundred studies, the rest passes through
CHECK_KINDS = frozenset({Kind.LAB, Kind.BIOMARKER, Kind.CLINICAL, Kind.PAPERWORK, Kind.OTHER})
_WHO_KINDS = frozenset({Kind.AGE, Kind.WEIGHT, Kind.SEX, Kind.PERFORMANCE})
_TRANSPLANT_IDS = frozenset({"organ_transplant", "autologous_transplant", "allogeneic_transplant"})


def is_filler(text: str) -> bool:
    """ "Not specified", "See Disease Characteristics": NCI-era placeholders that state no criterion."""
    low = text.strip().rstrip(".;:").strip().lower()
    if low in wording.SKIP:
        return True
    label, colon, rest = low.partition(":")
    # "Hematopoietic: Not specified"
    return bool(colon) and len(label.split()) <= 3 and rest.strip() in wording.SKIP


def understand(item: Item) -> list[Criterion]:
    """The criteria of one item (several when it states several facts); never raises."""
    try:
        facts = _facts(item)
    except Exception:
        if os.environ.get("TRIAL_FINDER_PARSER_DEBUG"):
            raise
        # never fatal: the item is kept as written, for the care team to check; counted by the benchmarks
        FALLBACK_LOG.debug("facts: %.80s", item.text, exc_info=True)
        facts = []
    children: list[Criterion] = []
    donor = item.about_others or " donor" in f" {item.text.lower()}"
    for child in item.children:
        if donor:
            child.about_others = True  # "HLA-matched donor: - Age 10 and over" is the donor's age
        children.extend(understand(child))
    if item.alternatives or (item.children and item.text.rstrip().endswith(":") and _all_one_of(item)):
        children = [_unsure(c) for c in children]
        if not facts or all(f.kind is Kind.OTHER for f in facts):
            facts = _from_alternatives(children) or facts
    if not facts:
        facts = [Fact(Kind.OTHER)]
    out: list[Criterion] = []
    for k, fact in enumerate(facts):
        out.append(_criterion(item, fact, tuple(children) if k == 0 else ()))
    return out


_CANCER_NOUNS = (
    "tumor", "tumour", "cancer", "carcinoma", "sarcoma", "lymphoma", "leukemia", "leukaemia", "neoplasm",
    "malignan", "blastoma", "glioma",
)  # fmt: skip
_NOT_A_WAY_IN = frozenset(
    {"no", "not", "without", "except", "excluded", "exclude", "excluding", "for", "unless"}
)


def _cancers_after_or(prepared: str) -> list[str]:
    """Cancers named as another way in after an upper-case OR: in the clause right after it (up to ";" or
    the end of the sentence), which names a tumour or cancer outright, with no negation and not as what
    something is "for" ("imatinib OR dasatinib for CML"). An item in capitals throughout uses OR for every
    "or", so it is left alone."""
    letters = [ch for ch in prepared if ch.isalpha()]
    if sum(ch.isupper() for ch in letters) > 0.6 * len(letters):
        return []
    clause = prepared.split(" OR ", 1)[1].split(";", 1)[0].split(". ", 1)[0]
    low = clause.lower()
    if not any(noun in low for noun in _CANCER_NOUNS):
        return []
    if _NOT_A_WAY_IN & {w.strip(".,:()") for w in low.split()}:
        return []
    return sorted(c for c in concepts_in_text(clause) if is_cancer(c))


def _all_one_of(item: Item) -> bool:
    low = item.text.lower()
    return any(
        w in low for w in ("one of the following", "any of the following", "at least one of", "either")
    )


def _unsure(c: Criterion) -> Criterion:
    return Criterion(c.side, c.text, c.kind, c.rule, False, c.section, c.children)


def _from_alternatives(children: list[Criterion]) -> list[Fact]:
    """ "One of the following:" over diagnoses: the parent holds their union."""
    diags = [c for c in children if c.kind is Kind.DIAGNOSIS and isinstance(c.rule, DiagnosisRule)]
    if (
        diags
        and all(c.kind in (Kind.DIAGNOSIS, Kind.DISEASE_STATUS) for c in children)
        and all(c.side == "inclusion" for c in diags)
    ):
        concepts: list[str] = []
        for c in diags:
            assert isinstance(c.rule, DiagnosisRule)
            concepts.extend(x for x in c.rule.concepts if x not in concepts)
        return [Fact(Kind.DIAGNOSIS, DiagnosisRule(tuple(concepts)), True)]
    kinds = {c.kind for c in children}
    if len(kinds) == 1:
        return [Fact(kinds.pop(), None, False)]
    return []


def _fewest(needles: tuple[str, ...]) -> tuple[str, ...]:
    """The needles that hold no other one: a text without "eligible" has no "is eligible" either, so asking
    whether any of these is in a text gives the same answer as asking of all, in fewer searches."""
    return tuple(n for n in needles if not any(o != n and o in n for o in needles))


_FORBIDS = _fewest(wording.FORBIDS)
_PERMITS = _fewest(wording.PERMITS)
_HEDGES = _fewest(wording.HEDGES)
# one scan in C for the many part words: they all start with a space, which the engine skips to
_PART_RE = re.compile("|".join(re.escape(w) for w in wording.PART_WORDS))


def _criterion(item: Item, fact: Fact, children: tuple[Criterion, ...]) -> Criterion:
    side: Side = item.side
    confident = fact.confident
    rule = fact.rule
    low = f" {item.text[:MAX_ITEM].lower()} "
    where = f" {(item.section or '').lower()} {(item.lead or '').lower()} {low}"
    if _PART_RE.search(where) is not None:
        confident = False  # a rule for one part, cohort or stratum: other parts may take the child
    if (
        isinstance(rule, HealthRule)
        and side == "inclusion"
        and item.side == "inclusion"
        and len(words_of_item := low.split()) > 10
        and not any(w.strip(".,;:()").startswith(wording.HEALTH_STEMS) for w in words_of_item[:6])
    ):
        confident = False  # "requires HIV infection" is rare; far into a long item it is likely a side remark
    if fact.kind in _WHO_KINDS:
        # bounds carry their own direction ("not older than 21" is read as <= 21); a stray "not" or
        # "are excluded" in the item makes the direction doubtful
        if fact.side_flip or any(w in low for w in _FORBIDS) or any(h in low for h in _HEDGES):
            confident = False
        if item.about_others or " donor" in low or " donors" in low:
            rule, confident = None, False
    elif fact.kind not in CHECK_KINDS:
        forbids = any(w in low for w in _FORBIDS)
        may_permit = not forbids and item.side == "inclusion"  # only then searched: the search is the cost
        if may_permit and (any(w in low for w in _PERMITS) or (" any " in low and " status" in low)):
            rule = None  # a permission ("Prior chemotherapy allowed"): it lets people in, it keeps nobody out
        if forbids:
            side = "exclusion"
            if item.side == "exclusion" and fact.side_flip:
                confident = False
        elif fact.side_flip:
            if item.side == "inclusion":
                side = "exclusion"
            else:  # "No prior chemotherapy" under exclusions: a double negative
                side, confident = "inclusion", False
        if item.permissive:
            rule = None
        section = (item.section or "").lower()
        if fact.kind is Kind.PRIOR_TREATMENT and "concurrent" in section and "prior" not in section:
            rule = None  # "Concurrent Medication: Excluded: ...": during the study, not the child's past
        if (
            side == "inclusion"
            and isinstance(rule, TreatmentRule)
            and not treatments.states_a_past_treatment([w.strip(".,;:()") for w in low.split()])
        ):
            rule = None  # a requirement to have had a treatment needs words that say so
        if confident and any(h in low for h in _HEDGES):
            confident = False
        if item.one_of:
            confident = False
        if item.about_others or " donor" in low or " donors" in low:
            rule, confident = None, False
    elif fact.kind is not Kind.OTHER and rule is None:
        rule = CheckRule(fact.kind.value)
    return Criterion(
        side=side,
        text=item.text,
        kind=fact.kind,
        rule=rule,  # type: ignore[arg-type]
        confident=confident,
        section=item.section,
        children=children,
    )


_CONDITIONS = (
    "applicable to",
    "only for",
    "applies to",
    "for subjects",
    "for patients",
    "for participants",
    "for those",
    "for children",
    "in patients",
    "in subjects",
    "for females",
    "for women",
    "for males",
)


def _conditional(text: str) -> bool:
    low = text.lower()
    head, colon, tail = low.partition(":")
    if colon and len(tail.split()) > 3 and len(head.split()) <= 8 and any(ch.isdigit() for ch in head):
        return True
    return any(c in low for c in _CONDITIONS)


def _after_condition(text: str) -> str:
    """The rule part of "Subjects age 11 and older: Subject is known to be pregnant" (or the whole text)."""
    head, colon, tail = text.partition(":")
    if colon and len(tail.split()) > 3 and len(head.split()) <= 8 and any(ch.isdigit() for ch in head):
        return tail.strip()
    return text.split("(")[0] if "(" in text else text


def _starts_negated(words: list[str]) -> bool:
    return bool(words) and words[0] in ("no", "not", "without", "never", "none")


def _facts(item: Item) -> list[Fact]:
    """What an item states. Registry texts repeat many items word for word ("Pregnant or breastfeeding"), and
    what an item states depends only on these fields, so the answers for recent ones are kept."""
    return list(_facts_of(item.side, item.text, item.section, item.subheading, item.lead))


@lru_cache(maxsize=FACTS_CACHE)
def _facts_of(
    side: Side, text: str, section: str | None, subheading: str | None, lead: str | None
) -> tuple[Fact, ...]:
    return tuple(_read_facts(Item(side, text, section, subheading, lead)))


def _read_facts(item: Item, *, after_condition: bool = False) -> list[Fact]:
    text = item.text if not item.lead else f"{item.lead}: {item.text}"
    prepared = prepare(text)
    raw = tokenize_raw(prepared)
    toks = fold_comparisons(raw)
    words = [t.text for t in raw if t.kind == "word"]
    wset = word_set_of(words)  # membership questions below ask the set (the readers share it)
    joined = joined_words(words)  # one search of it rules out most items before word-by-word tests
    if not words and not any(t.kind == "num" for t in raw):
        return [Fact(Kind.OTHER)]
    sub = item.subheading
    facts: list[Fact] = []

    # 1. who: age, weight, sex, performance (several may share one item); consent forms mention ages too
    paper = checks.strong_paperwork(toks, words)
    if (
        paper is not None
        and isinstance(paper.rule, CheckRule)
        and paper.rule.topic in ("consent", "willingness")
    ):
        return [paper]  # "Subjects aged 7-17 must be willing to sign assent": the age only says who signs
    scales = not wset.isdisjoint(("ecog", "lansky", "karnofsky", "kps", "zubrod"))
    lab_first = checks.read_lab(toks, words[:4], subheading=None, stop=4) is not None
    # in a performance item, ages say which scale applies ("Lansky for patients <= 16 years"); in a lab
    # item ("WBC >= 50,000 for patients age 1-9") which limit applies
    age = None if scales or lab_first else ages.read_age(toks, words, subheading=sub)
    for fact in (age, ages.read_weight(toks, words), ages.read_sex(words, subheading=sub, side=item.side)):
        if fact is not None:
            facts.append(fact)
    if not facts or not wset.isdisjoint(("performance", "ecog", "lansky", "karnofsky", "kps", "zubrod")):
        facts.extend(performance.read_performance(toks, words, subheading=sub))
    if facts and _conditional(prepared):
        # "(only applicable to subjects age 11 and older)", "Subjects age 11 and older: ... pregnant": the age
        # says to whom another rule applies; read that rule, and keep the age as a doubtful note
        unsure = [Fact(f.kind, f.rule, False, f.side_flip) for f in facts]
        if after_condition:
            return unsure
        rest = _read_facts(
            Item(item.side, _after_condition(prepared), item.section, sub), after_condition=True
        )
        return [*[f for f in rest if f.kind not in _WHO_KINDS], *unsure]
    if facts:
        return facts

    # 2. consent, willingness, investigator judgement near the start
    if paper is not None:
        return [paper]

    # 3. a diagnosis stated up front ("Histologically confirmed neuroblastoma"), with its status and markers
    short = len(words) <= 8
    diag_read: list[Fact] | None = None  # step 6 reads the diagnosis the same way: read once
    if item.side == "inclusion" and (
        diagnosis.diagnosis_cue_at_start(words)
        or ((item.section or "").upper().startswith("DISEASE") and not _starts_negated(words))
    ):
        diag = diag_read = diagnosis.read_diagnosis(
            prepared, toks, words, side=item.side, section=item.section, short_item=short
        )
        if any(
            f.kind is Kind.DIAGNOSIS
            and isinstance(f.rule, DiagnosisRule)
            and any(is_cancer(c) for c in f.rule.concepts)
            for f in diag
        ):
            marker = checks.read_biomarker(toks, words, prepared)
            if marker is None:
                return diag
            # "Subjects with CD33 positive leukemia cells" is first a marker; "Diagnosis of X with Y" is not
            return [*diag, marker] if diagnosis.diagnosis_cue_at_start(words) else [marker, *diag]

    # "recovered from the toxic effects of prior therapy": a doctor's check, though it names treatments
    recovery = wset & {"recovered", "recovery", "recover", "recovering"}
    settled = wset & {"grade", "baseline", "ctcae", "resolved", "returned"}
    if recovery or (wset & wording.RECOVERY and settled):
        return [Fact(Kind.CLINICAL, CheckRule("recovery from earlier treatment"))]

    # taking part in another study now is the study team's question, not a past treatment
    if (
        wset & wording.ENROLLED
        and wset & {"study", "trial", "studies", "trials", "protocol"}
        and not (wset & {"within", "prior", "previous", "previously", "received", "last", "past", "since"})
    ):
        return [Fact(Kind.PAPERWORK, CheckRule("study enrollment"))]
    if wset & wording.CONTRACEPTION:
        return [Fact(Kind.PREGNANCY)]  # preventing a pregnancy: the study team explains what is needed

    # 4. health conditions and treatments the answers ask about (several may share one item)
    tx_hits = treatments.find_treatments(toks)
    found = health.read_conditions(toks, words)

    def named() -> bool:
        return any(is_cancer(c) for c in concepts_in_text(prepared) if c not in broad_concepts())

    other_cancer = health.read_other_cancer(toks, words, side=item.side, named_cancers=named)
    if other_cancer is not None:
        found.append(other_cancer)
    transplant = health.read_transplant(toks, words, tx_hits)
    if transplant is not None:
        found.append(transplant)
    kinds_found = {f.kind for f in found}
    tx = treatments.read_treatments(toks, words, prepared, named_too=not found, hits=tx_hits)
    if tx is not None and isinstance(tx.rule, TreatmentRule):
        ids = tuple(
            i
            for i in tx.rule.treatments
            if i not in _TRANSPLANT_IDS and not (i == "surgery" and Kind.SURGERY in kinds_found)
        )
        if ids and not (Kind.VACCINE in kinds_found and ids == ("immunotherapy",)):
            if treatments.only_during_study(words):
                found.append(Fact(Kind.PRIOR_TREATMENT, None, True, tx.side_flip))
            else:
                rule = TreatmentRule(ids, tx.rule.within_weeks, tx.rule.qualified)
                found.append(Fact(Kind.PRIOR_TREATMENT, rule, tx.confident, tx.side_flip))
    if found:
        if item.side == "inclusion" and len(found) > 1 and " or " in f" {prepared.lower()} ":
            positives = [f for f in found if not f.side_flip]
            if len(positives) > 1:
                # "HIV positive or hepatitis C positive" as an inclusion: alternatives, none required alone
                found = [Fact(f.kind, f.rule, False, f.side_flip) if f in positives else f for f in found]
        if item.side == "inclusion" and " OR " in prepared:
            # "Kaposi's sarcoma plus HIV infection OR metastatic solid tumor": a cancer named after the OR is
            # another way in, so the condition before it is not required alone
            other_way = _cancers_after_or(prepared)
            if other_way:
                found = [Fact(f.kind, f.rule, False, f.side_flip) if not f.side_flip else f for f in found]
                found.append(Fact(Kind.DIAGNOSIS, DiagnosisRule(tuple(other_way)), False))
        return found

    if ("allerg" in joined or "hypersensitiv" in joined or "intoleran" in joined) and any(
        w.startswith(("allerg", "hypersensitiv", "intoleran")) for w in words
    ):
        return [Fact(Kind.CLINICAL, CheckRule("allergy"))]
    medicines = treatments.read_medicines(words)
    if medicines is not None:
        return [medicines]

    # 5. tests only the care team can read
    for fact in (checks.read_biomarker(toks, words, prepared), checks.read_lab(toks, words, subheading=sub)):
        if fact is not None:
            return [fact]

    # 6. diagnosis or disease status anywhere in the item
    if diag_read is None:
        diag_read = diagnosis.read_diagnosis(
            prepared, toks, words, side=item.side, section=item.section, short_item=short
        )
    if diag_read:
        return diag_read

    # 7. operations, medicines listed under a medication heading, other illnesses, then paperwork
    if (
        any(e in joined for e in wording.OPERATION_ENDINGS)
        and any(w.endswith(wording.OPERATION_ENDINGS) for w in words)
    ) or wset & wording.SURGERY_WORDS:
        return [Fact(Kind.SURGERY)]
    context = f"{item.section or ''} {item.lead or ''}".lower()
    if len(words) <= 10 and any(
        w in context for w in ("medication", "treatment", "therapy", "drugs", "agents")
    ):
        return [Fact(Kind.PRIOR_TREATMENT)]  # "Concurrent Medication: Excluded: - Ganciclovir."
    for fact in (checks.read_clinical(toks, words, subheading=sub), _other_illness(prepared)):
        if fact is not None:
            return [fact]
    paper = checks.read_paperwork(toks, words)
    return [paper if paper is not None else Fact(Kind.OTHER)]


def _other_illness(text: str) -> Fact | None:
    """A named illness that is not a cancer ("Dementia", "Erectile dysfunction"): a doctor's check."""
    names = sorted(c for c in concepts_in_text(text) if not is_cancer(c))
    return Fact(Kind.CLINICAL, CheckRule(names[0].replace("_", " "))) if names else None
