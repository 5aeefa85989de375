"""Studies made ready for matching, read once and kept in a bounded in-process cache.

Reading criteria back from JSON is the costly part of matching, so each study is deserialised once per
(nct_id, parser version, import time) and kept here; items whose outcome no answer can change (lab values,
biomarkers, paperwork, items not understood) are judged once too. The cache holds only trial data, never a
family's answers.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from finder.answers import Answers
from finder.criteria.model import (
    Criterion,
    DiagnosisRule,
    DiseaseStatusRule,
    HealthRule,
    RangeRule,
    SexRule,
    TreatmentRule,
)
from finder.matching.evaluate import EvalContext, evaluate
from finder.matching.results import Reason
from finder.matching.verdict import StudyFacts, is_static, item_key, study_key
from finder.store.models import Location, Trial, TrialConcept, TrialEligibilityConcept

# (nct_id, parser_version, imported_at): a re-import may reuse the row id, never the import time.
CacheKey = tuple[str, int | None, datetime]
Site = tuple[float, float, float, str | None, str | None, str | None]
# About 14 kB a study (tracemalloc over 10k compiled studies), so 25,000 is ~350 MB at most; a working set
# larger than the bound is read again on every run (`StudyCache(maxsize=...)` raises it where memory allows).
DEFAULT_CACHE_SIZE = 25_000
_CHUNK = 500  # ids per IN (...) query: well under every backend's parameter limit


@dataclass(frozen=True, slots=True)
class CompiledStudy:
    trial_id: int
    facts: StudyFacts
    criteria: tuple[Criterion, ...]
    static: dict[int, Reason]  # position -> reason that no answer changes
    topics: frozenset[str]  # question topics any of its rules or registry limits depend on
    decisive_topics: frozenset[str]  # topics of confident rules: an answer there can rule the study out
    # Located sites: (latitude, longitude in radians, cos(latitude), facility, city, country).
    sites: tuple[Site, ...] = ()
    keys: tuple[int, ...] = ()  # per criterion: its `item_key`, or -1 for a static item
    child_keys: tuple[tuple[int, ...], ...] = ()  # per criterion: its sub-items' `item_key`s


def rule_topics(criterion: Criterion) -> set[str]:
    """The question topics whose answers this criterion's rule reads."""
    rule = criterion.rule
    if is_static(criterion):
        return set()
    if isinstance(rule, RangeRule):
        return {
            "age"
            if rule.quantity == "age_years"
            else "weight"
            if rule.quantity == "weight_kg"
            else "performance"
        }
    if isinstance(rule, SexRule):
        return {"sex"}
    if isinstance(rule, DiagnosisRule):
        return {"diagnosis"}
    if isinstance(rule, DiseaseStatusRule):
        return {"disease_status"}
    if isinstance(rule, TreatmentRule):
        return (
            {"treatments", "weeks_since_last_treatment"} if rule.within_weeks is not None else {"treatments"}
        )
    if isinstance(rule, HealthRule):
        return {"health"}
    return set()


def compile_study(
    row: Any,
    criteria_json: list[Any] | None,
    concepts: Iterable[str],
    sites: Iterable[Site] = (),
    named: Iterable[str] = (),
) -> CompiledStudy:
    """`concepts`: the study's condition concepts; `named`: the diagnoses its inclusion criteria name, as
    stored for the prefilter (trial_eligibility_concepts), so that the SQL and this judge see the same ones:
    a store whose criteria are not yet re-parsed has none on either side."""
    facts = _facts(row, concepts, named, criteria_json is not None)
    criteria = tuple(_criteria(criteria_json))
    blank, neutral = Answers(), EvalContext()
    static = {i: evaluate(c, blank, neutral) for i, c in enumerate(criteria) if is_static(c)}
    keys = tuple(-1 if i in static else item_key(c) for i, c in enumerate(criteria))
    child_keys = tuple(tuple(item_key(child) for child in c.children) if c.children else () for c in criteria)
    topics: set[str] = set()
    decisive: set[str] = set()
    for c in criteria:
        for item in (c, *c.children):
            found = rule_topics(item)
            topics |= found
            if item.confident and item is c:
                decisive |= found
    registry: set[str] = set()
    if facts.min_age_days is not None or facts.max_age_days is not None:
        registry.add("age")
    if (facts.sex or "").upper() in ("FEMALE", "MALE"):
        registry.add("sex")
    if facts.concepts:
        registry.add("diagnosis")
    return CompiledStudy(
        trial_id=row.id,
        facts=facts,
        criteria=criteria,
        static=static,
        topics=frozenset(topics | registry),
        decisive_topics=frozenset(decisive | registry),
        sites=tuple(sites),
        keys=keys,
        child_keys=child_keys,
    )


def _facts(row: Any, concepts: Iterable[str], named: Iterable[str], criteria_read: bool) -> StudyFacts:
    facts = StudyFacts(
        nct_id=row.nct_id,
        title=row.brief_title or row.nct_id,
        conditions=tuple(row.conditions or ()),
        phases=tuple(row.phases or ()),
        overall_status=row.overall_status,
        min_age_raw=row.min_age_raw,
        max_age_raw=row.max_age_raw,
        min_age_days=row.min_age_days,
        max_age_days=row.max_age_days,
        sex=row.sex,
        concepts=frozenset(concepts),
        eligibility_concepts=frozenset(named),
        criteria_read=criteria_read,
    )
    return replace(facts, key=study_key(facts))


def _criteria(data: list[Any] | None) -> list[Criterion]:
    out: list[Criterion] = []
    for item in data or ():
        try:
            out.append(Criterion.from_json(item))
        except (KeyError, TypeError, ValueError):  # a stored item this version cannot read: not a verdict
            continue
    return out


class StudyCache:
    """A bounded least-recently-used map of compiled studies, safe to share between threads."""

    def __init__(self, maxsize: int = DEFAULT_CACHE_SIZE) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[CacheKey, CompiledStudy] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def load(self, session: Session, keys: Sequence[tuple[int, CacheKey]]) -> list[CompiledStudy]:
        """Compiled studies for (trial id, cache key) pairs, in the same order; reads only the misses."""
        found: dict[int, CompiledStudy] = {}
        missing: list[tuple[int, CacheKey]] = []
        with self._lock:
            for trial_id, key in keys:
                hit = self._items.get(key)
                if hit is not None and hit.trial_id == trial_id:
                    self._items.move_to_end(key)
                    found[trial_id] = hit
                else:
                    missing.append((trial_id, key))
        for start in range(0, len(missing), _CHUNK):
            chunk = missing[start : start + _CHUNK]
            fresh = _read(session, [tid for tid, _ in chunk])
            with self._lock:
                for trial_id, key in chunk:
                    study = fresh.get(trial_id)
                    if study is None:
                        continue
                    found[trial_id] = study
                    self._items[key] = study
                    self._items.move_to_end(key)
                while len(self._items) > self.maxsize:
                    self._items.popitem(last=False)
        return [found[tid] for tid, _ in keys if tid in found]


def _concepts_of(
    session: Session, table: type[TrialConcept | TrialEligibilityConcept], ids: list[int]
) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for trial_id, concept_id in session.execute(
        select(table.trial_id, table.concept_id).where(table.trial_id.in_(ids))
    ):
        out.setdefault(trial_id, []).append(concept_id)
    return out


def _read(session: Session, ids: list[int]) -> dict[int, CompiledStudy]:
    concepts = _concepts_of(session, TrialConcept, ids)
    named = _concepts_of(session, TrialEligibilityConcept, ids)
    sites: dict[int, list[Site]] = {}
    located = select(
        Location.trial_id,
        Location.latitude,
        Location.longitude,
        Location.facility,
        Location.city,
        Location.country,
    ).where(Location.trial_id.in_(ids), Location.latitude.is_not(None), Location.longitude.is_not(None))
    for trial_id, lat, lon, facility, city, country in session.execute(located):
        if lat is None or lon is None:  # filtered out above; keeps the types honest
            continue
        lat_r = math.radians(lat)
        sites.setdefault(trial_id, []).append(
            (lat_r, math.radians(lon), math.cos(lat_r), facility, city, country)
        )
    columns = (
        Trial.id,
        Trial.nct_id,
        Trial.brief_title,
        Trial.conditions,
        Trial.phases,
        Trial.overall_status,
        Trial.min_age_raw,
        Trial.max_age_raw,
        Trial.min_age_days,
        Trial.max_age_days,
        Trial.sex,
        Trial.criteria_json,
    )
    out: dict[int, CompiledStudy] = {}
    for row in session.execute(select(*columns).where(Trial.id.in_(ids))):
        out[row.id] = compile_study(
            row, row.criteria_json, concepts.get(row.id, ()), sites.get(row.id, ()), named.get(row.id, ())
        )
    return out


SHARED_CACHE = StudyCache()
