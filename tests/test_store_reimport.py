"""A study imported again with the same eligibility text keeps the criteria the store already holds (parsed
by this parser version); a changed text, or criteria from another parser version, are parsed afresh."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text, update
from sqlalchemy.orm import Session

from finder.criteria.parse import PARSER_VERSION, parse_eligibility
from finder.registry.records import StudyRecord
from finder.store import enrich
from finder.store.database import Store, open_store
from finder.store.importing import _Writer, import_records, import_sources
from finder.store.models import TRIALS
from finder.store.read import get_study
from tests.store_support import RecordSource, expected_full_record, sqlite_url

MARKER = [{"side": "inclusion", "text": "MARKER: kept from the store", "kind": "other"}]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(sqlite_url(tmp_path), seed=False)
    yield opened
    opened.close()


def _records(n: int, text: str = "Age {i} years or older") -> list[StudyRecord]:
    base = expected_full_record("generated")
    return [
        replace(base, nct_id=f"NCT0{i:07d}", eligibility_text=text.format(i=i % 18), conditions=(f"c{i}",))
        for i in range(n)
    ]


def _import(store: Store, records: list[StudyRecord], workers: int) -> None:
    with store.session() as session:
        report = import_sources(session, (RecordSource(r) for r in records), workers=workers)
    assert report.imported == len(records)


def _mark(store: Store, nct_id: str, version: int | None = PARSER_VERSION) -> None:
    """Stand-in criteria in the store: a re-import that keeps them shows it did not parse again."""
    with store.session() as session:
        session.execute(
            update(TRIALS)
            .where(TRIALS.c.nct_id == nct_id)
            .values(criteria_json=MARKER, parser_version=version)
        )


def _criteria(store: Store, nct_id: str) -> list[dict[str, Any]]:
    with store.session() as session:
        stored = get_study(session, nct_id)
        assert stored is not None
        return [c.to_json() for c in stored.criteria]


@pytest.mark.parametrize("workers", [0, 1], ids=["in-process", "worker-process"])
def test_unchanged_text_keeps_the_stored_criteria(store: Store, workers: int) -> None:
    records = _records(1200 if workers else 20)  # a worker takes an import of more than one chunk
    _import(store, records, workers)
    _mark(store, "NCT00000005")
    _mark(store, "NCT00000006", version=PARSER_VERSION - 1)
    _mark(store, "NCT00000007")
    changed = [
        replace(r, eligibility_text="Age 2 years or older; weight at least 10 kg")
        if r.nct_id == "NCT00000007"
        else r
        for r in records
    ]
    _import(store, changed, workers)
    assert _criteria(store, "NCT00000005") == MARKER  # same text, same parser version: kept
    assert _criteria(store, "NCT00000006") == [
        c.to_json() for c in parse_eligibility(records[6].eligibility_text)
    ]
    assert _criteria(store, "NCT00000007") == [
        c.to_json() for c in parse_eligibility("Age 2 years or older; weight at least 10 kg")
    ]
    assert _criteria(store, "NCT00000008") == [
        c.to_json() for c in parse_eligibility(records[8].eligibility_text)
    ]


def test_a_fresh_store_parses_everything(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str | None] = []
    real = enrich.analyse

    def counting(text: str | None, conditions: str, title: str | None = None) -> enrich.Analysis:
        calls.append(text)
        return real(text, conditions, title)

    monkeypatch.setattr(enrich, "analyse", counting)
    records = _records(30)
    _import(store, records, 0)
    assert len(calls) == 30
    calls.clear()
    _import(store, records, 0)
    assert calls == []  # the second time, nothing to parse


def test_an_in_memory_store_parses_again() -> None:
    # A second connection to an in-memory SQLite store would be another, empty database.
    memory = open_store("sqlite://", seed=False)
    try:
        records = _records(5)
        with memory.session() as session:
            import_records(session, records)
        with memory.session() as session:
            report = import_sources(session, (RecordSource(r) for r in records), workers=0)
        assert report.imported == 5
        with memory.session() as session:
            stored = get_study(session, "NCT00000003")
            assert stored is not None and stored.criteria == parse_eligibility(records[3].eligibility_text)
    finally:
        memory.close()


def test_a_store_not_in_wal_mode_is_not_read_by_workers(tmp_path: Path) -> None:
    # In rollback-journal mode (WAL cannot work on a network drive) the importer holds the file locked once
    # its page cache spills: a worker reading the store then failed, or read a file being written.
    path = tmp_path / "journal.sqlite3"
    open_store(f"sqlite:///{path}", seed=False).close()
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA journal_mode=DELETE").fetchone()[0] == "delete"
    raw.close()
    engine = create_engine(f"sqlite:///{path}")  # no WAL set on connect, unlike the store's own engine
    records = _records(1200)
    try:
        for _ in range(2):
            with Session(engine) as session, session.begin():
                session.execute(text("PRAGMA cache_size=10"))  # spills at once, as a big import would
                report = import_sources(session, (RecordSource(r) for r in records), workers=1)
                assert report.imported == 1200
        with Session(engine) as session:
            assert _Writer(session, None, None).stored_criteria() is None
    finally:
        engine.dispose()


def test_the_store_url_is_absolute_and_hides_its_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A relative URL, as `--db sqlite:///trials.db` gives: a worker started elsewhere must find the same file.
    monkeypatch.chdir(tmp_path)
    relative = open_store("sqlite:///relative.sqlite3", seed=False)
    try:
        _import(relative, _records(3), 0)
        with relative.session() as session:
            stored = _Writer(session, None, None).stored_criteria()
    finally:
        relative.close()
    assert stored is not None
    assert Path(stored.url.removeprefix("sqlite:///")) == tmp_path / "relative.sqlite3"
    assert "url" not in repr(stored)


def test_a_parse_without_the_vocabulary_is_not_stamped_nor_kept(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without the vocabulary no diagnosis or treatment is recognised: such criteria count as outdated.
    records = _records(3, text="Histologically confirmed neuroblastoma; age {i} years or older")
    monkeypatch.setattr(enrich, "criteria_vocabulary_available", lambda: False)
    _import(store, records, 0)
    with store.session() as session:
        stored = get_study(session, "NCT00000001")
        assert stored is not None and stored.parser_version == 0
    _mark(store, "NCT00000001", version=None)  # stand-in criteria, still unstamped: must not be kept
    monkeypatch.undo()
    _import(store, records, 0)
    with store.session() as session:
        stored = get_study(session, "NCT00000001")
        assert stored is not None and stored.parser_version == PARSER_VERSION
    assert _criteria(store, "NCT00000001") == [
        c.to_json() for c in parse_eligibility(records[1].eligibility_text)
    ]
