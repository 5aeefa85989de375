"""The one typed shape every registry reader produces, whatever format the study came in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class AgeLimit:
    """An age limit exactly as registered ("18 Years", "6 Months") plus its length in days for querying.

    `raw` is None and `days` is None when the registry gave no limit ("N/A" or absent): no limit at all.
    """

    raw: str | None = None
    days: float | None = None

    @property
    def is_limit(self) -> bool:
        return self.days is not None


@dataclass(frozen=True, slots=True)
class Contact:
    name: str | None = None
    role: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class Location:
    facility: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    status: str | None = None  # site recruitment status, registry spelling normalised to UPPER_SNAKE
    contacts: tuple[Contact, ...] = ()


@dataclass(frozen=True, slots=True)
class Intervention:
    type: str | None = None  # DRUG, BIOLOGICAL, PROCEDURE, ...
    name: str = ""
    description: str | None = None


@dataclass(frozen=True, slots=True)
class StudyRecord:
    """One study as read from a registry file, before it reaches the store.

    Enumerations use the API v2 spelling (RECRUITING, PHASE1, INTERVENTIONAL, ALL/FEMALE/MALE) whatever the
    source format, so the rest of the code never cares where a study came from.
    """

    nct_id: str
    brief_title: str
    source: str  # where it was read: "path/to/file.zip!NCT01234567.json"
    official_title: str | None = None
    acronym: str | None = None
    org_study_id: str | None = None
    secondary_ids: tuple[str, ...] = ()
    overall_status: str | None = None
    phases: tuple[str, ...] = ()
    study_type: str | None = None
    conditions: tuple[str, ...] = ()
    condition_mesh_terms: tuple[str, ...] = ()
    condition_mesh_ancestors: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    interventions: tuple[Intervention, ...] = ()
    brief_summary: str | None = None
    detailed_description: str | None = None
    eligibility_text: str | None = None
    minimum_age: AgeLimit = field(default_factory=AgeLimit)
    maximum_age: AgeLimit = field(default_factory=AgeLimit)
    sex: str | None = None  # ALL, FEMALE, MALE
    healthy_volunteers: bool | None = None
    sponsor: str | None = None
    sponsor_class: str | None = None
    enrollment: int | None = None
    enrollment_type: str | None = None  # ACTUAL or ESTIMATED
    first_posted: date | None = None
    last_update_posted: date | None = None
    status_verified: date | None = None  # month precision in the registry: the first of the month
    start_date: date | None = None
    completion_date: date | None = None
    locations: tuple[Location, ...] = ()
    central_contacts: tuple[Contact, ...] = ()
    snapshot_date: date | None = None  # when the registry produced the file this record came from
