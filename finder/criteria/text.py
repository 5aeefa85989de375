"""Tokens, numbers, comparisons and phrase look-ups for reading one eligibility item.

One linear pass turns the item into tokens (words, numbers, symbols) with their positions; the families
(ages.py, health.py, ...) then look at token windows. Comparison words are folded into symbols here
("at least" -> ">=", "under" -> "<", "and older" -> post ">="), so every family reads bounds the same way.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

from resources import resource

MAX_ITEM = 1500  # only the first characters of an item inform its rule: bounded work on any input


def word_set(words: str) -> frozenset[str]:
    """A set of single words written as one string (long word lists read better so)."""
    return frozenset(words.split())


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


@dataclass(frozen=True, slots=True)
class Tok:
    kind: str  # "word", "num", "sym", "cmp" (a comparison, before a number), "post" (after one)
    text: str  # lower-cased word, number text, symbol, or the comparison ">=", "<=", ">", "<", "="
    start: int
    value: float = 0.0


_SYMBOLS = {
    "≥": ">=",
    "≧": ">=",
    "⩾": ">=",
    "≤": "<=",
    "≦": "<=",
    "⩽": "<=",
    "＞": ">",
    "＜": "<",
    "＝": "=",
    "（": "(",
    "）": ")",
    "，": ",",
    "；": ";",
    "：": ":",
    "–": "-",
    "—": "-",
    "‐": "-",
    "−": "-",
    "~": "-",
    "～": "-",
}
_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "eighteen": 18,
    "twenty": 20,
    "thirty": 30,
    "sixty": 60,
    "ninety": 90,
}
_SPLIT_SUFFIXES = word_set(
    "positive negative mutated mutant amplified expressing avid nonavid naive naïve infected "
    "seropositive seronegative rearranged"
)
# comparisons written as words, before a number: longest first
_PRE: tuple[tuple[tuple[str, ...], str], ...] = (
    (("greater", "than", "or", "equal", "to"), ">="),
    (("more", "than", "or", "equal", "to"), ">="),
    (("less", "than", "or", "equal", "to"), "<="),
    (("equal", "to", "or", "greater", "than"), ">="),
    (("equal", "to", "or", "less", "than"), "<="),
    (("equal", "to", "or", "more", "than"), ">="),
    (("no", "more", "than"), "<="),
    (("not", "more", "than"), "<="),
    (("no", "greater", "than"), "<="),
    (("not", "greater", "than"), "<="),
    (("no", "older", "than"), "<="),
    (("not", "older", "than"), "<="),
    (("no", "less", "than"), ">="),
    (("not", "less", "than"), ">="),
    (("no", "younger", "than"), ">="),
    (("not", "younger", "than"), ">="),
    (("no", "fewer", "than"), ">="),
    (
        (
            "not",
            "exceeding",
        ),
        "<=",
    ),
    (("at", "least"), ">="),
    (("at", "most"), "<="),
    (("up", "to"), "<="),
    (("a", "minimum", "of"), ">="),
    (("minimum", "of"), ">="),
    (("a", "maximum", "of"), "<="),
    (("maximum", "of"), "<="),
    (("minimum",), ">="),
    (("maximum",), "<="),
    (("more", "than"), ">"),
    (("greater", "than"), ">"),
    (("older", "than"), ">"),
    (("higher", "than"), ">"),
    (("in", "excess", "of"), ">"),
    (("exceeding",), ">"),
    (("over",), ">"),
    (("above",), ">"),
    (("less", "than"), "<"),
    (("fewer", "than"), "<"),
    (("younger", "than"), "<"),
    (("lower", "than"), "<"),
    (("under",), "<"),
    (("below",), "<"),
)
# comparisons after a number ("18 years and older")
_POST: tuple[tuple[tuple[str, ...], str], ...] = (
    (("and", "older"), ">="),
    (("or", "older"), ">="),
    (("and", "over"), ">="),
    (("or", "over"), ">="),
    (("and", "above"), ">="),
    (("or", "above"), ">="),
    (("or", "more"), ">="),
    (("and", "more"), ">="),
    (("and", "up"), ">="),
    (("or", "greater"), ">="),
    (("and", "greater"), ">="),
    (("or", "higher"), ">="),
    (("and", "younger"), "<="),
    (("or", "younger"), "<="),
    (("and", "under"), "<="),
    (("or", "under"), "<="),
    (("and", "below"), "<="),
    (("or", "below"), "<="),
    (("or", "less"), "<="),
    (("and", "less"), "<="),
    (("or", "lower"), "<="),
    (("or", "fewer"), "<="),
)


def prepare(text: str) -> str:
    """The part of an item that is read, with odd symbols unified (the stored text keeps its own form)."""
    out = []
    for ch in text[:MAX_ITEM]:
        out.append(_SYMBOLS.get(ch, ch))
    return "".join(out)


def tokenize(text: str) -> list[Tok]:
    """Words, numbers and symbols of a prepared item, comparisons folded; linear in its length."""
    return fold_comparisons(tokenize_raw(text))


def tokenize_raw(text: str) -> list[Tok]:
    """Words, numbers and symbols of a prepared item, as written."""
    raw: list[Tok] = []
    s = text
    n = len(s)
    i = 0
    while i < n:
        c = s[i]
        if c.isdigit():
            j = i
            while j < n and s[j].isdigit():
                j += 1
            # thousands separators: "100,000" (a comma then exactly three digits)
            while (
                j + 3 < n + 1
                and s[j : j + 1] == ","
                and s[j + 1 : j + 4].isdigit()
                and not s[j + 4 : j + 5].isdigit()
            ):
                j += 4
            if j < n - 1 and s[j] == "." and s[j + 1].isdigit():
                j += 1
                while j < n and s[j].isdigit():
                    j += 1
            piece = s[i:j]
            try:
                value = float(piece.replace(",", ""))
            except ValueError:
                value = 0.0
            raw.append(Tok("num", piece, i, value))
            i = j
        elif c.isalpha():
            j = i
            while j < n and (s[j].isalnum() or (s[j] in "-'’" and j + 1 < n and s[j + 1].isalnum())):
                j += 1
            word = s[i:j].lower().replace("’", "'")
            dash = word.rfind("-")
            if dash > 0 and word[dash + 1 :] in _SPLIT_SUFFIXES:
                # "HER2-positive", "MIBG-avid", "HIV-negative": the marker and its state are two words
                raw.append(Tok("word", word[:dash], i))
                raw.append(Tok("word", word[dash + 1 :], i + dash + 1))
                i = j
                continue
            if word in _WORD_NUMBERS:
                raw.append(Tok("num", word, i, float(_WORD_NUMBERS[word])))
            else:
                raw.append(Tok("word", word, i))
            i = j
        elif c in "<>=":
            two = s[i : i + 2]
            if two in (">=", "<=", "=>", "=<"):
                raw.append(Tok("cmp", {"=>": ">=", "=<": "<="}.get(two, two), i))
                i += 2
            else:
                raw.append(Tok("cmp", c, i))
                i += 1
        elif c in "≥≤":
            raw.append(Tok("cmp", ">=" if c == "≥" else "<=", i))
            i += 1
        elif c.isspace():
            i += 1
        else:
            raw.append(Tok("sym", c, i))
            i += 1
    return raw


def fold_comparisons(raw: list[Tok]) -> list[Tok]:
    out: list[Tok] = []
    i, n = 0, len(raw)
    while i < n:
        t = raw[i]
        if t.kind == "word":
            hit = _match(raw, i, _PRE)
            if hit is not None:
                length, sym = hit
                out.append(Tok("cmp", sym, t.start))
                i += length
                continue
            hit = _match(raw, i, _POST)
            if hit is not None and out and out[-1].kind in ("num", "word"):
                length, sym = hit
                out.append(Tok("post", sym, t.start))
                i += length
                continue
        if t.kind == "sym" and t.text == "+" and out and out[-1].kind == "num":
            out.append(Tok("post", ">=", t.start))  # "18+"
            i += 1
            continue
        out.append(t)
        i += 1
    return out


def _index(table: tuple[tuple[tuple[str, ...], str], ...]) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    out: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for words, sym in table:
        out.setdefault(words[0], []).append((words, sym))
    for entries in out.values():
        entries.sort(key=lambda e: -len(e[0]))
    return out


_PRE_INDEX = _index(_PRE)
_POST_INDEX = _index(_POST)


def _match(raw: list[Tok], i: int, table: tuple[tuple[tuple[str, ...], str], ...]) -> tuple[int, str] | None:
    index = _PRE_INDEX if table is _PRE else _POST_INDEX
    for words, sym in index.get(raw[i].text, ()):
        k = len(words)
        if i + k <= len(raw) and all(
            raw[i + m].kind in ("word", "num") and raw[i + m].text == w for m, w in enumerate(words)
        ):
            return k, sym
    return None


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

    def find(self, toks: list[Tok]) -> list[tuple[int, int, tuple[str, ...]]]:
        """(first token index, end token index, ids) of every phrase found, in order, spans not overlapping.

        Slashes, hyphens and apostrophes between words are skipped ("r/r", "B/C"); other symbols are kept as
        boundaries a phrase may not cross.
        """
        pos, keys = _keys(toks)
        found: list[tuple[int, int, tuple[str, ...]]] = []
        i, n = 0, len(keys)
        while i < n:
            for length in self._lengths.get(keys[i], ()):
                if i + length > n:
                    continue
                ids = self._table.get(tuple(keys[i : i + length]))
                if ids is not None:
                    found.append((pos[i], pos[i + length - 1] + 1, ids))
                    i += length
                    break
            else:
                i += 1
        return found


_SKIPPED = frozenset({"/", "-", "'"})
_LAST_KEYS: list[object] = [
    None,
    None,
    None,
]  # the last token list keyed, with its keys: one item, many tables


def _keys(toks: list[Tok]) -> tuple[list[int], list[str]]:
    if _LAST_KEYS[0] is toks:
        return _LAST_KEYS[1], _LAST_KEYS[2]  # type: ignore[return-value]
    pos = [i for i, t in enumerate(toks) if not (t.kind == "sym" and t.text in _SKIPPED)]
    keys = [
        fold_word(toks[i].text) if toks[i].kind in ("word", "num") else "\x00" + toks[i].text for i in pos
    ]
    _LAST_KEYS[:] = [toks, pos, keys]
    return pos, keys


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
