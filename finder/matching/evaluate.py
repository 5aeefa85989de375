"""One criterion against a family's answers -> met / not met / unknown, with a plain one-sentence reason.

The rule of the house: `not_met` only when (1) the criterion was understood with confidence, (2) its kind is
one the answers speak to, and (3) the answer it needs was given and clearly contradicts it. Everything else is
`unknown` ("check with your care team"), so that no study a child could join is hidden.

For an exclusion item the rule describes the excluded situation: being clearly in it is `not_met`, being
clearly out of it is `met`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from finder.answers import Answers
from finder.criteria.model import (
    CheckRule,
    Criterion,
    DiagnosisRule,
    DiseaseStatusRule,
    HealthRule,
    Kind,
    RangeRule,
    SexRule,
    TreatmentRule,
)
from finder.matching import rules_care
from finder.matching.messages import Subject, message_id_for, number, render_cached
from finder.matching.outcome import Outcome
from finder.matching.performance import score_interval
from finder.matching.ranges import Interval, age_bounds, describe_limits, interval_inside
from finder.matching.results import Reason, Status

# Kinds that no answer can settle: always "unknown", whatever the rule says.
CHECK_KINDS: frozenset[Kind] = frozenset(
    {Kind.LAB, Kind.BIOMARKER, Kind.CLINICAL, Kind.PAPERWORK, Kind.OTHER}
)


class ConceptTree(Protocol):
    """The part of `finder.vocabulary.Vocabulary` that diagnosis rules need."""

    def ancestors(self, concept_id: str) -> frozenset[str]: ...
    def descendants(self, concept_id: str) -> frozenset[str]: ...


@dataclass(frozen=True, slots=True)
class EvalContext:
    """What evaluation needs besides the answers; built once per match run.

    `family_concept` is the family's diagnosis resolved to a vocabulary concept id (None: not given or not
    recognised); `tree` answers ancestor / descendant questions about concepts; `concept_label` renders a
    concept id in a language for the English explanation (the UI renders other languages itself).
    """

    subject: Subject = "child"
    family_concept: str | None = None
    tree: ConceptTree | None = None
    concept_label: Callable[[str, str], str] | None = None


def evaluate(criterion: Criterion, answers: Answers, ctx: EvalContext | None = None) -> Reason:
    """Judge one criterion. Pure: no database, no files beyond the bundled message catalogue."""
    ctx = ctx or EvalContext()
    outcome = _judge(criterion, answers, ctx)
    if outcome.status is Status.NOT_MET and not criterion.confident:
        # The wording leaves room for doubt ("unless", hedges): never let it rule a study out.
        outcome = Outcome(Status.UNKNOWN, "check.unsure", {})
    return make_reason(criterion.side, criterion.text, criterion.kind, outcome, ctx)


def make_reason(side: Any, text: str, kind: Kind, outcome: Outcome, ctx: EvalContext) -> Reason:
    message_id = message_id_for(outcome.message, ctx.subject)
    return Reason(
        side=side,
        criterion=text,
        kind=kind,
        status=outcome.status,
        explanation=render_cached(message_id, outcome.args, ctx.concept_label),
        message_id=message_id,
        message_args=outcome.args,
    )


def _judge(c: Criterion, answers: Answers, ctx: EvalContext) -> Outcome:
    rule = c.rule
    if c.kind in CHECK_KINDS or rule is None or isinstance(rule, CheckRule):
        return check_outcome(c)
    if isinstance(rule, RangeRule):
        return _range(c, rule, answers)
    if isinstance(rule, SexRule):
        return _sex(c, rule, answers)
    if isinstance(rule, DiagnosisRule):
        return _diagnosis(c, rule, answers, ctx)
    if isinstance(rule, DiseaseStatusRule):
        return _disease_status(c, rule, answers)
    if isinstance(rule, TreatmentRule):
        return rules_care.treatment(c.side, rule, answers)
    if isinstance(rule, HealthRule):
        return rules_care.health(c.side, rule, answers)
    return check_outcome(c)  # a rule type added later that this module does not know yet


def check_outcome(c: Criterion) -> Outcome:
    """Items only the care team (or the study team) can settle."""
    if c.kind is Kind.PAPERWORK:
        return Outcome(Status.UNKNOWN, "paperwork", {})
    if c.kind is Kind.LAB:
        return Outcome(Status.UNKNOWN, "check.lab", {})
    if c.kind is Kind.BIOMARKER:
        topic = c.rule.topic if isinstance(c.rule, CheckRule) else ""
        return Outcome(
            Status.UNKNOWN, "check.biomarker" if topic else "check.biomarker_any", {"topic": topic}
        )
    if c.kind is Kind.CLINICAL:
        return Outcome(Status.UNKNOWN, "check.clinical", {})
    return Outcome(Status.UNKNOWN, "check.other", {})


# --- numeric ranges: age, weight, performance -----------------------------------------------------------


def _range(c: Criterion, rule: RangeRule, answers: Answers) -> Outcome:
    if rule.quantity == "age_years":
        return range_outcome(c.side, rule, None if answers.age is None else answers.age.years, "age")
    if rule.quantity == "weight_kg":
        return range_outcome(c.side, rule, None if answers.weight is None else answers.weight.kg, "weight")
    return _performance(c, rule, answers)


def range_outcome(
    side: str, rule: RangeRule, value: float | None, topic: str, *, bounds: RangeRule | None = None
) -> Outcome:
    """Age (years) or weight (kg) against a range; `topic` is the message family. `bounds` overrides the
    limits used for the comparison while `rule` is what the explanation shows."""
    limits = describe_limits(rule)
    if value is None:
        return Outcome(Status.UNKNOWN, f"{topic}.unknown", {"limits": limits})
    if bounds is None:
        bounds = age_bounds(rule) if topic == "age" else rule
    inside = interval_inside(Interval(value, value), bounds)
    args = {topic: number(value), "limits": limits}
    if side == "inclusion":
        return (
            Outcome(Status.MET, f"{topic}.met", args)
            if inside
            else Outcome(Status.NOT_MET, f"{topic}.not_met", args)
        )
    return (
        Outcome(Status.NOT_MET, f"{topic}.excluded", args)
        if inside
        else Outcome(Status.MET, f"{topic}.not_excluded", args)
    )


def _performance(c: Criterion, rule: RangeRule, answers: Answers) -> Outcome:
    scale_name = {"lansky": "Lansky", "karnofsky": "Karnofsky", "ecog": "ECOG"}
    limits = describe_limits(rule)
    rule_scale = scale_name[rule.quantity]
    perf = answers.performance
    if perf is None:
        return Outcome(Status.UNKNOWN, "performance.unknown", {"limits": limits, "rule_scale": rule_scale})
    interval = score_interval(perf.scale, perf.value, rule.quantity)
    args: dict[str, Any] = {
        "value": number(perf.value),
        "scale": scale_name[perf.scale],
        "limits": limits,
        "rule_scale": rule_scale,
    }
    mapped = perf.scale != rule.quantity
    if mapped:
        lo, hi = interval.low, interval.high
        args["mapped"] = number(lo) if lo == hi else f"{number(lo)}–{number(hi)}"
    inside = interval_inside(interval, rule)
    suffix = "_mapped" if mapped else ""
    if inside is None:  # the mapped score straddles the limit: the care team has the exact number
        args.setdefault("mapped", args["value"])
        return Outcome(Status.UNKNOWN, "performance.straddles", args)
    if c.side == "inclusion":
        status, msg = (Status.MET, "met") if inside else (Status.NOT_MET, "not_met")
    else:
        status, msg = (Status.NOT_MET, "excluded") if inside else (Status.MET, "not_excluded")
    return Outcome(status, f"performance.{msg}{suffix}", args)


# --- sex, diagnosis, disease status ---------------------------------------------------------------------


def _sex(c: Criterion, rule: SexRule, answers: Answers) -> Outcome:
    args: dict[str, Any] = {"required": f"@term.sex.{rule.sex}"}
    if answers.sex is None:
        return Outcome(Status.UNKNOWN, "sex.unknown", args)
    args["answer"] = f"@term.sex.{answers.sex}"
    same = answers.sex == rule.sex
    if c.side == "inclusion":
        return Outcome(Status.MET, "sex.met", args) if same else Outcome(Status.NOT_MET, "sex.not_met", args)
    return (
        Outcome(Status.NOT_MET, "sex.excluded", args)
        if same
        else Outcome(Status.MET, "sex.not_excluded", args)
    )


def _diagnosis(c: Criterion, rule: DiagnosisRule, answers: Answers, ctx: EvalContext) -> Outcome:
    concepts = [f"@concept:{cid}" for cid in rule.concepts]
    if not answers.diagnosis:
        return Outcome(Status.UNKNOWN, "diagnosis.unknown", {"concepts": concepts})
    family = ctx.family_concept
    if family is None or ctx.tree is None:
        return Outcome(
            Status.UNKNOWN, "diagnosis.unrecognized", {"concepts": concepts, "family": answers.diagnosis}
        )
    args: dict[str, Any] = {"concepts": concepts, "family": f"@concept:{family}"}
    relation = concept_relation(rule.concepts, family, ctx.tree)
    if c.side == "inclusion":
        if relation in ("same", "broader"):
            return Outcome(Status.MET, "diagnosis.met", args)
        if relation == "narrower":
            return Outcome(Status.UNKNOWN, "diagnosis.narrower", args)
        return Outcome(Status.NOT_MET, "diagnosis.not_met", args)
    if relation in ("same", "broader"):
        return Outcome(Status.NOT_MET, "diagnosis.excluded", args)
    if relation == "narrower":  # e.g. APL left out and the family said AML: which type exactly?
        return Outcome(Status.UNKNOWN, "diagnosis.excluded_subtype", args)
    return Outcome(Status.MET, "diagnosis.not_excluded", args)


def concept_relation(
    rule_concepts: tuple[str, ...] | list[str], family: str, tree: ConceptTree, *, specific: bool = False
) -> str:
    """How the concepts relate to the family's: "same", "broader" (one contains the family's), "narrower"
    (one is a subtype of the family's) or "unrelated". With `specific`, broad terms that only sit above a more
    specific one of the same list are set aside first (the vocabulary's `most_specific`), so "Cancer" listed
    beside "Wilms Tumor" does not make a study "for" every cancer."""
    concepts = set(rule_concepts)
    reduce = getattr(tree, "most_specific", None)
    if specific and reduce is not None:
        concepts = set(reduce(concepts))
    if family in concepts:
        return "same"
    if concepts & tree.ancestors(family):
        return "broader"
    if concepts & tree.descendants(family):
        return "narrower"
    return "unrelated"


# What a given disease-status answer clearly rules out. Only contradictions a parent's answer settles beyond
# doubt: a newly diagnosed disease has not relapsed, not been refractory to treatment and is not in remission;
# "relapsed" and "refractory" are used loosely by studies and families alike, and a relapsed disease may be in
# a second remission, so those pairs stay unknown.
_RULES_OUT: dict[str, frozenset[str]] = {
    "newly_diagnosed": frozenset({"relapsed", "refractory", "in_remission"}),
    "relapsed": frozenset({"newly_diagnosed"}),
    "refractory": frozenset({"newly_diagnosed"}),
    "in_remission": frozenset(),
}


def _disease_status(c: Criterion, rule: DiseaseStatusRule, answers: Answers) -> Outcome:
    statuses = [f"@term.status.{s}" for s in rule.statuses]
    answer = answers.disease_status
    if answer is None:
        return Outcome(Status.UNKNOWN, "status.unknown", {"statuses": statuses})
    args: dict[str, Any] = {"statuses": statuses, "answer": f"@term.status.{answer}"}
    named = answer in rule.statuses
    ruled_out = bool(rule.statuses) and set(rule.statuses) <= _RULES_OUT[answer]
    if c.side == "inclusion":
        if named:
            return Outcome(Status.MET, "status.met", args)
        return (
            Outcome(Status.NOT_MET, "status.not_met", args)
            if ruled_out
            else Outcome(Status.UNKNOWN, "status.unclear", args)
        )
    if named:
        return Outcome(Status.NOT_MET, "status.excluded", args)
    return (
        Outcome(Status.MET, "status.not_excluded", args)
        if ruled_out
        else Outcome(Status.UNKNOWN, "status.unclear_excluded", args)
    )
