"""A study that names a wide group only in its title ("... Children With Recurrent Solid Tumors") while its
condition lines list a few examples is offered to a family whose diagnosis is in that group; a narrow name
in a title ("Lung Metastases", "Non-Prostate Tumors") adds nothing."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from finder.answers import Age, Answers
from finder.matching.engine import match_answers
from finder.matching.results import Verdict
from finder.registry.records import AgeLimit
from finder.registry.sources import read_studies
from finder.store import enrich
from finder.store.database import open_store, seed_paths
from finder.store.importing import import_records

NB_CHILD = Answers(age=Age(6), diagnosis="neuroblastoma", disease_status="relapsed")


def test_wide_groups_in_a_title_count_and_narrow_names_do_not() -> None:
    assert "solid_tumor" in enrich.title_groups("Docetaxel in Treating Children With Recurrent Solid Tumors")
    assert enrich.title_groups("Surgery in Treating Patients With Lung Metastases") == frozenset()
    assert enrich.title_groups("SUV on PSMA PET/CT in Non-Prostate Tumors") == frozenset()
    assert enrich.title_groups(None) == frozenset()


def _verdicts(session: object) -> dict[str, Verdict]:
    report = match_answers(session, NB_CHILD, include_prefiltered=True)  # type: ignore[arg-type]
    return {m.nct_id: m.verdict for m in report.results}


def test_a_study_naming_solid_tumours_only_in_its_title_reaches_neuroblastoma(tmp_path: Path) -> None:
    seed = next(r for r in read_studies(seed_paths()) if r.nct_id == "NCT05665075")  # the AML seed as a base
    basket = dataclasses.replace(
        seed,
        nct_id="NCT09000777",
        brief_title="Docetaxel in Treating Children With Recurrent Solid Tumors",
        official_title=None,
        conditions=("Osteosarcoma", "Ewing Sarcoma"),
        condition_mesh_terms=("Osteosarcoma", "Sarcoma, Ewing"),
        eligibility_text="Inclusion Criteria:\n- Recurrent solid tumor",
        minimum_age=AgeLimit(),
        maximum_age=AgeLimit(),
    )
    narrow = dataclasses.replace(
        basket, nct_id="NCT09000778", brief_title="Docetaxel for Recurrent Osteosarcoma"
    )
    store = open_store(f"sqlite:///{tmp_path / 't.db'}")
    try:
        with store.session() as session:
            import_records(session, [basket, narrow])
            session.commit()
        with store.session() as session:
            verdicts = _verdicts(session)
        assert verdicts["NCT09000777"] is not Verdict.NOT_A_FIT
        # the control: the same study without the group in its title is for bone sarcomas only
        assert verdicts.get("NCT09000778", Verdict.NOT_A_FIT) is Verdict.NOT_A_FIT
    finally:
        store.close()
