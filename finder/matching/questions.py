"""Which question to ask next, and how many studies may fit so far (for the family app's live line).

The order follows the idea of DQueST (a dynamic questionnaire for trial search): ask first what can rule
out the most studies that are still possible. A topic's weight is the number of still-possible studies with
a confident rule on that topic (the only kind of rule an answer can turn into `not_a_fit`). Diagnosis and
age come first while unanswered: nearly every study depends on them and the SQL prefilter uses them.
A topic no possible study depends on is not asked at all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from finder.answers import Answers
from finder.matching.compiled import SHARED_CACHE, CompiledStudy
from finder.matching.engine import Plan, candidates, plan_for
from finder.matching.verdict import Judge
from finder.store.models import Location

TOPICS: tuple[str, ...] = (
    "age",
    "sex",
    "weight",
    "diagnosis",
    "disease_status",
    "treatments",
    "weeks_since_last_treatment",
    "health",
    "performance",
    "location",
)
_FIRST = ("diagnosis", "age")


def answered(topic: str, answers: Answers) -> bool:
    """Whether the family has given an answer for the topic (a "not sure" is no answer)."""
    value = {
        "age": answers.age,
        "sex": answers.sex,
        "weight": answers.weight,
        "diagnosis": answers.diagnosis,
        "disease_status": answers.disease_status,
        "treatments": answers.treatments or None,
        "weeks_since_last_treatment": answers.weeks_since_last_treatment,
        "health": answers.health or None,
        "performance": answers.performance,
        "location": answers.location,
    }[topic]
    return value is not None


def possible_studies(session: Session, answers: Answers, *, any_status: bool = False) -> list[CompiledStudy]:
    """Studies not ruled out by the answers so far (fits or may_fit)."""
    plan: Plan = plan_for(answers, any_status=any_status, subject="child")
    studies, _ = candidates(session, plan, SHARED_CACHE)
    judge = Judge(answers, plan.ctx)
    return [s for s in studies if judge.could_fit(s.facts, s.criteria, s.keys)]


def count_may_fit(session: Session, answers: Answers, *, any_status: bool = False) -> int:
    """How many studies are not ruled out so far ("N studies may fit so far")."""
    return len(possible_studies(session, answers, any_status=any_status))


def plan_questions(
    session: Session, answers: Answers, *, asked: Collection[str] = (), any_status: bool = False
) -> list[str]:
    """Topics still worth asking, most decisive first.

    A topic already answered, or listed in `asked` (the app asked it and the family said "not sure" or
    skipped), is left out, as is any topic no still-possible study depends on. `location` never rules a
    study out; it is asked last when some possible study has a located site.
    """
    studies = possible_studies(session, answers, any_status=any_status)
    depends: Counter[str] = Counter()
    decisive: Counter[str] = Counter()
    for s in studies:
        depends.update(s.topics)
        decisive.update(s.decisive_topics)
    open_topics = [t for t in TOPICS if t != "location" and not answered(t, answers) and t not in asked]
    relevant = [t for t in open_topics if depends[t] > 0]
    first = [t for t in _FIRST if t in relevant]
    rest = sorted(
        (t for t in relevant if t not in first), key=lambda t: (-decisive[t], -depends[t], TOPICS.index(t))
    )
    order = first + rest
    if "location" not in asked and not answered("location", answers) and _any_located(session, studies):
        order.append("location")
    return order


def _any_located(session: Session, studies: list[CompiledStudy]) -> bool:
    ids = [s.trial_id for s in studies]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        stmt = (
            select(Location.id).where(Location.trial_id.in_(chunk), Location.latitude.is_not(None)).limit(1)
        )
        if session.scalar(stmt) is not None:
            return True
    return False
