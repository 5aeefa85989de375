"""Treatments so far and health conditions against the answers (the items most studies exclude on).

An answer only counts when it was given: an absent id is "not sure". A qualifier the answers cannot settle
("active", "uncontrolled", "within 4 weeks" without the weeks) keeps a "yes" from ruling a study out, while a
clear "no" still settles it: no hepatitis B at all means no active hepatitis B either.
"""

from __future__ import annotations

from typing import Any

from finder.answers import Answers
from finder.criteria.model import HealthRule, TreatmentRule
from finder.matching.messages import number
from finder.matching.outcome import Outcome
from finder.matching.results import Status

# The treatments `weeks_since_last_treatment` speaks about ("the last chemotherapy, radiotherapy or other
# cancer treatment"). Surgery and organ transplants are not counted in it.
CANCER_TREATMENTS: frozenset[str] = frozenset(
    {
        "chemotherapy",
        "radiotherapy",
        "autologous_transplant",
        "allogeneic_transplant",
        "car_t",
        "gene_therapy",
        "immunotherapy",
        "checkpoint_inhibitor",
        "targeted_therapy",
        "investigational_drug",
    }
)
_PREGNANCY = frozenset({"pregnant", "breastfeeding"})
_PREGNANCY_MIN_AGE = 8.0  # years; well below any recorded pregnancy age in a study population


def _outcome(status: Status, message: str, args: dict[str, Any]) -> Outcome:
    return Outcome(status, message, args)


def any_of(values: list[bool | None]) -> bool | None:
    """True if any is yes, False if all are no, else not sure."""
    if any(v is True for v in values):
        return True
    if values and all(v is False for v in values):
        return False
    return None


def treatment(side: str, rule: TreatmentRule, answers: Answers) -> Outcome:
    names = [f"@term.treatment.{t}" for t in rule.treatments]
    had = any_of([answers.treatment(t) for t in rule.treatments])
    args: dict[str, Any] = {"treatments": names}
    if rule.within_weeks is not None:
        args["weeks"] = number(rule.within_weeks)
    if rule.within_weeks is not None:
        return _within(side, rule, answers, had, args)
    if had is None:
        return _outcome(Status.UNKNOWN, "treatment.unknown", args)
    if rule.qualified and had:  # "prior X of the same class": the answers do not say which class
        return _outcome(Status.UNKNOWN, "treatment.qualified", args)
    if side == "exclusion":
        return (
            _outcome(Status.NOT_MET, "treatment.excluded", args)
            if had
            else _outcome(Status.MET, "treatment.not_excluded", args)
        )
    return (
        _outcome(Status.MET, "treatment.required_met", args)
        if had
        else _outcome(Status.NOT_MET, "treatment.required_not_met", args)
    )


def _within(
    side: str, rule: TreatmentRule, answers: Answers, had: bool | None, args: dict[str, Any]
) -> Outcome:
    """ "X within N weeks". The answers give only the time since the *last* cancer treatment, so that time
    speaks about X only when X is counted in it, and it names X as the last treatment only when every other
    cancer treatment was answered "no". A `qualified` window ("or 5 half-lives, whichever is shorter") may be
    shorter or longer than N weeks, so only a clear "never had X" settles it."""
    weeks = rule.within_weeks
    assert weeks is not None
    since = answers.weeks_since_last_treatment
    if had is False:
        if side == "exclusion":
            return _outcome(Status.MET, "treatment.window_never", args)
        return _outcome(Status.NOT_MET, "treatment.required_not_met", args)
    if since is None:
        return _outcome(Status.UNKNOWN, "treatment.window_unknown", args)
    args["since"] = number(since)
    all_counted = set(rule.treatments) <= CANCER_TREATMENTS
    others = CANCER_TREATMENTS - set(rule.treatments)
    last_is_x = had is True and all(answers.treatment(t) is False for t in others)
    if rule.qualified:
        return _outcome(Status.UNKNOWN, "treatment.window_which", args)
    if side == "exclusion":
        if since >= weeks and all_counted:
            # No cancer treatment at all in the window, so none of X either.
            return _outcome(Status.MET, "treatment.window_met", args)
        if since < weeks and last_is_x:
            return _outcome(Status.NOT_MET, "treatment.window_not_met", args)
        return _outcome(Status.UNKNOWN, "treatment.window_which", args)
    # inclusion: "has received X within N weeks" (rare)
    if since > weeks and all_counted and had is True:
        return _outcome(Status.NOT_MET, "treatment.required_window_not_met", args)
    if since <= weeks and last_is_x:
        return _outcome(Status.MET, "treatment.required_window_met", args)
    return _outcome(Status.UNKNOWN, "treatment.window_which", args)


def _condition_answer(cid: str, qualifiers: tuple[str, ...], answers: Answers) -> tuple[bool | None, bool]:
    """(answer for this condition as the rule states it, whether a qualifier left a "yes" unsettled)."""
    value = answers.has(cid)
    if (
        cid in _PREGNANCY
        and value is None
        and (answers.sex == "male" or (answers.age is not None and answers.age.years < _PREGNANCY_MIN_AGE))
    ):
        return False, False  # a boy, or a young child: no need to ask the care team about pregnancy
    if cid == "cns_involvement" and "symptomatic" in qualifiers:
        # "symptomatic CNS disease": the cns_symptoms answer settles it; no CNS involvement at all does too.
        symptoms = answers.has("cns_symptoms")
        if value is False or symptoms is False:
            return False, False
        return symptoms, symptoms is None and value is True
    unsettled = [q for q in qualifiers if q != "symptomatic" or cid != "cns_symptoms"]
    if value is True and unsettled:
        return None, True
    return value, False


def health(side: str, rule: HealthRule, answers: Answers) -> Outcome:
    names = [f"@term.health.{h}" for h in rule.conditions]
    results = [_condition_answer(h, rule.qualifiers, answers) for h in rule.conditions]
    has = any_of([r[0] for r in results])
    args: dict[str, Any] = {"conditions": names}
    if rule.qualifiers:
        args["qualifiers"] = [f"@term.qualifier.{q.replace(' ', '_')}" for q in rule.qualifiers]
    if has is None:
        qualified = any(r[1] for r in results)
        return _outcome(Status.UNKNOWN, "health.qualified" if qualified else "health.unknown", args)
    if side == "exclusion":
        return (
            _outcome(Status.NOT_MET, "health.excluded", args)
            if has
            else _outcome(Status.MET, "health.not_excluded", args)
        )
    return (
        _outcome(Status.MET, "health.required_met", args)
        if has
        else _outcome(Status.NOT_MET, "health.required_not_met", args)
    )
