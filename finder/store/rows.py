"""StudyRecord <-> table rows: the one place that knows how a study's fields map to columns.

Plain dicts go to Core bulk inserts on the way in; on the way out a `StudyRecord` is rebuilt from a `Trial`
row and its `Location` rows, so readers never see ORM objects.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from finder.registry.records import AgeLimit, Contact, Intervention, Location, StudyRecord
from finder.store import models


def _contact_json(contact: Contact) -> dict[str, Any]:
    return {"name": contact.name, "role": contact.role, "phone": contact.phone, "email": contact.email}


def _contact(data: dict[str, Any]) -> Contact:
    return Contact(
        name=data.get("name"), role=data.get("role"), phone=data.get("phone"), email=data.get("email")
    )


def trial_row(
    record: StudyRecord,
    *,
    imported_at: datetime,
    criteria_json: list[Any] | None,
    parser_version: int | None,
) -> dict[str, Any]:
    """The `trials` row of one study (without its id)."""
    return {
        "nct_id": record.nct_id,
        "org_study_id": record.org_study_id,
        "secondary_ids": list(record.secondary_ids),
        "brief_title": record.brief_title,
        "official_title": record.official_title,
        "acronym": record.acronym,
        "overall_status": record.overall_status,
        "phases": list(record.phases),
        "study_type": record.study_type,
        "conditions": list(record.conditions),
        "condition_mesh_terms": list(record.condition_mesh_terms),
        "condition_mesh_ancestors": list(record.condition_mesh_ancestors),
        "keywords": list(record.keywords),
        "interventions": [
            {"type": i.type, "name": i.name, "description": i.description} for i in record.interventions
        ],
        "brief_summary": record.brief_summary,
        "detailed_description": record.detailed_description,
        "eligibility_text": record.eligibility_text,
        "min_age_raw": record.minimum_age.raw,
        "min_age_days": record.minimum_age.days,
        "max_age_raw": record.maximum_age.raw,
        "max_age_days": record.maximum_age.days,
        "sex": record.sex,
        "healthy_volunteers": record.healthy_volunteers,
        "sponsor": record.sponsor,
        "sponsor_class": record.sponsor_class,
        "enrollment": record.enrollment,
        "enrollment_type": record.enrollment_type,
        "first_posted": record.first_posted,
        "last_update_posted": record.last_update_posted,
        "status_verified": record.status_verified,
        "start_date": record.start_date,
        "completion_date": record.completion_date,
        "central_contacts": [_contact_json(c) for c in record.central_contacts],
        "source": record.source,
        "snapshot_date": record.snapshot_date,
        "imported_at": imported_at,
        "criteria_json": criteria_json,
        "parser_version": parser_version,
    }


# Column order of a `locations` row as built by `location_values` (checked against the table by the tests).
LOCATION_COLUMNS = (
    "trial_id",
    "position",
    "facility",
    "city",
    "state",
    "postal_code",
    "country",
    "latitude",
    "longitude",
    "coordinates_from",
    "status",
    "contacts",
)


def location_values(
    trial_id: int,
    position: int,
    site: Location,
    found: tuple[float, float] | None,
    encode: Callable[[Any], Any],
) -> tuple[Any, ...]:
    """A `locations` row in LOCATION_COLUMNS order (a tuple: studies can have hundreds of sites).

    `found` is the place lookup's coordinates, used only when the registry gave none; `encode` turns the
    contacts list into what the insert takes (JSON text for the SQLite fast path, else the list itself)."""
    latitude, longitude, origin = site.latitude, site.longitude, None
    if latitude is not None and longitude is not None:
        origin = "registry"
    elif found is not None:
        latitude, longitude, origin = found[0], found[1], "places"
    return (
        trial_id,
        position,
        site.facility,
        site.city,
        site.state,
        site.postal_code,
        site.country,
        latitude,
        longitude,
        origin,
        site.status,
        encode([_contact_json(c) for c in site.contacts]),
    )


def record_from_rows(trial: models.Trial, sites: list[models.Location]) -> StudyRecord:
    """Rebuild the study as stored. Site coordinates include those found by place lookup."""
    return StudyRecord(
        nct_id=trial.nct_id,
        brief_title=trial.brief_title,
        source=trial.source,
        official_title=trial.official_title,
        acronym=trial.acronym,
        org_study_id=trial.org_study_id,
        secondary_ids=tuple(trial.secondary_ids),
        overall_status=trial.overall_status,
        phases=tuple(trial.phases),
        study_type=trial.study_type,
        conditions=tuple(trial.conditions),
        condition_mesh_terms=tuple(trial.condition_mesh_terms),
        condition_mesh_ancestors=tuple(trial.condition_mesh_ancestors),
        keywords=tuple(trial.keywords),
        interventions=tuple(
            Intervention(type=i.get("type"), name=i.get("name") or "", description=i.get("description"))
            for i in trial.interventions
        ),
        brief_summary=trial.brief_summary,
        detailed_description=trial.detailed_description,
        eligibility_text=trial.eligibility_text,
        minimum_age=AgeLimit(raw=trial.min_age_raw, days=trial.min_age_days),
        maximum_age=AgeLimit(raw=trial.max_age_raw, days=trial.max_age_days),
        sex=trial.sex,
        healthy_volunteers=trial.healthy_volunteers,
        sponsor=trial.sponsor,
        sponsor_class=trial.sponsor_class,
        enrollment=trial.enrollment,
        enrollment_type=trial.enrollment_type,
        first_posted=trial.first_posted,
        last_update_posted=trial.last_update_posted,
        status_verified=trial.status_verified,
        start_date=trial.start_date,
        completion_date=trial.completion_date,
        locations=tuple(
            Location(
                facility=s.facility,
                city=s.city,
                state=s.state,
                postal_code=s.postal_code,
                country=s.country,
                latitude=s.latitude,
                longitude=s.longitude,
                status=s.status,
                contacts=tuple(_contact(c) for c in s.contacts),
            )
            for s in sites
        ),
        central_contacts=tuple(_contact(c) for c in trial.central_contacts),
        snapshot_date=trial.snapshot_date,
    )
