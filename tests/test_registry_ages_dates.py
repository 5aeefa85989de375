"""Age limits and registry dates: exact text kept, days for querying, bad values named precisely."""

from __future__ import annotations

from datetime import date

import pytest

from finder.registry.ages import parse_age
from finder.registry.dates import parse_classic_date, parse_iso_date
from finder.registry.errors import RegistryError
from finder.registry.records import AgeLimit


@pytest.mark.parametrize(
    ("raw", "days"),
    [
        ("18 Years", 18 * 365.25),
        ("1 Year", 365.25),
        ("6 Months", 6 * 30.4375),
        ("1 Month", 30.4375),
        ("28 Days", 28.0),
        ("1 Day", 1.0),
        ("2 Weeks", 14.0),
        ("12 Hours", 0.5),
        ("30 Minutes", 30 / 1440),
        ("0 Years", 0.0),
    ],
)
def test_age_becomes_days_and_keeps_its_text(raw: str, days: float) -> None:
    limit = parse_age(raw, file="f.json")
    assert limit.raw == raw
    assert limit.days == pytest.approx(days)
    assert limit.is_limit


def test_twelve_months_and_one_year_are_the_same_length() -> None:
    assert parse_age("12 Months", file="f").days == pytest.approx(parse_age("1 Year", file="f").days)


@pytest.mark.parametrize("raw", [None, "", "  ", "N/A"])
def test_missing_or_na_age_is_no_limit(raw: str | None) -> None:
    limit = parse_age(raw, file="f.json")
    assert limit == AgeLimit()
    assert not limit.is_limit


@pytest.mark.parametrize("raw", ["eighteen", "18", "Years", "18 Yrs old", "-3 Years"])
def test_malformed_age_names_file_study_and_field(raw: str) -> None:
    with pytest.raises(RegistryError) as caught:
        parse_age(raw, file="data.zip!NCT01234567.json", nct_id="NCT01234567", field="x.minimumAge")
    error = caught.value
    assert (error.file, error.nct_id, error.field) == (
        "data.zip!NCT01234567.json",
        "NCT01234567",
        "x.minimumAge",
    )
    assert str(error) == (
        "data.zip!NCT01234567.json: study NCT01234567: field x.minimumAge: "
        f"{raw!r} is not an age like '18 Years'"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2023-05-17", date(2023, 5, 17)), ("2023-05", date(2023, 5, 1)), ("2023", date(2023, 1, 1))],
)
def test_iso_dates(text: str, expected: date) -> None:
    assert parse_iso_date(text, file="f") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 2005", date(2005, 3, 1)),
        ("March 5, 2005", date(2005, 3, 5)),
        ("February 03, 2023", date(2023, 2, 3)),
        ("Sept 2001", date(2001, 9, 1)),
    ],
)
def test_classic_dates(text: str, expected: date) -> None:
    assert parse_classic_date(text, file="f") == expected


def test_absent_dates_are_none() -> None:
    assert parse_iso_date(None, file="f") is None
    assert parse_classic_date("", file="f") is None


@pytest.mark.parametrize("text", ["2023-13", "2023-02-30", "05/17/2023", "soon"])
def test_bad_iso_date_is_an_error_for_that_field(text: str) -> None:
    with pytest.raises(RegistryError, match=r"field a\.date: .* is not a date") as caught:
        parse_iso_date(text, file="f.json", nct_id="NCT01234567", field="a.date")
    assert caught.value.nct_id == "NCT01234567"


@pytest.mark.parametrize("text", ["Marchember 2005", "March 32, 2005", "2005"])
def test_bad_classic_date_is_an_error(text: str) -> None:
    with pytest.raises(RegistryError, match=r"f\.xml: field start_date"):
        parse_classic_date(text, file="f.xml", field="start_date")
