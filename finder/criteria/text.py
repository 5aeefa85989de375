"""Phrase look-ups and negation for reading one eligibility item, over the tokens of `tokens.py`.

The families (ages.py, health.py, ...) look at token windows: phrase tables find known phrases in them
(longest first), and the helpers here say whether a term is negated.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache

# The tokenizer lives in tokens.py; its names are re-exported here, where the readers have always found them.
from finder.criteria.tokens import MAX_ITEM, Tok, fold_comparisons, prepare, tokenize, tokenize_raw, word_set
from resources import resource

__all__ = [
    "CLAUSE_BREAKS",
    "MAX_ITEM",
    "NEGATORS",
    "PhraseTable",
    "Tok",
    "contains",
    "fold_comparisons",
    "fold_word",
    "has_any",
    "negated_after",
    "negated_before",
    "phrase_table",
    "prepare",
    "tokenize",
    "tokenize_raw",
    "word_set",
    "words_of",
]


@cache
def _phrase_data() -> dict[str, dict[str, list[str]]]:
    data = json.loads(resource("criteria", "phrases.json").read_text("utf-8"))
    return {k: v for k, v in data.items() if isinstance(v, dict)}


def phrase_table(name: str) -> PhraseTable:
    """A table of resources/criteria/phrases.json: ids (joined by " + ") -> the phrases naming them."""
    merged: dict[str, list[str]] = {}
    for ids, phrases in _phrase_data()[name].items():
        for phrase in phrases:
            merged.setdefault(phrase, []).extend(i.strip() for i in ids.split(" + "))
    return PhraseTable(merged)


def words_of(toks: list[Tok]) -> list[str]:
    return [t.text for t in toks if t.kind == "word"]


@lru_cache(maxsize=65536)
def fold_word(w: str) -> str:
    """A word in the form phrase tables use: lower case, British spelling and a plural "s" folded."""
    w = (
        w.replace("tumour", "tumor")
        .replace("leukaem", "leukem")
        .replace("haem", "hem")
        .replace("paed", "ped")
    )
    if len(w) > 4 and w.endswith("s") and not w.endswith(("ss", "us", "is", "sis")):
        w = w[:-1]
    return w


class PhraseTable:
    """Phrases -> ids, matched longest first on folded word tokens; gives each hit's token position."""

    def __init__(self, phrases: Mapping[str, Iterable[str]]) -> None:
        self._table: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._lengths: dict[str, tuple[int, ...]] = {}
        by_first: dict[str, set[int]] = {}
        for phrase, ids in phrases.items():
            key = tuple(fold_word(t.text) for t in tokenize(phrase.lower()) if t.kind in ("word", "num"))
            if key:
                self._table[key] = tuple(dict.fromkeys(tuple(self._table.get(key, ())) + tuple(ids)))
                by_first.setdefault(key[0], set()).add(len(key))
        self._lengths = {k: tuple(sorted(v, reverse=True)) for k, v in by_first.items()}
        self._firsts = frozenset(self._lengths)

    def find(self, toks: list[Tok], stop: int | None = None) -> list[tuple[int, int, tuple[str, ...]]]:
        """(first token index, end token index, ids) of every phrase found, in order, spans not overlapping.

        Slashes, hyphens and apostrophes between words are skipped ("r/r", "B/C"); other symbols are kept as
        boundaries a phrase may not cross. `stop`: look only at the tokens before it, as find(toks[:stop])
        would (the item's keys are made once and shared by every table and window).
        """
        pos, keys, distinct = _keys(toks)
        firsts = self._firsts
        if firsts.isdisjoint(distinct):
            return []  # the usual case: no word of the item starts a phrase of this table
        if stop is not None and stop < len(toks):
            n = bisect_left(pos, stop)
            keys = keys[:n]
            if firsts.isdisjoint(keys):
                return []
        found: list[tuple[int, int, tuple[str, ...]]] = []
        n = len(keys)
        free = 0  # tokens before this one are part of a phrase already found
        # Only tokens that can start a phrase are tried, left to right, as a scan of every token would.
        for i in [k for k, key in enumerate(keys) if key in firsts]:
            if i < free:
                continue
            for length in self._lengths[keys[i]]:
                if i + length > n:
                    continue
                ids = self._table.get(tuple(keys[i : i + length]))
                if ids is not None:
                    found.append((pos[i], pos[i + length - 1] + 1, ids))
                    free = i + length
                    break
        return found


_SKIPPED = frozenset({"/", "-", "'"})
# the last token list keyed, with its keys and their set: one item, many tables
_LAST_KEYS: list[object] = [None, None, None, None]


def _keys(toks: list[Tok]) -> tuple[list[int], list[str], frozenset[str]]:
    if _LAST_KEYS[0] is toks:
        return _LAST_KEYS[1], _LAST_KEYS[2], _LAST_KEYS[3]  # type: ignore[return-value]
    pos = [i for i, t in enumerate(toks) if not (t.kind == "sym" and t.text in _SKIPPED)]
    keys = [
        (fold_word(t.text) if t.kind in ("word", "num") else "\x00" + t.text)
        for t in map(toks.__getitem__, pos)
    ]
    distinct = frozenset(keys)
    _LAST_KEYS[:] = [toks, pos, keys, distinct]
    return pos, keys, distinct


NEGATORS = word_set("no not without never none neither nor absence free lack")
CLAUSE_BREAKS = frozenset({";", ".", ":"})


def negated_before(toks: list[Tok], index: int, *, reach: int = 8) -> bool:
    """Is the token at `index` negated by a "no / not / without / never" earlier in its clause?"""
    k = index - 1
    seen = 0
    while k >= 0 and seen < reach:
        t = toks[k]
        if t.kind == "sym" and t.text in CLAUSE_BREAKS:
            return False
        if t.kind == "word":
            if (
                t.text in ("or", "and")
                and k + 1 < index
                and toks[k + 1].kind == "word"
                and toks[k + 1].text == "without"
            ):
                return True
            if t.text in NEGATORS or t.text.endswith("n't"):
                # "with or without" is no negation
                return not (
                    t.text == "without" and k >= 2 and toks[k - 1].text == "or" and toks[k - 2].text == "with"
                )
            if t.text in ("unless", "except", "excluding", "than", "but"):
                return False
            seen += 1
        k -= 1
    return False


def negated_after(toks: list[Tok], end: int) -> bool:
    """ "HIV negative", "HBsAg-negative", "seronegative for HIV" style negations after a term."""
    for t in toks[end : end + 3]:
        if t.kind == "word" and (t.text in ("free", "excluded") or t.text.startswith(("negativ", "seroneg"))):
            return True
        if t.kind == "sym" and t.text in CLAUSE_BREAKS | {","}:
            return False
    return False


def has_any(words: Iterable[str], needles: Iterable[str]) -> bool:
    ws = set(words)
    return any(n in ws for n in needles)


def contains(low: str, needles: Iterable[str]) -> bool:
    return any(n in low for n in needles)
