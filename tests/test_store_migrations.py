"""Schema history: a store made at revision 0001 opens, upgrades and keeps its data; models == migrations."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text, update

from finder.criteria.model import Criterion, Kind
from finder.store import enrich
from finder.store.database import create_store_engine, current_revision, head_revision, open_store, upgrade
from finder.store.importing import import_paths
from finder.store.models import TRIALS, Base
from finder.store.read import get_study
from tests.store_support import (
    full_study,
    no_place_lookup,  # noqa: F401 (a fixture, used by name)
    sqlite_url,
    write_json,
)

pytestmark = pytest.mark.usefixtures("no_place_lookup")


def _fill_0001(engine: Engine) -> None:
    """One study and one site as version 0001 of the app would have written them."""
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO trials (id, nct_id, secondary_ids, brief_title, overall_status, phases,"
                " conditions, condition_mesh_terms, condition_mesh_ancestors, keywords, interventions,"
                " eligibility_text,"
                " min_age_raw, min_age_days, sex, central_contacts, source, snapshot_date, imported_at)"
                " VALUES (7, 'NCT00000101', '[]', 'Old study', 'RECRUITING', '[\"PHASE2\"]',"
                " '[\"Neuroblastoma\"]', '[]', '[]', '[]', '[]', 'Inclusion Criteria: age 1 to 10 years',"
                " '1 Year', 365.25, 'ALL', '[]', 'old.xml', '2023-02-03', '2023-02-04 10:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO locations (trial_id, position, facility, city, country, contacts)"
                " VALUES (7, 0, 'Old Hospital', 'Boston', 'United States', :contacts)"
            ),
            {"contacts": json.dumps([{"name": "Dr. Old", "role": "CONTACT", "phone": None, "email": None}])},
        )


def test_store_at_0001_upgrades_and_keeps_its_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = sqlite_url(tmp_path)
    engine = create_store_engine(url)
    upgrade(engine, "0001")
    assert current_revision(engine) == "0001"
    assert "trial_concepts" not in inspect(engine).get_table_names()
    _fill_0001(engine)
    engine.dispose()

    parsed = (Criterion(side="inclusion", text="age 1 to 10 years", kind=Kind.AGE),)
    monkeypatch.setattr(enrich, "parse_eligibility", lambda _text: parsed)
    store = open_store(url)  # seed=True: the store is not empty, so no seeds are added
    try:
        assert current_revision(store.engine) == head_revision() != "0001"
        with store.session() as session:
            stored = get_study(session, "NCT00000101")
            assert stored is not None
            assert stored.record.brief_title == "Old study"
            assert stored.record.phases == ("PHASE2",)
            assert stored.record.minimum_age.raw == "1 Year" and stored.record.minimum_age.days == 365.25
            assert stored.record.snapshot_date == date(2023, 2, 3)
            assert stored.record.locations[0].contacts[0].name == "Dr. Old"
            # criteria the old version never stored are parsed on opening
            assert stored.criteria == parsed and stored.parser_version > 0
            assert session.execute(text("SELECT count(*) FROM trials")).scalar() == 1
    finally:
        store.close()


def test_models_match_migrations(tmp_path: Path) -> None:
    engine = create_store_engine(sqlite_url(tmp_path))
    upgrade(engine)
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert differences == []


def test_open_store_is_idempotent(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    for _ in range(2):
        store = open_store(url, seed=False)
        with store.session() as session:
            import_paths(session, [write_json(tmp_path / "a.json", full_study())])
        store.close()
    store = open_store(url, seed=False)
    with store.session() as session:
        assert session.execute(text("SELECT count(*) FROM trials")).scalar() == 1
    store.close()


@pytest.fixture(scope="module")
def pg_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """TRIAL_FINDER_TEST_PG_URL when set (an empty database), else a throwaway local PostgreSQL server from
    the pgserver package (PostgreSQL's own binaries in a wheel: the [test] extra installs it)."""
    given = os.environ.get("TRIAL_FINDER_TEST_PG_URL")
    if given:
        yield given
        return
    pgserver = pytest.importorskip(
        "pgserver", reason="no PostgreSQL: set TRIAL_FINDER_TEST_PG_URL or install pgserver"
    )
    server = pgserver.get_server(tmp_path_factory.mktemp("pg"), cleanup_mode="stop")
    try:
        yield server.get_uri().replace("postgresql://", "postgresql+psycopg://", 1)
    finally:
        server.cleanup()


def test_postgresql_store(tmp_path: Path, pg_url: str) -> None:
    engine = create_store_engine(pg_url)
    with engine.begin() as conn:  # start from an empty database
        tables = ("trial_eligibility_concepts", "trial_concepts", "locations", "trials", "alembic_version")
        for table in tables:
            conn.execute(text(f"DROP TABLE IF EXISTS {table} CASCADE"))
    upgrade(engine, "0001")
    _fill_0001(engine)
    with engine.connect() as conn:
        conn.execute(text("SELECT setval('trials_id_seq', 100)"))
        conn.commit()
    engine.dispose()
    store = open_store(pg_url, seed=False)
    try:
        with store.session() as session:
            assert get_study(session, "NCT00000101") is not None
            import_paths(session, [write_json(tmp_path / "a.json", full_study())])
            import_paths(session, [write_json(tmp_path / "a.json", full_study())])
            stored = get_study(session, "NCT09000001")
            assert stored is not None and stored.record.locations[0].latitude == 29.7078
        # A later import of the same text keeps the stored criteria (read over a second connection).
        marker = [{"side": "inclusion", "text": "MARKER", "kind": "other"}]
        with store.session() as session:
            session.execute(
                update(TRIALS).values(criteria_json=marker).where(TRIALS.c.nct_id == "NCT09000001")
            )
        with store.session() as session:
            import_paths(session, [write_json(tmp_path / "a.json", full_study())])
            stored = get_study(session, "NCT09000001")
            assert stored is not None and [c.to_json() for c in stored.criteria] == marker
        with store.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    finally:
        store.close()


def test_fast_path_column_order_matches_the_tables() -> None:
    from finder.store import prepare, rows
    from finder.store.models import LOCATIONS, TRIALS

    assert tuple(c.name for c in LOCATIONS.columns if c.name != "id") == rows.LOCATION_COLUMNS
    assert set(prepare.TRIAL_COLUMNS) == {c.name for c in TRIALS.columns} - {"id"}
