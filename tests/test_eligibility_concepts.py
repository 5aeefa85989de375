"""A study whose registry conditions leave out a diagnosis its inclusion criteria take is not hidden.

Real cases from ../shared/data: NCT00001251 lists "Leukemia; Lymphoma; Meningeal Neoplasm" as conditions but
takes "leukemia, lymphoma, or other solid tumor" with meningeal involvement, so a child with neuroblastoma
could join; before, the diagnosis prefilter dropped it and the study-level reason called it "not a fit".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from finder.answers import Age, Answers
from finder.criteria.model import inclusion_diagnoses
from finder.matching.engine import match_answers
from finder.matching.results import Match, Status, Verdict
from finder.registry.records import AgeLimit, StudyRecord
from finder.registry.sources import read_studies
from finder.store.database import Store, open_store, seed_paths
from finder.store.importing import import_records
from finder.store.models import Trial, TrialEligibilityConcept
from finder.store.reparse import reparse

NB_CHILD = Answers(age=Age(6), diagnosis="neuroblastoma", disease_status="relapsed")
# NCT00001251's own words
TAKES_SOLID = (
    "Inclusion Criteria:\n- Diagnosis: Patients with leukemia, lymphoma, or other solid tumor who also have"
    " overt meningeal involvement"
)
BLOOD_ONLY = (
    "Inclusion Criteria:\n- Diagnosis: Patients with leukemia or lymphoma who also have overt meningeal"
    " involvement"
)
EXCLUDES_SOLID = BLOOD_ONLY + "\n\nExclusion Criteria:\n- Neuroblastoma or other solid tumors"


def test_inclusion_diagnoses_reads_inclusion_items_and_their_sub_items_only() -> None:
    criteria = [
        {"side": "inclusion", "kind": "diagnosis", "text": "x",
         "rule": {"type": "diagnosis", "concepts": ["aml"]}},
        {"side": "exclusion", "kind": "diagnosis", "text": "x",
         "rule": {"type": "diagnosis", "concepts": ["all"]}},
        {"side": "inclusion", "kind": "age", "text": "x", "rule": {"type": "range", "quantity": "age_years"}},
        {"side": "inclusion", "kind": "other", "text": "One of:", "children": [
            {"side": "inclusion", "kind": "diagnosis", "text": "x", "confident": False,
             "rule": {"type": "diagnosis", "concepts": ["neuroblastoma", "solid_tumor"]}},
        ]},
    ]  # fmt: skip
    assert inclusion_diagnoses(criteria) == ("aml", "neuroblastoma", "solid_tumor")
    assert inclusion_diagnoses(None) == ()


def _study(nct_id: str, eligibility: str) -> StudyRecord:
    seed = next(r for r in read_studies(seed_paths()) if r.nct_id == "NCT05665075")
    return dataclasses.replace(
        seed,
        nct_id=nct_id,
        brief_title="Intrathecal Therapy for Meningeal Disease",
        official_title=None,
        conditions=("Leukemia", "Lymphoma"),
        condition_mesh_terms=("Leukemia", "Lymphoma"),
        keywords=(),
        eligibility_text=eligibility,
        minimum_age=AgeLimit(),
        maximum_age=AgeLimit(),
    )


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(f"sqlite:///{tmp_path / 't.db'}", seed=False)
    with s.session() as session:
        import_records(
            session,
            [
                _study("NCT09100001", TAKES_SOLID),
                _study("NCT09100002", BLOOD_ONLY),
                _study("NCT09100003", EXCLUDES_SOLID),
            ],
        )
    yield s
    s.close()


def _matches(store: Store, *, everything: bool) -> dict[str, Match]:
    with store.session() as session:
        report = match_answers(session, NB_CHILD, include_prefiltered=everything)
    return {m.nct_id: m for m in report.results}


def test_a_study_whose_inclusion_takes_the_diagnosis_is_kept_with_an_item_to_check(store: Store) -> None:
    shown = _matches(store, everything=False)
    assert set(shown) == {"NCT09100001"}  # the others are left out by the prefilter
    kept = shown["NCT09100001"]
    assert kept.verdict is Verdict.MAY_FIT
    (study_level,) = [r for r in kept.reasons if r.message_id.startswith("study.diagnosis")]
    assert (study_level.status, study_level.message_id) == (Status.UNKNOWN, "study.diagnosis_in_eligibility")
    assert "care team" in study_level.explanation


def test_conditions_and_exclusions_alone_still_set_a_study_aside(store: Store) -> None:
    everything = _matches(store, everything=True)
    for nct_id in ("NCT09100002", "NCT09100003"):  # blood cancers only; solid tumours named as exclusions
        assert everything[nct_id].verdict is Verdict.NOT_A_FIT
        assert any(r.message_id == "study.diagnosis_other" for r in everything[nct_id].not_met)


def _named(store: Store) -> dict[str, set[str]]:
    with store.session() as session:
        rows = session.execute(
            select(Trial.nct_id, TrialEligibilityConcept.concept_id).join(
                Trial, Trial.id == TrialEligibilityConcept.trial_id
            )
        )
        out: dict[str, set[str]] = {}
        for nct_id, concept_id in rows:
            out.setdefault(nct_id, set()).add(concept_id)
        return out


def test_reparse_fills_the_eligibility_concepts_of_an_older_store(store: Store) -> None:
    with store.session() as session:  # as a store made before these concepts were stored
        session.execute(delete(TrialEligibilityConcept))
        session.execute(update(Trial).values(parser_version=3))
    # until reparsed, as before, and the SQL prefilter and the judge agree: both read the stored concepts
    assert set(_matches(store, everything=False)) == set()
    assert _matches(store, everything=True)["NCT09100001"].verdict is Verdict.NOT_A_FIT
    with store.session() as session:
        assert reparse(session) == 3
    assert _named(store) == {
        "NCT09100001": {"leukemia", "lymphoma", "solid_tumor"},
        "NCT09100002": {"leukemia", "lymphoma"},
        "NCT09100003": {"leukemia", "lymphoma"},
    }
    assert set(_matches(store, everything=False)) == {"NCT09100001"}


def test_a_study_imported_again_keeps_only_its_new_eligibility_concepts(store: Store) -> None:
    assert _named(store)["NCT09100001"] == {"leukemia", "lymphoma", "solid_tumor"}
    with store.session() as session:
        import_records(session, [_study("NCT09100001", BLOOD_ONLY)])
    assert _named(store)["NCT09100001"] == {"leukemia", "lymphoma"}
    assert set(_matches(store, everything=False)) == set()


@pytest.mark.parametrize(
    ("concepts", "named", "family", "status"),
    [
        ({"leukemia", "lymphoma"}, {"leukemia", "lymphoma", "solid_tumor"}, "neuroblastoma", Status.UNKNOWN),
        ({"sarcoma"}, {"sarcoma", "neuroblastoma"}, "neuroblastoma", Status.UNKNOWN),
        # "lymphoma" in a study of non-Hodgkin lymphoma is the criteria's word for its own conditions
        ({"nhl"}, {"lymphoma", "nhl"}, "hodgkin_lymphoma", Status.NOT_MET),
        ({"leukemia"}, {"leukemia"}, "neuroblastoma", Status.NOT_MET),
        ({"leukemia"}, set(), "neuroblastoma", Status.NOT_MET),
    ],
)
def test_only_a_diagnosis_beyond_the_conditions_keeps_a_study(
    concepts: set[str], named: set[str], family: str, status: Status
) -> None:
    from finder.matching.evaluate import EvalContext
    from finder.matching.verdict import StudyFacts, study_diagnosis_reason
    from finder.vocabulary import load_vocabulary

    vocab = load_vocabulary()
    assert all(c in vocab for c in (family, *concepts, *named))
    facts = StudyFacts(
        nct_id="NCT09100009",
        title="A study",
        conditions=("As registered",),
        concepts=frozenset(concepts),
        eligibility_concepts=frozenset(named),
    )
    reason = study_diagnosis_reason(
        facts, Answers(diagnosis=vocab.label(family)), EvalContext(family_concept=family, tree=vocab)
    )
    assert reason.status is status
