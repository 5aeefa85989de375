"""A whole study against the answers: the study's conditions, its registry age and sex limits, and every
criterion, folded into one verdict (fits / may_fit / not_a_fit) with its reasons."""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from finder.answers import Answers
from finder.criteria.model import CheckRule, Criterion, Kind, RangeRule, SexRule
from finder.matching.evaluate import (
    CHECK_KINDS,
    ConceptTree,
    EvalContext,
    concept_relation,
    evaluate,
    make_reason,
    range_outcome,
)
from finder.matching.outcome import Outcome
from finder.matching.results import Match, Reason, SiteDistance, Status, Verdict

_DAYS_PER_YEAR = 365.25
_UNIT_YEARS = {
    "year": 1.0,
    "month": 1 / 12,
    "week": 7 / _DAYS_PER_YEAR,
    "day": 1 / _DAYS_PER_YEAR,
    "hour": 1 / (24 * _DAYS_PER_YEAR),
    "minute": 1 / (1440 * _DAYS_PER_YEAR),
}
_AGE_RAW = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-z]+?)s?\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class StudyFacts:
    """What matching needs to know about a study besides its criteria (read from the store)."""

    nct_id: str
    title: str
    conditions: tuple[str, ...] = ()
    phases: tuple[str, ...] = ()
    overall_status: str | None = None
    min_age_raw: str | None = None
    max_age_raw: str | None = None
    min_age_days: float | None = None
    max_age_days: float | None = None
    sex: str | None = None
    concepts: frozenset[str] = frozenset()
    eligibility_concepts: frozenset[str] = frozenset()  # diagnoses its inclusion criteria name
    criteria_read: bool = True  # False when the store holds no parsed criteria for it (parser not run)
    key: int = -1  # `study_key(self)` when prepared ahead (see finder.matching.compiled)


class Judge:
    """Judges many studies against one set of answers, remembering what repeats between studies: the same
    rule (an age range, "no HIV") gets the same outcome and explanation whatever study it comes from, and
    studies with the same conditions and registry limits get the same study-level reasons."""

    def __init__(self, answers: Answers, ctx: EvalContext) -> None:
        self.answers = answers
        self.ctx = ctx
        self._items: dict[int, Reason] = {}
        self._studies: dict[int, list[Reason]] = {}
        self._subs: dict[int, Reason] = {}  # sub-items, by `item_key`, as `_as_sub_item` shows them

    def item(self, c: Criterion, key: int | None = None) -> Reason:
        """`evaluate(c)`, memoised by `item_key(c)` (pass it when it is known, to skip hashing the rule)."""
        if key is None:
            key = item_key(c)
        hit = self._items.get(key)
        if hit is None:
            hit = self._items[key] = evaluate(c, self.answers, self.ctx)
        return _with_text(hit, c)

    def study_reasons(self, facts: StudyFacts) -> list[Reason]:
        """The study's conditions against the diagnosis, and its registry age and sex limits."""
        key = facts.key if facts.key >= 0 else study_key(facts)
        hit = self._studies.get(key)
        if hit is None:
            hit = [study_diagnosis_reason(facts, self.answers, self.ctx)]
            hit.extend(registry_reasons(facts, self.answers, self.ctx))
            if not facts.criteria_read:
                outcome = Outcome(Status.UNKNOWN, "check.unparsed", {})
                hit.append(make_reason("inclusion", _UNREAD, Kind.OTHER, outcome, self.ctx))
            self._studies[key] = hit
        return hit

    def match(
        self,
        facts: StudyFacts,
        criteria: Sequence[Criterion],
        *,
        nearest_site: SiteDistance | None = None,
        static: dict[int, Reason] | None = None,
        keys: Sequence[int] | None = None,
        child_keys: Sequence[Sequence[int]] | None = None,
    ) -> Match:
        """The study's verdict with every reason. `static` holds reasons (by position) no answer changes;
        `keys` the items' `item_key`s and `child_keys` their sub-items' (by position), all prepared once per
        study by the caller."""
        reasons = list(self.study_reasons(facts))
        items = self._items
        for i, criterion in enumerate(criteria):
            cached = static.get(i) if static is not None else None
            if cached is None:  # `self.item(...)`, inlined: this loop runs for every item of every study
                key = keys[i] if keys is not None else item_key(criterion)
                cached = items.get(key)
                if cached is None:
                    cached = items[key] = evaluate(criterion, self.answers, self.ctx)
                elif cached.criterion != criterion.text:
                    cached = _with_text(cached, criterion)
            reasons.append(cached)
            children = criterion.children
            if children:
                sub_keys = child_keys[i] if child_keys is not None and i < len(child_keys) else ()
                for j, child in enumerate(children):
                    reasons.append(self.sub_item(child, sub_keys[j] if sub_keys else None))
        return Match(
            nct_id=facts.nct_id,
            verdict=verdict_of(reasons),
            reasons=tuple(reasons),
            title=facts.title,
            conditions=facts.conditions,
            phases=facts.phases,
            overall_status=facts.overall_status,
            minimum_age=facts.min_age_raw,
            maximum_age=facts.max_age_raw,
            nearest_site=nearest_site,
        )

    def sub_item(self, c: Criterion, key: int | None = None) -> Reason:
        """`_as_sub_item(self.item(c))`, memoised like `item` (a sub-item never rules a study out)."""
        if key is None:
            key = item_key(c)
        hit = self._subs.get(key)
        if hit is None:
            hit = self._subs[key] = _as_sub_item(self.item(c, key), self.ctx)
        return _with_text(hit, c)

    def could_fit(
        self, facts: StudyFacts, criteria: Sequence[Criterion], keys: Sequence[int] | None = None
    ) -> bool:
        """`match(...).verdict is not NOT_A_FIT`, stopping at the first item not met (sub-items never rule
        a study out, and static items are never not met). A negative key marks a static item."""
        if any(r.status is Status.NOT_MET for r in self.study_reasons(facts)):
            return False
        if keys is None:
            keys = [-1 if is_static(c) else item_key(c) for c in criteria]
        items = self._items
        for c, k in zip(criteria, keys, strict=True):
            if k < 0:
                continue
            hit = items.get(k)  # only the status counts here: no Reason is built for this study's text
            if (hit if hit is not None else self.item(c, k)).status is Status.NOT_MET:
                return False
        return True


# Small integers standing for what an outcome depends on, so that the per-run memo hashes an int rather than
# a rule. They name trial data only (rules, registry limits), never answers.
# The table is emptied when it reaches KEYS_BOUND (a study key holds its conditions and title, so it would
# otherwise grow with every study ever compiled, long after the study cache let them go). Numbers come from
# one counter and are never given twice: a compiled study still holding a number from before a clear can
# only miss in the memo, never share a verdict with a different study.
KEYS_BOUND = 200_000
_KEYS: dict[tuple[object, ...], int] = {}
_KEYS_LOCK = threading.Lock()
_NEXT_KEY = itertools.count()


def _intern(key: tuple[object, ...]) -> int:
    found = _KEYS.get(key)
    if found is None:
        with _KEYS_LOCK:
            found = _KEYS.get(key)
            if found is None:
                if len(_KEYS) >= KEYS_BOUND:
                    _KEYS.clear()
                found = _KEYS[key] = next(_NEXT_KEY)
    return found


def _with_text(reason: Reason, c: Criterion) -> Reason:
    """A memoised reason shown for an item with the same rule: as is, or with that item's own text."""
    if reason.criterion == c.text:
        return reason
    return Reason(
        c.side, c.text, c.kind, reason.status, reason.explanation, reason.message_id, reason.message_args
    )


def item_key(c: Criterion) -> int:
    """Everything an item's outcome depends on besides the answers (its text only shows in the Reason)."""
    return _intern(("item", c.side, c.kind, c.rule, c.confident))


def study_key(facts: StudyFacts) -> int:
    return _intern(
        (
            "study",
            facts.conditions,
            facts.title,  # the diagnosis reason reads the title too (the sponsor's own words)
            facts.concepts,
            facts.eligibility_concepts,
            facts.min_age_raw,
            facts.max_age_raw,
            facts.min_age_days,
            facts.max_age_days,
            facts.sex,
            facts.criteria_read,
        )
    )


_UNREAD = "Eligibility criteria (not read yet)"


def judge_study(
    facts: StudyFacts,
    criteria: Sequence[Criterion],
    answers: Answers,
    ctx: EvalContext,
    *,
    nearest_site: SiteDistance | None = None,
    static: dict[int, Reason] | None = None,
) -> Match:
    """One study's verdict with its reasons. `static` holds reasons already known for criteria (by position)
    whose outcome no answer changes (lab, biomarker, paperwork ...)."""
    return Judge(answers, ctx).match(facts, criteria, nearest_site=nearest_site, static=static)


def could_fit(facts: StudyFacts, criteria: Sequence[Criterion], answers: Answers, ctx: EvalContext) -> bool:
    return Judge(answers, ctx).could_fit(facts, criteria)


def verdict_of(reasons: Iterable[Reason]) -> Verdict:
    """not_a_fit on any not-met item; fits when nothing is left to check but paperwork; else may_fit."""
    open_items = False
    for r in reasons:
        if r.status is Status.NOT_MET:
            return Verdict.NOT_A_FIT
        if r.status is Status.UNKNOWN and r.kind is not Kind.PAPERWORK:
            open_items = True
    return Verdict.MAY_FIT if open_items else Verdict.FITS


def is_static(criterion: Criterion) -> bool:
    """An item whose outcome no answer can change (lab, biomarker, paperwork, not understood)."""
    return criterion.kind in CHECK_KINDS or criterion.rule is None or isinstance(criterion.rule, CheckRule)


def _as_sub_item(reason: Reason, ctx: EvalContext) -> Reason:
    # A sub-item may be one of several alternatives ("relapsed: ...; refractory: ..."): it can support a
    # study but never rule it out on its own.
    if reason.status is not Status.NOT_MET:
        return reason
    return make_reason(
        reason.side, reason.criterion, reason.kind, Outcome(Status.UNKNOWN, "check.unsure", {}), ctx
    )


def study_diagnosis_reason(facts: StudyFacts, answers: Answers, ctx: EvalContext) -> Reason:
    """Is the study about the family's diagnosis at all? Only a clear "unrelated" rules it out."""
    conditions = list(facts.conditions) or [facts.title]
    text = "Conditions: " + "; ".join(conditions)
    args: dict[str, object] = {"conditions": conditions}
    if not answers.diagnosis:
        outcome = Outcome(Status.UNKNOWN, "study.diagnosis_not_given", args)
    elif ctx.family_concept is None or ctx.tree is None:
        outcome = Outcome(
            Status.UNKNOWN, "study.diagnosis_unrecognized", {**args, "family": answers.diagnosis}
        )
    elif not facts.concepts:
        outcome = Outcome(Status.UNKNOWN, "study.diagnosis_unmapped", args)
    else:
        args["family"] = f"@concept:{ctx.family_concept}"
        concepts = tuple(facts.concepts)
        loose = concept_relation(concepts, ctx.family_concept, ctx.tree)
        strict = concept_relation(concepts, ctx.family_concept, ctx.tree, specific=True)
        if loose == "unrelated" or _weak_link(ctx, facts, ctx.family_concept):
            outcome = Outcome(Status.NOT_MET, "study.diagnosis_other", args)
            if _eligibility_takes(facts, ctx.family_concept, ctx.tree):
                outcome = Outcome(Status.UNKNOWN, "study.diagnosis_in_eligibility", args)
        elif strict in ("same", "broader"):
            outcome = Outcome(Status.MET, "study.diagnosis_met", args)
        elif "narrower" in (strict, loose):
            outcome = Outcome(Status.UNKNOWN, "study.diagnosis_narrower", args)
        else:  # a group the sponsor named ("Advanced Solid Tumors") beside other cancers holds the family's
            outcome = Outcome(Status.UNKNOWN, "study.diagnosis_broad", args)
    return make_reason("inclusion", text, Kind.DIAGNOSIS, outcome, ctx)


def _eligibility_takes(facts: StudyFacts, family: str, tree: ConceptTree) -> bool:
    """The inclusion criteria name a diagnosis related to the family's that the conditions leave out
    ("leukemia, lymphoma, or other solid tumor" under conditions "Leukemia; Lymphoma"). A name that only
    widens every one of the study's own conditions ("lymphoma" in a study of follicular lymphoma) is how the
    criteria refer to those conditions, not more of them, and counts for nothing."""
    for named in facts.eligibility_concepts:
        if all(named == own or named in tree.ancestors(own) for own in facts.concepts):
            continue
        if concept_relation((named,), family, tree) != "unrelated":
            return True
    return False


def _weak_link(ctx: EvalContext, facts: StudyFacts, family: str) -> bool:
    """The study reaches the family's diagnosis only through MeSH parents or a bare "Cancer" listed beside
    other cancers (see finder.vocabulary_evidence); a tree without that knowledge never says so."""
    check = getattr(ctx.tree, "weak_link", None)
    return bool(check(facts.concepts, facts.conditions, family, facts.title)) if check is not None else False


def _raw_years(raw: str | None) -> tuple[float, float] | None:
    """ "12 Years" -> (12.0, 1.0): the value in years and the size of its unit in years."""
    if not raw:
        return None
    m = _AGE_RAW.match(raw)
    if not m:
        return None
    unit = _UNIT_YEARS.get(m.group(2).lower())
    if unit is None:
        return None
    return float(m.group(1)) * unit, unit


def registry_age_limits(facts: StudyFacts) -> tuple[RangeRule, RangeRule] | None:
    return _age_limits(facts.min_age_raw, facts.max_age_raw, facts.min_age_days, facts.max_age_days)


@lru_cache(maxsize=4096)  # a registry uses a few hundred distinct age limits
def _age_limits(
    min_raw: str | None, max_raw: str | None, min_days: float | None, max_days: float | None
) -> tuple[RangeRule, RangeRule] | None:
    """(limits as shown, limits as compared) from the registry fields, or None when there are none.

    A maximum of "12 Years" takes a child until the 13th birthday (ages are said in whole units), so the
    compared maximum is one unit past the registered one, exclusive."""
    lo = _raw_years(min_raw)
    hi = _raw_years(max_raw)
    minimum = lo[0] if lo else (min_days / _DAYS_PER_YEAR if min_days is not None else None)
    maximum = hi[0] if hi else (max_days / _DAYS_PER_YEAR if max_days is not None else None)
    if minimum is None and maximum is None:
        return None
    shown = RangeRule("age_years", minimum, maximum)
    if maximum is None:
        return shown, shown
    unit = hi[1] if hi else 1 / _DAYS_PER_YEAR
    return shown, RangeRule("age_years", minimum, maximum + unit, max_inclusive=False)


def registry_reasons(facts: StudyFacts, answers: Answers, ctx: EvalContext) -> list[Reason]:
    out: list[Reason] = []
    limits = registry_age_limits(facts)
    if limits is not None:
        shown, compared = limits
        text = _age_text(facts)
        years = None if answers.age is None else answers.age.years
        outcome = range_outcome("inclusion", shown, years, "age", bounds=compared)
        out.append(make_reason("inclusion", text, Kind.AGE, outcome, ctx))
    sex = (facts.sex or "").strip().lower()
    if sex in ("female", "male"):
        rule = SexRule(sex)  # type: ignore[arg-type]
        criterion = Criterion("inclusion", f"Sex: {sex.title()} (registry)", Kind.SEX, rule)
        out.append(evaluate(criterion, answers, ctx))
    return out


def _age_text(facts: StudyFacts) -> str:
    lo, hi = facts.min_age_raw, facts.max_age_raw
    lo = lo if lo and _raw_years(lo) else None
    hi = hi if hi and _raw_years(hi) else None
    if lo and hi:
        body = f"Ages {lo} to {hi}"
    elif lo:
        body = f"Ages {lo} and up"
    elif hi:
        body = f"Ages up to {hi}"
    else:
        days = [d for d in (facts.min_age_days, facts.max_age_days) if d is not None]
        body = "Ages " + " to ".join(f"{d:g} days" for d in days)
    return f"{body} (registry age limits)"
