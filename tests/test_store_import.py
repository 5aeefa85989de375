"""The import transaction: every field round-trips, re-import replaces by NCT id, analysis stored once."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from sqlalchemy import func, select

from finder.criteria.model import CheckRule, Criterion, Kind
from finder.criteria.parse import parse_eligibility
from finder.registry.errors import RegistryError
from finder.registry.records import StudyRecord
from finder.store import enrich
from finder.store import reparse as reparse_module
from finder.store.database import Store, open_store
from finder.store.importing import CHUNK_DOCUMENTS, import_paths, import_records, import_sources
from finder.store.models import Location, Trial, TrialConcept
from finder.store.read import get_study, store_stats
from finder.store.reparse import reparse
from tests.store_support import (
    RecordSource,
    expected_full_record,
    full_study,
    minimal_study,
    no_place_lookup,  # noqa: F401 (a fixture, used by name)
    sqlite_url,
    write_json,
)

pytestmark = pytest.mark.usefixtures("no_place_lookup")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(sqlite_url(tmp_path), seed=False)
    yield opened
    opened.close()


class Point(NamedTuple):
    lat: float
    lon: float


class FakeVocabulary:
    def concepts_in_text(self, text: str) -> frozenset[str]:
        return frozenset({"neuroblastoma"} if "neuroblastoma" in text.lower() else set())

    def descendants(self, concept_id: str) -> frozenset[str]:
        return frozenset()


def fake_parse(text: str | None) -> tuple[Criterion, ...]:
    return (Criterion(side="inclusion", text=text or "", kind=Kind.BIOMARKER, rule=CheckRule("B7-H3")),)


@pytest.fixture
def fake_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stand-in parser and vocabulary, so these tests check the store's plumbing, not their content."""
    monkeypatch.setattr(enrich, "parse_eligibility", fake_parse)
    monkeypatch.setattr(enrich, "_vocabulary", lambda: FakeVocabulary())


def count(store: Store, model: Any = Trial) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_every_field_round_trips(store: Store, tmp_path: Path) -> None:
    path = write_json(tmp_path / "study.json", full_study())
    with store.session() as session:
        report = import_paths(session, [path])
    assert (report.imported, report.replaced, report.skipped) == (1, 0, 0)
    with store.session() as session:
        stored = get_study(session, "NCT09000001")
    assert stored is not None
    assert stored.record == expected_full_record(source=stored.record.source)
    assert "study.json" in stored.record.source
    assert stored.imported_at.year >= 2026


def test_reimport_replaces_by_nct_id(store: Store, tmp_path: Path) -> None:
    first = write_json(tmp_path / "a.json", [full_study("NCT09000001"), minimal_study("NCT09000002")])
    with store.session() as session:
        import_paths(session, [first])
    with store.session() as session:
        again = import_paths(session, [first])
    assert (again.imported, again.replaced) == (2, 2)
    assert count(store) == 2

    changed = write_json(
        tmp_path / "b.json", full_study("NCT09000001", brief_title="New title", status="COMPLETED")
    )
    with store.session() as session:
        import_paths(session, [changed])
    assert count(store) == 2
    assert count(store, Location) == 2  # the old sites went with the old row, the new ones came in
    with store.session() as session:
        stored = get_study(session, "NCT09000001")
        assert stored is not None and stored.record.brief_title == "New title"
        assert store_stats(session).by_status == {"COMPLETED": 1, "NOT_GIVEN": 1}


def test_same_study_twice_in_one_import_keeps_the_last(store: Store, tmp_path: Path) -> None:
    a = write_json(tmp_path / "a.json", full_study("NCT09000001", brief_title="First"))
    b = write_json(tmp_path / "b.json", full_study("NCT09000001", brief_title="Second"))
    with store.session() as session:
        report = import_paths(session, [a, b])
    assert (report.imported, report.replaced) == (2, 1)
    assert count(store) == 1
    with store.session() as session:
        stored = get_study(session, "NCT09000001")
    assert stored is not None and stored.record.brief_title == "Second"


def test_criteria_and_concepts_are_stored_at_import(
    store: Store, tmp_path: Path, fake_analysis: None
) -> None:
    path = write_json(tmp_path / "a.json", [full_study("NCT09000001"), minimal_study("NCT09000002")])
    with store.session() as session:
        import_paths(session, [path])
    with store.session() as session:
        stored = get_study(session, "NCT09000001")
        bare = get_study(session, "NCT09000002")
    assert stored is not None and bare is not None
    assert stored.criteria == fake_parse(expected_full_record("").eligibility_text)
    assert stored.parser_version == reparse_module.PARSER_VERSION
    assert stored.concepts == ("neuroblastoma",)
    assert bare.concepts == ()
    assert bare.criteria == fake_parse(None)


def test_large_import_in_worker_process_matches_in_process(store: Store, tmp_path: Path) -> None:
    # The real parser and vocabulary, compared with what this process works out: a stand-in patched into this
    # process would not reach a worker started fresh ("spawn", used once other threads run, as after a UI
    # test), and the test would then depend on the order tests run in.
    base = expected_full_record("generated")
    records = [
        replace(
            base,
            nct_id=f"NCT0{i:07d}",
            eligibility_text=f"Age {i % 18} years or older",
            conditions=(f"c{i}",),
        )
        for i in range(1200)
    ]
    with store.session() as session:
        report = import_sources(session, (RecordSource(r) for r in records), workers=1)
    assert report.imported == 1200
    assert count(store, Location) == 2400
    with store.session() as session:
        for i in (0, 599, 1199):
            stored = get_study(session, f"NCT0{i:07d}")
            assert stored is not None
            assert stored.record == records[i]
            assert stored.criteria == parse_eligibility(records[i].eligibility_text)
            assert stored.criteria and stored.criteria[0].kind is Kind.AGE
        concepts = enrich.concepts_of(enrich.concept_text(base), base.brief_title)
        assert "neuroblastoma" in concepts  # every copy keeps the MeSH term "Neuroblastoma"
        links = session.scalar(select(func.count()).select_from(TrialConcept))
        assert links == 1200 * len(concepts)


def test_sites_without_coordinates_get_them_from_place_lookup(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[Any, ...]] = []

    def locate(city: str | None, state: str | None, postal: str | None, country: str | None) -> Point | None:
        asked.append((city, state, postal, country))
        return Point(1.5, 2.5) if city == "Nowhereville" else None

    monkeypatch.setattr(enrich, "_locate", lambda: locate)
    enrich.site_point.cache_clear()
    with store.session() as session:
        import_paths(session, [write_json(tmp_path / "a.json", full_study())])
        sites = session.execute(
            select(Location.city, Location.latitude, Location.longitude, Location.coordinates_from).order_by(
                Location.position
            )
        ).all()
    enrich.site_point.cache_clear()
    assert asked == [("Nowhereville", None, None, "Atlantis")]  # the registry's own coordinates are kept
    assert [tuple(s) for s in sites] == [
        ("Houston", 29.7078, -95.4018, "registry"),
        ("Nowhereville", 1.5, 2.5, "places"),
    ]


def test_reparse_redoes_only_outdated_studies(
    store: Store, tmp_path: Path, fake_analysis: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_json(tmp_path / "a.json", [full_study("NCT09000001"), minimal_study("NCT09000002")])
    with store.session() as session:
        import_paths(session, [path])
        assert reparse(session) == 0
        assert store_stats(session).unparsed == 0
    newer = reparse_module.PARSER_VERSION + 1
    monkeypatch.setattr(reparse_module, "PARSER_VERSION", newer)
    monkeypatch.setattr(enrich, "PARSER_VERSION", newer)
    with store.session() as session:
        assert reparse(session) == 2
        assert reparse(session) == 0
        assert reparse(session, force=True) == 2
    with store.session() as session:
        stored = get_study(session, "NCT09000001")
    assert stored is not None and stored.parser_version == newer
    assert stored.concepts == ("neuroblastoma",)


def test_real_parser_output_is_stored(store: Store, tmp_path: Path) -> None:
    with store.session() as session:
        import_paths(session, [write_json(tmp_path / "a.json", full_study())])
        stored = get_study(session, "NCT09000001")
    assert stored is not None and stored.parser_version == reparse_module.PARSER_VERSION
    assert stored.criteria  # the parser read something out of three bulleted items
    assert {c.side for c in stored.criteria} == {"inclusion", "exclusion"}


def test_open_store_reparses_a_few_outdated_studies_but_leaves_many_for_the_command(
    tmp_path: Path, fake_analysis: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = sqlite_url(tmp_path)
    first = open_store(url, seed=False)
    with first.session() as session:
        import_paths(session, [write_json(tmp_path / "a.json", [full_study(), minimal_study("NCT09000002")])])
    first.close()
    newer = reparse_module.PARSER_VERSION + 1
    monkeypatch.setattr(reparse_module, "PARSER_VERSION", newer)
    monkeypatch.setattr(enrich, "PARSER_VERSION", newer)

    too_many = open_store(url, auto_reparse_limit=1)  # 2 outdated: left for `trial-finder reparse`
    with too_many.session() as session:
        assert store_stats(session).unparsed == 2
    too_many.close()
    few = open_store(url, auto_reparse_limit=2)
    with few.session() as session:
        assert store_stats(session).unparsed == 0
        stored = get_study(session, "NCT09000002")
    few.close()
    assert stored is not None and stored.parser_version == newer


def test_import_records_takes_studies_already_read(store: Store) -> None:
    record = expected_full_record("built in a test")
    with store.session() as session:
        report = import_records(session, [record, replace(record, brief_title="Later copy")])
    assert (report.imported, report.replaced) == (2, 1)
    with store.session() as session:
        stored = get_study(session, record.nct_id)
    assert stored is not None and stored.record == replace(record, brief_title="Later copy")


@dataclass(frozen=True)
class GcWatchedSource:
    """A study whose title says whether the cyclic collector ran while it was read (picklable: module level,
    so it can go to a worker process); it fails to read when `fail`."""

    record: StudyRecord
    fail: bool = False

    @property
    def name(self) -> str:
        return self.record.nct_id

    def read(self, archives: Any) -> list[StudyRecord]:
        if self.fail:
            raise RegistryError(self.name, "unreadable")
        return [replace(self.record, brief_title=f"collector {'on' if gc.isenabled() else 'off'}")]


def _titles(store: Store) -> Counter[str]:
    with store.session() as session:
        return Counter(session.scalars(select(Trial.brief_title)))


def test_the_collector_pauses_in_import_workers_only(store: Store) -> None:
    base = expected_full_record("built in a test")
    ids = [f"NCT0{8_000_000 + k}" for k in range(CHUNK_DOCUMENTS + 1)]
    sources = [GcWatchedSource(replace(base, nct_id=nct_id)) for nct_id in ids]
    with store.session() as session:  # two chunks or more: read in worker processes
        assert import_sources(session, sources, workers=2).imported == len(sources)
    assert _titles(store) == Counter({"collector off": len(sources)})
    assert gc.isenabled()

    with store.session() as session:  # a small import, read here: the collector is the whole process's
        import_sources(session, sources[:1], workers=0)
        with pytest.raises(RegistryError):
            import_sources(session, [GcWatchedSource(base, fail=True)] * (CHUNK_DOCUMENTS + 1), workers=2)
    assert _titles(store)["collector on"] == 1
    assert gc.isenabled()
