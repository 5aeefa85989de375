"""The trial store's typed ORM: one row per study, its sites, and the diagnosis concepts it is about.

Lists that are only ever read back whole with their study (phases, conditions, contacts, interventions) are
JSON columns; what matching filters or joins on (status, ages in days, sex, concepts, site coordinates) is in
real, indexed columns or child tables. `sqlalchemy.JSON` keeps this portable between SQLite and PostgreSQL.

The schema is owned by the Alembic revisions in `finder/store/migrations/versions/`; a change here needs a
new revision there (the tests compare the two).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Named constraints so that migrations (and SQLite batch mode) can refer to them on every backend.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Trial(Base):
    __tablename__ = "trials"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nct_id: Mapped[str] = mapped_column(String(16), unique=True)
    org_study_id: Mapped[str | None] = mapped_column(Text)
    secondary_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    brief_title: Mapped[str] = mapped_column(Text)
    official_title: Mapped[str | None] = mapped_column(Text)
    acronym: Mapped[str | None] = mapped_column(Text)
    overall_status: Mapped[str | None] = mapped_column(String(40), index=True)
    phases: Mapped[list[Any]] = mapped_column(JSON, default=list)
    study_type: Mapped[str | None] = mapped_column(String(40))
    conditions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    condition_mesh_terms: Mapped[list[Any]] = mapped_column(JSON, default=list)
    condition_mesh_ancestors: Mapped[list[Any]] = mapped_column(JSON, default=list)
    keywords: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # [{"type": ..., "name": ..., "description": ...}, ...]
    interventions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    brief_summary: Mapped[str | None] = mapped_column(Text)
    detailed_description: Mapped[str | None] = mapped_column(Text)
    eligibility_text: Mapped[str | None] = mapped_column(Text)
    # Ages exactly as registered ("6 Months") and in days for querying; NULL days = no limit.
    min_age_raw: Mapped[str | None] = mapped_column(String(40))
    min_age_days: Mapped[float | None] = mapped_column(Float, index=True)
    max_age_raw: Mapped[str | None] = mapped_column(String(40))
    max_age_days: Mapped[float | None] = mapped_column(Float, index=True)
    sex: Mapped[str | None] = mapped_column(String(10), index=True)
    healthy_volunteers: Mapped[bool | None] = mapped_column(Boolean)
    sponsor: Mapped[str | None] = mapped_column(Text)
    sponsor_class: Mapped[str | None] = mapped_column(String(40))
    enrollment: Mapped[int | None] = mapped_column(Integer)
    enrollment_type: Mapped[str | None] = mapped_column(String(20))
    first_posted: Mapped[date | None] = mapped_column(Date)
    last_update_posted: Mapped[date | None] = mapped_column(Date)
    status_verified: Mapped[date | None] = mapped_column(Date)
    start_date: Mapped[date | None] = mapped_column(Date)
    completion_date: Mapped[date | None] = mapped_column(Date)
    # [{"name": ..., "role": ..., "phone": ..., "email": ...}, ...]
    central_contacts: Mapped[list[Any]] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(Text)
    snapshot_date: Mapped[date | None] = mapped_column(Date, index=True)
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    # Revision 0002: criteria parsed once at import, with the parser version that produced them.
    criteria_json: Mapped[list[Any] | None] = mapped_column(JSON(none_as_null=True))
    parser_version: Mapped[int | None] = mapped_column(Integer, index=True)

    locations: Mapped[list[Location]] = relationship(
        back_populates="trial",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Location.position",
    )
    concepts: Mapped[list[TrialConcept]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    eligibility_concepts: Mapped[list[TrialEligibilityConcept]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


class Location(Base):
    __tablename__ = "locations"
    __table_args__ = (Index("ix_locations_lat_lon", "latitude", "longitude"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trial_id: Mapped[int] = mapped_column(ForeignKey("trials.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # order in the registry record
    facility: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str | None] = mapped_column(Text)
    postal_code: Mapped[str | None] = mapped_column(String(40))
    country: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    # "registry" when the record gave the coordinates, "places" when finder.places found them by city.
    coordinates_from: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str | None] = mapped_column(String(40))
    contacts: Mapped[list[Any]] = mapped_column(JSON, default=list)

    trial: Mapped[Trial] = relationship(back_populates="locations")


class TrialConcept(Base):
    """A vocabulary concept (diagnosis) a study's conditions name: what the diagnosis prefilter joins on."""

    __tablename__ = "trial_concepts"

    trial_id: Mapped[int] = mapped_column(ForeignKey("trials.id", ondelete="CASCADE"), primary_key=True)
    concept_id: Mapped[str] = mapped_column(String(80), primary_key=True, index=True)


class TrialEligibilityConcept(Base):
    """A diagnosis concept a study's inclusion criteria name (`inclusion_diagnoses`), where its conditions may
    not: the diagnosis prefilter keeps a study through these too, but only conditions set it aside."""

    __tablename__ = "trial_eligibility_concepts"

    trial_id: Mapped[int] = mapped_column(ForeignKey("trials.id", ondelete="CASCADE"), primary_key=True)
    concept_id: Mapped[str] = mapped_column(String(80), primary_key=True, index=True)


# The plain tables, typed, for Core bulk statements (the importer never builds ORM objects per row).
TRIALS = cast(Table, Trial.__table__)
LOCATIONS = cast(Table, Location.__table__)
TRIAL_CONCEPTS = cast(Table, TrialConcept.__table__)
TRIAL_ELIGIBILITY_CONCEPTS = cast(Table, TrialEligibilityConcept.__table__)
