"""Phrase look-ups and negation for reading one eligibility item, over the tokens of `tokens.py`.

The families (ages.py, health.py, ...) look at token windows: phrase tables find known phrases in them
(longest first), and the helpers here say whether a term is negated.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from operator import itemgetter

# The tokenizer lives in tokens.py; its names are re-exported here, where the readers have always found them.
from finder.criteria.tokens import MAX_ITEM, Tok, fold_comparisons, prepare, tokenize, tokenize_raw, word_set
from resources import resource

__all__ = [
    "CLAUSE_BREAKS",
    "MAX_ITEM",
    "NEGATORS",
    "PhraseTable",
    "Tok",
    "can_find",
    "contains",
    "first_keys",
    "fold_comparisons",
    "fold_word",
    "has_any",
    "joined_words",
    "negated_after",
    "negated_before",
    "phrase_table",
    "prepare",
    "tokenize",
    "tokenize_raw",
    "word_set",
    "word_set_of",
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
        last = _LAST_KEYS[0]  # asked here, not in a call: a few tables per item find anything at all
        if last[0] is not toks:
            last = _keys(toks)
        _toks, pos, keys, distinct = last
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


_Keyed = tuple[list[Tok], list[int], list[str], frozenset[str]]
# the last token list keyed, with its keys and their set: one item, many tables
_LAST_KEYS: list[_Keyed] = [([], [], [], frozenset())]
# A token's key depends on its text alone: words and numbers start with a letter or digit, symbols and
# comparisons never do, so one dict from text to key serves every kind (skipped symbols map to "").
_KEY_OF: dict[str, str] = {s: "" for s in _SKIPPED}
_KEY_OF_LIMIT = 200_000
_TEXT_OF = itemgetter(1)


def _key_of(text: str) -> str:
    if len(_KEY_OF) >= _KEY_OF_LIMIT:
        _KEY_OF.clear()
        _KEY_OF.update((s, "") for s in _SKIPPED)
    key = _KEY_OF[text] = fold_word(text) if text[0].isalpha() or text[0].isdigit() else "\x00" + text
    return key


def _keys(toks: list[Tok]) -> _Keyed:
    texts = list(map(_TEXT_OF, toks))
    try:
        keys = list(map(_KEY_OF.__getitem__, texts))  # nearly always every text is known: a loop in C
    except KeyError:
        # get, not "in" then [...]: another thread's _key_of may empty the table between the two
        keys = [k if (k := _KEY_OF.get(t)) is not None else _key_of(t) for t in texts]
    if "" in keys:
        pos = [i for i, key in enumerate(keys) if key]
        keys = [key for key in keys if key]
    else:
        pos = list(range(len(keys)))
    keyed = _LAST_KEYS[0] = (toks, pos, keys, frozenset(keys))
    return keyed


def first_keys(*tables: PhraseTable) -> frozenset[str]:
    """The keys a phrase of any of these tables starts with (see `can_find`)."""
    return frozenset().union(*(table._firsts for table in tables))


def can_find(firsts: frozenset[str], toks: list[Tok]) -> bool:
    """False when no token of `toks` starts a phrase from the tables of `firsts`: each would find nothing."""
    last = _LAST_KEYS[0]
    if last[0] is not toks:
        last = _keys(toks)
    return not firsts.isdisjoint(last[3])


# the last word list asked about, with its set: every reader of an item asks of the same list
_LAST_WORDS: list[tuple[list[str], frozenset[str]]] = [([], frozenset())]


def word_set_of(words: list[str]) -> frozenset[str]:
    """frozenset(words), made once per item however many readers ask (the list must not change after)."""
    last = _LAST_WORDS[0]
    if last[0] is words:
        return last[1]
    found = frozenset(words)
    _LAST_WORDS[0] = (words, found)
    return found


_LAST_JOINED: list[tuple[list[str], str]] = [([], "")]


def joined_words(words: list[str]) -> str:
    """ " ".join(words), made once per item: one substring search of it rules out most items before a
    word-by-word test (the list must not change after)."""
    last = _LAST_JOINED[0]
    if last[0] is words:
        return last[1]
    joined = " ".join(words)
    _LAST_JOINED[0] = (words, joined)
    return joined


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
