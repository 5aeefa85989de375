"""Diagnoses and treatments with synonyms, lay words and a hierarchy, loaded from resources/vocabulary.

INTERFACE STUB written by the lead so other modules can code against it; the vocabulary helper fills it in.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Concept:
    id: str  # stable id, e.g. "neuroblastoma", "aml", "apl", "solid_tumor"
    label: dict[str, str]  # display name per language: {"en": ..., "es": ..., "zh": ...}
    lay: dict[str, str]  # a plain-words explanation per language (one short sentence)
    parents: tuple[str, ...]
    synonyms: tuple[str, ...]  # every spelling that names it: synonyms, abbreviations, misspellings, lay terms


@dataclass(frozen=True, slots=True)
class Suggestion:
    concept_id: str
    label: str  # in the requested language
    matched: str  # the synonym that matched what was typed
    score: float  # 0..100


class Vocabulary:
    def concept(self, concept_id: str) -> Concept: ...
    def ancestors(self, concept_id: str) -> frozenset[str]: ...  # excluding itself
    def descendants(self, concept_id: str) -> frozenset[str]: ...  # excluding itself
    def resolve(self, text: str) -> str | None: ...  # a family's diagnosis answer -> concept id (typo tolerant)
    def suggest(self, text: str, lang: str = "en", limit: int = 8) -> list[Suggestion]: ...  # type-ahead
    def broader_choices(self, lang: str = "en") -> list[Concept]: ...  # "I don't know the exact name"
    def concepts_in_text(self, text: str) -> frozenset[str]: ...  # diagnoses named in free text
    def treatments_in_text(self, text: str) -> frozenset[str]: ...  # answer treatment ids named in free text


def load_vocabulary() -> Vocabulary: ...  # cached: one instance per process
