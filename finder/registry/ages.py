"""Registry age limits ("18 Years", "6 Months", "N/A") as exact text plus days, for querying by age."""

from __future__ import annotations

import re
from functools import lru_cache

from finder.registry.errors import RegistryError
from finder.registry.records import AgeLimit

# Average lengths, so that "12 Months" and "1 Year" land on the same day count.
_DAYS_PER_UNIT = {
    "year": 365.25,
    "month": 30.4375,
    "week": 7.0,
    "day": 1.0,
    "hour": 1.0 / 24.0,
    "minute": 1.0 / 1440.0,
}
_AGE = re.compile(r"(\d+(?:\.\d+)?)\s*(year|month|week|day|hour|minute)s?", re.IGNORECASE)
_NO_LIMIT = ("", "N/A", "NA", "NONE")
NO_LIMIT = AgeLimit()


@lru_cache(maxsize=4096)
def _age_days(raw: str) -> float:
    """Days in an age text; ValueError when it is not one. Cached: a registry uses a few hundred spellings."""
    match = _AGE.fullmatch(raw.strip())
    if match is None:
        raise ValueError(raw)
    return float(match.group(1)) * _DAYS_PER_UNIT[match.group(2).lower()]


def parse_age(raw: str | None, *, file: str, nct_id: str | None = None, field: str | None = None) -> AgeLimit:
    """ "18 Years" -> AgeLimit("18 Years", 6574.5); "N/A", "" or None -> no limit (AgeLimit()).

    A text that is neither raises RegistryError for that file, study and field.
    """
    if raw is None or raw.strip().upper() in _NO_LIMIT:
        return NO_LIMIT
    try:
        days = _age_days(raw)
    except ValueError:
        raise RegistryError(
            file, f"{raw!r} is not an age like '18 Years'", nct_id=nct_id, field=field
        ) from None
    return AgeLimit(raw=raw.strip(), days=days)
