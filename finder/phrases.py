"""Normalising words and finding known phrases in free text, fast and without backtracking.

Registry text spells the same thing many ways ("Tumour"/"tumor", "Leukaemia, Myeloid, Acute", "Wilms' tumor",
"B-ALL"), so both the phrases and the text are cut into normalised word tokens and compared token by token.
A scan looks up, at each token that can start a phrase, the longest phrase starting there (a dict per first
token), so the cost is linear in the text whatever the number of phrases: no regular-expression alternation
that could backtrack.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

# British and older spellings folded to one form, so "leukaemia", "tumour", "oesophageal" match.
_FOLDS: dict[str, str] = {
    "tumour": "tumor",
    "leukaem": "leukem",
    "leucaem": "leukem",
    "leucem": "leukem",
    "haem": "hem",
    "anaem": "anem",
    "oesoph": "esoph",
    "oestr": "estr",
    "paediatr": "pediatr",
    "ischaem": "ischem",
    "gynaec": "gynec",
    "oedem": "edem",
    "foet": "fet",
    "orthopaed": "orthoped",
    "centre": "center",
    "fibre": "fiber",
    "diarrhoea": "diarrhea",
}
_FOLD_RE = re.compile("|".join(sorted(_FOLDS, key=len, reverse=True)))
# A word token; line breaks, semicolons and bars are kept as boundaries a phrase may not cross.
_TOKEN_RE = re.compile(r"[^\W_]+|[\n;|]")
_APOSTROPHE_RE = re.compile(r"['’ʼ`](?:s\b)?")
# A line break inside a sentence (registry text is wrapped at ~80 columns: "non-Hodgkin's\n  lymphoma") is
# no boundary: the line goes on in lower case after a letter or comma. Conditions (one per line) start upper.
_WRAPPED_RE = re.compile(r"(?<=[A-Za-z,])[ \t]*\r?\n[ \t]*(?=[a-z])")
_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
BOUNDARIES = frozenset({"\n", ";", "|"})
_CONNECTORS = frozenset({"or", "and", "nor"})
_NO_IDS: frozenset[str] = frozenset()
# Accented Latin letters -> plain letters, as one str.translate table (much faster than NFKD per character).
_ACCENTS = {
    cp: "".join(c for c in unicodedata.normalize("NFKD", chr(cp)) if not unicodedata.combining(c))
    for cp in range(0xC0, 0x250)
}
_ACCENT_TABLE = str.maketrans({cp: s for cp, s in _ACCENTS.items() if s != chr(cp)})
_LATIN_ACCENTED_RE = re.compile(r"[\u00c0-\u024f]")
_WORD_CACHE: dict[str, str] = {}
_WORD_CACHE_LIMIT = 200_000


def _plain(text: str) -> str:
    """Unicode-normalised, accents removed, apostrophes dropped, wrapped lines joined; case kept."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        if _LATIN_ACCENTED_RE.search(text):
            text = text.translate(_ACCENT_TABLE)
    if "\n" in text:
        text = _WRAPPED_RE.sub(" ", text)
    return (
        _APOSTROPHE_RE.sub("", text) if ("'" in text or "’" in text or "`" in text or "ʼ" in text) else text
    )


def fold_word(word: str) -> str:
    """One token normalised: lower case, British spellings folded, plural -s dropped from longer words
    (tumors -> tumor, leukemias -> leukemia; not -ss/-us/-is words such as "sclerosis")."""
    done = _WORD_CACHE.get(word)
    if done is not None:
        return done
    low = word.lower()
    if len(low) > 4 and low[-1] == "s" and low[-2] not in "sui" and low[-4:-1].isalpha():
        low = low[:-1]
    low = _FOLD_RE.sub(lambda m: _FOLDS[m.group(0)], low)
    if len(_WORD_CACHE) >= _WORD_CACHE_LIMIT:
        _WORD_CACHE.clear()
    _WORD_CACHE[word] = low
    return low


def forget_typed() -> None:
    """Drop the memoised words and token lists: a family's typed diagnosis passes through them."""
    _WORD_CACHE.clear()
    tokens.cache_clear()


@lru_cache(maxsize=16)  # the criteria parser asks for concepts and treatments of the same item in turn
def tokens(text: str) -> tuple[list[str], list[str]]:
    """(normalised tokens, tokens in their original case) of a text, aligned one to one. Do not modify."""
    raw = _TOKEN_RE.findall(_plain(text))
    try:
        norm = list(map(_WORD_CACHE.__getitem__, raw))  # nearly always every word is known: a loop in C
    except KeyError:
        cache = _WORD_CACHE
        norm = [cache[t] if t in cache else fold_word(t) for t in raw]
    return norm, raw


_SEGMENT_RE = re.compile(r"[\n;|]")


def segments(text: str) -> list[str]:
    """The lines (and ;-separated parts) of a text, numbered as `Hit.segment` numbers them."""
    return _SEGMENT_RE.split(_plain(text))


def normalize(text: str) -> str:
    """One normalised string: lower case, no accents or punctuation, British spellings and plurals folded."""
    return " ".join(t for t in tokens(text)[0] if t not in BOUNDARIES)


def has_cjk(text: str) -> bool:
    return _CJK_RE.search(text) is not None


@dataclass(frozen=True, slots=True)
class Hit:
    ids: frozenset[str]
    segment: int  # which line (or ;-separated part) of the text it was found in
    start: int  # token position


@dataclass
class PhraseIndex:
    """Phrases -> ids, found by longest match in token streams.

    Case-insensitive phrases are compared on normalised tokens; case-sensitive ones (abbreviations such as
    "ALL" or "NB", which are also ordinary words in lower case) on the original tokens. Phrases in Chinese
    (no spaces between words) are found by substring search.
    """

    _folded: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict)
    _exact: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict)
    _folded_lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)
    _exact_lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)
    _cjk: dict[str, frozenset[str]] = field(default_factory=dict)
    _starters: frozenset[str] = BOUNDARIES
    _exact_starters: frozenset[str] = frozenset()

    @classmethod
    def build(cls, folded: Mapping[str, Iterable[str]], exact: Mapping[str, Iterable[str]]) -> PhraseIndex:
        """`folded`/`exact`: phrase -> ids it names, compared case-insensitively / case-sensitively."""
        index = cls()
        for phrase, ids in folded.items():
            if has_cjk(phrase):
                key = _plain(phrase).replace(" ", "")
                index._cjk[key] = index._cjk.get(key, frozenset()) | frozenset(ids)
            else:
                index._add(index._folded, tuple(tokens(phrase)[0]), ids)
        for phrase, ids in exact.items():
            index._add(index._exact, tuple(tokens(phrase)[1]), ids)
        index._folded_lengths = _lengths(index._folded)
        index._exact_lengths = _lengths(index._exact)
        index._starters = frozenset(index._folded_lengths) | BOUNDARIES
        index._exact_starters = frozenset(index._exact_lengths)
        return index

    @staticmethod
    def _add(table: dict[tuple[str, ...], frozenset[str]], key: tuple[str, ...], ids: Iterable[str]) -> None:
        if key and not (BOUNDARIES & set(key)):
            table[key] = table.get(key, frozenset()) | frozenset(ids)

    def find(self, text: str) -> list[frozenset[str]]:
        """The ids of each phrase found, in text order, longest match first (a span is used once)."""
        return [hit.ids for hit in self.hits(text)]

    def hits(
        self,
        text: str,
        words: tuple[list[str], list[str]] | None = None,
        *,
        span: tuple[int, int, int] | None = None,
        boundaries: list[int] | None = None,
    ) -> list[Hit]:
        """Each phrase found with the segment (line) it is in.

        `words` reuses a tokenisation of `text`; `span` (first token, end token, its segment number) limits
        the scan to part of it; `boundaries`, when given, receives the token positions of line boundaries.
        """
        if not text:
            return []
        norm, raw = words if words is not None else tokens(text)
        folded, exact = self._folded, self._exact
        folded_lengths, exact_lengths = self._folded_lengths, self._exact_lengths
        starters, exact_starters = self._starters, self._exact_starters
        # Only tokens that can start a phrase, and boundaries, are visited (a fifth of a medical text or so).
        if span is None:
            starts = [i for i, word in enumerate(norm) if word in starters]
            if not exact_starters.isdisjoint(raw):  # rare: asked of the set in C before listing positions
                more = [i for i, original in enumerate(raw) if original in exact_starters]
                starts = sorted(set(starts).union(more))
            first_segment = 0
        else:
            lo, hi, first_segment = span
            starts = [i for i in range(lo, hi) if norm[i] in starters or raw[i] in exact_starters]
        found: list[Hit] = []
        segment = first_segment
        free = 0  # tokens before this one are already part of a match
        for i in starts:
            word = norm[i]
            if word in BOUNDARIES:  # never inside a match: phrases hold no boundary
                segment += 1
                if boundaries is not None:
                    boundaries.append(i)
                continue
            if i < free:
                continue
            best, ids = 0, _NO_IDS
            for length in folded_lengths.get(word, ()):
                got = folded.get(tuple(norm[i : i + length]))
                if got is not None:
                    best, ids = length, got
                    break
            for length in exact_lengths.get(raw[i], ()):
                if length <= best:
                    break
                got = exact.get(tuple(raw[i : i + length]))
                if got is not None:
                    best, ids = length, got
                    break
            if best:
                found.append(Hit(ids, segment, i))
                if i >= 2 and norm[i - 1] in _CONNECTORS:
                    shared = self._coordinated(norm, i, best, found[-2].start if len(found) > 1 else -1)
                    if shared is not None:
                        found.append(Hit(shared, segment, i))
                free = i + best
        if span is None and self._cjk and not text.isascii() and has_cjk(text):
            found.extend(Hit(ids, 0, -1) for ids in self._find_cjk(_plain(text)))
        return found

    def _coordinated(self, norm: list[str], i: int, length: int, previous: int) -> frozenset[str] | None:
        """The phrase left out before "or"/"and": in "type 1 or type 2 diabetes", "B- or T-cell ALL", "heart
        or lung disease", the first words of the phrase found are swapped for the words before the "or"."""
        end = i - 1
        while end > 0 and norm[end - 1] in _CONNECTORS:  # "and/or"
            end -= 1
        phrase = norm[i : i + length]
        for size in (3, 2, 1):  # the longest left-hand part first: "acute myeloid or lymphoblastic leukemia"
            start = end - size
            if start <= previous or start < 0 or any(w in BOUNDARIES for w in norm[start:end]):
                continue
            for keep in range(1, length):
                got = self._folded.get((*norm[start:end], *phrase[keep:]))
                if got is not None:
                    return got
        return None

    def _find_cjk(self, text: str) -> list[frozenset[str]]:
        spans: list[tuple[int, int, frozenset[str]]] = []
        for key, ids in self._cjk.items():
            start = text.find(key)
            while start >= 0:
                spans.append((start, start + len(key), ids))
                start = text.find(key, start + 1)
        # keep the longest of overlapping matches ("急性髓系白血病" rather than "白血病" inside it)
        kept: list[tuple[int, int, frozenset[str]]] = []
        for span in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
            if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
                kept.append(span)
        return [ids for _, _, ids in sorted(kept, key=lambda s: s[0])]


def _lengths(table: Mapping[tuple[str, ...], object]) -> dict[str, tuple[int, ...]]:
    by_first: dict[str, set[int]] = {}
    for key in table:
        by_first.setdefault(key[0], set()).add(len(key))
    return {first: tuple(sorted(ls, reverse=True)) for first, ls in by_first.items()}
