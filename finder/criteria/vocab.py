"""The criteria parser's door to `finder.vocabulary`: diagnosis concepts and treatment ids named in text.

Parsing must never fail because the vocabulary is missing or broken (a store import calls the parser for
every study), so a vocabulary that cannot load gives empty answers and the items fall back to other kinds.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Protocol


class _Names(Protocol):
    def concepts_in_text(self, text: str) -> frozenset[str]: ...
    def treatments_in_text(self, text: str) -> frozenset[str]: ...
    def ancestors(self, concept_id: str) -> frozenset[str]: ...


@cache
def _vocabulary() -> _Names | None:
    try:
        from finder.vocabulary import load_vocabulary

        vocab = load_vocabulary()
        vocab.concepts_in_text(
            "leukemia"
        )  # proves it works, and builds its indexes now rather than mid-parse
        vocab.treatments_in_text("chemotherapy")
    except Exception:
        return None
    return vocab


def warm_up() -> None:
    """Load the vocabulary and everything derived from it (a store import calls this once, before parsing)."""
    if _vocabulary() is not None:
        broad_concepts()


@lru_cache(maxsize=32)  # an item's text is asked about by several readers in turn
def concepts_in_text(text: str) -> frozenset[str]:
    vocab = _vocabulary()
    if vocab is None:
        return frozenset()
    try:
        return frozenset(vocab.concepts_in_text(text))
    except Exception:
        return frozenset()


def treatments_in_text(text: str) -> frozenset[str]:
    vocab = _vocabulary()
    if vocab is None:
        return frozenset()
    try:
        return frozenset(vocab.treatments_in_text(text))
    except Exception:
        return frozenset()


def most_specific(concepts: frozenset[str]) -> tuple[str, ...]:
    """Drop a concept when a narrower one was also named ("acute myeloid leukemia" names aml and leukemia)."""
    vocab = _vocabulary()
    if vocab is None or len(concepts) < 2:
        return tuple(sorted(concepts))
    keep = []
    for c in concepts:
        try:
            broader_than_another = any(c in vocab.ancestors(o) for o in concepts if o != c)
        except Exception:
            broader_than_another = False
        if not broader_than_another:
            keep.append(c)
    return tuple(sorted(keep))


def available() -> bool:
    """Whether the vocabulary loaded: without it diagnoses and treatments are not recognised, and criteria
    parsed meanwhile must not be stamped as this parser's (see finder.store.enrich.parse_criteria)."""
    return _vocabulary() is not None


@cache
def broad_concepts() -> frozenset[str]:
    """The vocabulary's broad groups ("leukemia", "solid tumor", "cancer"): too broad to exclude anyone by."""
    vocab = _vocabulary()
    if vocab is None:
        return frozenset()
    try:
        return frozenset(c.id for c in vocab.broader_choices("en"))  # type: ignore[attr-defined]
    except Exception:
        return frozenset()


def is_cancer(concept_id: str) -> bool:
    """A concept under "cancer" in the hierarchy (HIV or heart failure are conditions, not diagnoses here)."""
    vocab = _vocabulary()
    if vocab is None:
        return False
    try:
        return "cancer" in vocab.ancestors(concept_id)
    except Exception:
        return False
