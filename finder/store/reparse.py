"""Re-parse stored criteria after a parser change (`trial-finder reparse`), without re-importing.

A study's criteria are parsed once at import and stamped with `PARSER_VERSION`; when the parser's output
changes the version is bumped and every study with another stamp (or none, e.g. from a store made before
criteria were stored) is parsed again here, in batches, with its diagnosis concepts recomputed too.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import ColumnElement, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from finder.criteria.model import inclusion_diagnoses
from finder.criteria.parse import PARSER_VERSION
from finder.store import enrich
from finder.store.models import TRIAL_CONCEPTS, TRIAL_ELIGIBILITY_CONCEPTS, TRIALS, Trial

BATCH = 500


def _stale() -> ColumnElement[bool]:
    return or_(Trial.parser_version.is_(None), Trial.parser_version != PARSER_VERSION)


def stale_count(session: Session) -> int:
    """Studies whose stored criteria are missing or from another parser version."""
    return session.scalar(select(func.count()).select_from(Trial).where(_stale())) or 0


def reparse(session: Session, *, force: bool = False, progress: Callable[[int], None] | None = None) -> int:
    """Re-parse the criteria of every study not parsed by the current parser (all with `force`).

    Returns how many studies were re-parsed."""
    stale = _stale()
    done = 0
    last_id = 0
    while True:
        query = select(
            Trial.id, Trial.eligibility_text, Trial.conditions, Trial.condition_mesh_terms, Trial.brief_title
        ).where(Trial.id > last_id)
        if not force:
            query = query.where(stale)
        batch = session.execute(query.order_by(Trial.id).limit(BATCH)).all()
        if not batch:
            return done
        last_id = batch[-1].id
        ids = [row.id for row in batch]
        results = enrich.analyse_batch(
            [
                (
                    row.eligibility_text,
                    enrich.condition_lines(row.conditions, row.condition_mesh_terms),
                    row.brief_title,
                )
                for row in batch
            ]
        )
        session.execute(
            update(TRIALS).where(TRIALS.c.id == bindparam("trial_id")),
            [
                {"trial_id": i, "criteria_json": criteria, "parser_version": version}
                for i, (criteria, version, _) in zip(ids, results, strict=True)
            ],
        )
        for table in (TRIAL_CONCEPTS, TRIAL_ELIGIBILITY_CONCEPTS):
            session.execute(delete(table).where(table.c.trial_id.in_(ids)))
        links = [
            {"trial_id": i, "concept_id": c}
            for i, (_, _, found) in zip(ids, results, strict=True)
            for c in found
        ]
        if links:
            session.execute(insert(TRIAL_CONCEPTS), links)
        named = [
            {"trial_id": i, "concept_id": c}
            for i, (criteria, _, _) in zip(ids, results, strict=True)
            for c in inclusion_diagnoses(criteria)
        ]
        if named:
            session.execute(insert(TRIAL_ELIGIBILITY_CONCEPTS), named)
        done += len(batch)
        if progress is not None:
            progress(done)
