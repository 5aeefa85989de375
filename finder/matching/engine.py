"""Matching a family's answers against the store: SQL prefilter, rules in Python, ranking.

Ranking (best first):
1. `fits`, nearest first;
2. `may_fit`: studies whose conditions surely include the diagnosis before those the care team has to
   confirm it for, then fewest things to check, then nearest;
3. `not_a_fit`, near misses (exactly one item not met) first, then fewest items not met.
When a location and `max_distance_km` are given, a study whose nearest located site is farther than that is
not hidden: it goes after the others of its verdict (its `nearest_site.distance_km` shows how far). A study
with no located site ranks after those within reach and before those beyond it.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from finder.answers import Answers
from finder.criteria.model import Kind
from finder.matching.compiled import SHARED_CACHE, CacheKey, CompiledStudy, StudyCache
from finder.matching.evaluate import EvalContext
from finder.matching.messages import Subject, forget_rendered
from finder.matching.prefilter import Prefilter, could_fit, count_offered, offered
from finder.matching.results import Match, MatchReport, SiteDistance, Status, Verdict
from finder.matching.verdict import Judge
from finder.phrases import forget_typed
from finder.store.models import Trial

_EARTH_KM = 6371.0088


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything derived from the answers once per run."""

    ctx: EvalContext
    prefilter: Prefilter


def _vocabulary() -> Any | None:
    try:
        from finder.vocabulary import load_vocabulary

        vocab = load_vocabulary()
    except (ImportError, NotImplementedError):
        return None
    return vocab if hasattr(vocab, "ancestors") else None


@cache  # one function per vocabulary, so that rendered explanations can be memoised across runs
def _label(vocab: Any) -> Callable[[str, str], str]:
    def label(concept_id: str, lang: str) -> str:
        try:
            labels: dict[str, str] = vocab.concept(concept_id).label
        except Exception:  # an id the vocabulary no longer has: show the id
            return concept_id.replace("_", " ")
        return labels.get(lang) or labels.get("en") or concept_id

    return label


def plan_for(answers: Answers, *, any_status: bool, subject: Subject) -> Plan:
    vocab = _vocabulary()
    family: str | None = None
    related: frozenset[str] | None = None
    if vocab is not None and answers.diagnosis:
        family = vocab.resolve(answers.diagnosis)
        if family is not None:
            related = frozenset({family}) | vocab.ancestors(family) | vocab.descendants(family)
    ctx = EvalContext(
        subject=subject,
        family_concept=family,
        tree=vocab,
        concept_label=_label(vocab) if vocab is not None else None,
    )
    return Plan(ctx=ctx, prefilter=Prefilter.build(answers, related, any_status=any_status))


def _keys(session: Session, where: Any) -> list[tuple[int, CacheKey]]:
    # Only columns stored early in the row: SQLite then never reads a study's long texts to list it.
    stmt = select(Trial.id, Trial.nct_id, Trial.parser_version, Trial.imported_at).where(where)
    return [(r.id, (r.nct_id, r.parser_version, r.imported_at)) for r in session.execute(stmt)]


def candidates(
    session: Session, plan: Plan, cache: StudyCache = SHARED_CACHE
) -> tuple[list[CompiledStudy], list[tuple[int, CacheKey]]]:
    """(compiled candidates, their keys) after the SQL prefilter."""
    keys = _keys(session, offered(plan.prefilter.any_status) & could_fit(plan.prefilter))
    return cache.load(session, keys), keys


def match_answers(
    session: Session,
    answers: Answers,
    *,
    any_status: bool = False,
    subject: Subject = "child",
    include_prefiltered: bool = False,
    cache: StudyCache = SHARED_CACHE,
) -> MatchReport:
    """Every considered study with its verdict, best first.

    `include_prefiltered` also judges the offered studies the SQL prefilter left out (for `--all`): they are
    evaluated in full like the others, and come out `not_a_fit` with the reason that dropped them.
    """
    plan = plan_for(answers, any_status=any_status, subject=subject)
    studies, keys = candidates(session, plan, cache)
    considered = len(studies)
    if include_prefiltered:
        kept = {tid for tid, _ in keys}
        rest = [k for k in _keys(session, offered(any_status)) if k[0] not in kept]
        studies = studies + cache.load(session, rest)
    origin = origin_of(answers)
    judge = Judge(answers, plan.ctx)
    matches = [_judge(judge, s, origin) for s in studies]
    ranked = rank(matches, answers.max_distance_km if answers.location is not None else None)
    return MatchReport(results=tuple(ranked), considered=considered, total=count_offered(session, any_status))


def forget_answers() -> None:
    """Forget everything derived from a family's answers that this process memoised (rendered explanations,
    the words of a typed diagnosis). The study cache holds only registry data and stays."""
    forget_rendered()
    forget_typed()


def explain_study(
    session: Session, nct_id: str, answers: Answers, *, subject: Subject = "child"
) -> Match | None:
    """One study's verdict with every reason, whatever its status."""
    plan = plan_for(answers, any_status=True, subject=subject)
    keys = _keys(session, Trial.nct_id == nct_id.strip().upper())
    studies = SHARED_CACHE.load(session, keys)
    if not studies:
        return None
    return _judge(Judge(answers, plan.ctx), studies[0], origin_of(answers))


def _judge(judge: Judge, s: CompiledStudy, origin: tuple[float, float, float] | None) -> Match:
    """One compiled study's verdict, with what was prepared for it once at compile time."""
    return judge.match(
        s.facts,
        s.criteria,
        static=s.static,
        keys=s.keys,
        child_keys=s.child_keys,
        nearest_site=nearest_site(s, origin),
    )


# --- distance -----------------------------------------------------------------------------------------


def _places() -> Any | None:
    try:
        return importlib.import_module("finder.places")
    except ImportError:
        return None


def origin_of(answers: Answers) -> tuple[float, float, float] | None:
    """The family's place as (latitude, longitude in radians, cos latitude), when the app can find it."""
    places = _places()
    if answers.location is None or places is None:
        return None
    try:
        point = places.resolve_place(answers.location)
    except NotImplementedError:
        return None
    if point is None:
        return None
    lat = math.radians(point.lat)
    return lat, math.radians(point.lon), math.cos(lat)


def nearest_site(study: CompiledStudy, origin: tuple[float, float, float] | None) -> SiteDistance | None:
    """The study's nearest located site (haversine distance, as finder.places.distance_km)."""
    if origin is None or not study.sites:
        return None
    olat, olon, ocos = origin
    best_h, best = 2.0, study.sites[0]
    for site in study.sites:
        lat, lon, cos_lat = site[0], site[1], site[2]
        h = math.sin((lat - olat) / 2) ** 2 + ocos * cos_lat * math.sin((lon - olon) / 2) ** 2
        if h < best_h:
            best_h, best = h, site
    km = 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(best_h)))
    return SiteDistance(best[3], best[4], best[5], km)


# --- ranking ------------------------------------------------------------------------------------------


def beyond_reach(match: Match, max_km: float | None) -> bool:
    """True when the study's nearest located site is farther than the family can travel."""
    site = match.nearest_site
    return (
        max_km is not None and site is not None and site.distance_km is not None and site.distance_km > max_km
    )


def rank_key(match: Match, max_km: float | None) -> tuple[Any, ...]:
    site = match.nearest_site
    known = site is not None and site.distance_km is not None
    distance = site.distance_km if site is not None and site.distance_km is not None else math.inf
    reach = 2 if beyond_reach(match, max_km) else (0 if known or max_km is None else 1)
    if match.verdict is Verdict.FITS:
        return (0, reach, distance, match.nct_id)
    # One pass over the reasons for what `Match.to_check`, `not_met` and `near_miss` each read: ranking
    # runs for every judged study.
    to_check = not_met = 0
    unsure_diagnosis = missed_diagnosis = False
    missed: set[object] = set()
    for r in match.reasons:
        status = r.status
        if status is Status.UNKNOWN:
            if r.kind is not Kind.PAPERWORK:
                to_check += 1
            if r.kind is Kind.DIAGNOSIS:
                unsure_diagnosis = True
        elif status is Status.NOT_MET:
            not_met += 1
            if r.kind is Kind.DIAGNOSIS:
                missed_diagnosis = True
            missed.add("age" if r.kind is Kind.AGE else (r.side, r.criterion))
    if match.verdict is Verdict.MAY_FIT:
        return (1, reach, unsure_diagnosis, to_check, distance, match.nct_id)
    near_miss = match.verdict is Verdict.NOT_A_FIT and not missed_diagnosis and len(missed) == 1
    return (2, not near_miss, not_met, to_check, distance, match.nct_id)


def rank(matches: Sequence[Match], max_km: float | None = None) -> list[Match]:
    return sorted(matches, key=lambda m: rank_key(m, max_km))
