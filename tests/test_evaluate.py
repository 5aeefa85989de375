"""evaluate(): one criterion against the answers, per rule type, with the qualifiers that keep it unknown."""

from __future__ import annotations

from typing import ClassVar

import pytest

from finder.answers import Age, Answers, Performance, Weight
from finder.criteria.model import (
    CheckRule,
    Criterion,
    DiagnosisRule,
    DiseaseStatusRule,
    HealthRule,
    Kind,
    RangeRule,
    SexRule,
    TreatmentRule,
)
from finder.matching.evaluate import EvalContext, evaluate
from finder.matching.results import Status

MET, NOT_MET, UNKNOWN = Status.MET, Status.NOT_MET, Status.UNKNOWN


class Tree:
    """A small concept tree for diagnosis rules: apl < aml < leukemia; all < leukemia; neuroblastoma."""

    parents: ClassVar[dict[str, str | None]] = {
        "apl": "aml",
        "aml": "leukemia",
        "all": "leukemia",
        "leukemia": None,
        "neuroblastoma": None,
    }

    def ancestors(self, cid: str) -> frozenset[str]:
        out: set[str] = set()
        p = self.parents.get(cid)
        while p:
            out.add(p)
            p = self.parents.get(p)
        return frozenset(out)

    def descendants(self, cid: str) -> frozenset[str]:
        return frozenset(c for c in self.parents if cid in self.ancestors(c))


def crit(side: str, kind: Kind, rule: object, *, text: str = "item", confident: bool = True) -> Criterion:
    return Criterion(side, text, kind, rule, confident=confident)  # type: ignore[arg-type]


AGE_1_12 = crit("inclusion", Kind.AGE, RangeRule("age_years", 1, 12), text="Aged 1-12 years")


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (Age(6), MET),
        (Age(1), MET),
        (Age(12), MET),
        (Age(12.9), MET),  # still "12" as people count
        (Age(13), NOT_MET),
        (Age(14), NOT_MET),
        (Age(11, "months"), NOT_MET),
        (Age(18, "months"), MET),  # 1.5 years
        (None, UNKNOWN),
    ],
)
def test_age_range_in_years(age: Age | None, expected: Status) -> None:
    assert evaluate(AGE_1_12, Answers(age=age)).status is expected


def test_age_explanation_speaks_to_the_parent_and_names_both_sides() -> None:
    r = evaluate(AGE_1_12, Answers(age=Age(6)))
    assert r.explanation == "Your child is 6 years old; this study takes ages 1–12."
    assert r.message_id == "age.met" and r.message_args["age"] == "6"
    miss = evaluate(AGE_1_12, Answers(age=Age(14)))
    assert "14" in miss.explanation and "1–12" in miss.explanation
    me = evaluate(AGE_1_12, Answers(age=Age(14)), EvalContext(subject="self"))
    assert me.explanation.startswith("You are 14") and me.message_id == "age.not_met.self"


def test_weight_in_kg_with_pounds_converted() -> None:
    rule = crit("inclusion", Kind.WEIGHT, RangeRule("weight_kg", 10), text="weight>=10kg")
    assert evaluate(rule, Answers(weight=Weight(20))).status is MET
    assert evaluate(rule, Answers(weight=Weight(9))).status is NOT_MET
    assert evaluate(rule, Answers(weight=Weight(20, "lb"))).status is NOT_MET  # 9.1 kg
    assert evaluate(rule, Answers(weight=Weight(23, "lb"))).status is MET  # 10.4 kg
    assert evaluate(rule, Answers()).status is UNKNOWN
    assert "9 kg" in evaluate(rule, Answers(weight=Weight(9))).explanation


def test_performance_same_scale_and_exclusive_limit() -> None:
    lansky = crit("inclusion", Kind.PERFORMANCE, RangeRule("lansky", 60, min_inclusive=False))
    assert evaluate(lansky, Answers(performance=Performance("lansky", 70))).status is MET
    assert evaluate(lansky, Answers(performance=Performance("lansky", 60))).status is NOT_MET
    assert evaluate(lansky, Answers()).status is UNKNOWN


def test_performance_lansky_and_karnofsky_map_one_to_one_and_say_so() -> None:
    lansky = crit("inclusion", Kind.PERFORMANCE, RangeRule("lansky", 60, min_inclusive=False))
    r = evaluate(lansky, Answers(performance=Performance("karnofsky", 50)))
    assert r.status is NOT_MET and r.message_id.endswith("_mapped")
    assert "about Lansky 50" in r.explanation


def test_performance_ecog_karnofsky_table() -> None:
    ecog = crit("inclusion", Kind.PERFORMANCE, RangeRule("ecog", None, 1))
    assert evaluate(ecog, Answers(performance=Performance("karnofsky", 80))).status is MET  # ECOG 1
    assert evaluate(ecog, Answers(performance=Performance("karnofsky", 60))).status is NOT_MET  # ECOG 2
    assert evaluate(ecog, Answers(performance=Performance("karnofsky", 65))).status is UNKNOWN  # 1 or 2
    karnofsky = crit("inclusion", Kind.PERFORMANCE, RangeRule("karnofsky", 70))
    assert evaluate(karnofsky, Answers(performance=Performance("ecog", 1))).status is MET  # 70-80
    assert evaluate(karnofsky, Answers(performance=Performance("ecog", 2))).status is NOT_MET  # 50-60
    strict = crit("inclusion", Kind.PERFORMANCE, RangeRule("karnofsky", 80))
    assert evaluate(strict, Answers(performance=Performance("ecog", 1))).status is UNKNOWN  # 70-80 straddles


def test_sex_rule() -> None:
    female = crit("inclusion", Kind.SEX, SexRule("female"))
    assert evaluate(female, Answers(sex="female")).status is MET
    r = evaluate(female, Answers(sex="male"))
    assert r.status is NOT_MET and "female" in r.explanation and "male" in r.explanation
    assert evaluate(female, Answers()).status is UNKNOWN


def test_diagnosis_exclusion_of_a_subtype() -> None:
    no_apl = crit("exclusion", Kind.DIAGNOSIS, DiagnosisRule(("apl",)), text="Acute Promyelocytic Leukemia")
    tree = Tree()
    assert (
        evaluate(no_apl, Answers(diagnosis="APL"), EvalContext(family_concept="apl", tree=tree)).status
        is NOT_MET
    )
    # AML in general: which type exactly is for the care team
    assert (
        evaluate(no_apl, Answers(diagnosis="AML"), EvalContext(family_concept="aml", tree=tree)).status
        is UNKNOWN
    )
    ok = evaluate(no_apl, Answers(diagnosis="ALL"), EvalContext(family_concept="all", tree=tree))
    assert ok.status is MET
    assert evaluate(no_apl, Answers(), EvalContext(tree=tree)).status is UNKNOWN
    # typed but not recognised
    assert evaluate(no_apl, Answers(diagnosis="zzz"), EvalContext(tree=tree)).status is UNKNOWN


def test_diagnosis_inclusion_takes_descendants() -> None:
    aml = crit("inclusion", Kind.DIAGNOSIS, DiagnosisRule(("aml",)))
    tree = Tree()
    assert evaluate(aml, Answers(diagnosis="x"), EvalContext(family_concept="apl", tree=tree)).status is MET
    assert evaluate(aml, Answers(diagnosis="x"), EvalContext(family_concept="aml", tree=tree)).status is MET
    assert (
        evaluate(aml, Answers(diagnosis="x"), EvalContext(family_concept="leukemia", tree=tree)).status
        is UNKNOWN
    )
    miss = evaluate(aml, Answers(diagnosis="x"), EvalContext(family_concept="neuroblastoma", tree=tree))
    assert miss.status is NOT_MET


@pytest.mark.parametrize(
    ("statuses", "answer", "expected"),
    [
        (("relapsed", "refractory"), "relapsed", MET),
        (("relapsed", "refractory"), "newly_diagnosed", NOT_MET),
        (("relapsed",), "refractory", UNKNOWN),  # used loosely: the care team decides
        (("relapsed", "refractory"), "in_remission", UNKNOWN),
        (("newly_diagnosed",), "relapsed", NOT_MET),
        (("relapsed",), None, UNKNOWN),
    ],
)
def test_disease_status(statuses: tuple[str, ...], answer: str | None, expected: Status) -> None:
    rule = crit("inclusion", Kind.DISEASE_STATUS, DiseaseStatusRule(statuses))
    assert evaluate(rule, Answers(disease_status=answer)).status is expected  # type: ignore[arg-type]


def test_ever_had_gene_therapy() -> None:
    rule = crit("exclusion", Kind.PRIOR_TREATMENT, TreatmentRule(("gene_therapy",)))
    r = evaluate(rule, Answers(treatments={"gene_therapy": True}))
    assert r.status is NOT_MET and "gene therapy" in r.explanation and "yes" in r.explanation
    assert evaluate(rule, Answers(treatments={"gene_therapy": False})).status is MET
    assert evaluate(rule, Answers(treatments={"chemotherapy": True})).status is UNKNOWN


CHEMO_4_WEEKS = crit(
    "exclusion", Kind.PRIOR_TREATMENT, TreatmentRule(("chemotherapy", "radiotherapy"), within_weeks=4)
)
_OTHERS_NO = {
    t: False
    for t in (
        "autologous_transplant",
        "allogeneic_transplant",
        "car_t",
        "gene_therapy",
        "immunotherapy",
        "checkpoint_inhibitor",
        "targeted_therapy",
        "investigational_drug",
    )
}


@pytest.mark.parametrize(
    ("treatments", "weeks", "expected"),
    [
        ({"chemotherapy": False, "radiotherapy": False}, None, MET),
        ({"chemotherapy": True, **_OTHERS_NO}, 6, MET),
        ({"chemotherapy": True, **_OTHERS_NO}, 4, MET),
        ({"chemotherapy": True, **_OTHERS_NO}, 2, NOT_MET),
        ({"chemotherapy": True, **_OTHERS_NO}, None, UNKNOWN),  # no date: unknown, not not-met
        # the last treatment 2 weeks ago may have been the immunotherapy, not the chemotherapy
        ({"chemotherapy": True, "immunotherapy": True}, 2, UNKNOWN),
        ({"chemotherapy": True}, 2, UNKNOWN),  # other treatments not answered
        ({}, 10, MET),  # no cancer treatment at all in the last 10 weeks
        ({}, 2, UNKNOWN),
    ],
)
def test_treatment_within_weeks(treatments: dict[str, bool], weeks: float | None, expected: Status) -> None:
    answers = Answers(treatments=treatments, weeks_since_last_treatment=weeks)
    assert evaluate(CHEMO_4_WEEKS, answers).status is expected


def test_window_not_met_says_both_numbers() -> None:
    r = evaluate(
        CHEMO_4_WEEKS, Answers(treatments={"chemotherapy": True, **_OTHERS_NO}, weeks_since_last_treatment=2)
    )
    assert "4 weeks" in r.explanation and "2 weeks ago" in r.explanation


def test_qualified_treatment_never_rules_out_a_yes() -> None:
    rule = crit("exclusion", Kind.PRIOR_TREATMENT, TreatmentRule(("targeted_therapy",), qualified=True))
    assert evaluate(rule, Answers(treatments={"targeted_therapy": True})).status is UNKNOWN
    assert evaluate(rule, Answers(treatments={"targeted_therapy": False})).status is MET


def test_symptomatic_cns_needs_the_symptoms_answer() -> None:
    rule = crit("exclusion", Kind.CNS, HealthRule(("cns_involvement",), ("symptomatic",)))
    assert evaluate(rule, Answers(health={"cns_involvement": True})).status is UNKNOWN
    assert evaluate(rule, Answers(health={"cns_involvement": True, "cns_symptoms": True})).status is NOT_MET
    assert evaluate(rule, Answers(health={"cns_involvement": True, "cns_symptoms": False})).status is MET
    assert evaluate(rule, Answers(health={"cns_involvement": False})).status is MET


def test_active_hepatitis_b_when_only_history_is_known() -> None:
    rule = crit("exclusion", Kind.INFECTION, HealthRule(("hepatitis_b",), ("active",)))
    r = evaluate(rule, Answers(health={"hepatitis_b": True}))
    assert r.status is UNKNOWN and r.message_id == "health.qualified"
    assert evaluate(rule, Answers(health={"hepatitis_b": False})).status is MET


def test_hiv_and_pregnancy() -> None:
    hiv = crit("exclusion", Kind.INFECTION, HealthRule(("hiv",)))
    r = evaluate(hiv, Answers(health={"hiv": True}))
    assert r.status is NOT_MET and "HIV" in r.explanation
    assert evaluate(hiv, Answers()).status is UNKNOWN
    pregnant = crit("exclusion", Kind.PREGNANCY, HealthRule(("pregnant", "breastfeeding")))
    assert evaluate(pregnant, Answers(health={"pregnant": True})).status is NOT_MET
    assert evaluate(pregnant, Answers(health={"pregnant": False})).status is UNKNOWN  # breastfeeding not said
    assert evaluate(pregnant, Answers(health={"pregnant": False, "breastfeeding": False})).status is MET
    assert evaluate(pregnant, Answers(sex="male")).status is MET
    assert evaluate(pregnant, Answers(age=Age(6))).status is MET  # a young child: nothing to check
    assert evaluate(pregnant, Answers(age=Age(15))).status is UNKNOWN


@pytest.mark.parametrize(
    ("kind", "rule", "message"),
    [
        (Kind.LAB, CheckRule("platelets"), "check.lab"),
        (Kind.BIOMARKER, CheckRule("B7-H3"), "check.biomarker"),
        (Kind.CLINICAL, None, "check.clinical"),
        (Kind.PAPERWORK, CheckRule("consent"), "paperwork"),
        (Kind.OTHER, None, "check.other"),
        # a rule on a kind no answer can settle still stays unknown
        (Kind.LAB, RangeRule("age_years", 1, 2), "check.lab"),
    ],
)
def test_items_only_the_care_team_can_settle(kind: Kind, rule: object, message: str) -> None:
    r = evaluate(crit("inclusion", kind, rule), Answers(age=Age(40)))
    assert r.status is UNKNOWN and r.message_id == message


def test_biomarker_names_the_test() -> None:
    r = evaluate(crit("inclusion", Kind.BIOMARKER, CheckRule("B7-H3")), Answers())
    assert "B7-H3" in r.explanation


def test_not_confident_never_not_met() -> None:
    unsure = crit("inclusion", Kind.AGE, RangeRule("age_years", 1, 12), confident=False)
    assert evaluate(unsure, Answers(age=Age(30))).status is UNKNOWN
    assert evaluate(unsure, Answers(age=Age(5))).status is MET


def test_exclusion_range_is_flipped() -> None:
    infants = crit("exclusion", Kind.AGE, RangeRule("age_years", None, 1, max_inclusive=False))
    assert evaluate(infants, Answers(age=Age(6, "months"))).status is NOT_MET
    assert evaluate(infants, Answers(age=Age(3))).status is MET
