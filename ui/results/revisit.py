"""Which answer to revisit when nothing fits: the one that ruled out most studies."""

from __future__ import annotations

from collections import Counter

from finder.criteria.model import Kind
from finder.matching.results import Match, MatchReport

# Which question a "not met" item points back to (for "which answer to revisit").
KIND_TOPIC: dict[Kind, str] = {
    Kind.AGE: "age",
    Kind.WEIGHT: "weight",
    Kind.SEX: "sex",
    Kind.DIAGNOSIS: "diagnosis",
    Kind.DISEASE_STATUS: "disease_status",
    Kind.PRIOR_TREATMENT: "treatments",
    Kind.PERFORMANCE: "performance",
    Kind.CNS: "health",
    Kind.INFECTION: "health",
    Kind.PREGNANCY: "health",
    Kind.OTHER_CANCER: "health",
    Kind.TRANSPLANT: "health",
    Kind.VACCINE: "health",
    Kind.SURGERY: "health",
    Kind.HEALTH: "health",
}


def topic_to_revisit(report: MatchReport | None, max_km: float | None) -> str:
    """The answer that ruled out most studies (diagnosis when matching found none for it at all).

    Each study counts once per answer that rules it out, and once more when that answer is the only thing
    in its way: changing it (if it was a mistake) would bring the study back.
    """
    if report is None or not report.results:
        return "diagnosis"
    counts: Counter[str] = Counter()
    for match in report.results:
        topics = {KIND_TOPIC[r.kind] for r in match.not_met if r.kind in KIND_TOPIC}
        for topic in topics:
            counts[topic] += 2 if len(topics) == 1 else 1
    if counts:
        return counts.most_common(1)[0][0]
    return "location" if max_km is not None else "diagnosis"


def unanswered_topics(match: Match, order: tuple[str, ...]) -> list[str]:
    """The questions (in `order`, the flow's order) whose "not sure" or unasked answer left items of the
    study for the care team to check: answering them can shorten the list, never hide the study."""
    unknown = [r for r in match.to_check if r.message_id.endswith(".unknown")]
    wanted = {KIND_TOPIC[r.kind] for r in unknown if r.kind in KIND_TOPIC}
    return [topic for topic in order if topic in wanted]
