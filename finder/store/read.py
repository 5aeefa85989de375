"""Reading the store: one study as a plain value, and the store's overall figures.

Everything returned is a frozen dataclass built from the rows; no ORM object leaves this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from finder.criteria.model import Criterion
from finder.registry.records import StudyRecord
from finder.store import rows
from finder.store.database import display_url
from finder.store.models import Location, Trial, TrialConcept
from finder.store.reparse import stale_count


@dataclass(frozen=True, slots=True)
class StoredStudy:
    """A study as stored. `parser_version` is 0 when its criteria have not been parsed (then `criteria` is
    empty); `concepts` are the vocabulary diagnosis ids found in its conditions."""

    record: StudyRecord
    criteria: tuple[Criterion, ...]
    parser_version: int
    imported_at: datetime
    concepts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoreStats:
    total: int
    by_status: dict[str, int]  # "NOT_GIVEN" for studies without a status (the registry has its own UNKNOWN)
    snapshot_dates: tuple[date, ...]
    newest_snapshot: date | None
    url: str  # without password
    unparsed: int = 0  # studies whose criteria are missing or from an older parser (`trial-finder reparse`)


def get_study(session: Session, nct_id: str) -> StoredStudy | None:
    trial = session.scalar(select(Trial).where(Trial.nct_id == nct_id.strip().upper()))
    if trial is None:
        return None
    sites = list(
        session.scalars(select(Location).where(Location.trial_id == trial.id).order_by(Location.position))
    )
    concepts = session.scalars(
        select(TrialConcept.concept_id)
        .where(TrialConcept.trial_id == trial.id)
        .order_by(TrialConcept.concept_id)
    ).all()
    criteria = tuple(Criterion.from_json(c) for c in trial.criteria_json or ())
    return StoredStudy(
        record=rows.record_from_rows(trial, sites),
        criteria=criteria,
        parser_version=trial.parser_version or 0,
        imported_at=trial.imported_at,
        concepts=tuple(concepts),
    )


def store_stats(session: Session) -> StoreStats:
    by_status: dict[str, int] = {}
    for status, count in session.execute(
        select(Trial.overall_status, func.count()).group_by(Trial.overall_status)
    ):
        key = status or "NOT_GIVEN"
        by_status[key] = by_status.get(key, 0) + count
    dates = tuple(
        d for d in session.scalars(select(Trial.snapshot_date).distinct().order_by(Trial.snapshot_date)) if d
    )
    unparsed = stale_count(session)
    engine = session.get_bind().engine
    return StoreStats(
        total=sum(by_status.values()),
        by_status=dict(sorted(by_status.items(), key=lambda kv: (-kv[1], kv[0]))),
        snapshot_dates=dates,
        newest_snapshot=dates[-1] if dates else None,
        url=display_url(engine.url.render_as_string(hide_password=False)),
        unparsed=unparsed,
    )
