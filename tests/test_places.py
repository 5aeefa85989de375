"""Offline places: ZIP codes, cities by name in their country, distances."""

from __future__ import annotations

import pytest

from finder.answers import Place
from finder.places import (
    GeoPoint,
    country_code,
    country_names,
    distance_km,
    locate_site,
    resolve_place,
)


def test_distance_is_great_circle() -> None:
    boston = GeoPoint(42.3601, -71.0589)
    nanjing = GeoPoint(32.0603, 118.7969)
    assert 11_500 < distance_km(boston, nanjing) < 11_900
    assert distance_km(boston, boston) == pytest.approx(0.0, abs=1e-9)
    assert distance_km(boston, nanjing) == pytest.approx(distance_km(nanjing, boston))
    # a quarter of the equator
    assert distance_km(GeoPoint(0, 0), GeoPoint(0, 90)) == pytest.approx(10_007.5, rel=1e-3)


def test_boston_to_nanjing_from_names() -> None:
    boston = resolve_place(Place("United States", "Boston"))
    nanjing = resolve_place(Place("China", "Nanjing"))
    assert boston is not None and nanjing is not None
    assert 11_400 < distance_km(boston, nanjing) < 12_000


def test_us_zip_code() -> None:
    point = resolve_place(Place("US", None, "02115"))
    assert point is not None
    assert 42.2 < point.lat < 42.5 and -71.2 < point.lon < -70.9
    assert resolve_place(Place("USA", "Anywhere", "02115-1234")) == point


@pytest.mark.parametrize(
    ("place", "lat", "lon"),
    [
        (Place("CN", "Hangzhou"), 30.3, 120.2),
        (Place("India", "New Delhi"), 28.6, 77.2),
        (Place("Brazil", "Sao Paulo"), -23.5, -46.6),
        (Place("brasil", "SÃO PAULO"), -23.5, -46.6),
        (Place("Korea, Republic of", "Seoul"), 37.6, 127.0),
        (Place("中国", "杭州"), 30.3, 120.2),
        (Place("united kingdom", "london"), 51.5, -0.1),
    ],
)
def test_cities_tolerate_case_accents_and_country_spellings(place: Place, lat: float, lon: float) -> None:
    point = resolve_place(place)
    assert point is not None
    assert point.lat == pytest.approx(lat, abs=0.3) and point.lon == pytest.approx(lon, abs=0.3)


def test_most_populous_wins_and_state_breaks_ties() -> None:
    # Several US cities are called Springfield; the registry's state picks the right one.
    illinois = locate_site("Springfield", "Illinois", None, "United States")
    massachusetts = locate_site("Springfield", "Massachusetts", None, "United States")
    assert illinois is not None and massachusetts is not None
    assert illinois.lon < -85 < -75 < massachusetts.lon
    # London, Ontario is a real city, but London in the United Kingdom is the larger one
    london = resolve_place(Place("", "London"))
    assert london is not None and london.lon == pytest.approx(-0.1, abs=0.3)


def test_unknown_places_give_none() -> None:
    assert resolve_place(Place("France", "Nowhereville-sur-Rien")) is None
    assert resolve_place(Place("United States")) is None  # a country alone gives no point
    assert locate_site(None, None, None, None) is None
    assert resolve_place(Place("US", None, "00000")) is None


def test_site_zip_code_and_city() -> None:
    by_zip = locate_site("Boston", "Massachusetts", "02115", "United States")
    by_city = locate_site("Boston", "Massachusetts", None, "United States")
    assert by_zip is not None and by_city is not None
    assert distance_km(by_zip, by_city) < 10


def test_countries() -> None:
    names = country_names()
    assert len(names) > 200
    assert {"China", "United States", "India", "Brazil"} <= set(names)
    assert names == sorted(names)
    assert country_code("Korea, Republic of") == "KR"
    assert country_code("Russian Federation") == "RU"
    assert country_code("usa") == "US"
    assert country_code("CHN") == "CN"
    assert country_code("Narnia") is None


@pytest.mark.parametrize(
    ("city", "country", "lat", "lon"),
    [
        ("Milano (Milan)", "Italy", 45.5, 9.2),
        ("Hampstead, London", "United Kingdom", 51.5, -0.1),
        ("Paris Cedex 18", "France", 48.9, 2.3),
        ("Rio de Janeiro - RJ", "Brazil", -22.9, -43.2),
        ("Hong Kong", "China", 22.3, 114.2),
    ],
)
def test_registry_city_fields_with_extra_words(city: str, country: str, lat: float, lon: float) -> None:
    point = locate_site(city, None, None, country)
    assert point is not None
    assert point.lat == pytest.approx(lat, abs=0.5) and point.lon == pytest.approx(lon, abs=0.5)


def test_small_us_town_from_the_zip_table() -> None:
    # Too small for the GeoNames city tables; the ZIP table knows it.
    point = locate_site("Research Triangle Park", "North Carolina", "277093398", "United States")
    assert point is not None and 35.5 < point.lat < 36.2
