"""Where the trial store lives and how it is opened: engine, sessions, schema upgrade, first-start seeding.

`open_store(url)` is the one way in: it creates or upgrades the schema with the Alembic revisions shipped in
this package (so an installed wheel upgrades an older store), re-parses criteria left by an older parser, and
fills an empty store with the bundled seed trials.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from finder.store.models import Trial

APP_NAME = "trial-finder"
DB_FILE = "trials.sqlite3"


def default_url() -> str:
    """A SQLite file in the user's data folder (created on first use)."""
    folder = Path(user_data_dir(APP_NAME, appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / DB_FILE}"


def display_url(url: str) -> str:
    """The URL without its password, fit to print."""
    return make_url(url).render_as_string(hide_password=True)


@dataclass
class Store:
    """An open trial store. Sessions commit when their block ends normally and roll back on an error."""

    url: str
    engine: Engine
    _factory: sessionmaker[Session] = field(repr=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._factory() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


def create_store_engine(url: str) -> Engine:
    """An engine with the settings the store relies on (SQLite: WAL, foreign keys, real transactions)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    _sqlite_settings(engine)
    return engine


def _sqlite_settings(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin, so that SAVEPOINTs
        # and transactional DDL (migrations) behave as documented.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the importer, crash-safe
        cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL; durable at checkpoints
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA cache_size=-65536")  # 64 MB page cache: bounded, whatever the import size
        cursor.execute("PRAGMA temp_store=MEMORY")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")


def migrations_path() -> Path:
    """The Alembic script folder shipped inside the package (works from a checkout and an installed wheel)."""
    return Path(str(importlib_resources.files("finder.store") / "migrations"))


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_path()))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` (normally head) on this engine."""
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


AUTO_REPARSE_LIMIT = 5_000  # studies: about half a minute of parsing; more waits for `trial-finder reparse`


def open_store(
    url: str | None = None, *, seed: bool = True, auto_reparse_limit: int = AUTO_REPARSE_LIMIT
) -> Store:
    """Open (creating or upgrading) the store at `url`, default: the SQLite file in the user's data folder.

    Studies whose criteria came from another parser version (or none: a store from before 0002) are parsed
    again here when there are at most `auto_reparse_limit` of them, so a small store is always current;
    a bigger one is left for `trial-finder reparse` (`store_stats().unparsed` counts them) rather than
    holding up the app's start for minutes."""
    url = url or default_url()
    engine = create_store_engine(url)
    if current_revision(engine) != head_revision():
        upgrade(engine)
    store = Store(url=url, engine=engine, _factory=sessionmaker(engine, expire_on_commit=False))
    from finder.store.reparse import reparse, stale_count  # late: reparse imports the criteria parser

    with store.session() as session:
        if 0 < stale_count(session) <= auto_reparse_limit:
            reparse(session)
        if seed and session.scalar(select(func.count()).select_from(Trial)) == 0:
            seed_store(session)
    return store


def seed_paths() -> list[Path]:
    """The bundled seed trials (API v2 JSON) in resources/trials/."""
    folder = importlib_resources.files("resources") / "trials"
    return sorted(
        Path(str(entry)) for entry in folder.iterdir() if entry.name.endswith(".json") and entry.is_file()
    )


def seed_store(session: Session) -> int:
    """Import the bundled seeds into an empty store; returns how many studies went in."""
    from finder.store.importing import import_paths

    paths = seed_paths()
    if not paths:
        return 0
    return import_paths(session, paths).imported
