"""Helpers for the store tests: hand-written API v2 studies, fresh stores, and a dump to compare stores by."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text

from finder.registry.records import AgeLimit, Contact, Intervention, Location, StudyRecord
from finder.store import enrich
from finder.store.prepare import Archives


@pytest.fixture
def no_place_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sites keep exactly the coordinates the file gave, and the tests do not pay for loading the world's
    place tables (finder.places has its own tests; test_store_shared_data imports with the real lookup)."""
    monkeypatch.setattr(enrich, "_locate", lambda: None)


# One study with every field the store keeps, written by hand in the registry's API v2 shape.
FULL_STUDY: dict[str, Any] = {
    "protocolSection": {
        "identificationModule": {
            "nctId": "NCT09000001",
            "orgStudyIdInfo": {"id": "TF-2026-01"},
            "secondaryIdInfos": [{"id": "2026-000123-45"}, {"id": "R01CA000001"}],
            "briefTitle": "Cord Blood NK Cells for Children With Relapsed Neuroblastoma",
            "officialTitle": (
                "A Phase 1/2 Study of Cord Blood NK Cells in Relapsed or Refractory Neuroblastoma"
            ),
            "acronym": "CNK-KIDS",
        },
        "statusModule": {
            "statusVerifiedDate": "2026-03",
            "overallStatus": "RECRUITING",
            "startDateStruct": {"date": "2025-11-03", "type": "ACTUAL"},
            "completionDateStruct": {"date": "2028-12", "type": "ESTIMATED"},
            "studyFirstPostDateStruct": {"date": "2025-10-20", "type": "ACTUAL"},
            "lastUpdatePostDateStruct": {"date": "2026-03-15", "type": "ACTUAL"},
        },
        "sponsorCollaboratorsModule": {
            "leadSponsor": {"name": "Example Children's Hospital", "class": "OTHER"}
        },
        "descriptionModule": {
            "briefSummary": (
                "Tests whether NK cells from cord blood are safe for children with neuroblastoma."
            ),
            "detailedDescription": "Children receive three infusions.\n\nEach infusion is two weeks apart.",
        },
        "conditionsModule": {
            "conditions": ["Neuroblastoma", "Relapsed Neuroblastoma"],
            "keywords": ["NK cells", "cord blood", "pediatric"],
        },
        "designModule": {
            "studyType": "INTERVENTIONAL",
            "phases": ["PHASE1", "PHASE2"],
            "enrollmentInfo": {"count": 24, "type": "ESTIMATED"},
        },
        "armsInterventionsModule": {
            "interventions": [
                {"type": "BIOLOGICAL", "name": "CNK-UT cells", "description": "Cord blood NK cells, IV"},
                {"type": "DRUG", "name": "Cyclophosphamide"},
            ]
        },
        "eligibilityModule": {
            "eligibilityCriteria": "Inclusion Criteria:\n\n* Aged 1-12 years\n* Weight >= 10 kg\n\n"
            "Exclusion Criteria:\n\n* Prior gene therapy",
            "healthyVolunteers": False,
            "sex": "ALL",
            "minimumAge": "12 Months",
            "maximumAge": "12 Years",
        },
        "contactsLocationsModule": {
            "centralContacts": [
                {
                    "name": "Ana Ruiz, RN",
                    "role": "CONTACT",
                    "phone": "555-0100",
                    "phoneExt": "12",
                    "email": "ana.ruiz@example.org",
                },
            ],
            "locations": [
                {
                    "facility": "Example Children's Hospital",
                    "status": "RECRUITING",
                    "city": "Houston",
                    "state": "Texas",
                    "zip": "77030",
                    "country": "United States",
                    "contacts": [
                        {"name": "Dr. Lee", "role": "PRINCIPAL_INVESTIGATOR"},
                        {
                            "name": "Study desk",
                            "role": "CONTACT",
                            "phone": "555-0101",
                            "email": "desk@example.org",
                        },
                    ],
                    "geoPoint": {"lat": 29.7078, "lon": -95.4018},
                },
                {
                    "facility": "Second Site",
                    "status": "NOT_YET_RECRUITING",
                    "city": "Nowhereville",
                    "country": "Atlantis",
                },
            ],
        },
    },
    "derivedSection": {
        "miscInfoModule": {"versionHolder": "2026-04-29"},
        "conditionBrowseModule": {
            "meshes": [{"id": "D009447", "term": "Neuroblastoma"}],
            "ancestors": [{"id": "D018241", "term": "Neuroectodermal Tumors, Primitive, Peripheral"}],
        },
    },
}


def full_study(nct_id: str = "NCT09000001", **changes: Any) -> dict[str, Any]:
    """FULL_STUDY with another NCT id and top-level protocol fields changed (e.g. brief_title=...)."""
    study = copy.deepcopy(FULL_STUDY)
    study["protocolSection"]["identificationModule"]["nctId"] = nct_id
    if "brief_title" in changes:
        study["protocolSection"]["identificationModule"]["briefTitle"] = changes["brief_title"]
    if "status" in changes:
        study["protocolSection"]["statusModule"]["overallStatus"] = changes["status"]
    return study


def minimal_study(nct_id: str, title: str = "A minimal study") -> dict[str, Any]:
    return {"protocolSection": {"identificationModule": {"nctId": nct_id, "briefTitle": title}}}


def expected_full_record(source: str) -> StudyRecord:
    """FULL_STUDY as the store should give it back, every value written out by hand."""
    return StudyRecord(
        nct_id="NCT09000001",
        brief_title="Cord Blood NK Cells for Children With Relapsed Neuroblastoma",
        source=source,
        official_title="A Phase 1/2 Study of Cord Blood NK Cells in Relapsed or Refractory Neuroblastoma",
        acronym="CNK-KIDS",
        org_study_id="TF-2026-01",
        secondary_ids=("2026-000123-45", "R01CA000001"),
        overall_status="RECRUITING",
        phases=("PHASE1", "PHASE2"),
        study_type="INTERVENTIONAL",
        conditions=("Neuroblastoma", "Relapsed Neuroblastoma"),
        condition_mesh_terms=("Neuroblastoma",),
        condition_mesh_ancestors=("Neuroectodermal Tumors, Primitive, Peripheral",),
        keywords=("NK cells", "cord blood", "pediatric"),
        interventions=(
            Intervention(type="BIOLOGICAL", name="CNK-UT cells", description="Cord blood NK cells, IV"),
            Intervention(type="DRUG", name="Cyclophosphamide", description=None),
        ),
        brief_summary="Tests whether NK cells from cord blood are safe for children with neuroblastoma.",
        detailed_description="Children receive three infusions.\n\nEach infusion is two weeks apart.",
        eligibility_text="Inclusion Criteria:\n\n* Aged 1-12 years\n* Weight >= 10 kg\n\n"
        "Exclusion Criteria:\n\n* Prior gene therapy",
        minimum_age=AgeLimit(raw="12 Months", days=12 * 30.4375),
        maximum_age=AgeLimit(raw="12 Years", days=12 * 365.25),
        sex="ALL",
        healthy_volunteers=False,
        sponsor="Example Children's Hospital",
        sponsor_class="OTHER",
        enrollment=24,
        enrollment_type="ESTIMATED",
        first_posted=date(2025, 10, 20),
        last_update_posted=date(2026, 3, 15),
        status_verified=date(2026, 3, 1),
        start_date=date(2025, 11, 3),
        completion_date=date(2028, 12, 1),
        locations=(
            Location(
                facility="Example Children's Hospital",
                city="Houston",
                state="Texas",
                postal_code="77030",
                country="United States",
                latitude=29.7078,
                longitude=-95.4018,
                status="RECRUITING",
                contacts=(
                    Contact(name="Dr. Lee", role="PRINCIPAL_INVESTIGATOR"),
                    Contact(name="Study desk", role="CONTACT", phone="555-0101", email="desk@example.org"),
                ),
            ),
            Location(
                facility="Second Site", city="Nowhereville", country="Atlantis", status="NOT_YET_RECRUITING"
            ),
        ),
        central_contacts=(
            Contact(
                name="Ana Ruiz, RN", role="CONTACT", phone="555-0100 ext. 12", email="ana.ruiz@example.org"
            ),
        ),
        snapshot_date=date(2026, 4, 29),
    )


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@dataclass(frozen=True)
class RecordSource:
    """A study already read, as an import source (picklable, so it can go to a worker process)."""

    record: StudyRecord

    @property
    def name(self) -> str:
        return self.record.nct_id

    def read(self, archives: Archives) -> Iterable[StudyRecord]:
        return [self.record]


def sqlite_url(tmp_path: Path, name: str = "store.sqlite3") -> str:
    return f"sqlite:///{tmp_path / name}"


def dump(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted: two equal dumps mean two identical stores."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            tables = inspect(conn).get_table_names()
            return {
                table: sorted(
                    (tuple(row) for row in conn.execute(text(f'SELECT * FROM "{table}"'))), key=repr
                )
                for table in tables
            }
    finally:
        engine.dispose()
