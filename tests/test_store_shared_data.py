"""Every real registry study in ../shared/data goes into one store without error, with the right values.

The values checked below were read by hand from the registry files (not from the readers' output).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from finder.store.database import Store, open_store
from finder.store.importing import ImportReport, import_paths
from finder.store.read import get_study, store_stats
from tests.store_support import sqlite_url

pytestmark = [pytest.mark.shared_data, pytest.mark.slow]


@pytest.fixture(scope="module")
def imported(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Store, ImportReport]]:
    store = open_store(sqlite_url(tmp_path_factory.mktemp("shared")), seed=False)
    paths = [shared_data / "ctgov-classic-xml-sample.zip", *sorted((shared_data / "ctgov-v2").iterdir())]
    with store.session() as session:
        report = import_paths(session, paths)
    yield store, report
    store.close()


def test_all_studies_import(imported: tuple[Store, ImportReport]) -> None:
    store, report = imported
    assert report.skipped == 0
    with store.session() as session:
        stats = store_stats(session)
    # README: 4,648 classic XML studies and 1,319 API v2 studies; a study in two v2 files is stored once.
    assert stats.total == report.imported - report.replaced
    assert 4648 < stats.total <= 4648 + 1319
    assert date(2023, 2, 3) in stats.snapshot_dates  # the XML sample's processing date
    assert stats.by_status["COMPLETED"] > 2000


def test_classic_xml_study_fields(imported: tuple[Store, ImportReport]) -> None:
    store, _ = imported
    with store.session() as session:
        study = get_study(session, "NCT00001159")
    assert study is not None
    r = study.record
    assert r.brief_title == "Evaluation of Patients With Thyroid Disorders"
    assert r.org_study_id == "770002" and r.secondary_ids == ("77-DK-0002",)
    assert r.overall_status == "RECRUITING" and r.study_type == "OBSERVATIONAL"
    assert r.conditions == ("Hyperthyroidism", "Hypothyroidism", "Grave's Disease")
    assert r.condition_mesh_terms == ("Graves Disease", "Hypothyroidism", "Hyperthyroidism")
    assert r.minimum_age.raw == "6 Months" and r.minimum_age.days is not None
    assert 180 <= r.minimum_age.days <= 184
    assert r.maximum_age.days is None  # "N/A": no limit
    assert r.sex == "ALL" and r.healthy_volunteers is False
    assert r.sponsor == "National Institute of Diabetes and Digestive and Kidney Diseases (NIDDK)"
    assert r.enrollment == 2500
    assert r.first_posted == date(1999, 11, 4) and r.last_update_posted == date(2023, 1, 25)
    assert r.start_date == date(1977, 2, 1)
    assert r.snapshot_date == date(2023, 2, 3)
    (site,) = r.locations
    assert (site.facility, site.city, site.state, site.postal_code, site.country) == (
        "National Institutes of Health Clinical Center",
        "Bethesda",
        "Maryland",
        "20892",
        "United States",
    )
    assert site.status == "RECRUITING"
    assert site.contacts[0].email == "ccopr@nih.gov"
    assert {c.email for c in r.central_contacts} == {
        "padmasree.veeraraghavan@nih.gov",
        "sriram.gubbi@nih.gov",
    }
    assert "Thyroid-Stimulating Hormone Secreting Pituitary Ad" in r.keywords


def test_classic_xml_study_with_criteria(imported: tuple[Store, ImportReport]) -> None:
    store, _ = imported
    with store.session() as session:
        study = get_study(session, "NCT00002067")
    assert study is not None
    r = study.record
    assert r.phases == ("PHASE3",) and r.overall_status == "COMPLETED"
    assert r.sponsor == "Bristol-Myers Squibb" and r.sponsor_class == "INDUSTRY"
    assert r.interventions[0].name == "Megestrol acetate" and r.interventions[0].type == "DRUG"
    assert (
        r.eligibility_text is not None
        and "Confirmed diagnosis of AIDS (CDC definition)." in r.eligibility_text
    )
    assert r.conditions == ("Anorexia", "Cachexia", "HIV Infections")


def test_api_v2_study_fields(imported: tuple[Store, ImportReport]) -> None:
    store, _ = imported
    with store.session() as session:
        study = get_study(session, "NCT01785420")
        trimmed = get_study(session, "NCT03105011")
    assert study is not None and trimmed is not None
    r = study.record
    assert r.brief_title == "Pre Operative Trastuzumab in Operable Breast Cancer"
    assert r.org_study_id == "TMH Project-982"
    assert r.overall_status == "RECRUITING" and r.phases == ("PHASE3",)
    assert r.sex == "FEMALE" and r.minimum_age.raw == "18 Years" and r.maximum_age.raw == "80 Years"
    assert r.enrollment == 1100 and r.enrollment_type == "ESTIMATED"
    assert r.status_verified == date(2025, 4, 1) and r.first_posted == date(2013, 2, 7)
    assert r.completion_date == date(2027, 2, 1)
    assert r.snapshot_date == date(2025, 7, 7)
    assert r.condition_mesh_terms == ("Breast Neoplasms",)
    assert r.central_contacts[0].email == "badwera@gmail.com"
    mumbai = r.locations[0]
    assert (mumbai.city, mumbai.postal_code, mumbai.latitude, mumbai.longitude) == (
        "Mumbai",
        "400012",
        19.07283,
        72.88261,
    )
    assert trimmed.record.brief_title.startswith("Utilizing Off-the-shelf Technology")
    assert trimmed.record.minimum_age.days is None and trimmed.record.locations == ()
