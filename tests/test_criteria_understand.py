"""Understanding single items: kinds, rules, negation, windows, qualifiers, doubt. Real registry phrasings."""

from __future__ import annotations

import pytest

from finder.criteria.model import (
    CheckRule,
    Criterion,
    DiagnosisRule,
    HealthRule,
    Kind,
    RangeRule,
    SexRule,
    TreatmentRule,
)
from finder.criteria.parse import parse_eligibility
from finder.criteria.split import Item
from finder.criteria.understand import understand
from finder.criteria.vocab import available as vocabulary_available


def one(text: str, side: str = "inclusion", **kw: object) -> Criterion:
    """The first criterion read from one item."""
    return understand(Item(side, text, **kw))[0]  # type: ignore[arg-type]


def all_of(text: str, side: str = "inclusion", **kw: object) -> list[Criterion]:
    return understand(Item(side, text, **kw))  # type: ignore[arg-type]


# --- age, weight, sex ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Aged 1-12 years", RangeRule("age_years", 1, 12)),
        ("≥18 years old", RangeRule("age_years", minimum=18)),
        ("18 years and older", RangeRule("age_years", minimum=18)),
        ("Patients must be 18 years of age or older", RangeRule("age_years", minimum=18)),
        ("Age between 6 months and 21 years", RangeRule("age_years", 0.5, 21)),
        ("Age > 12 months and <= 30 years", RangeRule("age_years", 1, 30, min_inclusive=False)),
        ("Age under 21", RangeRule("age_years", maximum=21, max_inclusive=False)),
        ("Children aged 2 to 18 years", RangeRule("age_years", 2, 18)),
        ("Age: 18 years to 65 years (inclusive)", RangeRule("age_years", 18, 65)),
        ("Age \u2264 21 years at the time of enrollment", RangeRule("age_years", maximum=21)),
    ],
)
def test_age(text: str, rule: RangeRule) -> None:
    c = one(text)
    assert (c.kind, c.rule, c.confident) == (Kind.AGE, rule, True)


def test_age_under_an_age_subheading_needs_no_unit() -> None:
    assert one("18 and under", subheading="Age").rule == RangeRule("age_years", maximum=18)
    assert one("Under 16", subheading="Age").rule == RangeRule("age_years", maximum=16, max_inclusive=False)


def test_years_that_are_durations_are_not_ages() -> None:
    assert one("Disease-free for at least 5 years").kind is not Kind.AGE
    assert one("At least 4 weeks since prior chemotherapy").kind is not Kind.AGE


def test_age_at_diagnosis_is_not_todays_age() -> None:
    c = one("Age 21 or under at the time of initial diagnosis")
    assert c.kind is Kind.AGE and not c.confident


def test_weight_in_kg_and_lb() -> None:
    assert one("Body weight ≥ 10 kg").rule == RangeRule("weight_kg", minimum=10)
    c = one("Weighing at least 22 lb")
    assert isinstance(c.rule, RangeRule) and c.rule.quantity == "weight_kg"
    assert c.rule.minimum == pytest.approx(9.98, abs=0.01)
    assert one("BMI of 18 to 30 kg/m2").kind is not Kind.WEIGHT


def test_age_and_weight_in_one_item_give_two_criteria() -> None:
    kinds = [(c.kind, c.rule) for c in all_of("Aged 1-12 years with weight≥10kg, male or female;")]
    assert kinds == [
        (Kind.AGE, RangeRule("age_years", 1, 12)),
        (Kind.WEIGHT, RangeRule("weight_kg", minimum=10)),
    ]


def test_sex() -> None:
    assert one("Female").rule == SexRule("female")
    assert one("Men only").rule == SexRule("male")
    assert one("Male or female", subheading="Sex").rule is None
    # a sex word in a longer item is no sex requirement
    assert (
        one("Men on testosterone replacement within the past three months", "exclusion").kind is not Kind.SEX
    )


# --- performance -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Lansky score>60;", RangeRule("lansky", minimum=60, min_inclusive=False)),
        ("Karnofsky performance status ≥ 70%", RangeRule("karnofsky", minimum=70)),
        ("ECOG performance status ≤1", RangeRule("ecog", maximum=1)),
        ("ECOG 0, 1 or 2", RangeRule("ecog", maximum=2)),
        ("Zubrod 0-1", RangeRule("ecog", maximum=1)),
        ("Karnofsky 70-100%", RangeRule("karnofsky", minimum=70)),
    ],
)
def test_performance(text: str, rule: RangeRule) -> None:
    c = one(text)
    assert (c.kind, c.rule, c.confident) == (Kind.PERFORMANCE, rule, True)


def test_two_scales_with_the_same_limit_stay_confident() -> None:
    rules = [c.rule for c in all_of("Karnofsky 50-100% (age > 16) or Lansky 50-100% (age ≤ 16)")]
    assert RangeRule("lansky", minimum=50) in rules and RangeRule("karnofsky", minimum=50) in rules


def test_different_scales_with_different_limits_are_unsure() -> None:
    assert not all(c.confident for c in all_of("ECOG 0-2 or Karnofsky ≥ 80%"))


# --- negation and side --------------------------------------------------------------------------------


def test_no_prior_x_under_inclusion_is_an_exclusion() -> None:
    c = one("No prior chemotherapy", section="PRIOR CONCURRENT THERAPY > Chemotherapy")
    assert (c.side, c.kind, c.rule) == ("exclusion", Kind.PRIOR_TREATMENT, TreatmentRule(("chemotherapy",)))
    assert c.section == "PRIOR CONCURRENT THERAPY > Chemotherapy"


def test_at_least_n_weeks_since_is_an_exclusion_with_a_window() -> None:
    c = one("At least 4 weeks since prior radiotherapy")
    assert (c.side, c.rule) == ("exclusion", TreatmentRule(("radiotherapy",), within_weeks=4))
    c = one("At least 28 days since prior chemotherapy")
    assert c.side == "exclusion" and isinstance(c.rule, TreatmentRule) and c.rule.within_weeks == 4


def test_within_a_window_in_an_exclusion() -> None:
    c = one("Received chemotherapy within 3 months before enrollment", "exclusion")
    assert c.side == "exclusion" and c.rule == TreatmentRule(("chemotherapy",), within_weeks=13.04)


def test_half_lives_make_the_window_qualified() -> None:
    c = one("Any anti-cancer therapy within 4 weeks or 5 half-lives, whichever is shorter", "exclusion")
    assert isinstance(c.rule, TreatmentRule) and c.rule.within_weeks == 4 and c.rule.qualified


def test_hiv_negative_and_not_pregnant() -> None:
    hiv = one("HIV negative")
    assert (hiv.side, hiv.kind, hiv.rule) == ("exclusion", Kind.INFECTION, HealthRule(("hiv",)))
    preg = one("Not pregnant or nursing")
    assert (preg.side, preg.rule) == ("exclusion", HealthRule(("pregnant", "breastfeeding")))
    test = one("Negative pregnancy test")
    assert (test.side, test.rule) == ("exclusion", HealthRule(("pregnant",)))


def test_no_in_an_exclusion_is_a_doubtful_double_negative() -> None:
    c = one("No prior chemotherapy", "exclusion")
    assert c.side == "inclusion" and not c.confident


def test_permissions_keep_their_kind_and_drop_the_rule() -> None:
    c = one("Prior chemotherapy allowed")
    assert c.kind is Kind.PRIOR_TREATMENT and c.rule is None
    c = one("Patients with treated, stable brain metastases are eligible")
    assert c.kind is Kind.CNS and c.rule is None
    assert one("Antipyretics.", permissive=True).rule is None


def test_concurrent_treatment_is_about_the_study_time_not_the_past() -> None:
    c = one("No concurrent radiotherapy")
    assert c.kind is Kind.PRIOR_TREATMENT and c.rule is None


def test_hedges_make_a_rule_unsure() -> None:
    assert not one("Known HIV infection unless on stable antiretroviral therapy", "exclusion").confident
    assert not one("Age 2 to 21 years for part A", section="Part A").confident


def test_donor_items_have_no_rule() -> None:
    c = one("Weight at least 18 kg.", about_others=True)
    assert c.kind is Kind.WEIGHT and c.rule is None


# --- health, infections, transplant, vaccines, surgery ----------------------------------------------


def test_cns() -> None:
    c = one("Participants with symptomatic central nervous system (CNS) metastasis", "exclusion")
    assert c.rule == HealthRule(("cns_involvement",), ("symptomatic",))
    assert one("CNS leukemia", "exclusion").rule == HealthRule(("cns_involvement",))
    assert one("History of CNS disease such as stroke, epilepsy.", "exclusion").kind is not Kind.CNS
    c = one("No known brain metastases")
    assert (c.side, c.rule) == ("exclusion", HealthRule(("cns_involvement",)))


def test_infections_keep_their_own_qualifiers() -> None:
    rules = [
        c.rule
        for c in all_of("Known HIV infection, active Hepatitis B (HBV) or Hepatitis C (HCV)", "exclusion")
    ]
    assert rules == [HealthRule(("hiv",)), HealthRule(("hepatitis_b", "hepatitis_c"), ("active",))]
    assert one("Uncontrolled active infection", "exclusion").rule == HealthRule(("active_infection",))
    assert one("Mild urinary tract infection", "exclusion").kind is not Kind.INFECTION


def test_other_cancer_windows() -> None:
    assert one("Other malignancy within the past 5 years", "exclusion").rule == HealthRule(("other_cancer",))
    c = one("Prior malignancy within 3 years", "exclusion")
    assert isinstance(c.rule, HealthRule) and c.rule.qualifiers == ("within 3 years",)
    c = one("No other malignancy except nonmelanoma skin cancer")
    assert c.side == "exclusion" and isinstance(c.rule, HealthRule) and c.rule.qualifiers


def test_organ_transplant_excluding_stem_cells() -> None:
    c = one("History of organ transplantation (excluding stem cell transplantation)", "exclusion")
    assert c.rule == TreatmentRule(("organ_transplant",))
    c = one("Prior allogeneic hematopoietic stem cell transplantation (HSCT)", "exclusion")
    assert c.kind is Kind.TRANSPLANT and c.rule == TreatmentRule(("allogeneic_transplant",))
    c = one("Prior bone marrow transplant", "exclusion")
    assert c.rule == TreatmentRule(("autologous_transplant", "allogeneic_transplant"))


def test_live_vaccines_and_major_surgery() -> None:
    assert one("Live vaccine within 30 days", "exclusion").rule == HealthRule(("live_vaccine_recent",))
    c = one("Live attenuated vaccine within 14 days prior to enrollment", "exclusion")
    assert isinstance(c.rule, HealthRule) and c.rule.qualifiers  # the answer covers 4 weeks, not 2
    assert one("Major surgery within 4 weeks prior to enrollment", "exclusion").rule == HealthRule(
        ("major_surgery_recent",)
    )


def test_gene_therapy_ever() -> None:
    c = one("Participants who have used any gene therapy products prior to cell infusion.", "exclusion")
    assert c.rule == TreatmentRule(("gene_therapy",))


def test_investigational_drugs_and_other_trials() -> None:
    c = one("Participation in another clinical trial within 30 days", "exclusion")
    assert isinstance(c.rule, TreatmentRule) and c.rule.treatments == ("investigational_drug",)
    # the study's own drug is no prior treatment
    assert one("Allergic to the investigational product", "exclusion").kind is Kind.CLINICAL


# --- checks ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "topic"),
    [
        ("Absolute neutrophil count ≥ 1,000/µL", Kind.LAB, "neutrophils"),
        ("Platelet count ≥ 75,000/mm3 (transfusion independent)", Kind.LAB, "platelets"),
        ("Total bilirubin ≤ 1.5 x ULN", Kind.LAB, "bilirubin"),
        ("Subjects with CD33 positive leukemia cells", Kind.BIOMARKER, "CD33"),
        ("Tumor expresses B7-H3 by immunohistochemistry", Kind.BIOMARKER, "B7-H3"),
        ("MIBG non-avid disease", Kind.BIOMARKER, "MIBG"),
        ("HER2-positive breast cancer", Kind.BIOMARKER, "HER2"),
        ("Life expectancy of at least 8 weeks", Kind.CLINICAL, "life expectancy"),
        ("Measurable disease by RECIST", Kind.CLINICAL, "measurable disease"),
        ("Written informed consent", Kind.PAPERWORK, "consent"),
        ("Willing to comply with study visits", Kind.PAPERWORK, "willingness"),
        ("Any condition that in the opinion of the investigator", Kind.PAPERWORK, "investigator judgement"),
    ],
)
def test_checks(text: str, kind: Kind, topic: str) -> None:
    c = one(text)
    assert (c.kind, c.rule) == (kind, CheckRule(topic))


def test_unknown_text_stays_other() -> None:
    c = one("Owns a smartphone with a data plan")
    assert (c.kind, c.rule) == (Kind.OTHER, None)


# --- diagnosis and status (need the vocabulary) ------------------------------------------------------

needs_vocabulary = pytest.mark.skipif(not vocabulary_available(), reason="finder.vocabulary data missing")


@needs_vocabulary
def test_diagnosis_with_status_gives_two_criteria() -> None:
    got = [(c.kind, c.rule) for c in all_of("Histologically confirmed relapsed or refractory neuroblastoma")]
    assert [k for k, _ in got] == [Kind.DIAGNOSIS, Kind.DISEASE_STATUS]
    assert got[0][1].concepts == ("neuroblastoma",)  # type: ignore[union-attr]
    assert got[1][1].statuses == ("relapsed", "refractory")  # type: ignore[union-attr]


@needs_vocabulary
def test_excluded_subtype() -> None:
    c = one("Acute Promyelocytic Leukemia (APL)", "exclusion")
    assert c.kind is Kind.DIAGNOSIS and c.rule.concepts == ("apl",)  # type: ignore[union-attr]


@needs_vocabulary
def test_an_exclusion_never_names_a_broad_group() -> None:
    # "No anaplastic lymphoma": the vocabulary only knows "lymphoma", which would exclude every lymphoma
    c = one("No anaplastic lymphoma, large cell lymphoma, or small noncleaved cell lymphoma")
    assert c.rule is None or c.kind is not Kind.DIAGNOSIS


@needs_vocabulary
def test_single_status_is_unsure() -> None:
    c = one("Relapsed neuroblastoma", section="DISEASE CHARACTERISTICS")
    statuses = [
        x
        for x in all_of("Relapsed neuroblastoma", section="DISEASE CHARACTERISTICS")
        if x.kind is Kind.DISEASE_STATUS
    ]
    assert c.kind is Kind.DIAGNOSIS
    assert statuses and not statuses[0].confident  # a relapsed child may also be called refractory


def test_parse_eligibility_end_to_end() -> None:
    crit = parse_eligibility(
        "Inclusion Criteria:\n- Age 2 to 21 years\n- Not specified\n\nExclusion Criteria:\n- Pregnant\n"
    )
    assert [(c.side, c.kind) for c in crit] == [("inclusion", Kind.AGE), ("exclusion", Kind.PREGNANCY)]
    assert [Criterion.from_json(c.to_json()) for c in crit] == list(crit)
    assert parse_eligibility(None) == () and parse_eligibility("  ") == ()


def test_an_age_that_only_says_to_whom_a_rule_applies() -> None:
    got = all_of("Subjects age 11 and older: Subject is known to be pregnant or breastfeeding", "exclusion")
    assert (got[0].kind, got[0].rule, got[0].confident) == (
        Kind.PREGNANCY,
        HealthRule(("pregnant", "breastfeeding")),
        True,
    )
    assert got[1].kind is Kind.AGE and not got[1].confident
    hedged = all_of("History of hypoglycemia (only applicable to subjects age 11 and older).", "exclusion")
    assert all(not c.confident for c in hedged if c.kind is Kind.AGE)


def test_placeholders_are_not_items() -> None:
    crit = parse_eligibility("PATIENT CHARACTERISTICS:\n\n- Hematopoietic: Not specified\n- Age: 2 to 21\n")
    assert [c.text for c in crit] == ["Age: 2 to 21"]


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("No prior chemotherapy except corticosteroids", "inclusion"),
        ("At least 3 weeks since prior radiotherapy to the CNS", "inclusion"),
        ("No more than 2 prior chemotherapy regimens", "inclusion"),
    ],
)
def test_narrowed_treatments_are_qualified(text: str, side: str) -> None:
    c = one(text, side)
    assert c.side == "exclusion" and isinstance(c.rule, TreatmentRule) and c.rule.qualified


def test_words_the_answers_cannot_settle_become_qualifiers() -> None:
    c = one("Central nervous system metastases with clinical symptoms", "exclusion")
    assert isinstance(c.rule, HealthRule) and "symptomatic" in c.rule.qualifiers
    c = one("HIV-positive patients on antiretroviral therapy with CD4 < 200", "exclusion")
    assert isinstance(c.rule, HealthRule) and c.rule.qualifiers


@needs_vocabulary
def test_a_named_other_cancer_is_not_every_cancer() -> None:
    c = one("Men with a history of prostate cancer", "exclusion")
    assert c.kind is Kind.OTHER_CANCER and isinstance(c.rule, HealthRule) and c.rule.qualifiers


def test_a_weight_limit_for_one_group_is_unsure() -> None:
    c = one("Adolescents body weight must be ≥40 kg at baseline")
    assert c.kind is Kind.WEIGHT and not c.confident


def test_a_reader_that_raises_keeps_the_item_as_written_and_says_so(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from finder.criteria import parse as parse_module
    from finder.criteria import understand as understand_module

    def broken(*args: object, **kwargs: object) -> object:
        raise ValueError("a reader's bug")

    monkeypatch.delenv("TRIAL_FINDER_PARSER_DEBUG", raising=False)
    monkeypatch.setattr(understand_module, "_facts", broken)
    with caplog.at_level("DEBUG", logger="finder.criteria.fallback"):
        (only,) = parse_eligibility("Inclusion Criteria:\n- Age 2 to 12 years")
    assert (only.kind, only.rule, only.text) == (Kind.OTHER, None, "Age 2 to 12 years")
    assert [r.getMessage() for r in caplog.records] == ["facts: Age 2 to 12 years"]

    caplog.clear()
    monkeypatch.setattr(parse_module, "split_items", broken)
    with caplog.at_level("DEBUG", logger="finder.criteria.fallback"):
        (whole,) = parse_eligibility("Inclusion Criteria:\n- Age 2 to 12 years")
    assert whole.kind is Kind.OTHER and "Age 2 to 12 years" in whole.text
    assert caplog.records[0].getMessage().startswith("split: Inclusion Criteria:")
    assert caplog.records[0].exc_info is not None


def test_a_condition_before_an_or_and_a_cancer_after_it_are_both_ways_in() -> None:
    """NCT00002136: HIV is not required of a child with another metastatic solid tumour (a HIV-negative family
    must not be told "not a fit"), and the solid tumour keeps the study for them."""
    if not vocabulary_available():
        pytest.skip("needs the bundled vocabulary")
    hiv, solid = parse_eligibility(
        "Inclusion Criteria:\n- Kaposi's sarcoma plus HIV infection OR metastatic solid tumor."
    )
    assert (hiv.kind, hiv.confident) == (Kind.INFECTION, False)
    assert (solid.kind, solid.confident) == (Kind.DIAGNOSIS, False)
    assert isinstance(solid.rule, DiagnosisRule) and solid.rule.concepts == ("solid_tumor",)
    # lower-case "or" between two cancers under one condition is not read this way
    (only,) = parse_eligibility("Inclusion Criteria:\n- HIV-positive patients with lymphoma or leukemia")
    assert (only.kind, only.confident) == (Kind.INFECTION, True)


@pytest.mark.parametrize(
    "text",
    [
        "PATIENTS WITH HIV INFECTION OR HEPATITIS B AND NEUROBLASTOMA",  # capitals: every "or" is an OR
        "Prior treatment with imatinib OR dasatinib for CML",  # what a treatment was for
        "Active hepatitis B OR prior breast cancer excluded",  # a cancer named to exclude it
        "HIV infection OR multiple cutaneous metastases",  # no tumour or cancer named outright
    ],
)
def test_an_or_adds_no_way_in_unless_a_cancer_is_named_as_one(text: str) -> None:
    if not vocabulary_available():
        pytest.skip("needs the bundled vocabulary")
    read = parse_eligibility(f"Inclusion Criteria:\n- {text}")
    assert read and all(c.kind is not Kind.DIAGNOSIS for c in read)
    assert all(c.confident for c in read)
