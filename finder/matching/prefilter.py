"""The SQL half of matching: which studies are offered at all (status) and which of those could still fit
(age, sex, diagnosis), so that rules are evaluated in Python only for those.

The prefilter may drop only studies that full evaluation would call `not_a_fit` anyway: its age limits are
one unit looser than the registry's (evaluation settles the edge), sex drops only a study for the other sex
when the sex was given, and diagnosis drops only studies whose every concept is unrelated to the family's
(neither the same, an ancestor nor a descendant), conditions and inclusion criteria alike. A study whose
conditions name no concept at all is always kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, or_, select, true
from sqlalchemy.orm import Session

from finder.answers import Answers
from finder.store.models import Trial, TrialConcept, TrialEligibilityConcept

OPEN_STATUSES: tuple[str, ...] = ("RECRUITING", "NOT_YET_RECRUITING")
DAYS_PER_YEAR = 365.25
# The registry's "12 Years" takes a child until the 13th birthday; the widest unit is a year.
_MAX_AGE_SLACK_DAYS = DAYS_PER_YEAR + 1
_MIN_AGE_SLACK_DAYS = 1.0  # float rounding between "12 Months" and "1 Year"


@dataclass(frozen=True, slots=True)
class Prefilter:
    any_status: bool = False
    age_days: float | None = None
    sex: str | None = None  # "female" | "male"
    related_concepts: frozenset[str] | None = None  # the family's concept with its ancestors and descendants

    @classmethod
    def build(cls, answers: Answers, related: frozenset[str] | None, *, any_status: bool) -> Prefilter:
        age_days = None if answers.age is None else answers.age.years * DAYS_PER_YEAR
        return cls(any_status=any_status, age_days=age_days, sex=answers.sex, related_concepts=related)


def offered(any_status: bool) -> ColumnElement[bool]:
    """Studies offered for matching: open ones (or with no status given), or all with `any_status`."""
    if any_status:
        return true()
    return or_(Trial.overall_status.in_(OPEN_STATUSES), Trial.overall_status.is_(None))


def could_fit(f: Prefilter) -> ColumnElement[bool]:
    """Age, sex and diagnosis conditions; each is left out when its answer is not given."""
    parts: list[ColumnElement[bool]] = []
    if f.age_days is not None:
        # `+ 0` keeps SQLite from driving the query off an age index, which matches nearly every study and
        # then reads each (long) row; the status index or the diagnosis list are far more selective.
        low, high = Trial.min_age_days + 0, Trial.max_age_days + 0
        parts.append(or_(Trial.min_age_days.is_(None), low <= f.age_days + _MIN_AGE_SLACK_DAYS))
        parts.append(or_(Trial.max_age_days.is_(None), high >= f.age_days - _MAX_AGE_SLACK_DAYS))
    if f.sex is not None:
        parts.append(or_(Trial.sex.is_(None), func.upper(Trial.sex).in_(("ALL", f.sex.upper(), ""))))
    if f.related_concepts is not None:
        # Uncorrelated subqueries: the database evaluates each once, not once per study.
        named = sorted(f.related_concepts)
        related = select(TrialConcept.trial_id).where(TrialConcept.concept_id.in_(named))
        # the eligibility may take the diagnosis where the conditions leave it out: such a study is kept
        taken = select(TrialEligibilityConcept.trial_id).where(TrialEligibilityConcept.concept_id.in_(named))
        any_concept = select(TrialConcept.trial_id)
        parts.append(or_(Trial.id.in_(related), Trial.id.in_(taken), Trial.id.not_in(any_concept)))
    return and_(true(), *parts)


def count_offered(session: Session, any_status: bool) -> int:
    return int(session.scalar(select(func.count()).select_from(Trial).where(offered(any_status))) or 0)
