"""Classic XML (<clinical_study>): every field from a hand-written record; classic spellings -> v2 enums."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from finder.registry.ctgov_xml import read_xml_study
from finder.registry.records import AgeLimit, Contact, Intervention, Location
from finder.registry.sources import read_studies

FIXTURES = Path(__file__).parent / "fixtures" / "registry"


def test_every_field_of_a_classic_record() -> None:
    path = FIXTURES / "classic-every-field.xml"
    (record,) = read_studies([path])
    assert record.nct_id == "NCT09000010"
    assert record.source == str(path)
    assert record.brief_title == "Fixture Chemotherapy in Treating Children With Neuroblastoma"
    assert (
        record.official_title
        == "A Fixture Phase I/II Study of Chemotherapy in Children With Recurrent Neuroblastoma"
    )
    assert record.acronym == "FIXCHEMO"
    assert record.org_study_id == "FIX-XML-10"
    assert record.secondary_ids == ("COG-FIX10", "NCI-2021-00010")
    assert record.overall_status == "ACTIVE_NOT_RECRUITING"
    assert record.phases == ("PHASE1", "PHASE2")
    assert record.study_type == "INTERVENTIONAL"
    assert record.conditions == ("Neuroblastoma", "Recurrent Childhood Solid Tumor")
    # condition_browse only: the intervention_browse MeSH term is a drug, not a condition
    assert record.condition_mesh_terms == ("Neuroblastoma", "Neoplasms, Germ Cell and Embryonal")
    assert record.condition_mesh_ancestors == ()  # the classic format has none
    assert record.keywords == ("neuroblastoma", "recurrent neuroblastoma")
    assert record.interventions == (
        Intervention(type="DRUG", name="cyclophosphamide", description="Given IV"),
        Intervention(type="DIETARY_SUPPLEMENT", name="vitamin D"),
    )
    assert record.brief_summary == (
        "RATIONALE: Drugs used in chemotherapy work in different ways.\n\n"
        "PURPOSE: This fixture trial studies chemotherapy."
    )
    assert record.detailed_description == "OBJECTIVES:\n\n  -  Find the dose."
    assert record.eligibility_text == (
        "DISEASE CHARACTERISTICS:\n\n  -  Histologically confirmed neuroblastoma\n\n"
        "PATIENT CHARACTERISTICS:\n\nAge:\n\n  -  1 to 21\n\n"
        "PRIOR CONCURRENT THERAPY:\n\n  -  At least 3 weeks since prior chemotherapy"
    )
    assert record.minimum_age == AgeLimit("18 Months", 18 * 30.4375)
    assert record.maximum_age == AgeLimit("21 Years", 21 * 365.25)
    assert record.sex == "FEMALE"
    assert record.healthy_volunteers is True
    assert (record.sponsor, record.sponsor_class) == ("Fixture Oncology Group", "FED")
    assert (record.enrollment, record.enrollment_type) == (40, "ESTIMATED")
    assert record.first_posted == date(2005, 3, 7)
    assert record.last_update_posted == date(2021, 5, 20)
    assert record.status_verified == date(2021, 5, 1)
    assert record.start_date == date(2005, 3, 5)
    assert record.completion_date == date(2030, 12, 1)
    assert record.locations == (
        Location(
            facility="Fixture Children's Hospital",
            city="Memphis",
            state="Tennessee",
            postal_code="38105",
            country="United States",
            status="RECRUITING",
            contacts=(
                Contact(name="Site Contact", role="CONTACT", phone="555-0300", email="site@example.org"),
                Contact(name="Site Backup", role="CONTACT"),
                Contact(name="Site Investigator, MD", role="PRINCIPAL_INVESTIGATOR"),
            ),
        ),
        Location(facility="Fixture Hopital", city="Paris", country="France", status="NOT_YET_RECRUITING"),
    )
    assert record.central_contacts == (
        Contact(
            name="Fixture Central Contact",
            role="CONTACT",
            phone="555-0200 ext. 34",
            email="central@example.org",
        ),
        Contact(name="Fixture Backup Contact", role="CONTACT", email="backup@example.org"),
    )
    assert record.snapshot_date == date(2021, 3, 5)


def _study(**parts: str) -> bytes:
    """A minimal classic record with the given elements added."""
    extra = "".join(f"<{tag}>{text}</{tag}>" for tag, text in parts.items())
    return (
        "<clinical_study><id_info><nct_id>NCT09000011</nct_id></id_info>"
        f"<brief_title>T</brief_title>{extra}</clinical_study>"
    ).encode()


@pytest.mark.parametrize(
    ("classic", "v2"),
    [
        ("Recruiting", "RECRUITING"),
        ("Not yet recruiting", "NOT_YET_RECRUITING"),
        ("Active, not recruiting", "ACTIVE_NOT_RECRUITING"),
        ("Enrolling by invitation", "ENROLLING_BY_INVITATION"),
        ("Completed", "COMPLETED"),
        ("Suspended", "SUSPENDED"),
        ("Terminated", "TERMINATED"),
        ("Withdrawn", "WITHDRAWN"),
        ("Unknown status", "UNKNOWN"),
        ("Available", "AVAILABLE"),
        ("No longer available", "NO_LONGER_AVAILABLE"),
        ("Temporarily not available", "TEMPORARILY_NOT_AVAILABLE"),
        ("Approved for marketing", "APPROVED_FOR_MARKETING"),
    ],
)
def test_overall_status_spellings(classic: str, v2: str) -> None:
    assert read_xml_study("s.xml", _study(overall_status=classic)).overall_status == v2


@pytest.mark.parametrize(
    ("classic", "v2"),
    [
        ("Phase 1/Phase 2", ("PHASE1", "PHASE2")),
        ("Phase 2/Phase 3", ("PHASE2", "PHASE3")),
        ("Early Phase 1", ("EARLY_PHASE1",)),
        ("Phase 4", ("PHASE4",)),
        ("N/A", ()),
    ],
)
def test_phase_spellings(classic: str, v2: tuple[str, ...]) -> None:
    assert read_xml_study("s.xml", _study(phase=classic)).phases == v2


@pytest.mark.parametrize(
    ("classic", "v2"),
    [
        ("Interventional", "INTERVENTIONAL"),
        ("Observational", "OBSERVATIONAL"),
        ("Observational [Patient Registry]", "OBSERVATIONAL"),
        ("Expanded Access", "EXPANDED_ACCESS"),
    ],
)
def test_study_type_spellings(classic: str, v2: str) -> None:
    assert read_xml_study("s.xml", _study(study_type=classic)).study_type == v2


@pytest.mark.parametrize(("gender", "sex"), [("All", "ALL"), ("Female", "FEMALE"), ("Male", "MALE")])
def test_gender_becomes_sex(gender: str, sex: str) -> None:
    record = read_xml_study("s.xml", _study(eligibility=f"<gender>{gender}</gender>"))
    assert record.sex == sex


@pytest.mark.parametrize(("text", "value"), [("Accepts Healthy Volunteers", True), ("No", False)])
def test_healthy_volunteers(text: str, value: bool) -> None:
    record = read_xml_study("s.xml", _study(eligibility=f"<healthy_volunteers>{text}</healthy_volunteers>"))
    assert record.healthy_volunteers is value


def test_absent_optional_parts_stay_empty() -> None:
    record = read_xml_study("s.xml", _study())
    assert (record.overall_status, record.phases, record.sex, record.healthy_volunteers) == (
        None,
        (),
        None,
        None,
    )
    assert record.minimum_age == AgeLimit() == record.maximum_age
    assert (record.enrollment, record.snapshot_date, record.eligibility_text) == (None, None, None)


def test_actual_enrollment() -> None:
    data = _study().replace(
        b"</clinical_study>", b'<enrollment type="Actual">12</enrollment></clinical_study>'
    )
    record = read_xml_study("s.xml", data)
    assert (record.enrollment, record.enrollment_type) == (12, "ACTUAL")


def test_older_contact_layout_with_name_parts_and_degrees() -> None:
    contact = (
        "<first_name>Ana</first_name><middle_name>M</middle_name><last_name>Lopez</last_name>"
        "<degrees>MD, PhD</degrees><phone>555-0400</phone>"
    )
    record = read_xml_study("s.xml", _study(overall_contact=contact))
    assert record.central_contacts == (
        Contact(name="Ana M Lopez, MD, PhD", role="CONTACT", phone="555-0400"),
    )


def test_location_without_an_address_keeps_what_it_has() -> None:
    record = read_xml_study("s.xml", _study(location="<facility><name>Clinic</name></facility>"))
    assert record.locations == (Location(facility="Clinic"),)
