"""How much a study's broad condition terms say about a family's diagnosis.

A study is offered for a diagnosis when one of its concepts is that diagnosis or a group holding it. Broad
groups are often listed for reasons that say nothing about who may join: the registry adds MeSH parents
mechanically ("Neoplasms" beside "Breast Neoplasms", "Leukemia" beside "Leukemia, Lymphocytic, Chronic"),
and sponsors write "Cancer" or "Metastatic Cancer" beside the one cancer a study is about. Taken at face value
these let most cancer studies through for any cancer. But a sponsor who lists "Advanced Solid Tumors" or
"Childhood Cancer" beside a few named cancers usually means it (basket and survivorship studies), and a study
that names only a broad group ("Neoplasms" alone) is open to all. So a broad term is weak evidence only when
the study also names a narrower concept under it on another branch than the family's, and the sponsor's own
words (condition lines other than a bare "Cancer" or "Neoplasms", and the title) name no group holding the
family's diagnosis: only MeSH did, or a bare catch-all line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from finder.phrases import normalize

_EXAMPLES = 2  # named cancers beside a bare "Cancer" line that make it mean "any cancer, for example ..."
# "X and Other Neoplasms", "Malignancies Including X": the catch-all is meant as "any kind"
_ANY_KIND = re.compile(
    r"\b(?:and|or) other (?:\w+ )?(?:neoplasms?|malignanc(?:y|ies)|cancers?|tumou?rs?)\b"
    r"|\b(?:neoplasms?|malignanc(?:y|ies)|cancers?|tumou?rs?) (?:including|such as)\b",
    re.IGNORECASE,
)
_GROUP_KINDS = 10  # kinds under a group named in a line or title for it to count beside an example of it
_CACHE_MAX = 50_000  # distinct condition lists remembered (a few hundred bytes each)


class _Tree(Protocol):
    def ancestors(self, concept_id: str) -> frozenset[str]: ...
    def descendants(self, concept_id: str) -> frozenset[str]: ...
    def __contains__(self, concept_id: object) -> bool: ...


class _Reader(_Tree, Protocol):
    def concepts_in_text(self, text: str) -> frozenset[str]: ...
    def most_specific(self, concept_ids: Iterable[str]) -> frozenset[str]: ...


class SponsorWords:
    """What a study's sponsor names on purpose, from its condition lines and title (not its MeSH terms).

    Data (resources/vocabulary/diagnoses.json): `weak_conditions`, whole condition lines that name no group on
    purpose ("Cancer", "Neoplasms", "Metastatic Cancer"); `metastasis_conditions`, those of them about spread;
    `any_primary`, concepts whose studies take any solid tumor that spread there (brain metastases)."""

    def __init__(self, vocab: _Reader, diagnoses: Mapping[str, Any]) -> None:
        self._vocab = vocab
        self._weak = frozenset(normalize(t) for t in diagnoses.get("weak_conditions", ()))
        self._metastasis = frozenset(normalize(t) for t in diagnoses.get("metastasis_conditions", ()))
        self._any_primary = frozenset(diagnoses.get("any_primary", ()))
        brain = "brain_tumor"
        self._brain = vocab.descendants(brain) | {brain} if brain in vocab else frozenset()
        self._cache: dict[tuple[str, ...], tuple[frozenset[str], frozenset[str]]] = {}

    def _named(self, text: str) -> frozenset[str]:
        v = self._vocab
        found = v.concepts_in_text(text)
        roots_too = _ANY_KIND.search(text) is not None
        groups = {g for g in found if len(v.descendants(g)) >= _GROUP_KINDS and (roots_too or v.ancestors(g))}
        return v.most_specific(found) | groups

    def read(self, conditions: tuple[str, ...], title: str) -> tuple[frozenset[str], frozenset[str]]:
        """(own concepts, every concept the condition lines and title name), remembered per study text.

        Own: condition lines other than bare catch-alls, and the title's most specific names ("Liver
        Metastases From Colon Cancer" names colon cancer, "... to Treat Cancer" any cancer), with the
        groups of 10 or more kinds they name beside an example ("... and Other Solid Tumors"). A bare "Cancer"
        line counts when two or more named cancers sit under it (a list of examples), not beside the one the
        study is about. A study of brain metastases, or a bare "Metastatic Cancer" line beside a brain tumor
        term, names any solid tumor."""
        key = (*conditions, title)
        found = self._cache.get(key)
        if found is not None:
            return found
        v = self._vocab
        lines = {normalize(line): line for line in conditions}
        meant = [line for norm, line in lines.items() if norm not in self._weak]
        bare = [line for norm, line in lines.items() if norm in self._weak]
        # each line and the title by its most specific names: "Colorectal Cancer Liver Metastases" is about
        # colorectal cancer, though "liver metastases" alone would be any cancer; but a group named beside
        # an example of it is meant too ("Brain Tumors and Other Solid Tumors", "Solid Tumors Such as
        # Osteosarcoma"). The top-level catch-all "cancer" only where the words say "any kind" (_ANY_KIND):
        # "metastases" reads as it too, and counting it everywhere cost 0.05-0.08 precision on the labels
        # without keeping one more study that takes the diagnosis
        own = frozenset(c for text in (*meant, title) for c in self._named(text))
        specific = v.most_specific(own)
        for group in v.concepts_in_text("\n".join(b for b in bare if normalize(b) not in self._metastasis)):
            if len(specific & v.descendants(group)) >= _EXAMPLES:
                own |= {group}
        if own & self._any_primary or (own & self._brain and self._metastasis.intersection(lines)):
            own |= {"solid_tumor"}
        found = (own, own | v.concepts_in_text("\n".join(bare)))
        if len(self._cache) >= _CACHE_MAX:
            self._cache.clear()
        self._cache[key] = found
        return found


def weak_link(
    tree: _Tree,
    study_concepts: Iterable[str],
    own_concepts: Iterable[str],
    family_concept: str,
    named_concepts: Iterable[str] | None = None,
) -> bool:
    """True when every concept linking the study to the family's diagnosis is a broad group that is weak
    evidence (see the module docstring); False when the link is strong or there is no broad link at all
    (the study is for that diagnosis, a kind of it, or something unrelated: the caller decides those).

    `study_concepts`: every concept of the study (conditions and MeSH terms); `own_concepts`: those the
    sponsor's condition lines and title name in words that mean a group (`Vocabulary.own_concepts`);
    `named_concepts`: those its condition lines and title name at all, bare "Cancer" included (defaults to
    `own_concepts`). A group standing alone is weak only when the sponsor names conditions, none of them in
    that group's family (MeSH said "Neoplasm Metastasis" for a multiple sclerosis study)."""
    if family_concept not in tree:
        return False
    study = frozenset(c for c in study_concepts if c in tree)
    ancestors = tree.ancestors(family_concept)
    descendants = tree.descendants(family_concept)
    line = ancestors | descendants | {family_concept}
    if family_concept in study or study & descendants:
        return False
    broad = study & ancestors
    if not broad:
        return False
    own = frozenset(own_concepts)
    if own & line:
        return False  # the sponsor's own words name the diagnosis or a group holding it ("Solid Tumors")
    named = own if named_concepts is None else frozenset(named_concepts)
    for group in broad:
        family = tree.descendants(group) | tree.ancestors(group) | {group}
        alone = not (study & tree.descendants(group)) - line
        if alone and (not named or named & family):
            return False  # "Neoplasms" with no narrower cancer beside it is open to every kind
    return True
