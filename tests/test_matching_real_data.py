"""Matching invariants on real registry records (../shared/data): the prefilter only sets aside studies
that are not a fit, every not-a-fit says why, fewer answers never hide a study, the output keeps the
contract."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from finder.answers import Age, Answers, Place, Weight
from finder.matching.engine import match_answers
from finder.matching.results import Verdict
from finder.matching.schema import MatchesDocument
from finder.store.database import Store, open_store
from finder.store.importing import import_paths

pytestmark = [pytest.mark.shared_data, pytest.mark.slow]

PROFILES = [
    Answers(
        age=Age(6),
        sex="female",
        weight=Weight(20),
        diagnosis="neuroblastoma",
        disease_status="relapsed",
        treatments={"chemotherapy": True, "gene_therapy": False},
        weeks_since_last_treatment=6,
        health={"hiv": False, "cns_involvement": False},
    ),
    Answers(age=Age(45), sex="male", diagnosis="AML", disease_status="refractory", health={"hiv": True}),
    Answers(
        age=Age(62),
        sex="female",
        diagnosis="breast cancer",
        disease_status="newly_diagnosed",
        treatments={"chemotherapy": False, "radiotherapy": False},
        location=Place("United States", "Boston"),
        max_distance_km=300,
    ),
]


@pytest.fixture(scope="module")
def store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    s = open_store(f"sqlite:///{tmp_path_factory.mktemp('real') / 't.db'}", seed=False)
    with s.session() as session:
        import_paths(session, [shared_data / "ctgov-v2" / "list-oncology-a.json"], skip_bad=True)
    yield s
    s.close()


@pytest.fixture()
def session(store: Store) -> Iterator[Session]:
    with store.session() as s:
        yield s


@pytest.mark.parametrize("answers", PROFILES)
def test_prefilter_sets_aside_only_not_a_fit_and_every_not_a_fit_says_why(
    session: Session, answers: Answers
) -> None:
    full = match_answers(session, answers, any_status=True, include_prefiltered=True)
    assert len(full.results) == full.total > 50
    considered = {m.nct_id for m in match_answers(session, answers, any_status=True).results}
    for m in full.results:
        if m.nct_id not in considered:
            assert m.verdict is Verdict.NOT_A_FIT, m.nct_id
        if m.verdict is Verdict.NOT_A_FIT:
            assert m.not_met and all(r.explanation.strip() for r in m.not_met)
    MatchesDocument.model_validate(full.to_json(include_not_a_fit=True))


@pytest.mark.parametrize("answers", PROFILES)
def test_fewer_answers_never_hide_a_study(session: Session, answers: Answers) -> None:
    shown = {
        m.nct_id
        for m in match_answers(session, answers, any_status=True).results
        if m.verdict is not Verdict.NOT_A_FIT
    }
    for fewer in (
        replace(answers, treatments={}, health={}),
        replace(answers, age=None, weight=None),
        replace(answers, diagnosis=None, disease_status=None),
        Answers(),
    ):
        again = {
            m.nct_id: m.verdict
            for m in match_answers(session, fewer, any_status=True, include_prefiltered=True).results
        }
        for nct_id in shown:
            assert again[nct_id] is not Verdict.NOT_A_FIT, (nct_id, fewer)
