"""The issue's checks on the two bundled seed trials, through the store and the whole matching path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from finder.answers import Age, Answers, Weight
from finder.criteria.model import Kind
from finder.matching.engine import explain_study, match_answers
from finder.matching.questions import count_may_fit, plan_questions
from finder.matching.results import Match, Status, Verdict
from finder.store.database import Store, open_store

NB, AML = "NCT06751134", "NCT05665075"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path: Path = tmp_path_factory.mktemp("seeds") / "t.db"
    s = open_store(f"sqlite:///{path}")
    yield s
    s.close()


@pytest.fixture()
def session(store: Store) -> Iterator[Session]:
    with store.session() as s:
        yield s


def child(**changes: object) -> Answers:
    base: dict[str, object] = {
        "age": Age(6),
        "weight": Weight(20),
        "diagnosis": "neuroblastoma",
        "disease_status": "relapsed",
        "treatments": {"gene_therapy": False},
    }
    base.update(changes)
    return Answers(**base)  # type: ignore[arg-type]


def adult(**changes: object) -> Answers:
    base: dict[str, object] = {"age": Age(45), "diagnosis": "AML", "disease_status": "relapsed"}
    base.update(changes)
    return Answers(**base)  # type: ignore[arg-type]


def one(session: Session, answers: Answers, nct_id: str) -> Match:
    report = match_answers(session, answers, include_prefiltered=True, subject="child")
    found = [m for m in report.results if m.nct_id == nct_id]
    assert found, f"{nct_id} not in the report"
    return found[0]


def _to_check_text(match: Match) -> str:
    return "\n".join(r.criterion for r in match.to_check).lower()


def test_neuroblastoma_child_may_fit_with_things_to_check(session: Session) -> None:
    m = one(session, child(), NB)
    assert m.verdict is Verdict.MAY_FIT, m.not_met
    text = _to_check_text(m)
    assert "b7-h3" in text
    assert "mibg" in text
    assert "lansky" in text
    assert "neutrophil" in text or "platelet" in text or "blood routine" in text
    kinds = {r.kind for r in m.met}
    assert Kind.AGE in kinds and Kind.DIAGNOSIS in kinds


def test_neuroblastoma_child_is_not_offered_the_aml_study(session: Session) -> None:
    report = match_answers(session, child())
    shown = [m.nct_id for m in report.results if m.verdict is not Verdict.NOT_A_FIT]
    assert shown == [NB]
    other = one(session, child(), AML)
    assert other.verdict is Verdict.NOT_A_FIT
    assert any(r.kind is Kind.DIAGNOSIS for r in other.not_met)
    assert not other.near_miss  # a study for another disease is never "almost" a fit


@pytest.mark.parametrize(
    ("answers", "kind", "words"),
    [
        (child(weight=Weight(9)), Kind.WEIGHT, "9 kg"),
        (child(age=Age(14)), Kind.AGE, "14"),
        (child(treatments={"gene_therapy": True}), Kind.PRIOR_TREATMENT, "gene therapy"),
    ],
)
def test_the_same_child_is_ruled_out_for_a_clear_reason(
    session: Session, answers: Answers, kind: Kind, words: str
) -> None:
    m = one(session, answers, NB)
    assert m.verdict is Verdict.NOT_A_FIT
    reasons = [r for r in m.not_met if r.kind is kind]
    assert reasons, m.not_met
    assert all(words in r.explanation for r in reasons)
    # it is not shown without --all
    assert NB not in [
        x.nct_id for x in match_answers(session, answers).results if x.verdict is not Verdict.NOT_A_FIT
    ]


def test_adult_with_relapsed_aml_may_fit(session: Session) -> None:
    m = one(session, adult(), AML)
    assert m.verdict is Verdict.MAY_FIT, m.not_met
    assert "cd33" in _to_check_text(m)


@pytest.mark.parametrize(
    ("answers", "words"),
    [
        (adult(diagnosis="acute promyelocytic leukemia"), "APL"),
        (adult(health={"hiv": True}), "HIV"),
        (adult(sex="female", health={"pregnant": True}), "pregnan"),
    ],
)
def test_adult_ruled_out_by_apl_hiv_or_pregnancy(session: Session, answers: Answers, words: str) -> None:
    m = one(session, answers, AML)
    assert m.verdict is Verdict.NOT_A_FIT
    assert any(words.lower() in (r.criterion + r.explanation).lower() for r in m.not_met), m.not_met


def test_fifteen_year_old_with_aml_is_not_a_fit_for_age(session: Session) -> None:
    answers = adult(age=Age(15))
    m = one(session, answers, AML)
    assert m.verdict is Verdict.NOT_A_FIT
    assert {r.kind for r in m.not_met} == {Kind.AGE}
    assert m.near_miss  # the registry limit and the "≥18 years old" item count as one
    explained = explain_study(session, AML, answers)
    assert explained is not None and explained.verdict is Verdict.NOT_A_FIT


def test_not_sure_everywhere_shows_both_seed_studies(session: Session) -> None:
    report = match_answers(session, Answers())
    assert {m.nct_id for m in report.results if m.verdict is Verdict.MAY_FIT} == {NB, AML}
    assert count_may_fit(session, Answers()) == 2


def test_prefilter_drops_only_studies_that_are_not_a_fit(session: Session) -> None:
    for answers in (
        child(),
        adult(),
        adult(age=Age(15)),
        child(age=Age(30), sex="male"),
        adult(diagnosis="ALL"),
    ):
        full = match_answers(session, answers, include_prefiltered=True)
        considered = {m.nct_id for m in match_answers(session, answers).results}
        for m in full.results:
            if m.nct_id not in considered:
                assert m.verdict is Verdict.NOT_A_FIT, (answers, m.nct_id)


def test_subject_changes_the_wording(session: Session) -> None:
    report = match_answers(session, adult(), subject="self")
    age = next(r for r in report.results[0].reasons if r.kind is Kind.AGE and r.status is Status.MET)
    assert age.explanation.startswith("You are 45")


def test_counts_and_questions_follow_the_answers(session: Session) -> None:
    assert count_may_fit(session, child()) == 1
    assert count_may_fit(session, child(weight=Weight(9))) == 0
    first = plan_questions(session, Answers())
    assert first[:2] == ["diagnosis", "age"]
    later = plan_questions(session, child())
    for answered in ("age", "weight", "diagnosis", "disease_status", "treatments"):
        assert answered not in later
    assert "health" in later  # both seeds exclude on health answers
    assert "performance" in later  # Lansky > 60 is a confident rule
    assert plan_questions(session, child(), asked=["health"]).count("health") == 0
    # only the AML study is still possible for this adult, and it has no weight or sex rule: not asked
    adult_plan = plan_questions(session, Answers(age=Age(45), diagnosis="AML"))
    assert "weight" not in adult_plan and "sex" not in adult_plan
    assert "disease_status" in adult_plan and "location" in adult_plan  # its site in Hangzhou has coordinates


def test_distance_to_the_nearest_site_and_far_studies_stay_shown(session: Session) -> None:
    from finder.answers import Place
    from finder.matching.engine import beyond_reach

    answers = adult(location=Place("China", "Shanghai"), max_distance_km=50)
    report = match_answers(session, answers)
    m = next(x for x in report.results if x.nct_id == AML)
    assert m.verdict is Verdict.MAY_FIT
    assert m.nearest_site is not None and m.nearest_site.city == "Hangzhou"
    assert m.nearest_site.distance_km is not None and 120 < m.nearest_site.distance_km < 220
    assert beyond_reach(m, 50)
    assert report.to_json()["results"][0]["distance_km"] == round(m.nearest_site.distance_km, 1)
