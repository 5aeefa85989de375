"""The shared cache of compiled studies never serves a study as it was before a re-import."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from finder.answers import Age, Answers, Weight
from finder.matching.engine import match_answers
from finder.matching.results import Verdict
from finder.registry.records import AgeLimit
from finder.registry.sources import read_studies
from finder.store.database import open_store, seed_paths
from finder.store.importing import import_records

NB = "NCT06751134"
CHILD = Answers(age=Age(6), weight=Weight(20), diagnosis="neuroblastoma", disease_status="relapsed")


def _verdict(session: object, nct_id: str) -> Verdict:
    report = match_answers(session, CHILD, include_prefiltered=True, subject="child")  # type: ignore[arg-type]
    return next(m.verdict for m in report.results if m.nct_id == nct_id)


def test_a_reimported_study_is_matched_as_it_now_reads(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 't.db'}")
    try:
        with store.session() as session:
            assert _verdict(session, NB) is not Verdict.NOT_A_FIT  # warms the shared cache with the seed
        seed = next(r for r in read_studies(seed_paths()) if r.nct_id == NB)
        # The registry now says 5 years at most: a 6-year-old is out, whatever was cached before.
        younger = dataclasses.replace(seed, maximum_age=AgeLimit("5 Years", 5 * 365.25))
        with store.session() as session:
            import_records(session, [younger])
            session.commit()
        with store.session() as session:
            assert _verdict(session, NB) is Verdict.NOT_A_FIT
    finally:
        store.close()
