"""Broad condition terms as weak or strong evidence that a study takes a diagnosis
(finder.vocabulary_evidence, `Vocabulary.weak_link`, and the study-level diagnosis reason that uses it)."""

from __future__ import annotations

import pytest

from finder.answers import Answers
from finder.matching.evaluate import EvalContext
from finder.matching.results import Status
from finder.matching.verdict import StudyFacts, study_diagnosis_reason
from finder.store.enrich import concepts_of
from finder.vocabulary import Vocabulary, load_vocabulary


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


def _status(
    vocab: Vocabulary, conditions: list[str], mesh: list[str], family: str, title: str = ""
) -> Status:
    """The study-level diagnosis outcome, concepts read as the importer reads them (conditions and MeSH
    terms, and the wide groups of the title)."""
    facts = StudyFacts(
        nct_id="NCT00000000",
        title=title or "A study",
        conditions=tuple(conditions),
        concepts=frozenset(concepts_of("\n".join([*conditions, *mesh]), title or None)),
    )
    ctx = EvalContext(family_concept=family, tree=vocab)
    return study_diagnosis_reason(facts, Answers(diagnosis=vocab.label(family)), ctx).status


def test_nervous_system_neoplasms_is_brain_or_nerve_not_neuroblastoma(vocab: Vocabulary) -> None:
    nsn = vocab.concepts_in_text("Nervous System Neoplasms")
    assert nsn == {"nervous_system_tumor"}
    assert "nervous_system_tumor" in vocab.ancestors("medulloblastoma")
    assert "nervous_system_tumor" in vocab.ancestors("plexiform_neurofibroma")
    assert "nervous_system_tumor" not in vocab.ancestors("neuroblastoma")
    assert "peripheral_nerve_tumor" not in vocab.ancestors("neuroblastoma")
    glioma_study = (["Brain and Central Nervous System Tumors"], ["Glioma", "Nervous System Neoplasms"])
    assert _status(vocab, *glioma_study, "neuroblastoma") is Status.NOT_MET
    assert _status(vocab, *glioma_study, "glioblastoma") is not Status.NOT_MET


def test_olfactory_neuroblastoma_is_not_neuroblastoma(vocab: Vocabulary) -> None:
    assert vocab.concepts_in_text("Esthesioneuroblastoma") == {"head_neck_cancer"}
    assert vocab.resolve("neuroblastoma") == "neuroblastoma"


def test_mesh_parent_beside_another_cancer_is_weak(vocab: Vocabulary) -> None:
    # a breast cancer study whose MeSH list also says "Neoplasms"
    breast = (["Breast Cancer"], ["Breast Neoplasms", "Neoplasms"])
    assert _status(vocab, *breast, "neuroblastoma") is Status.NOT_MET
    # a CLL study whose MeSH list adds "Leukemia": not for a child with AML
    cll = (["B-cell Chronic Lymphocytic Leukemia"], ["Leukemia", "Leukemia, Lymphocytic, Chronic, B-Cell"])
    assert _status(vocab, *cll, "aml") is Status.NOT_MET
    # ... but still for leukaemia in general, and for CLL itself
    assert _status(vocab, *cll, "cll") is Status.MET
    assert _status(vocab, *cll, "leukemia") is not Status.NOT_MET


def test_a_bare_cancer_line_beside_one_cancer_is_weak(vocab: Vocabulary) -> None:
    colorectal = (["Colorectal Cancer", "Metastatic Cancer"], ["Colorectal Neoplasms"])
    assert _status(vocab, *colorectal, "wilms_tumor") is Status.NOT_MET
    # beside several named cancers it reads as "any cancer, for example ..."
    examples = (["Breast Cancer", "Cancer", "Lymphoma", "Ovarian Cancer"], [])
    assert _status(vocab, *examples, "neuroblastoma") is not Status.NOT_MET


def test_broad_conditions_the_sponsor_names_keep_the_study(vocab: Vocabulary) -> None:
    assert _status(vocab, ["Neoplasms"], ["Neoplasms"], "neuroblastoma") is Status.MET
    assert _status(vocab, ["Childhood Cancer"], ["Neoplasms"], "rhabdomyosarcoma") is Status.MET
    basket = (["Advanced Solid Tumors", "Breast Cancer", "Non-small Cell Lung Cancer"], [])
    assert _status(vocab, *basket, "ewing_sarcoma") is Status.UNKNOWN  # may fit: the care team checks
    childhood = (["Childhood Cancer", "Leukemia", "Brain Tumor"], [])
    assert _status(vocab, *childhood, "neuroblastoma") is not Status.NOT_MET
    # the title is the sponsor's own words too
    titled = (["Lymphoma", "Neoplasms"], ["Lymphoma", "Neoplasms"])
    solid, lymphoma = "Drug X in Adults With Solid Tumors", "Drug X in Adults With Lymphoma"
    assert _status(vocab, *titled, "wilms_tumor", title=solid) is not Status.NOT_MET
    assert _status(vocab, *titled, "wilms_tumor", title=lymphoma) is Status.NOT_MET


def test_a_group_named_beside_an_example_of_it_keeps_the_study(vocab: Vocabulary) -> None:
    """ "X and Other Solid Tumors", "Solid Tumors Including X": the group is meant, not only the example."""
    assert _status(vocab, ["Recurrent Brain Tumors and Other Solid Tumors"], [], "neuroblastoma") is not (
        Status.NOT_MET
    )
    assert _status(vocab, ["Pediatric Solid Tumors Such as Osteosarcoma"], [], "neuroblastoma") is not (
        Status.NOT_MET
    )
    assert _status(vocab, ["Relapsed Acute Leukemia Including AML"], [], "all") is not Status.NOT_MET
    gd2 = "Anti-GD2 Antibody for Neuroblastoma and Other GD2-Positive Solid Tumors"
    assert _status(vocab, ["Neuroblastoma"], ["Neuroblastoma"], "wilms_tumor", gd2) is not Status.NOT_MET
    sarcomas = "Osteosarcoma and Other Sarcomas"
    assert _status(vocab, ["Osteosarcoma"], ["Osteosarcoma"], "ewing_sarcoma", sarcomas) is not Status.NOT_MET
    # "and other neoplasms" means any kind: the catch-all counts there, not in "Liver Metastases"
    sclc = ["Patients With Small Cell Lung Carcinoma and Other Neoplasms"]
    assert _status(vocab, sclc, ["Neoplasms"], "neuroblastoma") is not Status.NOT_MET
    liver = ["Colorectal Cancer Liver Metastases"]
    assert _status(vocab, liver, ["Neoplasm Metastasis"], "neuroblastoma") is Status.NOT_MET
    # the control: the example alone is for that cancer only
    osteo = "A Drug for Osteosarcoma"
    assert _status(vocab, ["Osteosarcoma"], ["Osteosarcoma", "Sarcoma"], "ewing_sarcoma", osteo) is (
        Status.NOT_MET
    )


def test_brain_metastases_studies_take_any_solid_tumor(vocab: Vocabulary) -> None:
    mets, title = (["Metastatic Cancer"], ["Brain Neoplasms"]), "Radiosurgery for Brain Metastases"
    assert _status(vocab, *mets, "osteosarcoma", title=title) is not Status.NOT_MET
    assert _status(vocab, *mets, "aml", title=title) is Status.NOT_MET
    # a bare "Metastatic Cancer" line beside a brain tumour term means the same
    assert _status(vocab, ["Brain Neoplasm", "Neoplasm Metastasis"], [], "wilms_tumor") is not Status.NOT_MET


def test_a_mesh_cancer_term_no_condition_backs_is_weak(vocab: Vocabulary) -> None:
    ms = (["Relapsing Multiple Sclerosis"], ["Neoplasm Metastasis", "Multiple Sclerosis"])
    assert _status(vocab, *ms, "neuroblastoma") is Status.NOT_MET
    # a cancer line beside non-cancer conditions is the sponsor's: wounds of any cancer
    wounds = (["Neoplasm", "Wounds and Injuries"], ["Neoplasms", "Wounds and Injuries"])
    assert _status(vocab, *wounds, "ewing_sarcoma") is Status.MET


def test_unknown_and_unmapped_never_exclude(vocab: Vocabulary) -> None:
    assert not vocab.weak_link({"cancer", "breast_cancer"}, ["Breast Cancer"], "no_such_concept")
    assert not vocab.weak_link({"no_such_concept"}, [], "neuroblastoma")
    assert _status(vocab, ["Healthy"], [], "neuroblastoma") is Status.UNKNOWN  # no concept at all


def test_own_concepts_leave_out_bare_catch_all_lines(vocab: Vocabulary) -> None:
    assert vocab.own_concepts(["Cancer", "Breast Cancer"]) == {"breast_cancer"}
    assert vocab.own_concepts(["Childhood Cancer", "Leukemia"]) == {"cancer", "leukemia"}
    assert vocab.own_concepts([], "Liver Metastases From Colon Cancer") == {"colorectal_cancer"}
