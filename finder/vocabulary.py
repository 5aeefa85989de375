"""Diagnoses and treatments with synonyms, lay words and a hierarchy, loaded from resources/vocabulary.

The data (resources/vocabulary/diagnoses.json, treatments.json; format in the README.md there) is read once
per process. Families type diagnoses with typos, abbreviations and lay words; registry conditions use MeSH
headings and sponsors' spellings. Everything is compared in one normalised form (finder.phrases), typos are
forgiven with rapidfuzz, and the hierarchy answers "is this study for my child's disease?".
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Literal

from rapidfuzz import fuzz, process

from finder.phrases import PhraseIndex, has_cjk, normalize, segments, tokens
from finder.vocabulary_data import (
    LANGUAGES,
    Concept,
    Suggestion,
    Treatment,
    VocabularyError,
    check_ids,
    hierarchy,
    read_concept,
    read_treatments,
)
from finder.vocabulary_evidence import SponsorWords, weak_link
from resources import resource

__all__ = [
    "LANGUAGES",
    "Concept",
    "Relation",
    "Suggestion",
    "Treatment",
    "Vocabulary",
    "VocabularyError",
    "load_vocabulary",
]

Relation = Literal["same", "broader", "narrower", "unrelated"]

# Typo tolerance, tuned on the tests' misspellings ("nueroblastoma", "medulloblastma", "leukemai"): a whole
# answer must be this close to one synonym; a single word this close to a known word is corrected.
_RESOLVE_CUTOFF = 85.0
_WORD_CUTOFF = 80.0
_MIN_FUZZY_LENGTH = 5  # shorter answers ("AML", "cll") must match exactly: too many near neighbours
_SUGGEST_CUTOFF = 80.0
_MAX_ANSWER_CHARS = 300  # a diagnosis answer longer than this is cut: typo correction is per word
# A short line naming only a generic cancer ("Adenocarcinoma of the Colon", "Bladder Neoplasms") is read with
# the organ it names; longer lines are sentences, where organ words mean other things ("liver function").
_GENERIC = frozenset({"cancer"})
_SITE_MAX_WORDS = 12
_NOT_A_SITE = "-"
# Phrases that hold a name but name nothing ("Eastern Cooperative Oncology Group", "PD-L1 expression") are
# indexed under this id, so the longest match swallows them, and are then dropped.
_NOT_A_NAME = "-"
_SITE_BLOCKERS = (
    "bone marrow",
    "cervical spine",
    "cervical lymph node",
    "oral intake",
    "skin test",
    "lung function",
)
# MeSH-style headings with words turned round ("Lung Cancer, Non-Small Cell") are also read the other way
_INVERT_MAX_CHARS = 60


@dataclass(frozen=True, slots=True)
class _Synonym:
    text: str  # as written in the data
    norm: str  # normalised
    concept_id: str
    is_label: str | None  # the language whose label this is, or None


class Vocabulary:
    def __init__(self, diagnoses: Mapping[str, Any], treatments: Mapping[str, Any]) -> None:
        self._concepts: dict[str, Concept] = {}
        self._choices: list[tuple[str, dict[str, str]]] = []
        folded: dict[str, set[str]] = {}
        exact: dict[str, set[str]] = {}
        self._synonyms: list[_Synonym] = []
        self._exact_norm: dict[str, str] = {}
        for raw in diagnoses["concepts"]:
            concept = read_concept(raw)
            if concept.id in self._concepts:
                raise VocabularyError(f"concept {concept.id!r} defined twice")
            self._concepts[concept.id] = concept
            for lang, text in concept.label.items():
                self._add_synonym(text, concept.id, lang)
            for text in (*raw.get("synonyms", ()), *raw.get("abbreviations", ()), *raw.get("typed_only", ())):
                self._add_synonym(text, concept.id, None)
            for text in (*concept.label.values(), *raw.get("synonyms", ())):
                folded.setdefault(text, set()).add(concept.id)
            for text in raw.get("abbreviations", ()):
                exact.setdefault(text, set()).add(concept.id)
        for text in diagnoses.get("not_diagnoses", ()):
            folded.setdefault(text, set()).add(_NOT_A_NAME)
        # offered first in type-ahead: the diagnoses most families using the app have
        self._common = frozenset(diagnoses.get("common_in_children", ()))
        for choice in diagnoses.get("broader_choices", ()):
            self._choices.append((choice["id"], dict(choice["label"])))
        check_ids(self._concepts, [cid for cid, _ in self._choices], "broader choice")
        check_ids(self._concepts, self._common, "common_in_children")
        self._ancestors, self._descendants = hierarchy(self._concepts)
        check_ids(self._concepts, diagnoses.get("any_primary", ()), "any_primary")
        self._sponsor = SponsorWords(self, diagnoses)
        self._index = PhraseIndex.build(folded, exact)
        # what a family types may hold abbreviations too ambiguous for registry text ("stage 4 NB", "LLA")
        typed_exact = {k: set(v) for k, v in exact.items()}
        for raw in diagnoses["concepts"]:
            for text in raw.get("typed_only", ()):
                if text != text.lower():
                    typed_exact.setdefault(text, set()).add(raw["id"])
        self._typed_index = PhraseIndex.build(folded, typed_exact)
        sites: dict[str, set[str]] = {b: {_NOT_A_SITE} for b in _SITE_BLOCKERS}
        for raw in diagnoses["concepts"]:
            for word in raw.get("sites", ()):
                sites.setdefault(word, set()).add(raw["id"])
        self._site_index = PhraseIndex.build(sites, {})
        self._norm_choices = [s.norm for s in self._synonyms]
        self._known_words = sorted({w for s in self._synonyms for w in s.norm.split() if len(w) >= 4})

        self._treatments, t_folded, t_exact = read_treatments(treatments)
        for text in treatments.get("not_treatments", ()):
            t_folded.setdefault(text, set()).add(_NOT_A_NAME)
        self._treatment_index = PhraseIndex.build(t_folded, t_exact)

    def _add_synonym(self, text: str, concept_id: str, lang: str | None) -> None:
        norm = normalize(text) if not has_cjk(text) else text.strip().replace(" ", "")
        if not norm:
            return
        self._synonyms.append(_Synonym(text, norm, concept_id, lang))
        self._exact_norm.setdefault(norm, concept_id)

    # --- the hierarchy ------------------------------------------------------------------------------

    def concept(self, concept_id: str) -> Concept:
        return self._concepts[concept_id]

    def concepts(self) -> list[Concept]:
        return list(self._concepts.values())

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self._concepts

    def ancestors(self, concept_id: str) -> frozenset[str]:
        """Every broader concept, excluding itself (empty for an unknown id, e.g. from an older store)."""
        return self._ancestors.get(concept_id, frozenset())

    def descendants(self, concept_id: str) -> frozenset[str]:
        return self._descendants.get(concept_id, frozenset())

    def most_specific(self, concept_ids: Iterable[str]) -> frozenset[str]:
        """The ids that are not an ancestor of another id given ({leukemia, aml} -> {aml})."""
        ids = {c for c in concept_ids if c in self._concepts}
        covered: set[str] = set()
        for c in ids:
            covered |= self._ancestors[c]
        return frozenset(ids - covered)

    def relation(
        self, study_concepts: Iterable[str], family_concept: str, *, specific_only: bool = False
    ) -> Relation:
        """How a study's (or a criterion's) diagnoses relate to the family's.

        "same" / "broader": the study is for that disease or a wider group holding it (a study of solid tumors
        is for neuroblastoma); "narrower": the study is for a kind of what the family said (family: leukemia,
        study: AML), so the care team has to check; "unrelated": none of these. Unknown ids are ignored.

        Every concept counts, so "solid tumors, including neuroblastoma" stays open to a child with Wilms
        tumor. `specific_only=True` first sets aside broad terms that sit above a more specific one of the
        same list, for lists known to add ancestors mechanically (classic MeSH terms list "Leukemia" beside
        "Leukemia, Myeloid, Acute"); it can hide studies, so it is not the default.
        """
        if family_concept not in self._concepts:
            return "unrelated"
        if specific_only:
            study = self.most_specific(study_concepts)
        else:
            study = frozenset(c for c in study_concepts if c in self._concepts)
        if family_concept in study:
            return "same"
        if study & self._ancestors[family_concept]:
            return "broader"
        if study & self._descendants[family_concept]:
            return "narrower"
        return "unrelated"

    def own_concepts(self, conditions: Iterable[str], title: str = "") -> frozenset[str]:
        """The concepts a study's sponsor names on purpose in its condition lines and title (not its MeSH
        terms); bare catch-all lines ("Cancer" beside one named cancer) left out. See SponsorWords."""
        return self._sponsor.read(tuple(conditions), title)[0]

    def weak_link(
        self, study_concepts: Iterable[str], conditions: Iterable[str], family_concept: str, title: str = ""
    ) -> bool:
        """True when the study reaches the family's diagnosis only through broad terms that are weak
        evidence: MeSH parents or a bare "Cancer" line beside narrower concepts on other branches ("Neoplasms;
        Breast Neoplasms" for neuroblastoma), or a MeSH term no condition line backs ("Neoplasm Metastasis"
        on a multiple sclerosis study). Such a study is not for the family's diagnosis. A broad group the
        sponsor names in a condition or the title ("Advanced Solid Tumors; Breast Cancer"), or one listed
        alone, is not weak. `conditions`: the study's own condition lines (not its MeSH terms)."""
        study = frozenset(study_concepts)
        if family_concept not in self._concepts or not study & self._ancestors[family_concept]:
            return False  # no broad link at all: nothing to weigh, and no condition text to read
        own, named = self._sponsor.read(tuple(conditions), title)
        return weak_link(self, study, own, family_concept, named)

    # --- what families type -------------------------------------------------------------------------

    def resolve(self, text: str) -> str | None:
        """A family's diagnosis answer -> concept id, forgiving case, accents, spelling variants and typos."""
        if not text or not text.strip():
            return None
        text = text[:_MAX_ANSWER_CHARS]
        if has_cjk(text):
            key = text.strip().replace(" ", "")
            if key in self._exact_norm:
                return self._exact_norm[key]
            return self._first_named(text)
        norm = normalize(text)
        if not norm:
            return None
        if norm in self._exact_norm:
            return self._exact_norm[norm]
        if len(norm) >= _MIN_FUZZY_LENGTH:
            best = process.extractOne(
                norm, self._norm_choices, scorer=fuzz.ratio, score_cutoff=_RESOLVE_CUTOFF
            )
            if best is not None:
                return self._synonyms[best[2]].concept_id
        named = self._first_named(text)
        if named in _GENERIC:  # "tumor en el riñón", "cancer of the bone": the organ says which
            specific = self.most_specific(self.concepts_in_text(text))
            if len(specific) == 1:
                return next(iter(specific))
        if named is not None:
            return named
        corrected = self._correct_words(norm)
        if corrected != norm:
            if corrected in self._exact_norm:
                return self._exact_norm[corrected]
            return self._first_named(corrected)
        return None

    def _first_named(self, text: str) -> str | None:
        """The first most specific concept named in a longer answer ("relapsed neuroblastoma stage 4")."""
        found = [ids for ids in self._typed_index.find(text) if len(ids) == 1 and _NOT_A_NAME not in ids]
        specific = self.most_specific(i for ids in found for i in ids)
        for ids in found:
            (cid,) = ids
            if cid in specific:
                return cid
        return None

    def _correct_words(self, norm: str) -> str:
        words = []
        for w in norm.split():
            if len(w) >= _MIN_FUZZY_LENGTH and w not in self._known_words:
                best = process.extractOne(w, self._known_words, scorer=fuzz.ratio, score_cutoff=_WORD_CUTOFF)
                if best is not None:
                    w = best[0]
            words.append(w)
        return " ".join(words)

    def suggest(self, text: str, lang: str = "en", limit: int = 8) -> list[Suggestion]:
        """Type-ahead: concepts whose names start with (or hold a word starting with) what was typed, then
        names whose beginning is spelled nearly so ("nueroblast"). Among equals: the label in `lang`, any
        label, cancers (what the app is mostly used for), shorter names. Labels are given in `lang`;
        synonyms of every language match."""
        text = text[:_MAX_ANSWER_CHARS]
        cjk = has_cjk(text)
        query = text.strip().replace(" ", "") if cjk else normalize(text)
        if not query or limit <= 0:
            return []
        ranked: list[tuple[tuple[float, int, int, int, int, int], _Synonym]] = []
        for s in self._synonyms:
            score = _prefix_score(query, s.norm, cjk)
            if score:
                ranked.append((self._rank(s, score, lang), s))
        ranked.sort(key=lambda r: r[0])
        out: list[Suggestion] = []
        seen: set[str] = set()
        for key, s in ranked:
            self._offer(out, seen, s, -key[0], lang)
            if len(out) >= limit:
                return out
        if len(query) >= 4 and not cjk:
            # compare with as many letters at the start of each name: a typo in what is typed so far
            starts = [n[: len(query)] if len(n) >= len(query) else "" for n in self._norm_choices]
            near = process.extract(
                query, starts, scorer=fuzz.ratio, score_cutoff=_SUGGEST_CUTOFF, limit=limit * 8
            )
            fuzzy = sorted(
                (
                    (self._rank(self._synonyms[i], min(float(score), 89.0), lang), self._synonyms[i])
                    for _, score, i in near
                ),
                key=lambda r: r[0],
            )
            for key, s in fuzzy:
                self._offer(out, seen, s, -key[0], lang)
                if len(out) >= limit:
                    break
        return out

    def _rank(self, s: _Synonym, score: float, lang: str) -> tuple[float, int, int, int, int, int]:
        return (
            -score,
            0 if s.concept_id in self._common else 1,
            0 if s.is_label == lang else 1,
            0 if s.is_label else 1,
            0 if "cancer" in self._ancestors[s.concept_id] or s.concept_id == "cancer" else 1,
            len(s.norm),
        )

    def _offer(self, out: list[Suggestion], seen: set[str], s: _Synonym, score: float, lang: str) -> None:
        if s.concept_id in seen:
            return
        seen.add(s.concept_id)
        out.append(Suggestion(s.concept_id, self.label(s.concept_id, lang), s.text, score))

    def label(self, concept_id: str, lang: str = "en") -> str:
        c = self._concepts[concept_id]
        return c.label.get(lang) or c.label["en"]

    def broader_choices(self, lang: str = "en") -> list[Concept]:
        """The families of diagnoses a parent can pick when unsure of the exact name, in the order to show,
        each labelled for that use ("Leukemia (blood cancer)") in every language; show `.label[lang]`."""
        del lang  # every language's label is in each returned concept
        return [replace(self._concepts[cid], label=label) for cid, label in self._choices]

    # --- registry and criteria text -----------------------------------------------------------------

    def concepts_in_text(self, text: str) -> frozenset[str]:
        """Every diagnosis named in free text (conditions, MeSH terms, a criterion), the most specific
        reading of each span ("acute myeloid leukemia" gives aml, not also leukemia)."""
        if not text:
            return frozenset()
        words = tokens(text)
        boundaries: list[int] = []
        hits = self._index.hits(text, words, boundaries=boundaries)
        by_segment: dict[int, set[str]] = {}
        for hit in hits:
            if _NOT_A_NAME not in hit.ids:
                by_segment.setdefault(hit.segment, set()).update(hit.ids)
        if any(ids <= _GENERIC for ids in by_segment.values()):
            self._read_sites(text, words, boundaries, by_segment)
        if "," in text and len(text) <= 20 * _INVERT_MAX_CHARS:
            self._read_inverted(text, by_segment)
        return frozenset(c for ids in by_segment.values() for c in ids)

    def _read_sites(
        self,
        text: str,
        words: tuple[list[str], list[str]],
        boundaries: list[int],
        by_segment: dict[int, set[str]],
    ) -> None:
        edges = [-1, *boundaries, len(words[0])]
        for segment, ids in list(by_segment.items()):
            lo, hi = edges[segment] + 1, edges[segment + 1]
            if not ids <= _GENERIC or hi - lo > _SITE_MAX_WORDS:
                continue
            organs = {
                c
                for hit in self._site_index.hits(text, words, span=(lo, hi, segment))
                if _NOT_A_SITE not in hit.ids
                for c in hit.ids
            }
            if organs:
                by_segment[segment] = organs

    def _read_inverted(self, text: str, by_segment: dict[int, set[str]]) -> None:
        for segment, line in enumerate(segments(text)):
            if "," not in line or len(line) > _INVERT_MAX_CHARS:
                continue
            turned = " ".join(part.strip() for part in reversed(line.split(",")))
            direct = by_segment.get(segment, set())
            extra = {
                c
                for ids in self._index.find(turned)
                for c in ids
                if c != _NOT_A_NAME and (not direct or any(d in self._ancestors[c] for d in direct))
            }
            if extra - direct:
                by_segment[segment] = set(self.most_specific(direct | extra))

    def treatments_in_text(self, text: str) -> frozenset[str]:
        """Answer treatment ids named in free text."""
        return frozenset(i for ids in self._treatment_index.find(text) for i in ids if i != _NOT_A_NAME)

    def treatment(self, treatment_id: str) -> Treatment:
        return self._treatments[treatment_id]

    def treatments(self) -> list[Treatment]:
        return list(self._treatments.values())


def _prefix_score(query: str, name: str, cjk: bool) -> float:
    if name == query:
        return 100.0
    if name.startswith(query):
        return 96.0
    if cjk:
        return 92.0 if query in name else 0.0
    if f" {query}" in f" {name}":  # a later word starts with what was typed
        return 92.0
    return 0.0


@cache
def load_vocabulary() -> Vocabulary:
    """The bundled vocabulary, read once per process."""
    diagnoses = json.loads(resource("vocabulary", "diagnoses.json").read_text("utf-8"))
    treatments = json.loads(resource("vocabulary", "treatments.json").read_text("utf-8"))
    return Vocabulary(diagnoses, treatments)
