"""The finder functions the Backend runs in its workers, each in one place (imported late, so opening the
window does not wait for the matching engine, the vocabulary or the place tables to load)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Literal

from finder.answers import Answers, Place

# The order of the summary, and what is asked if the planner fails: roughly what rules out most first.
DEFAULT_TOPICS: tuple[str, ...] = (
    "diagnosis",
    "age",
    "disease_status",
    "sex",
    "weight",
    "treatments",
    "weeks_since_last_treatment",
    "performance",
    "health",
    "location",
)


@dataclass(frozen=True, slots=True)
class DiagnosisChoice:
    """One diagnosis the family can pick: shown in their language, stored in English (what matching reads)."""

    concept_id: str
    label: str
    english: str
    explain: str = ""


def open_store(url: str | None) -> Any:
    from finder.store.database import open_store as _open

    return _open(url)


def stats(store: Any) -> Any:
    from finder.store.read import store_stats

    with store.session() as session:
        return store_stats(session)


def plan(store: Any, answers: Answers, asked: Collection[str] = ()) -> list[str]:
    """Topics still worth asking, most decisive first. `asked`: shown already (not sure, skipped)."""
    from finder.matching.questions import plan_questions

    with store.session() as session:
        return list(plan_questions(session, answers, asked=tuple(asked)))


def count(store: Any, answers: Answers) -> int:
    from finder.matching.questions import count_may_fit

    with store.session() as session:
        return int(count_may_fit(session, answers))


def matches(store: Any, answers: Answers, subject: str = "child") -> Any:
    from finder.matching.engine import match_answers

    with store.session() as session:
        report = match_answers(session, answers, subject=_subject(subject))
        if report.total and not any(m.verdict.value != "not_a_fit" for m in report.results):
            # Nothing may fit: judge the studies the SQL prefilter set aside too, so the results page can
            # show the almost-fits and say which answer ruled out most (G2; only in this rare case, as it
            # reads every offered study).
            report = match_answers(session, answers, subject=_subject(subject), include_prefiltered=True)
        return report


def study(store: Any, nct_id: str, answers: Answers, subject: str = "child") -> tuple[Any, Any]:
    from finder.matching.engine import explain_study
    from finder.store.read import get_study

    with store.session() as session:
        return get_study(session, nct_id), explain_study(session, nct_id, answers, subject=_subject(subject))


def _subject(subject: str) -> Literal["child", "self", "other"]:
    return "self" if subject == "self" else "other" if subject == "other" else "child"


def _vocabulary() -> Any:
    from finder.vocabulary import load_vocabulary

    return load_vocabulary()


def _choice(vocab: Any, concept_id: str, label: str, lang: str) -> DiagnosisChoice:
    concept = vocab.concept(concept_id)
    explain = concept.lay.get(lang) or concept.lay.get("en", "")
    return DiagnosisChoice(concept_id, label, concept.label.get("en", label), explain)


def suggest(text: str, lang: str, limit: int = 8) -> list[DiagnosisChoice]:
    if not text.strip():
        return []
    vocab = _vocabulary()
    return [_choice(vocab, s.concept_id, s.label, lang) for s in vocab.suggest(text, lang, limit) or []]


def broader(lang: str) -> list[DiagnosisChoice]:
    vocab = _vocabulary()
    out = []
    for c in vocab.broader_choices(lang) or []:
        label = c.label.get(lang) or c.label.get("en", c.id)
        explain = c.lay.get(lang) or c.lay.get("en", "")
        out.append(DiagnosisChoice(c.id, label, c.label.get("en", label), explain))
    return out


def resolve_place(place: Place) -> tuple[Any, bool]:
    """(GeoPoint | None, whether a place table was there to ask: always, now that finder.places exists)."""
    from finder.places import resolve_place as _resolve

    return _resolve(place), True


def warm_up_places() -> None:
    """Open the place index (building it on a machine's first start) before a family asks a distance."""
    from finder.places import warm_up

    warm_up()


def country_names() -> list[str]:
    from finder.places import country_names as _names

    return list(_names())


def forget() -> None:
    """Drop what the finder memoised from the last family's answers (kiosk reset, Start over)."""
    from finder.matching.engine import forget_answers

    forget_answers()
