"""Properties of matching that must hold for any answers: fewer answers never hide a study, and every
reason renders in every language."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finder.answers import DISEASE_STATUSES, HEALTH_IDS, TREATMENT_IDS, Age, Answers, Performance, Weight
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
from finder.matching.messages import LANGUAGES, render_reason
from finder.matching.results import Status, Verdict
from finder.matching.verdict import StudyFacts, judge_study
from tests.test_evaluate import Tree

CONCEPTS = tuple(Tree.parents)
TREE = Tree()

bounds = st.one_of(st.none(), st.integers(0, 100).map(float))

answers_st = st.builds(
    Answers,
    age=st.one_of(st.none(), st.builds(Age, st.floats(0, 90), st.sampled_from(["years", "months"]))),
    sex=st.one_of(st.none(), st.sampled_from(["female", "male"])),
    weight=st.one_of(st.none(), st.builds(Weight, st.floats(1, 150), st.sampled_from(["kg", "lb"]))),
    diagnosis=st.one_of(st.none(), st.sampled_from(CONCEPTS)),
    disease_status=st.one_of(st.none(), st.sampled_from(DISEASE_STATUSES)),
    treatments=st.dictionaries(st.sampled_from(TREATMENT_IDS), st.booleans()),
    weeks_since_last_treatment=st.one_of(st.none(), st.floats(0, 60)),
    health=st.dictionaries(st.sampled_from(HEALTH_IDS), st.booleans()),
    performance=st.one_of(
        st.none(),
        st.builds(Performance, st.just("lansky"), st.integers(0, 10).map(lambda v: v * 10.0)),
        st.builds(Performance, st.just("karnofsky"), st.integers(0, 100).map(float)),
        st.builds(Performance, st.just("ecog"), st.integers(0, 5).map(float)),
    ),
)

rules_st = st.one_of(
    st.builds(
        RangeRule,
        st.sampled_from(["age_years", "weight_kg", "lansky", "karnofsky", "ecog"]),
        bounds,
        bounds,
        st.booleans(),
        st.booleans(),
    ),
    st.builds(SexRule, st.sampled_from(["female", "male"])),
    st.builds(DiagnosisRule, st.lists(st.sampled_from(CONCEPTS), min_size=1, max_size=2).map(tuple)),
    st.builds(
        DiseaseStatusRule, st.lists(st.sampled_from(DISEASE_STATUSES), min_size=1, max_size=2).map(tuple)
    ),
    st.builds(
        TreatmentRule,
        st.lists(st.sampled_from(TREATMENT_IDS), min_size=1, max_size=3).map(tuple),
        st.one_of(st.none(), st.integers(1, 12).map(float)),
        st.booleans(),
    ),
    st.builds(
        HealthRule,
        st.lists(st.sampled_from(HEALTH_IDS), min_size=1, max_size=2).map(tuple),
        st.lists(st.sampled_from(["symptomatic", "active", "uncontrolled"]), max_size=1).map(tuple),
    ),
    st.builds(CheckRule, st.sampled_from(["B7-H3", "platelets", "consent"])),
    st.none(),
)

criteria_st = st.builds(
    Criterion,
    side=st.sampled_from(["inclusion", "exclusion"]),
    text=st.just("item"),
    kind=st.sampled_from(list(Kind)),
    rule=rules_st,
    confident=st.booleans(),
)

facts_st = st.builds(
    StudyFacts,
    nct_id=st.just("NCT00000001"),
    title=st.just("A study"),
    conditions=st.just(("Some condition",)),
    min_age_raw=st.one_of(st.none(), st.sampled_from(["1 Year", "6 Months", "18 Years"])),
    max_age_raw=st.one_of(st.none(), st.sampled_from(["12 Years", "21 Years", "18 Months"])),
    sex=st.sampled_from([None, "ALL", "FEMALE", "MALE"]),
    concepts=st.frozensets(st.sampled_from(CONCEPTS), max_size=2),
)

ANSWER_KEYS = [f.name for f in fields(Answers)]


def _ctx(answers: Answers, subject: Any = "child") -> EvalContext:
    # The diagnosis "typed" in these answers is already a concept id of the test tree.
    return EvalContext(subject=subject, family_concept=answers.diagnosis, tree=TREE)


@st.composite
def fewer(draw: st.DrawFn, answers: Answers) -> Answers:
    """The same answers with some keys (or some treatment / health ids) turned into "not sure"."""
    drop = draw(st.sets(st.sampled_from(ANSWER_KEYS)))
    changes: dict[str, Any] = {}
    for key in drop:
        changes[key] = {} if key in ("treatments", "health") else None
    if "treatments" not in drop and answers.treatments:
        keep = draw(st.sets(st.sampled_from(sorted(answers.treatments))))
        changes["treatments"] = {k: v for k, v in answers.treatments.items() if k in keep}
    if "health" not in drop and answers.health:
        keep = draw(st.sets(st.sampled_from(sorted(answers.health))))
        changes["health"] = {k: v for k, v in answers.health.items() if k in keep}
    return replace(answers, **changes)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(criterion=criteria_st, answers=answers_st, data=st.data())
def test_removing_answers_never_makes_an_item_not_met(
    criterion: Criterion, answers: Answers, data: Any
) -> None:
    before = evaluate(criterion, answers, _ctx(answers))
    less = data.draw(fewer(answers))
    after = evaluate(criterion, less, _ctx(less))
    if before.status is not Status.NOT_MET:
        assert after.status is not Status.NOT_MET, (before, after)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    facts=facts_st,
    criteria=st.lists(criteria_st, max_size=8),
    answers=answers_st,
    data=st.data(),
)
def test_removing_answers_never_hides_a_shown_study(
    facts: StudyFacts, criteria: list[Criterion], answers: Answers, data: Any
) -> None:
    shown = judge_study(facts, criteria, answers, _ctx(answers))
    less = data.draw(fewer(answers))
    again = judge_study(facts, criteria, less, _ctx(less))
    if shown.verdict is not Verdict.NOT_A_FIT:
        assert again.verdict is not Verdict.NOT_A_FIT, again.not_met
    # and every not-a-fit says which item disagrees
    if again.verdict is Verdict.NOT_A_FIT:
        assert again.not_met and all(r.explanation for r in again.not_met)


@settings(max_examples=200, deadline=None)
@given(
    criterion=criteria_st,
    answers=answers_st,
    subject=st.sampled_from(["child", "self", "other"]),
)
def test_every_reason_renders_in_every_language(criterion: Criterion, answers: Answers, subject: Any) -> None:
    reason = evaluate(criterion, answers, _ctx(answers, subject))
    assert reason.message_id
    for lang in LANGUAGES:
        text = render_reason(reason, lang, concept_label=lambda cid, _lang: cid)
        assert text and "{" not in text and "@term" not in text and "@concept" not in text
