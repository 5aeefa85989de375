"""What the store works out once per study at import: parsed criteria, diagnosis concepts, site coordinates.

The pure parts (criteria and concepts) are plain functions of text, so the importer can run them in worker
processes; site lookup stays in the importing process behind a cache (many studies share cities).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from finder.criteria.parse import PARSER_VERSION, parse_eligibility
from finder.places import GeoPoint, locate_site
from finder.registry.records import StudyRecord
from finder.vocabulary import Vocabulary, load_vocabulary

# (criteria as JSON, parser version, concept ids)
Analysis = tuple[list[dict[str, Any]], int, tuple[str, ...]]


@lru_cache(maxsize=1)
def _vocabulary() -> Vocabulary:
    return load_vocabulary()


@lru_cache(maxsize=1)
def _locate() -> Callable[[str | None, str | None, str | None, str | None], GeoPoint | None] | None:
    """The place lookup (a seam: tests swap in their own, or None for no lookup)."""
    return locate_site


def parse_criteria(text: str | None) -> tuple[list[dict[str, Any]], int]:
    """Criteria of one eligibility text as stored: (JSON list, parser version)."""
    return [c.to_json() for c in parse_eligibility(text)], PARSER_VERSION


def concept_text(record: StudyRecord) -> str:
    """The text diagnosis concepts are read from: conditions and their MeSH terms, one per line."""
    return "\n".join((*record.conditions, *record.condition_mesh_terms))


def concepts_of(text: str) -> tuple[str, ...]:
    if not text:
        return ()
    vocabulary = _vocabulary()
    found = vocabulary.concepts_in_text(text)
    return tuple(sorted(found)) if found else ()


def analyse(eligibility_text: str | None, conditions: str) -> Analysis:
    criteria, version = parse_criteria(eligibility_text)
    return criteria, version, concepts_of(conditions)


def analyse_batch(items: Sequence[tuple[str | None, str]]) -> list[Analysis]:
    """Worker-process entry point: small picklable inputs (texts), small outputs."""
    return [analyse(text, conditions) for text, conditions in items]


@lru_cache(maxsize=50_000)
def site_point(
    city: str | None, state: str | None, postal_code: str | None, country: str | None
) -> tuple[float, float] | None:
    """Coordinates of a site from the place lookup (by US ZIP code or city), or None."""
    locate = _locate()
    if locate is None or not (city or postal_code):
        return None
    point = locate(city, state, postal_code, country)
    return None if point is None else (float(point.lat), float(point.lon))
