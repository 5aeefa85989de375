"""Every real registry record in ../shared/data imports, and a dozen of them carry the values read by hand
from the raw files."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest

from finder.registry.records import AgeLimit, Contact, StudyRecord
from finder.registry.sources import DocumentRef, count_documents, parse_only, read_studies, studies_in

CLASSIC_ZIP = "ctgov-classic-xml-sample.zip"
CLASSIC_STUDIES = 4648  # the data README's count


def _expected_count(path: Path) -> int:
    """Studies in a source, counted independently of the readers (zip members, files, list lengths)."""
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            return sum(1 for n in archive.namelist() if n.endswith((".json", ".xml")))
    if path.is_dir():
        return sum(1 for p in path.iterdir() if p.suffix == ".json")
    top = json.loads(path.read_bytes())
    if isinstance(top, list):
        return len(top)
    return len(top["studies"]) if "studies" in top else 1


@pytest.mark.shared_data
def test_every_api_v2_source_imports_completely(shared_data: Path) -> None:
    sources = sorted((shared_data / "ctgov-v2").iterdir())
    assert len(sources) >= 7
    for source in sources:
        records = list(read_studies([source]))
        expected = _expected_count(source)
        assert len(records) == expected, source
        assert count_documents([source]) == expected, source
        assert parse_only([source]) == expected, source
        assert all(r.nct_id.startswith("NCT") and r.brief_title for r in records)
        assert len({r.source for r in records}) == (
            1 if source.is_file() and source.suffix == ".json" else expected
        )


@pytest.mark.shared_data
@pytest.mark.slow
def test_the_whole_classic_xml_sample_imports(shared_data: Path) -> None:
    path = shared_data / CLASSIC_ZIP
    assert _expected_count(path) == CLASSIC_STUDIES
    ids = set()
    with_criteria = 0
    for record in read_studies([path]):
        ids.add(record.nct_id)
        with_criteria += record.eligibility_text is not None
    assert len(ids) == CLASSIC_STUDIES
    assert with_criteria == 4637  # the data README's count of studies with criteria text
    assert count_documents([path]) == CLASSIC_STUDIES


def _classic(shared_data: Path, nct_id: str) -> StudyRecord:
    ref = DocumentRef(str(shared_data / CLASSIC_ZIP), f"NCT0000xxxx/{nct_id}.xml")
    (record,) = studies_in(ref.load())
    return record


def _v2(path: Path, nct_id: str) -> StudyRecord:
    (record,) = (r for r in read_studies([path]) if r.nct_id == nct_id)
    return record


def _years(n: int) -> AgeLimit:
    return AgeLimit(f"{n} Years", n * 365.25)


# Values below were read by hand from the raw XML and JSON files, not from the readers' output.


@pytest.mark.shared_data
def test_classic_thyroid_study_nct00001159(shared_data: Path) -> None:
    r = _classic(shared_data, "NCT00001159")
    assert r.brief_title == "Evaluation of Patients With Thyroid Disorders"
    assert (r.overall_status, r.phases, r.study_type) == ("RECRUITING", (), "OBSERVATIONAL")
    assert r.minimum_age == AgeLimit("6 Months", 6 * 30.4375)
    assert r.maximum_age == AgeLimit()
    assert (r.sex, r.healthy_volunteers) == ("ALL", False)
    assert r.conditions == ("Hyperthyroidism", "Hypothyroidism", "Grave's Disease")
    assert r.condition_mesh_terms == ("Graves Disease", "Hypothyroidism", "Hyperthyroidism")
    assert (r.enrollment, r.enrollment_type) == (2500, "ESTIMATED")
    assert (r.start_date, r.status_verified) == (date(1977, 2, 1), date(2023, 1, 20))
    assert (r.first_posted, r.last_update_posted) == (date(1999, 11, 4), date(2023, 1, 25))
    assert r.central_contacts == (
        Contact(
            "Padmasree Veeraraghavan, N.P.", "CONTACT", "(301) 451-7710", "padmasree.veeraraghavan@nih.gov"
        ),
        Contact("Sriram M Gubbi, M.D.", "CONTACT", "(301) 496-1211", "sriram.gubbi@nih.gov"),
    )
    (site,) = r.locations
    assert (site.facility, site.city, site.state, site.postal_code, site.country, site.status) == (
        "National Institutes of Health Clinical Center",
        "Bethesda",
        "Maryland",
        "20892",
        "United States",
        "RECRUITING",
    )
    assert site.contacts == (
        Contact(
            "For more information at the NIH Clinical Center contact Office of Patient Recruitment (OPR)",
            "CONTACT",
            "800-411-1222 ext. TTY dial 711",
            "ccopr@nih.gov",
        ),
    )
    assert r.sponsor_class == "NIH"
    assert r.snapshot_date == date(2023, 2, 3)
    assert r.eligibility_text is not None and r.eligibility_text.startswith(
        "-  INCLUSION CRITERIA:\n\nThe categories"
    )


@pytest.mark.shared_data
def test_classic_nci_era_phase_1_2_nct00004063(shared_data: Path) -> None:
    r = _classic(shared_data, "NCT00004063")
    assert (
        r.brief_title
        == "Cisplatin, Gemcitabine, Interferon Alfa, and Hyperthermia in Treating Patients With Advanced "
        "Cancer"
    )
    assert (r.overall_status, r.phases) == ("UNKNOWN", ("PHASE1", "PHASE2"))
    assert (r.minimum_age, r.maximum_age, r.sex) == (_years(18), AgeLimit(), "ALL")
    assert r.conditions == ("Unspecified Adult Solid Tumor, Protocol Specific",)
    assert [(i.type, i.name) for i in r.interventions] == [
        ("BIOLOGICAL", "recombinant interferon alfa"),
        ("DRUG", "cisplatin"),
        ("DRUG", "gemcitabine hydrochloride"),
        ("PROCEDURE", "hyperthermia treatment"),
    ]
    assert (r.sponsor, r.sponsor_class) == ("The University of Texas Health Science Center, Houston", "OTHER")
    assert (r.start_date, r.status_verified, r.first_posted) == (
        date(1999, 8, 1),
        date(2008, 12, 1),
        date(2003, 1, 27),
    )
    (site,) = r.locations
    assert (site.city, site.state, site.country, site.status) == (
        "Houston",
        "Texas",
        "United States",
        "RECRUITING",
    )
    assert site.contacts == (
        Contact("Joan M.C. Bull, MD", "CONTACT", "713-500-6820", "joan.m.bull@uth.tmc.edu"),
    )
    assert r.eligibility_text is not None
    assert r.eligibility_text.startswith(
        "DISEASE CHARACTERISTICS:\n\n  -  Histologically confirmed metastatic"
    )
    assert "\r" not in r.eligibility_text


@pytest.mark.shared_data
def test_classic_children_obesity_nct00000112(shared_data: Path) -> None:
    r = _classic(shared_data, "NCT00000112")
    assert r.brief_title == "Prevalence of Carbohydrate Intolerance in Lean and Obese Children"
    assert (r.overall_status, r.minimum_age, r.maximum_age) == ("UNKNOWN", _years(8), _years(18))
    assert r.healthy_volunteers is True
    assert r.conditions == ("Obesity", "Glucose Intolerance", "Diabetes", "Acanthosis Nigricans")
    assert r.condition_mesh_terms == ("Acanthosis Nigricans", "Glucose Intolerance")
    assert r.central_contacts == (
        Contact("Sonia Caprio, M.D.", "CONTACT", "1-203-764-5692", "sonia.caprio@yale.edu"),
    )
    (site,) = r.locations
    assert (site.city, site.state, site.postal_code, site.status) == (
        "New Haven",
        "Connecticut",
        "06520-8064",
        "RECRUITING",
    )


@pytest.mark.shared_data
def test_classic_fibromyalgia_phase_2_3_women_nct00000422(shared_data: Path) -> None:
    r = _classic(shared_data, "NCT00000422")
    assert r.brief_title == "Tailored Treatments of Fibromyalgia"
    assert (r.overall_status, r.phases, r.sex) == ("COMPLETED", ("PHASE2", "PHASE3"), "FEMALE")
    assert (r.minimum_age, r.maximum_age) == (_years(21), _years(65))
    assert (r.enrollment, r.enrollment_type) == (312, None)
    assert (r.start_date, r.completion_date) == (date(1998, 7, 1), date(2004, 5, 1))
    assert r.condition_mesh_terms == ("Fibromyalgia", "Myofascial Pain Syndromes")
    assert r.sponsor == "University of Washington"
    assert [(s.facility, s.city, s.state) for s in r.locations] == [
        ("University of Washington", "Seattle", "Washington")
    ]


@pytest.mark.shared_data
def test_classic_infants_withdrawn_nct00000741(shared_data: Path) -> None:
    r = _classic(shared_data, "NCT00000741")
    assert (r.overall_status, r.phases) == ("WITHDRAWN", ("PHASE3",))
    assert r.minimum_age == AgeLimit("28 Days", 28.0)
    assert r.maximum_age == AgeLimit("2 Years", 730.5)
    assert (r.enrollment, r.enrollment_type) == (0, "ACTUAL")
    assert r.conditions == ("Pneumonia, Pneumocystis Carinii", "HIV Infections")
    assert r.condition_mesh_terms[:2] == ("Pneumonia", "Pneumonia, Pneumocystis")
    assert "Methylprednisolone" not in r.condition_mesh_terms  # an intervention MeSH term
    assert len(r.locations) == 6
    assert r.locations[0].city == "La Jolla"


@pytest.mark.shared_data
def test_classic_pediatric_oncology_group_nct00002485(shared_data: Path) -> None:
    r = _classic(shared_data, "NCT00002485")
    assert (
        r.brief_title
        == "Development of Strategies to Increase Enrollment in Clinical Trials for Children With Cancer"
    )
    assert (r.sponsor, r.sponsor_class) == ("Children's Oncology Group", "OTHER")
    assert (r.minimum_age, r.maximum_age) == (AgeLimit(), _years(21))
    assert "Neuroblastoma" in r.conditions and "Neuroblastoma" in r.condition_mesh_terms
    assert len(r.condition_mesh_terms) == 9
    assert len(r.locations) == 31
    assert (r.locations[1].facility, r.locations[1].postal_code) == (
        "Shands Hospital and Clinics, University of Florida",
        "32610-100277",
    )
    assert r.locations[0].status is None and r.locations[0].contacts == ()
    assert r.eligibility_text is not None and r.eligibility_text.startswith(
        "DISEASE CHARACTERISTICS: Case or control"
    )
    assert (r.status_verified, r.last_update_posted) == (date(2014, 2, 1), date(2014, 2, 14))


@pytest.mark.shared_data
def test_v2_single_trimmed_record_nct03105011(shared_data: Path) -> None:
    (r,) = read_studies([shared_data / "ctgov-v2" / "single-NCT03105011.json"])
    assert (
        r.brief_title
        == "Utilizing Off-the-shelf Technology to Improve Diabetes Management in a Rural Population"
    )
    assert (r.overall_status, r.study_type, r.sponsor) == (
        "COMPLETED",
        "INTERVENTIONAL",
        "University of Missouri-Columbia",
    )
    assert r.conditions == ("Diabetes",)
    assert [(i.type, i.name) for i in r.interventions] == [(None, "EpxDiabetes software")]
    assert (r.minimum_age, r.maximum_age, r.eligibility_text, r.snapshot_date) == (
        AgeLimit(),
        AgeLimit(),
        None,
        None,
    )


@pytest.mark.shared_data
def test_v2_folder_tata_memorial_nct02754115(shared_data: Path) -> None:
    r = _v2(shared_data / "ctgov-v2" / "folder-recruiting-india" / "NCT02754115.json", "NCT02754115")
    assert r.brief_title == "An Audit of Cytoreductive Surgery and Hyperthermic Intraperitoneal Chemotherapy"
    assert (r.overall_status, r.study_type, r.phases) == ("RECRUITING", "OBSERVATIONAL", ())
    assert (r.minimum_age, r.maximum_age, r.sex) == (_years(18), _years(70), "ALL")
    assert r.conditions == ("Colorectal Cancer", "Ovarian Cancer", "Peritoneal Disease")
    assert r.condition_mesh_terms == ("Peritoneal Diseases",)
    assert (r.status_verified, r.start_date, r.completion_date) == (
        date(2024, 11, 1),
        date(2016, 4, 1),
        date(2027, 1, 1),
    )
    assert r.central_contacts == (
        Contact("Sohan L Solanki, MD", "CONTACT", "+919869253201", "me_sohans@yahoo.co.in"),
    )
    (site,) = r.locations
    assert (site.facility, site.city, site.state, site.postal_code, site.country, site.status) == (
        "Tata Memorial Hospital",
        "Mumbai",
        "Maharashtra",
        "400012",
        "India",
        "RECRUITING",
    )
    assert (site.latitude, site.longitude) == (19.07283, 72.88261)
    assert r.snapshot_date == date(2025, 7, 7)


@pytest.mark.shared_data
def test_v2_search_page_boston_nct06934928(shared_data: Path) -> None:
    r = _v2(shared_data / "ctgov-v2" / "search-page-boston.json", "NCT06934928")
    assert (r.overall_status, r.phases, r.minimum_age, r.maximum_age) == (
        "NOT_YET_RECRUITING",
        ("PHASE1",),
        _years(18),
        AgeLimit(),
    )
    assert r.conditions == ("Neurofibromatosis 1 (NF1)", "Neurofibromatosis Type I")
    assert (r.enrollment, r.enrollment_type) == (10, "ESTIMATED")
    (site,) = r.locations
    assert (site.city, site.state, site.postal_code) == ("Boston", "Massachusetts", "02114")
    assert site.contacts[0] == Contact(
        "Gina Hickford", "CONTACT", "617-726-3308", "ghickford@mgh.harvard.edu"
    )
    assert [c.role for c in site.contacts[2:]] == [
        "PRINCIPAL_INVESTIGATOR",
        "SUB_INVESTIGATOR",
        "SUB_INVESTIGATOR",
    ]
    assert r.condition_mesh_terms == () and r.snapshot_date is None


@pytest.mark.shared_data
def test_v2_bulk_zip_urology_nct06600893(shared_data: Path) -> None:
    r = _v2(shared_data / "ctgov-v2" / "bulk-download-urology.zip", "NCT06600893")
    assert r.source.endswith("bulk-download-urology.zip!NCT06600893.json")
    assert (r.overall_status, r.phases, r.sex) == ("COMPLETED", (), "MALE")  # phases ["NA"]
    assert (r.minimum_age, r.maximum_age) == (_years(21), _years(80))
    assert r.condition_mesh_terms == ("Erectile Dysfunction",)
    assert len(r.condition_mesh_ancestors) == 7
    assert (r.start_date, r.completion_date) == (date(2019, 8, 5), date(2023, 4, 7))
    assert r.snapshot_date == date(2024, 9, 24)
    assert r.central_contacts == ()


@pytest.mark.shared_data
def test_v2_list_children_nevus_nct02280889(shared_data: Path) -> None:
    r = _v2(shared_data / "ctgov-v2" / "list-oncology-b.json", "NCT02280889")
    assert r.minimum_age == AgeLimit("9 Months", 9 * 30.4375)
    assert r.maximum_age == _years(16)
    assert r.overall_status == "RECRUITING"
    assert r.secondary_ids == ("PB_2019-00139",)
    assert r.conditions == ("Quality of Life", "Stigmatization")
    assert r.condition_mesh_terms == ("Stereotyping", "Nevus", "Cicatrix")
    assert [c.name for c in r.central_contacts] == ["Kathrin Neuhaus, MD", "Markus Landolt, Prof"]
    (site,) = r.locations
    assert (site.city, site.country, site.state, site.status) == ("Zurich", "Switzerland", None, "RECRUITING")
    assert r.snapshot_date == date(2026, 4, 24)
