"""What the store works out once per study at import: parsed criteria, diagnosis concepts, site coordinates.

The pure parts (criteria and concepts) are plain functions of text, so the importer can run them in worker
processes; site lookup stays in the importing process behind a cache (many studies share cities).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from finder.criteria.parse import PARSER_VERSION, parse_eligibility
from finder.criteria.vocab import available as criteria_vocabulary_available
from finder.places import GeoPoint, locate_site
from finder.registry.records import StudyRecord
from finder.vocabulary import Vocabulary, load_vocabulary

# (criteria as JSON, parser version, concept ids)
Analysis = tuple[list[dict[str, Any]], int | None, tuple[str, ...]]


@lru_cache(maxsize=1)
def _vocabulary() -> Vocabulary:
    return load_vocabulary()


@lru_cache(maxsize=1)
def _locate() -> Callable[[str | None, str | None, str | None, str | None], GeoPoint | None] | None:
    """The place lookup (a seam: tests swap in their own, or None for no lookup)."""
    return locate_site


def parse_criteria(text: str | None) -> tuple[list[dict[str, Any]], int | None]:
    """Criteria of one eligibility text as stored: (JSON list, parser version). The version is None when the
    vocabulary could not be loaded: such a parse misses every diagnosis and treatment, so it must count as
    outdated (redone by `reparse`) and never be kept by a later import of the same text."""
    criteria = [c.to_json() for c in parse_eligibility(text)]
    return criteria, PARSER_VERSION if criteria_vocabulary_available() else None


# A title names a group on purpose ("... in Children With Refractory Solid Tumors") where the condition lines
# often name one example; only wide groups count, because a title's narrower names are as often about
# something else ("Lung Metastases", "Non-Prostate Tumors", "Cancer Patients With Impaired Kidney Function").
TITLE_GROUP_MIN_KINDS = 10  # descendants a concept needs to count from a title (solid tumor 90, sarcoma 14)


def concept_text(record: StudyRecord) -> str:
    """The text diagnosis concepts are read from: conditions and their MeSH terms, one per line."""
    return condition_lines(record.conditions, record.condition_mesh_terms)


def condition_lines(conditions: Sequence[str], mesh_terms: Sequence[str]) -> str:
    """concept_text of a study as stored (the reparse reads columns, not a StudyRecord)."""
    return "\n".join((*conditions, *mesh_terms))


def title_groups(title: str | None) -> frozenset[str]:
    """The wide diagnosis groups a study's title names (see TITLE_GROUP_MIN_KINDS)."""
    if not title:
        return frozenset()
    vocabulary = _vocabulary()
    named = vocabulary.concepts_in_text(title)
    return frozenset(c for c in named if len(vocabulary.descendants(c)) >= TITLE_GROUP_MIN_KINDS)


def concepts_of(text: str, title: str | None = None) -> tuple[str, ...]:
    """Concept ids of a study from its condition text (concept_text) and the wide groups its title names."""
    found = _vocabulary().concepts_in_text(text) if text else frozenset()
    found |= title_groups(title)
    return tuple(sorted(found)) if found else ()


def analyse(eligibility_text: str | None, conditions: str, title: str | None = None) -> Analysis:
    criteria, version = parse_criteria(eligibility_text)
    return criteria, version, concepts_of(conditions, title)


def analyse_batch(items: Sequence[tuple[str | None, str, str | None]]) -> list[Analysis]:
    """Worker-process entry point: small picklable inputs (eligibility, condition text, title), small
    outputs."""
    return [analyse(text, conditions, title) for text, conditions, title in items]


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
