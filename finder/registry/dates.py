"""Registry dates in both spellings: API v2 ISO ("2023-05", "2023-05-17") and classic XML ("March 2005",
"March 5, 2005"). Month precision becomes the first of the month."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from finder.registry.errors import RegistryError

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_CLASSIC = re.compile(r"([A-Za-z]+)\.?\s+(?:(\d{1,2}),?\s+)?(\d{4})")


@lru_cache(maxsize=8192)
def _iso(text: str) -> date:
    match = _ISO.fullmatch(text.strip())
    if match is None:
        raise ValueError(text)
    year, month, day = match.groups()
    return date(int(year), int(month or 1), int(day or 1))


@lru_cache(maxsize=8192)
def _classic(text: str) -> date:
    match = _CLASSIC.fullmatch(text.strip())
    if match is None:
        raise ValueError(text)
    month_name, day, year = match.groups()
    month = _MONTHS.get(month_name.lower())
    if month is None:
        raise ValueError(text)
    return date(int(year), month, int(day or 1))


def parse_iso_date(
    text: str | None, *, file: str, nct_id: str | None = None, field: str | None = None
) -> date | None:
    """ "2023-05-17" or "2023-05" (-> 2023-05-01) or "2023"; None stays None."""
    if text is None or not text.strip():
        return None
    try:
        return _iso(text)
    except ValueError:
        raise RegistryError(
            file, f"{text!r} is not a date like '2023-05-17' or '2023-05'", nct_id=nct_id, field=field
        ) from None


def parse_classic_date(
    text: str | None, *, file: str, nct_id: str | None = None, field: str | None = None
) -> date | None:
    """ "March 5, 2005" or "March 2005" (-> 2005-03-01); None stays None."""
    if text is None or not text.strip():
        return None
    try:
        return _classic(text)
    except ValueError:
        raise RegistryError(
            file, f"{text!r} is not a date like 'March 5, 2005' or 'March 2005'", nct_id=nct_id, field=field
        ) from None
