"""API v2 JSON: every StudyRecord field from a hand-written study, lists, search pages, the bundled seeds."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest

from finder.registry.ctgov_json import read_json_studies
from finder.registry.records import AgeLimit, Contact, Intervention, Location, StudyRecord
from finder.registry.sources import read_studies
from resources import resource

FIXTURES = Path(__file__).parent / "fixtures" / "registry"


def _only(path: Path) -> StudyRecord:
    (record,) = read_studies([path])
    return record


def test_every_field_of_a_full_study() -> None:
    path = FIXTURES / "v2-study-every-field.json"
    record = _only(path)
    assert record == StudyRecord(
        nct_id="NCT09000001",
        brief_title="Fixture Study of Drug X in Children With Relapsed Neuroblastoma",
        source=str(path),
        official_title=(
            "A Phase 1/2 Fixture Study of Drug X Plus Drug Y in Children and Young Adults With Relapsed or "
            "Refractory Neuroblastoma"
        ),
        acronym="FIXNB",
        org_study_id="FIX-2024-001",
        secondary_ids=("R01CA000001", "2024-000001-11"),
        overall_status="RECRUITING",
        phases=("PHASE1", "PHASE2"),
        study_type="INTERVENTIONAL",
        conditions=("Neuroblastoma", "Recurrent Neuroblastoma"),
        condition_mesh_terms=("Neuroblastoma",),
        condition_mesh_ancestors=(
            "Neuroectodermal Tumors, Primitive, Peripheral",
            "Neoplasms, Germ Cell and Embryonal",
        ),
        keywords=("neuroblastoma", "relapsed", "pediatric"),
        interventions=(
            Intervention(type="DRUG", name="Drug X", description="Given by mouth once a day."),
            Intervention(type="BIOLOGICAL", name="Drug Y", description=None),
        ),
        brief_summary="This study tests drug X with drug Y in children whose neuroblastoma came back.",
        detailed_description="Part 1 finds the dose.\n\nPart 2 checks how well it works.",
        eligibility_text=(
            "Inclusion Criteria:\n\n* Age 1 to 21 years\n* Relapsed or refractory neuroblastoma\n"
            "* Lansky or Karnofsky score of 50 or more\n\nExclusion Criteria:\n\n* Pregnant or breastfeeding"
        ),
        minimum_age=AgeLimit("12 Months", 12 * 30.4375),
        maximum_age=AgeLimit("21 Years", 21 * 365.25),
        sex="ALL",
        healthy_volunteers=False,
        sponsor="Fixture Children's Hospital",
        sponsor_class="OTHER",
        enrollment=36,
        enrollment_type="ESTIMATED",
        first_posted=date(2023, 10, 10),
        last_update_posted=date(2024, 5, 22),
        status_verified=date(2024, 5, 1),
        start_date=date(2023, 11, 15),
        completion_date=date(2027, 6, 1),
        locations=(
            Location(
                facility="Fixture Children's Hospital",
                city="Houston",
                state="Texas",
                postal_code="77030",
                country="United States",
                latitude=29.76328,
                longitude=-95.36327,
                status="RECRUITING",
                contacts=(
                    Contact(name="Site Contact", role="CONTACT", phone="555-0111", email="site@example.org"),
                    Contact(name="Site Investigator, MD", role="PRINCIPAL_INVESTIGATOR"),
                ),
            ),
            Location(
                facility="Fixture Kinderklinik", city="Berlin", country="Germany", status="NOT_YET_RECRUITING"
            ),
        ),
        central_contacts=(
            Contact(
                name="Fixture Study Nurse",
                role="CONTACT",
                phone="555-0100 ext. 12",
                email="nurse@example.org",
            ),
            Contact(name="Fixture Coordinator", role="CONTACT", email="coordinator@example.org"),
        ),
        snapshot_date=date(2024, 6, 1),
    )


def test_the_full_fixture_really_sets_every_field() -> None:
    """Guards the fixture itself: a StudyRecord field added later must be added to the fixture too."""
    record = _only(FIXTURES / "v2-study-every-field.json")
    for field in dataclasses.fields(StudyRecord):
        default = (
            field.default_factory() if field.default_factory is not dataclasses.MISSING else field.default
        )
        assert getattr(record, field.name) != default, f"fixture leaves {field.name} at its default"
    location = record.locations[0]
    for field in dataclasses.fields(Location):
        assert getattr(location, field.name) not in (None, ()), f"fixture location leaves {field.name} empty"


def test_a_top_level_list() -> None:
    path = FIXTURES / "v2-list.json"
    first, second = read_studies([path])
    assert (first.nct_id, second.nct_id) == ("NCT09000002", "NCT09000003")
    assert first.source == second.source == str(path)
    assert first.phases == ("EARLY_PHASE1",)
    assert second.phases == ()  # v2 "NA": no phase
    assert first.minimum_age == AgeLimit("2 Weeks", 14.0)
    assert first.maximum_age == AgeLimit()
    assert (first.sex, second.sex) == ("FEMALE", "MALE")
    assert second.minimum_age.days == 28.0
    assert first.status_verified == date(2025, 1, 1)
    assert (first.snapshot_date, second.snapshot_date) == (None, date(2025, 2, 3))


def test_a_search_page() -> None:
    records = list(read_studies([FIXTURES / "v2-search-page.json"]))
    assert [r.nct_id for r in records] == ["NCT09000004", "NCT09000005"]
    assert records[0].overall_status == "RECRUITING"
    assert records[0].maximum_age == AgeLimit("18 Years", 18 * 365.25)
    assert records[1].overall_status is None
    assert records[1].minimum_age == AgeLimit()


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    data = b"\xef\xbb\xbf" + (FIXTURES / "v2-search-page.json").read_bytes()
    assert len(list(read_json_studies("bom.json", data))) == 2


def test_a_study_with_only_an_identification_module() -> None:
    data = json.dumps(
        {"protocolSection": {"identificationModule": {"nctId": "NCT09000009", "briefTitle": "T"}}}
    )
    (record,) = read_json_studies("min.json", data.encode())
    assert record == StudyRecord(nct_id="NCT09000009", brief_title="T", source="min.json")


def _seed(nct_id: str) -> StudyRecord:
    data = resource("trials", f"{nct_id}.json").read_bytes()
    (record,) = read_json_studies(f"resources/trials/{nct_id}.json", data)
    return record


def test_seed_neuroblastoma_trial() -> None:
    record = _seed("NCT06751134")
    assert record.nct_id == "NCT06751134"
    assert (
        record.brief_title
        == "Chimeric Natural Killer Receptor-Universal T Cells for Relapsed or Refractory Neuroblastoma"
    )
    assert record.overall_status == "RECRUITING"
    assert record.phases == ("PHASE1",)
    assert record.sex == "ALL"
    assert record.minimum_age == AgeLimit("1 Year", 365.25)
    assert record.maximum_age == AgeLimit("12 Years", 12 * 365.25)
    assert record.conditions == ("Neuroblastoma", "Recurrent", "Refractory")
    assert record.sponsor == "Nanjing Children's Hospital"
    assert record.eligibility_text is not None
    assert record.eligibility_text.startswith("Inclusion Criteria:\n\n1. Aged 1-12 years with weight≥10kg")
    assert "Lansky score>60;" in record.eligibility_text
    assert (
        "17. Other situations that the participant is identified by the investigator"
        in record.eligibility_text
    )
    assert record.snapshot_date is None  # the page gives no registry snapshot date
    assert record.locations == ()  # the page names no study site
    assert record.central_contacts == ()


def test_seed_aml_trial() -> None:
    record = _seed("NCT05665075")
    assert (
        record.brief_title
        == "Clinical Study on the Safety and Efficacy of QN-023a Targeting CD33 in Acute Myeloid Leukemia"
    )
    assert record.overall_status is None  # not on the page
    assert record.phases == ("PHASE1",)
    assert record.study_type == "INTERVENTIONAL"
    assert (record.enrollment, record.enrollment_type) == (19, "ESTIMATED")
    assert record.minimum_age == AgeLimit("18 Years", 18 * 365.25)
    assert record.maximum_age == AgeLimit()
    assert record.sex == "ALL"
    assert (record.sponsor, record.sponsor_class) == ("Zhejiang University", "OTHER")
    assert record.conditions == ("AML, Adult",)
    assert [(loc.city, loc.state, loc.country) for loc in record.locations] == [
        ("Hangzhou", "Zhejiang", "China")
    ]
    assert record.eligibility_text is not None
    assert "* Donor specific antibody (DSA) to QN-023a: MFI \\<= 2000" in record.eligibility_text
    assert [i.name for i in record.interventions] == ["QN-023a"]
    # the page's summary paragraph is the site's editorial text, not the registry's: left out
    assert record.brief_summary is None
    assert record.snapshot_date is None


@pytest.mark.parametrize("nct_id", ["NCT06751134", "NCT05665075"])
def test_seed_files_are_strict_registry_json(nct_id: str) -> None:
    """The seeds only use keys the registry uses, in the places it uses them."""
    study = json.loads(resource("trials", f"{nct_id}.json").read_text("utf-8"))
    allowed_modules = {
        "identificationModule",
        "statusModule",
        "sponsorCollaboratorsModule",
        "descriptionModule",
        "conditionsModule",
        "designModule",
        "armsInterventionsModule",
        "eligibilityModule",
        "contactsLocationsModule",
    }
    assert set(study) == {"protocolSection"}
    assert set(study["protocolSection"]) <= allowed_modules
    assert study["protocolSection"]["identificationModule"]["nctId"] == nct_id
