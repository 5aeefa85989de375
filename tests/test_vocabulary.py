"""The bundled vocabulary: data integrity, the hierarchy, typo-tolerant look-ups and finding names in text."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finder.answers import TREATMENT_IDS
from finder.phrases import normalize
from finder.vocabulary import LANGUAGES, Vocabulary, VocabularyError, load_vocabulary


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


# --- the data ---------------------------------------------------------------------------------------


def test_every_concept_has_three_languages_and_known_parents(vocab: Vocabulary) -> None:
    concepts = vocab.concepts()
    assert len(concepts) >= 150
    ids = {c.id for c in concepts}
    for c in concepts:
        for lang in LANGUAGES:
            assert c.label[lang].strip(), (c.id, lang)
            assert c.lay[lang].strip(), (c.id, lang)
        assert set(c.parents) <= ids, c.id
        assert c.id not in c.parents


def test_hierarchy_has_no_cycles(vocab: Vocabulary) -> None:
    for c in vocab.concepts():
        assert c.id not in vocab.ancestors(c.id)
        assert c.id not in vocab.descendants(c.id)


def test_a_cycle_or_unknown_parent_is_refused() -> None:
    def concept(cid: str, *parents: str) -> dict[str, object]:
        words = {lang: cid for lang in LANGUAGES}
        return {"id": cid, "label": words, "lay": words, "parents": list(parents)}

    treatments = {"treatments": []}
    with pytest.raises(VocabularyError, match="cycle"):
        Vocabulary({"concepts": [concept("a", "b"), concept("b", "a")]}, treatments)
    with pytest.raises(VocabularyError, match="unknown parent"):
        Vocabulary({"concepts": [concept("a", "nowhere")]}, treatments)


def test_a_synonym_names_one_concept_only() -> None:
    from resources import resource

    data = json.loads(resource("vocabulary", "diagnoses.json").read_text("utf-8"))
    owner: dict[str, str] = {}
    clashes = []
    for c in data["concepts"]:
        names = [*c["label"].values(), *c.get("synonyms", ()), *c.get("typed_only", ())]
        for name in {normalize(n) for n in names}:
            if owner.setdefault(name, c["id"]) != c["id"]:
                clashes.append((name, owner[name], c["id"]))
    assert clashes == []


def test_treatments_cover_every_answer_treatment_id(vocab: Vocabulary) -> None:
    assert sorted(t.id for t in vocab.treatments()) == sorted(TREATMENT_IDS)
    for t in vocab.treatments():
        assert all(t.label[lang] and t.lay[lang] for lang in LANGUAGES), t.id
        assert set(t.counts_as) <= set(TREATMENT_IDS)


def test_requested_chains_are_in_the_hierarchy(vocab: Vocabulary) -> None:
    assert {"aml", "acute_leukemia", "leukemia", "blood_cancer", "cancer"} <= vocab.ancestors("apl")
    assert {"childhood_solid_tumor", "solid_tumor", "cancer"} <= vocab.ancestors("neuroblastoma")
    assert {"embryonal_brain_tumor", "brain_tumor", "solid_tumor"} <= vocab.ancestors("medulloblastoma")
    assert {"dmg", "high_grade_glioma", "glioma", "brain_tumor"} <= vocab.ancestors("dipg")
    assert {"b_all", "t_all"} <= vocab.descendants("all")
    assert "neuroblastoma" in vocab.descendants("solid_tumor")
    assert "breast_cancer" not in vocab.descendants("childhood_solid_tumor")


# --- the relation a matching engine asks -------------------------------------------------------------


def test_relation_between_a_study_and_a_family(vocab: Vocabulary) -> None:
    nb = vocab.resolve("neuroblastoma")
    assert nb == "neuroblastoma"
    assert vocab.relation(vocab.concepts_in_text("Relapsed Childhood Solid Tumours"), nb) == "broader"
    assert vocab.relation(vocab.concepts_in_text("Acute Myeloid Leukemia"), "apl") == "broader"
    assert vocab.relation(vocab.concepts_in_text("Acute Promyelocytic Leukemia"), "aml") == "narrower"
    assert vocab.relation(vocab.concepts_in_text("Breast Cancer"), nb) == "unrelated"
    assert vocab.relation(vocab.concepts_in_text("Neuroblastoma"), nb) == "same"
    assert vocab.relation(vocab.concepts_in_text("Leukemia"), "all") == "broader"
    assert vocab.relation(vocab.concepts_in_text("Leukemia"), "cancer") == "narrower"
    assert vocab.relation([], nb) == "unrelated"
    assert vocab.relation(["aml"], "no_such_concept") == "unrelated"


def test_relation_keeps_broad_terms_unless_asked(vocab: Vocabulary) -> None:
    # "Solid tumors including neuroblastoma" is open to every solid tumor: broad terms are never dropped...
    listing = vocab.concepts_in_text("Relapsed solid tumors; neuroblastoma; Wilms tumor")
    assert vocab.relation(listing, "rhabdomyosarcoma") == "broader"
    # ...unless the caller knows the list adds ancestors mechanically (classic MeSH terms)
    aml_study = vocab.concepts_in_text("Leukemia, Myeloid, Acute\nLeukemia\nLeukemia, Myeloid")
    assert vocab.relation(aml_study, "all") == "broader"
    assert vocab.relation(aml_study, "all", specific_only=True) == "unrelated"
    assert vocab.relation(aml_study, "aml", specific_only=True) == "same"


def test_medulloblastoma_study_is_for_a_brain_tumor_family_to_check(vocab: Vocabulary) -> None:
    assert vocab.relation(vocab.concepts_in_text("Medulloblastoma"), vocab.resolve("brain tumour") or "") == (
        "narrower"
    )
    assert vocab.relation(vocab.concepts_in_text("Pediatric CNS tumors"), "medulloblastoma") == "broader"


# --- what families type -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("nueroblastoma", "neuroblastoma"),
        ("Neuroblastoma ", "neuroblastoma"),
        ("medulloblastma", "medulloblastoma"),
        ("acute myelogenous leukemia", "aml"),
        ("Acute Myeloid Leukaemia", "aml"),
        ("AML", "aml"),
        ("r/r AML", "aml"),
        ("ALL", "all"),
        ("B-ALL", "b_all"),
        ("APL", "apl"),
        ("NB", "neuroblastoma"),
        ("DIPG", "dipg"),
        ("brain tumor", "brain_tumor"),
        ("brain tumour", "brain_tumor"),
        ("blood cancer", "blood_cancer"),
        ("cancer in the nerve cells", "neuroblastoma"),
        ("Wilms' tumour", "wilms_tumor"),
        ("ewings sarcoma", "ewing_sarcoma"),
        ("Hodgkin's disease", "hodgkin_lymphoma"),
        ("rhabdomyosarcoma", "rhabdomyosarcoma"),
        ("my daughter has relapsed nueroblastoma", "neuroblastoma"),
        ("diabetes", "diabetes"),
        ("asthma", "asthma"),
        ("sickle cell", "sickle_cell_disease"),
        ("leucemia mieloide aguda", "aml"),
        ("meduloblastoma", "medulloblastoma"),
        ("神经母细胞瘤", "neuroblastoma"),
        ("急性髓系白血病", "aml"),
        ("白血病", "leukemia"),
        ("my son has ALL", "all"),
        ("He has leukaemia (ALL)", "all"),
        ("relapsed AML after transplant", "aml"),
        ("stage 4 NB", "neuroblastoma"),
        ("LLA recaída", "all"),
        ("my son has all the signs of leukemia", "leukemia"),
        ("tumor en el riñón", "kidney_tumor"),
        ("tumor de cerebro", "brain_tumor"),
        ("cancer de sangre", "blood_cancer"),
        ("急淋", "all"),
        ("脑瘤", "brain_tumor"),
    ],
)
def test_resolve_forgives_spelling(vocab: Vocabulary, typed: str, expected: str) -> None:
    assert vocab.resolve(typed) == expected


@pytest.mark.parametrize("typed", ["", "   ", "banana", "xyzzy", "the", "hello world", "table", "123"])
def test_resolve_gives_none_for_words_that_are_no_diagnosis(vocab: Vocabulary, typed: str) -> None:
    assert vocab.resolve(typed) is None


def test_diabetes_insipidus_is_not_diabetes(vocab: Vocabulary) -> None:
    assert vocab.resolve("diabetes insipidus") != "diabetes"
    assert vocab.resolve("type 1 diabetes") == "type1_diabetes"


def test_suggest_offers_prefixes_first_in_the_asked_language(vocab: Vocabulary) -> None:
    got = vocab.suggest("neuro", "en", 5)
    assert got and got[0].concept_id == "neuroblastoma"
    assert got[0].label == "Neuroblastoma"
    assert all(0 <= s.score <= 100 for s in got)
    assert len({s.concept_id for s in got}) == len(got)
    leuk = vocab.suggest("leuk", "es", 8)
    assert "leukemia" in [s.concept_id for s in leuk]
    assert [s.label for s in leuk if s.concept_id == "leukemia"] == ["Leucemia (cáncer de la sangre)"]


def test_suggest_puts_common_childhood_diagnoses_first(vocab: Vocabulary) -> None:
    assert vocab.suggest("brain", "en", 3)[0].concept_id == "brain_tumor"
    assert vocab.suggest("leu", "en", 3)[0].concept_id == "leukemia"
    assert vocab.suggest("neu", "en", 3)[0].concept_id == "neuroblastoma"
    assert vocab.suggest("tumor cerebral", "es", 3)[0].concept_id == "brain_tumor"
    # a near spelling of what is typed so far, but not any name sharing a few letters
    assert [s.concept_id for s in vocab.suggest("medulo", "en", 1)] == ["medulloblastoma"]
    assert all(s.concept_id != "arthritis" for s in vocab.suggest("tumor cerebral", "es", 8))


def test_suggest_accepts_spanish_and_chinese_and_typos(vocab: Vocabulary) -> None:
    assert vocab.suggest("leucemia linfo", "es", 3)[0].concept_id in {"all", "lymphoid_leukemia"}
    zh = vocab.suggest("白血", "zh", 8)
    assert zh and {"leukemia", "aml", "all"} & {s.concept_id for s in zh}
    assert all(s.label for s in zh)
    assert vocab.suggest("nueroblast", "en", 3)[0].concept_id == "neuroblastoma"
    assert vocab.suggest("", "en") == []
    assert vocab.suggest("zzzzqqq", "en") == []


def test_broader_choices_are_families_with_plain_labels(vocab: Vocabulary) -> None:
    choices = vocab.broader_choices("en")
    ids = [c.id for c in choices]
    assert {"leukemia", "lymphoma", "brain_tumor", "solid_tumor"} <= set(ids)
    assert len(ids) == len(set(ids))
    for c in choices:
        assert all(c.label[lang] for lang in LANGUAGES)
    leukemia = choices[ids.index("leukemia")]
    assert "blood" in leukemia.label["en"].lower()


# --- names in free text --------------------------------------------------------------------------------


def test_concepts_in_text_reads_mesh_terms_and_keeps_the_specific_reading(vocab: Vocabulary) -> None:
    assert vocab.concepts_in_text("Acute Myeloid Leukemia") == {"aml"}
    assert vocab.concepts_in_text("Leukemia, Myeloid, Acute") == {"aml"}
    assert vocab.concepts_in_text("Precursor Cell Lymphoblastic Leukemia-Lymphoma") == {"all"}
    assert vocab.concepts_in_text("Neuroblastoma; Ganglioneuroblastoma") == {"neuroblastoma"}
    assert vocab.concepts_in_text("Hodgkin and non-Hodgkin lymphoma") == {"hodgkin_lymphoma", "nhl"}
    assert vocab.concepts_in_text("Diffuse Intrinsic Pontine Glioma") == {"dipg"}
    assert vocab.concepts_in_text("Acute Promyelocytic Leukemia (APL)") == {"apl"}


def test_abbreviations_in_text_need_their_case(vocab: Vocabulary) -> None:
    assert vocab.concepts_in_text("Patients with ALL or AML in first relapse") == {"all", "aml"}
    assert vocab.concepts_in_text("all patients must sign consent") == frozenset()
    assert vocab.concepts_in_text("NB: overall survival (OS) is the endpoint") == frozenset()


def test_names_inside_other_phrases_are_not_diagnoses_or_treatments(vocab: Vocabulary) -> None:
    assert vocab.concepts_in_text("Eastern Cooperative Oncology Group (ECOG) status 0-1") == frozenset()
    assert vocab.concepts_in_text("negative serum pregnancy test") == frozenset()
    assert vocab.treatments_in_text("PD-L1 expression >= 1% by IHC") == frozenset()
    assert vocab.treatments_in_text("prior anti-PD-1 therapy") == {"checkpoint_inhibitor"}
    assert vocab.treatments_in_text("concurrent chemoradiotherapy") == {"chemotherapy", "radiotherapy"}


def test_registry_headings_are_read_as_the_organ_and_turned_round(vocab: Vocabulary) -> None:
    assert vocab.concepts_in_text("Adenocarcinoma of the Colon") == {"colorectal_cancer"}
    assert vocab.concepts_in_text("Bladder Neoplasms") == {"bladder_cancer"}
    assert vocab.concepts_in_text("Lung Cancer, Non-Small Cell") == {"nsclc"}
    assert vocab.concepts_in_text("Diabetes Mellitus, Type 2") == {"type2_diabetes"}
    # in a sentence, organ words mean other things
    sentence = "Patients with cancer must have adequate liver and renal function and no other illness at all"
    assert vocab.concepts_in_text(sentence) == {"cancer"}
    assert vocab.concepts_in_text("Cancer with bone marrow involvement") == {"cancer"}


def test_words_left_out_before_or_are_understood(vocab: Vocabulary) -> None:
    assert vocab.concepts_in_text("type 1 or type 2 diabetes") == {"type1_diabetes", "type2_diabetes"}
    assert vocab.concepts_in_text("B- or T-cell acute lymphoblastic leukemia") == {"b_all", "t_all"}
    assert vocab.concepts_in_text("acute myeloid or lymphoblastic leukemia") == {"aml", "all"}
    assert vocab.concepts_in_text("history of heart or lung disease") == {"heart_disease", "lung_disease"}
    assert vocab.concepts_in_text("Hodgkin or non-Hodgkin lymphoma") == {"hodgkin_lymphoma", "nhl"}
    assert vocab.concepts_in_text("T cell or pre-B cell non-Hodgkin's lymphoma") == {
        "t_cell_lymphoma",
        "lymphoblastic_lymphoma",
    }
    assert vocab.treatments_in_text("prior kidney or liver transplant") == {"organ_transplant"}


def test_wrapped_registry_lines_are_joined(vocab: Vocabulary) -> None:
    wrapped = "confirmed T cell or pre-B cell non-Hodgkin's\r\n             lymphoma"
    assert vocab.concepts_in_text(wrapped) == {"t_cell_lymphoma", "lymphoblastic_lymphoma"}
    # one condition per line: capitalised lines stay apart, and turned-round headings still line up
    assert vocab.concepts_in_text("Leukemia\nLymphoma, Non-Hodgkin\nDiabetes Mellitus, Type 2") == {
        "leukemia",
        "nhl",
        "type2_diabetes",
    }


def test_lines_are_boundaries(vocab: Vocabulary) -> None:
    # "Non" ending one line must not join "Hodgkin lymphoma" on the next.
    assert vocab.concepts_in_text("Smoker or non\nHodgkin lymphoma") == {"hodgkin_lymphoma"}


def test_treatments_in_text(vocab: Vocabulary) -> None:
    found = vocab.treatments_in_text
    assert found("Prior autologous stem cell transplant") == {"autologous_transplant"}
    assert found("prior allo-HSCT") == {"allogeneic_transplant"}
    assert found("prior HSCT") == {"autologous_transplant", "allogeneic_transplant"}
    assert found("Received CAR-T or CAR-NK cells") == {"car_t"}
    assert found("treatment with anti-GD2 antibody (dinutuximab)") == {"immunotherapy"}
    assert found("prior PD-1 or PD-L1 inhibitor") == {"checkpoint_inhibitor"}
    assert found("prior XRT or irradiation") == {"radiotherapy"}
    assert found("solid organ transplant recipients") == {"organ_transplant"}
    assert found("any gene therapy products") == {"gene_therapy"}
    assert found("tyrosine kinase inhibitors") == {"targeted_therapy"}
    assert found("investigational agent within 30 days") == {"investigational_drug"}
    assert found("cytotoxic chemotherapy") == {"chemotherapy"}
    assert found("RT-PCR confirmed") == frozenset()
    assert found("") == frozenset()


def test_chinese_text_is_found_by_substring(vocab: Vocabulary) -> None:
    assert vocab.concepts_in_text("诊断为急性髓系白血病的患者") == {"aml"}


def test_long_text_is_scanned(vocab: Vocabulary) -> None:
    text = ("Patients with relapsed neuroblastoma after chemotherapy. " * 2000)[:100_000]
    assert vocab.concepts_in_text(text) == {"neuroblastoma"}
    assert vocab.treatments_in_text(text) == {"chemotherapy"}
    assert vocab.concepts_in_text("(" * 50_000 + "leukemia" + ")" * 50_000) == {"leukemia"}


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gives_known_ids_and_never_raises(text: str) -> None:
    vocab = load_vocabulary()
    assert vocab.concepts_in_text(text) <= {c.id for c in vocab.concepts()}
    assert vocab.treatments_in_text(text) <= set(TREATMENT_IDS)
    found = vocab.resolve(text)
    assert found is None or found in vocab
    assert all(s.concept_id in vocab for s in vocab.suggest(text, "zh", 3))


# --- real registry conditions --------------------------------------------------------------------------


def _v2_conditions(shared: Path) -> list[list[str]]:
    out: list[list[str]] = []

    def add(study: dict[str, object]) -> None:
        ps = study.get("protocolSection") or {}
        assert isinstance(ps, dict)
        conds = (ps.get("conditionsModule") or {}).get("conditions") or []
        derived = study.get("derivedSection") or {}
        assert isinstance(derived, dict)
        meshes = (derived.get("conditionBrowseModule") or {}).get("meshes") or []
        out.append([*conds, *(m["term"] for m in meshes)])

    v2 = shared / "ctgov-v2"
    for path in sorted(v2.glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        studies = data if isinstance(data, list) else data.get("studies", [data])
        for s in studies:
            add(s)
    for path in sorted((v2 / "folder-recruiting-india").glob("*.json")):
        add(json.loads(path.read_text("utf-8")))
    with zipfile.ZipFile(v2 / "bulk-download-urology.zip") as z:
        for name in z.namelist():
            if name.endswith(".json"):
                add(json.loads(z.read(name)))
    return out


@pytest.mark.shared_data
def test_most_registry_studies_map_to_a_concept(vocab: Vocabulary, shared_data: Path) -> None:
    studies = _v2_conditions(shared_data)
    mapped = [bool(vocab.concepts_in_text("\n".join(conds))) for conds in studies if conds]
    share = sum(mapped) / len(mapped)
    print(f"\nv2 studies whose conditions map to >= 1 concept: {sum(mapped)}/{len(mapped)} = {share:.1%}")
    assert share >= 0.95
