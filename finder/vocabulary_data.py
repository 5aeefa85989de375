"""The vocabulary's value types, and the checks and walks done once when its data is read."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

LANGUAGES = ("en", "es", "zh")


class VocabularyError(ValueError):
    """The bundled vocabulary data is inconsistent (unknown parent, cycle, missing language)."""


@dataclass(frozen=True, slots=True)
class Concept:
    id: str  # stable id, e.g. "neuroblastoma", "aml", "apl", "solid_tumor"
    label: dict[str, str]  # display name per language: {"en": ..., "es": ..., "zh": ...}
    lay: dict[str, str]  # a plain-words explanation per language (one short sentence)
    parents: tuple[str, ...]
    synonyms: tuple[str, ...]  # every spelling naming it: synonyms, abbreviations, misspellings, lay terms


@dataclass(frozen=True, slots=True)
class Suggestion:
    concept_id: str
    label: str  # in the requested language
    matched: str  # the synonym that matched what was typed
    score: float  # 0..100


@dataclass(frozen=True, slots=True)
class Treatment:
    """One answer treatment id (finder.answers.TREATMENT_IDS) with its lay words and the phrases naming it."""

    id: str
    label: dict[str, str]
    lay: dict[str, str]
    phrases: tuple[str, ...]
    counts_as: tuple[str, ...]  # other treatment ids this one also is (CAR-T cells are an immunotherapy)


def read_concept(raw: Mapping[str, Any]) -> Concept:
    """One concept of diagnoses.json; labels and explanations must be there in every language."""
    cid = raw["id"]
    for key in ("label", "lay"):
        missing = [lang for lang in LANGUAGES if not raw.get(key, {}).get(lang)]
        if missing:
            raise VocabularyError(f"concept {cid!r}: no {key} in {', '.join(missing)}")
    names = [*raw["label"].values(), *raw.get("synonyms", ()), *raw.get("abbreviations", ())]
    names += raw.get("typed_only", ())
    return Concept(
        id=cid,
        label=dict(raw["label"]),
        lay=dict(raw["lay"]),
        parents=tuple(raw.get("parents", ())),
        synonyms=tuple(dict.fromkeys(names)),
    )


def check_ids(concepts: Mapping[str, Concept], ids: Iterable[str], where: str) -> None:
    for cid in ids:
        if cid not in concepts:
            raise VocabularyError(f"{where}: {cid!r} is not a concept")


def hierarchy(
    concepts: Mapping[str, Concept],
) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """(ancestors, descendants) of every concept, each excluding the concept itself. Refuses unknown parents
    and cycles, naming them."""
    for c in concepts.values():
        for p in c.parents:
            if p not in concepts:
                raise VocabularyError(f"concept {c.id!r}: unknown parent {p!r}")
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(cid: str, path: tuple[str, ...]) -> None:
        if state.get(cid) == 2:
            return
        if state.get(cid) == 1:
            raise VocabularyError(f"cycle in the hierarchy: {' -> '.join((*path, cid))}")
        state[cid] = 1
        for p in concepts[cid].parents:
            visit(p, (*path, cid))
        state[cid] = 2

    for cid in concepts:
        visit(cid, ())
    ancestors = {cid: _walk_up(concepts, cid) for cid in concepts}
    below: dict[str, set[str]] = {cid: set() for cid in concepts}
    for cid, ups in ancestors.items():
        for up in ups:
            below[up].add(cid)
    return ancestors, {cid: frozenset(ids) for cid, ids in below.items()}


def _walk_up(concepts: Mapping[str, Concept], cid: str) -> frozenset[str]:
    seen: set[str] = set()
    todo = list(concepts[cid].parents)
    while todo:
        p = todo.pop()
        if p not in seen:
            seen.add(p)
            todo.extend(concepts[p].parents)
    return frozenset(seen)


def read_treatments(
    data: Mapping[str, Any],
) -> tuple[dict[str, Treatment], dict[str, set[str]], dict[str, set[str]]]:
    """(treatments by id, phrase -> ids (any case), abbreviation -> ids (exact case)) of treatments.json."""
    treatments: dict[str, Treatment] = {}
    folded: dict[str, set[str]] = {}
    exact: dict[str, set[str]] = {}
    for raw in data["treatments"]:
        t = Treatment(
            id=raw["id"],
            label=dict(raw["label"]),
            lay=dict(raw["lay"]),
            phrases=tuple(raw.get("phrases", ())) + tuple(raw.get("abbreviations", ())),
            counts_as=tuple(raw.get("counts_as", ())),
        )
        treatments[t.id] = t
        for text in raw.get("phrases", ()):
            folded.setdefault(text, set()).add(t.id)
        for text in raw.get("abbreviations", ()):
            exact.setdefault(text, set()).add(t.id)
    return treatments, folded, exact
