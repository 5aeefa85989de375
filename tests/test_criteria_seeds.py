"""The two seed trials, read end to end: every item splits right and the key items get the right rule.

The texts are the bundled seed records (resources/trials), the same ones the app imports on first start.
"""

from __future__ import annotations

import json

import pytest

from finder.criteria.model import (
    CheckRule,
    Criterion,
    DiagnosisRule,
    DiseaseStatusRule,
    HealthRule,
    Kind,
    RangeRule,
    TreatmentRule,
)
from finder.criteria.parse import parse_eligibility
from finder.criteria.vocab import available as vocabulary_available
from resources import resource


def _criteria_text(nct_id: str) -> str:
    record = json.loads(resource("trials", f"{nct_id}.json").read_text("utf-8"))
    text = record["protocolSection"]["eligibilityModule"]["eligibilityCriteria"]
    assert isinstance(text, str)
    return text


def _items(criteria: tuple[Criterion, ...], side: str) -> list[str]:
    """Distinct item texts on one written side, in order (several criteria of one item share a text)."""
    out: list[str] = []
    for c in criteria:
        if (c.section or "").startswith("written:"):
            continue
        if c.text not in out and _written_side(c) == side:
            out.append(c.text)
    return out


def _written_side(c: Criterion) -> str:
    return c.side


def _find(criteria: tuple[Criterion, ...], start: str, kind: Kind | None = None) -> Criterion:
    for c in criteria:
        if c.text.startswith(start) and (kind is None or c.kind is kind):
            return c
    raise AssertionError(
        f"no criterion {start!r} of kind {kind}: {[(c.kind.value, c.text[:40]) for c in criteria]}"
    )


@pytest.fixture(scope="module")
def neuroblastoma() -> tuple[Criterion, ...]:
    return parse_eligibility(_criteria_text("NCT06751134"))


@pytest.fixture(scope="module")
def aml() -> tuple[Criterion, ...]:
    return parse_eligibility(_criteria_text("NCT05665075"))


def test_neuroblastoma_splits_into_10_inclusion_and_17_exclusion_items(
    neuroblastoma: tuple[Criterion, ...],
) -> None:
    inclusion = [t for t in dict.fromkeys(c.text for c in neuroblastoma if c.side == "inclusion")]
    exclusion = [t for t in dict.fromkeys(c.text for c in neuroblastoma if c.side == "exclusion")]
    assert len(inclusion) == 10, inclusion
    assert len(exclusion) == 17, exclusion
    assert inclusion[0].startswith("Aged 1-12 years")
    assert inclusion[-1].startswith("All toxic responses")  # "10.All toxic" was run into item 9's paragraph
    assert exclusion[0].startswith("Suffering from malignant tumors")
    assert exclusion[-1].startswith("Other situations")
    lab_parent = _find(neuroblastoma, "Adequate organ and bone marrow function")
    assert [c.text.split(":")[0] for c in lab_parent.children] == [
        "Blood Routine Test",
        "Heart",
        "Pulmonary function",
        "Hepatic function",
        "Renal function",
    ]
    assert all(c.kind is Kind.LAB for c in lab_parent.children)


def test_neuroblastoma_inclusion_rules(neuroblastoma: tuple[Criterion, ...]) -> None:
    age = _find(neuroblastoma, "Aged 1-12 years", Kind.AGE)
    assert age.rule == RangeRule("age_years", 1, 12) and age.confident
    weight = _find(neuroblastoma, "Aged 1-12 years", Kind.WEIGHT)
    assert weight.rule == RangeRule("weight_kg", minimum=10) and weight.confident
    assert _find(neuroblastoma, "The child and/or guardian").kind is Kind.PAPERWORK
    status = _find(neuroblastoma, "Diagnosed with relapsed/refractory", Kind.DISEASE_STATUS)
    assert status.rule == DiseaseStatusRule(("relapsed", "refractory")) and status.confident
    b7h3 = _find(neuroblastoma, "Tumor tissue sections")
    assert b7h3.kind is Kind.BIOMARKER and b7h3.rule == CheckRule("B7-H3")
    lansky = _find(neuroblastoma, "Lansky score>60")
    assert lansky.rule == RangeRule("lansky", minimum=60, min_inclusive=False) and lansky.confident
    assert _find(neuroblastoma, "Estimated life expectancy").kind is Kind.CLINICAL
    assert _find(neuroblastoma, "Adequate organ and bone marrow").kind is Kind.LAB
    assert _find(neuroblastoma, "All toxic responses").kind is Kind.CLINICAL  # recovered: a doctor's check


@pytest.mark.skipif(
    not vocabulary_available(), reason="the diagnosis vocabulary (finder.vocabulary) is missing"
)
def test_neuroblastoma_diagnosis(neuroblastoma: tuple[Criterion, ...]) -> None:
    diagnosis = _find(neuroblastoma, "Diagnosed with relapsed/refractory", Kind.DIAGNOSIS)
    assert diagnosis.rule == DiagnosisRule(("neuroblastoma",)) and diagnosis.side == "inclusion"


def test_neuroblastoma_exclusion_rules(neuroblastoma: tuple[Criterion, ...]) -> None:
    def rule(start: str, kind: Kind) -> object:
        c = _find(neuroblastoma, start, kind)
        assert c.side == "exclusion"
        return c.rule

    cancer = rule("Suffering from malignant tumors", Kind.OTHER_CANCER)
    assert isinstance(cancer, HealthRule) and cancer.conditions == ("other_cancer",)
    assert cancer.qualifiers  # "excluding basal cell carcinoma ...": a yes answer is not enough to rule out
    assert rule("Participants with symptomatic central", Kind.CNS) == HealthRule(
        ("cns_involvement",), ("symptomatic",)
    )
    assert rule("Participants with MIBG non-avid", Kind.BIOMARKER) == CheckRule("MIBG")
    assert rule("Participants with a history of organ", Kind.TRANSPLANT) == TreatmentRule(
        ("organ_transplant",)
    )
    autoimmune = rule("Participants with active autoimmune", Kind.HEALTH)
    assert isinstance(autoimmune, HealthRule) and autoimmune.conditions == ("autoimmune_disease",)
    assert "active" in autoimmune.qualifiers
    tb_hiv = [c for c in neuroblastoma if c.text.startswith("Active pulmonary tuberculosis")]
    assert HealthRule(("tuberculosis",), ("active",)) in [c.rule for c in tb_hiv]
    assert HealthRule(("hiv",)) in [c.rule for c in tb_hiv]
    anticancer = rule("Received radiotherapy, chemotherapy", Kind.PRIOR_TREATMENT)
    assert isinstance(anticancer, TreatmentRule)
    assert {"radiotherapy", "chemotherapy", "targeted_therapy", "checkpoint_inhibitor"} <= set(
        anticancer.treatments
    )
    assert anticancer.within_weeks == 4 and anticancer.qualified  # "or 5 half-lives (whichever is shorter)"
    assert rule("Participants who have undergone major", Kind.SURGERY) == HealthRule(
        ("major_surgery_recent",)
    )
    assert rule("Participants who have received treatment from other clinical", Kind.PRIOR_TREATMENT) == (
        TreatmentRule(("investigational_drug",), within_weeks=4)
    )
    assert rule("Participants who receive attenuated live", Kind.VACCINE) == HealthRule(
        ("live_vaccine_recent",)
    )
    assert rule("Participants who have used any gene therapy", Kind.PRIOR_TREATMENT) == TreatmentRule(
        ("gene_therapy",)
    )
    assert _find(neuroblastoma, "Allergic to components").kind is Kind.CLINICAL
    assert _find(neuroblastoma, "Participants considered by the investigator").kind is Kind.PAPERWORK
    assert _find(neuroblastoma, "Other situations").kind is Kind.PAPERWORK


def test_aml_rules(aml: tuple[Criterion, ...]) -> None:
    assert _find(aml, "Provision of signed").kind is Kind.PAPERWORK
    assert _find(aml, "≥18 years old").rule == RangeRule("age_years", minimum=18)
    status = _find(aml, "Diagnosis of r/r AML", Kind.DISEASE_STATUS)
    assert status.rule == DiseaseStatusRule(("relapsed", "refractory"))
    assert _find(aml, "Subjects with CD33", Kind.BIOMARKER).rule == CheckRule("CD33")
    assert _find(aml, "Eastern Cooperative Oncology Group").rule == RangeRule("ecog", maximum=1)
    cns = _find(aml, "Central nervous system Leukemia")
    assert cns.kind is Kind.CNS and cns.side == "exclusion" and cns.rule == HealthRule(("cns_involvement",))
    infections = [c for c in aml if c.text.startswith("Known HIV infection")]
    assert [c.rule for c in infections] == [
        HealthRule(("hiv",)),
        HealthRule(("hepatitis_b", "hepatitis_c"), ("active",)),  # "active" applies to the hepatitis only
    ]
    pregnancy = _find(aml, "Females are pregnant or lactating")
    assert pregnancy.rule == HealthRule(("pregnant", "breastfeeding")) and pregnancy.side == "exclusion"
    # "History of central nervous system (CNS) disease such as stroke" is not cancer in the CNS
    assert _find(aml, "History of central nervous system").kind is not Kind.CNS
    assert _find(aml, "Investigator-assessed").kind is Kind.PAPERWORK


@pytest.mark.skipif(
    not vocabulary_available(), reason="the diagnosis vocabulary (finder.vocabulary) is missing"
)
def test_aml_diagnoses(aml: tuple[Criterion, ...]) -> None:
    assert _find(aml, "Diagnosis of r/r AML", Kind.DIAGNOSIS).rule == DiagnosisRule(("aml",))
    apl = _find(aml, "Acute Promyelocytic Leukemia (APL)")
    assert apl.kind is Kind.DIAGNOSIS and apl.side == "exclusion" and apl.rule == DiagnosisRule(("apl",))
    assert apl.confident
