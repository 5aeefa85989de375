"""Eligibility item text -> tokens: words, numbers and symbols with their positions, comparisons folded.

One linear pass turns an item into tokens; comparison words are folded into symbols here ("at least" -> ">=",
"under" -> "<", "and older" -> post ">="), so every family of readers sees bounds the same way. Split out of
text.py (which re-exports these names) when the tokenizer gained its fast path for ASCII text.
"""

from __future__ import annotations

import re
from typing import NamedTuple

MAX_ITEM = 1500  # only the first characters of an item inform its rule: bounded work on any input


def word_set(words: str) -> frozenset[str]:
    """A set of single words written as one string (long word lists read better so)."""
    return frozenset(words.split())


class Tok(NamedTuple):
    # a named tuple, not a dataclass: an import makes millions of them, and a tuple is several times faster
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


_SYMBOL_TABLE = str.maketrans(_SYMBOLS)


def prepare(text: str) -> str:
    """The part of an item that is read, with odd symbols unified (the stored text keeps its own form)."""
    text = text[:MAX_ITEM]
    if text.isascii() and "~" not in text:
        return text  # the usual case: "~" is the only ASCII symbol unified, and translate is slow
    return text.translate(_SYMBOL_TABLE)


def tokenize(text: str) -> list[Tok]:
    """Words, numbers and symbols of a prepared item, comparisons folded; linear in its length."""
    return fold_comparisons(tokenize_raw(text))


# The same tokens as the character loop below, for ASCII text (nearly every item once `prepare` has unified
# the symbols), found by one regular expression in C over the lower-cased text (ASCII: same length, so the
# same positions). Each match is the whitespace before a token, then the token: `findall` hands back plain
# strings (no match objects), and a token's position is the running sum of the lengths. Each alternative is
# a fixed pattern without nested repetition, and every non-space character starts one, so nothing backtracks
# badly; `\Z` takes the whitespace at the end. A number: digits, thousands groups (",000" not followed by a
# digit, or ",00" ending the text, as the loop reads them), then decimals. A word: a letter, then letters and
# digits, with "-" or "'" between two of them. Whitespace is the ASCII of str.isspace().
_ASCII_TOKEN_RE = re.compile(
    r"([\t-\r\x1c-\x1f ]*)(?:"
    r"([a-z][a-z0-9]*(?:['-][a-z0-9]+)*)"
    r"|([0-9]+(?:,[0-9]{3}(?![0-9]))*(?:,[0-9]{2}\Z)?(?:\.[0-9]+)?)"
    r"|(>=|<=|=>|=<|[<>=])"
    r"|([^\t-\r\x1c-\x1f ])"
    r"|\Z)",
    re.DOTALL,
)
_new_tok = tuple.__new__
_CMP_FORMS = {">=": ">=", "<=": "<=", "=>": ">=", "=<": "<=", "<": "<", ">": ">", "=": "="}


def tokenize_raw(text: str) -> list[Tok]:
    """Words, numbers and symbols of a prepared item, as written."""
    if not text.isascii():
        return _tokenize_any(text)
    raw: list[Tok] = []
    add = raw.append
    new = _new_tok  # a tuple built directly: no Python-level __new__ per token
    i = 0
    for space, word, num, cmp, sym in _ASCII_TOKEN_RE.findall(text.lower()):
        if space:
            i += len(space)
        if word:
            if "-" in word:
                dash = word.rfind("-")
                if dash > 0 and word[dash + 1 :] in _SPLIT_SUFFIXES:
                    add(new(Tok, ("word", word[:dash], i, 0.0)))
                    add(new(Tok, ("word", word[dash + 1 :], i + dash + 1, 0.0)))
                    i += len(word)
                    continue
            if word in _WORD_NUMBERS:
                add(new(Tok, ("num", word, i, float(_WORD_NUMBERS[word]))))
            else:
                add(new(Tok, ("word", word, i, 0.0)))
            i += len(word)
        elif num:
            add(new(Tok, ("num", num, i, float(num.replace(",", "")) if "," in num else float(num))))
            i += len(num)
        elif cmp:
            add(new(Tok, ("cmp", _CMP_FORMS[cmp], i, 0.0)))
            i += len(cmp)
        elif sym:
            add(new(Tok, ("sym", sym, i, 0.0)))
            i += 1
    return raw


def _tokenize_any(text: str) -> list[Tok]:
    """`tokenize_raw` for any text, one character at a time (Unicode digits, letters and spaces)."""
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
    # Only tokens that may start a comparison are visited; the runs between them are copied as they are
    # (an "and" or "no" that no comparison word follows is copied with them).
    starts = _FOLD_STARTS
    out: list[Tok] = []
    i = 0  # tokens before this one are in `out` or folded into a comparison
    for k in [k for k, t in enumerate(raw) if t.text in starts and (t.text == "+" or _may_fold(raw, k))]:
        if k < i:
            continue  # inside a comparison already folded
        if k > i:
            out.extend(raw[i:k])
        i = k
        t = raw[k]
        if t.kind == "word" and (t.text in _PRE_INDEX or t.text in _POST_INDEX):
            hit = _match(raw, k, _PRE)
            if hit is not None:
                length, sym = hit
                out.append(Tok("cmp", sym, t.start))
                i += length
                continue
            hit = _match(raw, k, _POST)
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
    out.extend(raw[i:])
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
# the texts of tokens where a fold can begin: comparison words and the "+" of "18+"
_FOLD_STARTS = frozenset(_PRE_INDEX) | frozenset(_POST_INDEX) | {"+"}


# For a first word whose comparisons all have two words or more, the second words they may go on with: most
# "and", "or", "a", "in", "no" start none, and one look at the next token says so.
def _second_words() -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for first in _PRE_INDEX.keys() | _POST_INDEX.keys():
        entries = _PRE_INDEX.get(first, []) + _POST_INDEX.get(first, [])
        if all(len(words) > 1 for words, _sym in entries):
            out[first] = frozenset(words[1] for words, _sym in entries)
    return out


_SECOND_WORDS = _second_words()


def _may_fold(raw: list[Tok], k: int) -> bool:
    """Can a comparison start at the word raw[k]? (False only where `_match` would find none.)"""
    seconds = _SECOND_WORDS.get(raw[k].text)
    return seconds is None or (k + 1 < len(raw) and raw[k + 1].text in seconds)


def _match(raw: list[Tok], i: int, table: tuple[tuple[tuple[str, ...], str], ...]) -> tuple[int, str] | None:
    index = _PRE_INDEX if table is _PRE else _POST_INDEX
    n = len(raw)
    for words, sym in index.get(raw[i].text, ()):
        k = len(words)
        if i + k > n:
            continue
        for m in range(1, k):  # the first word is the index key
            t = raw[i + m]
            if t.text != words[m] or t.kind not in ("word", "num"):
                break
        else:
            return k, sym
    return None
