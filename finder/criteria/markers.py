"""List markers at a line's start ("1.", "(a)", "-", "•") and numbered criteria run together inside a line.

Reading a marker looks at a few characters only; finding inline numbers uses two regular expressions made of
fixed-width pieces with bounded repeats (no nested quantifiers), so both are linear in the line's length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_BULLETS = {
    "-": "-",
    "–": "-",
    "—": "-",
    "*": "*",
    "+": "*",
    "•": "•",
    "·": "•",
    "●": "•",
    "○": "•",
    "◦": "•",
    "▪": "•",
    "■": "•",
    "►": "•",
    "": "•",
    "→": "•",
    "✓": "•",
    "➢": "•",
    "❖": "•",
    "◆": "•",
    "◇": "•",
    "□": "•",
}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}


@dataclass(frozen=True, slots=True)
class Marker:
    style: str  # "-", "*", "•", "o", "num.", "num)", "(num)", "alpha.", "alpha)", "(alpha)", "roman." ...
    number: int | None = None  # position in its list (1-based) for numbered and lettered markers

    def follows(self, other: Marker) -> bool:
        """Is this the next marker of the list `other` belongs to?"""
        if self.number is None or other.number is None:
            return self.style == other.style and self.number is None and other.number is None
        same = self.style == other.style or (
            # "h." then "i." then "j.": a lone i/v/x is read as a roman numeral only when it follows one
            {self.style.replace("roman", "alpha"), other.style.replace("roman", "alpha")}.__len__() == 1
        )
        return same and self.number == other.number + 1


def read_marker(line: str) -> tuple[Marker | None, str]:
    """The list marker at the start of a stripped line, if any, and the rest of the line."""
    if not line:
        return None, line
    c = line[0]
    if c in _BULLETS:
        if c in "-–—*+" and len(line) > 1 and line[1] in "-–—*+=":
            return None, line  # "--Disease Characteristics--", "**bold**", "---"
        if c in "-–*+" and len(line) > 1 and not (line[1] == " " or line[1].isalpha() or line[1] == "("):
            return None, line  # "-1.5", "+/-"
        return _BULLET_MARKERS[c], line[1:].lstrip()
    if c == "o" and line.startswith("o ") and len(line) > 3 and line[2].isalpha():
        return _O_MARKER, line[2:].lstrip()
    if c == "(":
        close = line.find(")", 1, 6)
        if close > 1:
            token = line[1:close]
            m = _token_marker(token, "(", ")")
            if m is not None:
                return m, line[close + 1 :].lstrip()
        return None, line
    # "12." "3)" "a." "b)" "iv.": most lines have no "." or ")" that early, and are done with here
    head = line[1:6]
    if "." not in head and ")" not in head:
        return None, line
    k = 0
    while k < len(line) and k < 5 and line[k].isalnum():
        k += 1
    if 0 < k < len(line) and line[k] in ".)":
        after = line[k + 1 : k + 2]
        if after and (after.isdigit() or after in ".)"):
            return None, line  # "1.5 mg", "e.g."
        token = line[:k]
        if token.isdigit() or after in ("", " ") or (after.isalpha() and token.isdigit()):
            m = _token_marker(token, "", line[k])
            if m is not None:
                if not token.isdigit() and after != " ":
                    return None, line
                return m, line[k + 1 :].lstrip()
    return None, line


# Markers are immutable and few (a style and a small number): each is made once and shared.
@lru_cache(maxsize=4096)
def _token_marker(token: str, opening: str, closing: str) -> Marker | None:
    if token.isdigit() and len(token) <= 3:
        return Marker(f"{opening}num{closing}", int(token))
    low = token.lower()
    if len(token) == 1 and token.isalpha() and token.isascii():
        if low in ("i", "v", "x"):
            return (
                Marker(f"{opening}roman{closing}", _ROMAN[low])
                if low == "i"
                else Marker(f"{opening}alpha{closing}", ord(low) - 96)
            )
        return Marker(f"{opening}alpha{closing}", ord(low) - 96)
    if low in _ROMAN:
        return Marker(f"{opening}roman{closing}", _ROMAN[low])
    return None


@lru_cache(maxsize=4096)
def _marker(style: str, number: int) -> Marker:
    return Marker(style, number)


_BULLET_MARKERS = {c: Marker(style) for c, style in _BULLETS.items()}
_O_MARKER = Marker("o")


# Fixed-width pieces with bounded repeats only: each match is found in linear time, whatever the line.
# "(" leads so that the engine can skip to brackets; the look-behind then checks what stands before it
_BRACKETED_RE = re.compile(r"\((?<![A-Za-z0-9]\()(\d{1,3})\)")
_DIGIT_RE = re.compile(r"\d")
_AFTER_CLAUSE_RE = re.compile(r"[;:.)] {0,3}(\d{1,3})([.)])(?=[ A-Za-z])")


def _inline_candidates(body: str) -> list[tuple[int, int, Marker]]:
    """(start, end, marker) of every "(n)", or "n." / "n)" after a clause end: a possible run-on item."""
    out: list[tuple[int, int, Marker]] = []
    if _DIGIT_RE.search(body) is None:
        return out  # both patterns need a digit: most lines have none, and one scan says so
    for m in _BRACKETED_RE.finditer(body):
        if m.start() > 0:
            out.append((m.start(), m.end(), _marker("(num)", int(m.group(1)))))
    for m in _AFTER_CLAUSE_RE.finditer(body):
        start = m.start(1)
        if body[start - 1] == "." and start >= 2 and body[start - 2].isdigit():
            continue  # "1.5." is a decimal, not "5."
        out.append((start, m.end(2), _marker(f"num{m.group(2)}", int(m.group(1)))))
    out.sort(key=lambda c: c[0])
    return out


_INLINE_SCAN = 4000  # run-together criteria longer than this are not looked for


def may_run_on(body: str) -> bool:
    """Could `inline_pieces` split this line? Most are too short or have no digit, and are left whole."""
    return len(body) >= 8 and _DIGIT_RE.search(body, 0, _INLINE_SCAN) is not None


def inline_pieces(body: str, lead: Marker | None, outer_next: list[int]) -> list[tuple[Marker | None, str]]:
    """Split a line where numbered criteria were run together.

    `lead` is the line's own marker (a "(1)" that opened it lets "(2)" continue); `outer_next` are the numbers
    that would continue the enclosing lists (so "... 10.All toxic responses" after item 9 becomes item 10).
    A split needs a real sequence (1 then 2, or the continuation of the line's or an outer list); a lone
    "2)" inside a sentence stays put.
    """
    if len(body) < 8:
        return [(None, body)]
    cands = _inline_candidates(body[:_INLINE_SCAN])[:400]
    if not cands:
        return [(None, body)]
    cuts: list[tuple[int, int, Marker]] = []
    last: Marker | None = lead if lead is not None and lead.number is not None else None
    for k, (start, end, m) in enumerate(cands):
        if last is not None and m.follows(last):
            cuts.append((start, end, m))
            last = m
            continue
        if m.number is not None and m.number in outer_next and m.style.startswith("num") and (cuts or last):
            cuts.append((start, end, m))
            last = m
            continue
        if m.number == 1:
            # a run starts only if its "2" comes later in the line
            nxt = next((c for c in cands[k + 1 : k + 40] if c[2].style == m.style), None)
            if nxt is not None and nxt[2].number == 2:
                cuts.append((start, end, m))
                last = m
    if not cuts:
        return [(None, body)]
    pieces: list[tuple[Marker | None, str]] = []
    head = body[: cuts[0][0]].strip()
    if head:
        pieces.append((None, head))
    for k, (_start, end, m) in enumerate(cuts):
        stop = cuts[k + 1][0] if k + 1 < len(cuts) else len(body)
        txt = body[end:stop].strip()
        if txt:
            pieces.append((m, txt))
    return pieces or [(None, body)]
