"""Eligibility text -> ordered items, each with its side, the headings it came under, and sub-items.

The registry texts mix many layouts: "Inclusion Criteria:" lists with numbers or bullets, markdown from API v2
(with backslash escapes), hard-wrapped classic XML paragraphs, the NCI-era "DISEASE CHARACTERISTICS: / PATIENT
CHARACTERISTICS: / PRIOR CONCURRENT THERAPY:" layout with sub-headings ("Age:", "Hematopoietic:"), AIDS-era
"Concurrent Medication: / Excluded: / Allowed:" lead-ins, and criteria run together in one paragraph.
Everything here is a linear scan over lines and characters: no regular expression can backtrack badly.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field

from finder.criteria import headings
from finder.criteria.headings import HeadingKind
from finder.criteria.markers import Marker, inline_pieces, read_marker
from finder.criteria.model import Side

_MAX_INLINE = 60
_MAX_DEPTH = 6
MAX_LINES = (
    3000  # the longest real texts have about 1,000 lines; the rest of a longer text is kept as written
)
_MAX_HEADINGS = 400  # the richest real texts have about 60
MAX_TEXT = 100_000  # a study's criteria beyond this are not read (the longest in the samples is ~25 kB)


@dataclass(slots=True)
class Item:
    """One eligibility item as written, before it is understood."""

    side: Side
    text: str
    section: str | None = None  # the headings it came under, outermost first, joined by " > "
    subheading: str | None = None  # NCI-style topic ("Age", "Chemotherapy") that informs understanding
    lead: str | None = None  # a lead-in it was listed under ("Excluded within 4 weeks of study entry")
    permissive: bool = False  # listed under "Allowed:": it permits, it does not restrict
    alternatives: bool = False  # its children are alternatives ("one of the following", "A OR B")
    one_of: bool = False  # it is itself one of several alternatives listed under "One of the following:"
    about_others: bool = False  # under a donor / control / volunteer heading: not about the patient
    children: list[Item] = field(default_factory=list)


@dataclass(slots=True)
class _Node:
    indent: int
    marker: Marker | None
    first: str
    children: list[_Node] = field(default_factory=list)
    state: _State | None = None
    parts: list[str] = field(default_factory=list)  # continuation lines, joined once at the end (linear)
    open_parens: int = 0

    def __post_init__(self) -> None:
        self.open_parens = self.first.count("(") - self.first.count(")")

    @property
    def text(self) -> str:
        return " ".join([self.first, *self.parts]) if self.parts else self.first

    @property
    def last(self) -> str:
        return self.parts[-1] if self.parts else self.first

    def add(self, piece: str) -> None:
        self.parts.append(piece)
        self.open_parens += piece.count("(") - piece.count(")")

    def ends_with_colon(self) -> bool:
        return self.last.rstrip().endswith(":")


@dataclass(slots=True)
class _State:
    side: Side = "inclusion"
    base_side: Side = "inclusion"
    section: str | None = None
    subheading: str | None = None
    lead: str | None = None
    permissive: bool = False
    alternatives: bool = False
    about_others: bool = False
    section_about_others: bool = False
    lead_indent: int = -1  # indentation of the lead-in line; a plain line at or left of it ends the lead-in

    def copy(self) -> _State:
        return _State(
            self.side,
            self.base_side,
            self.section,
            self.subheading,
            self.lead,
            self.permissive,
            self.alternatives,
            self.about_others,
            self.section_about_others,
            self.lead_indent,
        )

    def end_lead(self) -> None:
        self.side = self.base_side
        self.lead = None
        self.permissive = self.alternatives = False
        self.about_others = self.section_about_others
        self.lead_indent = -1


_ESCAPE_RE = re.compile(r"\\([<>*_\[\]()#+\-.!~|=`\\{}])")  # one fixed-width match: no backtracking


def normalize(text: str) -> str:
    """Undo markdown backslash escapes (API v2: `\\>= 18`) and unify line ends, tabs and odd spaces."""
    text = text[:MAX_TEXT].replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    text = text.replace("\u00a0", " ").replace("\u3000", " ").replace("\u200b", "")
    return _ESCAPE_RE.sub(r"\1", text) if "\\" in text else text


def _hard_wrapped(lines: list[str]) -> bool:
    """Classic XML text is wrapped at ~90 columns: then a plain line right after another continues it."""
    long = [ln for ln in lines if len(ln) >= 70]
    return len(long) >= 2 and max(len(ln) for ln in lines) <= 110


def _join_wrapped(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines back into one line each, so that inline headings and numbers can be seen."""
    if not _hard_wrapped(lines):
        return lines
    out: list[list[str]] = []
    prev_blank = True
    for raw in lines:
        s = raw.strip()
        if not s:
            out.append([""])
            prev_blank = True
            continue
        marker, _ = read_marker(s)
        if not prev_blank and marker is None and out:
            out[-1].append(s)
        else:
            out.append([raw.rstrip()])
        prev_blank = False
    return [" ".join(parts) for parts in out]


def split_items(text: str | None) -> list[Item]:
    """The items of one study's eligibility text, in order, with nested sub-items as children."""
    if not text or not text.strip():
        return []
    lines = _join_wrapped(normalize(text).split("\n"))
    overflow = " ".join(ln.strip() for ln in lines[MAX_LINES:] if ln.strip())[:20_000]
    lines = lines[:MAX_LINES]
    wrapped = False  # wrapped lines are joined above
    state = _State()
    roots: list[_Node] = []
    stack: list[_Node] = []
    blank_before = False
    prev_plain: _Node | None = None  # the node the previous non-blank line belonged to
    heading_budget = (
        _MAX_HEADINGS  # a text made of thousands of "headings" is read as plain lines after these
    )
    body: str

    for raw in lines:
        stripped = raw.strip()
        if not stripped:
            blank_before = True
            continue
        if (
            prev_plain is not None
            and not blank_before
            and stripped[0].islower()
            and ":" not in stripped[:120]
            and read_marker(stripped)[0] is None
        ):
            prev_plain.add(stripped)  # the common case of a plain continuation line, read fast
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        marker, body = read_marker(stripped)
        # mode 0: a whole line; 1: a piece cut at an inline sub-heading; 2: text after a heading, an item
        queue: deque[tuple[str, Marker | None, int, int]] = deque([(body.strip(), marker, indent, 0)])
        while queue:
            body, marker, indent, mode = queue.popleft()
            if not body:
                continue
            # headings (with or without a marker) change the state; text after "HEADING:" is read on
            head = None
            if mode < 2 and heading_budget > 0:
                head = headings.classify_line(body, has_marker=marker is not None)
            if head is not None:
                heading_budget -= 1
                kind, title, rest = head
                _apply_heading(state, kind, title)
                state.lead_indent = indent if kind is HeadingKind.LEAD else -1
                stack.clear()
                prev_plain = None
                blank_before = False
                if rest:
                    split = mode == 0 and kind in (HeadingKind.SECTION, HeadingKind.SUBHEADING)
                    segs = headings.split_inline_headings(rest) if split else [rest]
                    # at most a few dozen sub-headings on one line are real; the rest stays one item
                    if len(segs) > _MAX_INLINE:
                        segs = [*segs[: _MAX_INLINE - 1], " ".join(segs[_MAX_INLINE - 1 :])]
                    queue.extendleft((seg, None, indent + 1, 1 if split else 2) for seg in reversed(segs))
                continue
            if (
                marker is None
                and state.lead_indent >= 0
                and indent <= state.lead_indent
                and prev_plain is not None
                and blank_before
                and not prev_plain.ends_with_colon()
            ):
                state.end_lead()
            for piece_marker, piece in _pieces(body, marker, stack):
                if (
                    piece_marker is None
                    and prev_plain is not None
                    and _continues(prev_plain, piece, blank_before, wrapped)
                ):
                    prev_plain.add(piece)
                    continue
                node = _Node(indent, piece_marker, piece, state=state.copy())
                _place(node, stack, roots)
                prev_plain = node
                blank_before = False
                indent = node.indent
            blank_before = False
    items: list[Item] = []
    for node in roots:
        items.extend(_to_items(node))
    if overflow:
        items.append(Item(side=state.side, text=overflow, section=_section_label(state)))
    return items


def _pieces(body: str, marker: Marker | None, stack: list[_Node]) -> list[tuple[Marker | None, str]]:
    """A line split where criteria were run together: "(1)A;(2)B" or "... 10.Next item"."""
    expected = [n.marker.number + 1 for n in stack if n.marker is not None and n.marker.number is not None]
    pieces = inline_pieces(body, marker, expected)
    if len(pieces) <= 1:
        return [(marker, body)]
    out: list[tuple[Marker | None, str]] = []
    for k, (m, txt) in enumerate(pieces):
        out.append((marker if k == 0 and m is None else m, txt))
    return out


def _continues(prev: _Node, body: str, blank_before: bool, wrapped: bool) -> bool:
    """Does a plain line (no marker, not a heading) continue the item before it?"""
    if prev.open_parens > 0 and prev.open_parens < 4:
        return True  # an open parenthesis ("(NOTE:" ... ")") spans lines
    first = body[0]
    if prev.ends_with_colon():
        return False  # a lead-in: what follows is its sub-item
    if blank_before:
        # a paragraph break inside a sentence ("ensure that the\n\nsubject's disease status ...")
        return first.islower() and not prev.last.rstrip().endswith((".", ";"))
    if wrapped:
        return True
    return first.islower() or prev.last.rstrip().endswith((",", " and", " or", "-", "/"))


def _place(node: _Node, stack: list[_Node], roots: list[_Node]) -> None:
    """Attach a new item under the right parent, using its marker sequence and its indentation."""
    m = node.marker
    if len(stack) >= _MAX_DEPTH:
        del stack[_MAX_DEPTH - 1 :]  # real lists nest three or four deep; deeper "nesting" is noise
    # a sibling of an open item: same marker style, next number (or same bullet), similar indentation
    for depth in range(len(stack) - 1, -1, -1):
        other = stack[depth]
        follows = m is not None and other.marker is not None and m.follows(other.marker)
        if follows and (abs(other.indent - node.indent) <= 2 or (m is not None and (m.number or 0) > 1)):
            del stack[depth:]
            break
    else:
        while stack:
            top = stack[-1]
            if top.ends_with_colon() and (m is not None or node.indent >= top.indent):
                break  # "Patients must have:" then its items
            if node.indent > top.indent + 1 and top.marker is not None:
                break  # indented deeper than a list item: its sub-item
            if (
                m is not None
                and top.marker is not None
                and node.indent >= top.indent
                and m.style != top.marker.style
                and m.number in (1, None)
                and not top.last.endswith(".")
                and m.style not in ("-", "*", "•")
                and top.marker.style in ("-", "*", "•")
            ):
                break  # a numbered list started inside a bullet item
            stack.pop()
    if stack:
        stack[-1].children.append(node)
    else:
        roots.append(node)
    stack.append(node)


def _apply_heading(state: _State, kind: HeadingKind, title: str) -> None:
    others = headings.about_others(title)
    if kind is HeadingKind.INCLUSION or kind is HeadingKind.EXCLUSION:
        side: Side = "inclusion" if kind is HeadingKind.INCLUSION else "exclusion"
        state.side = state.base_side = side
        state.section = title if others or headings.is_informative_side_title(title) else None
        state.subheading = state.lead = None
        state.permissive = state.alternatives = False
        state.about_others = state.section_about_others = others
    elif kind is HeadingKind.SECTION:
        state.side = state.base_side
        state.section = title
        state.subheading = state.lead = None
        state.permissive = state.alternatives = False
        state.about_others = state.section_about_others = others
    elif kind is HeadingKind.SUBHEADING:
        state.side = state.base_side
        state.subheading = title
        state.lead = None
        state.permissive = state.alternatives = False
        state.about_others = state.section_about_others or others
    else:  # a lead-in: "Excluded:", "Allowed:", "Patients must have:", "One of the following:"
        state.side = headings.lead_side(title, state.base_side)
        state.lead = title if headings.lead_is_informative(title) else None
        state.permissive = headings.lead_is_permissive(title)
        state.alternatives = headings.lead_is_alternatives(title)
        state.about_others = state.section_about_others or others


_RUN_ON_STARTS = (
    "No ",
    "At least ",
    "Not ",
    "Prior ",
    "Concurrent ",
    "Recovered ",
    "Negative ",
    "Fertile ",
    "Adequate ",
    "Absolute ",
    "Platelet ",
    "Hemoglobin ",
    "Bilirubin ",
    "Creatinine ",
    "SGOT ",
    "SGPT ",
    "AST ",
    "ALT ",
    "WBC ",
    "Granulocyte ",
    "Ejection ",
    "HIV ",
    "Greater than ",
    "Less than ",
    "Under ",
    "Over ",
    "More than ",
    "Karnofsky ",
    "Lansky ",
    "ECOG ",
    "Zubrod ",
    "CALGB ",
    "Histologically ",
    "Measurable ",
    "Bidimensionally ",
    "Must ",
    "See ",
    "Any ",
    "Pregnant",
    "Women ",
    "Men ",
    "Female ",
    "Male ",
    "Hepatitis ",
    "Life expectancy ",
    "Alkaline ",
    "Transaminases ",
    "Prothrombin ",
    "Serum ",
    "Diagnosis ",
    "Patients ",
    "Documented ",
    "Cytologically ",
    "Evaluable ",
    "Previously ",
    "Ability ",
    "Able ",
    "Willing ",
    "Informed ",
    "Signed ",
    "Other ",
    "Except ",
    "Chemotherapy ",
    "Radiotherapy ",
    "Surgery ",
    "Endocrine ",
    "Biologic ",
)


_CAPITAL_AFTER_WORD_RE = re.compile(r"(?<=[A-Za-z0-9)%] )[A-Z]")  # fixed-width look-behind: linear
_RUN_ON_SCAN = 8000


def split_run_on(text: str) -> list[str]:
    """NCI-era paragraphs lost their line breaks: "At least 4 weeks since prior radiotherapy No concurrent
    radiotherapy" is two criteria. Cut before a capitalised criterion opener that follows a word with no
    sentence end: mid-sentence capitals like these are rare in ordinary prose."""
    cuts = [
        m.start()
        for m in _CAPITAL_AFTER_WORD_RE.finditer(text, 0, _RUN_ON_SCAN)
        if text.startswith(_RUN_ON_STARTS, m.start())
    ]
    if not cuts:
        return [text]
    bounds = [0, *cuts, len(text)]
    pieces = [text[bounds[k] : bounds[k + 1]].strip() for k in range(len(bounds) - 1)]
    return [p for p in pieces if p]


def _to_items(node: _Node) -> list[Item]:
    st = node.state or _State()
    text = node.text.strip()
    if not node.children and (st.section or "").lower() in headings.SECTIONS and len(text) > 30:
        pieces = split_run_on(text)
        if len(pieces) > 1:
            out: list[Item] = []
            for piece in pieces:
                out.extend(_to_items(_Node(node.indent, node.marker, piece, state=st)))
            return out
    children: list[Item] = []
    for child in node.children:
        children.extend(_to_items(child))
    if headings.is_pure_lead_in(text) and children:
        # "Patients must have:" with its list: the list items stand on their own, on the lead-in's side
        side = headings.lead_side(text, st.side)
        alt = headings.lead_is_alternatives(text)
        if not alt:
            for c in children:
                if c.side == st.side:
                    c.side = side
            return children
    item = Item(
        side=st.side,
        text=text,
        section=_section_label(st),
        subheading=st.subheading,
        lead=st.lead,
        permissive=st.permissive,
        alternatives=headings.lead_is_alternatives(text),
        one_of=st.alternatives,
        about_others=st.about_others,
        children=children,
    )
    return [item]


def _section_label(st: _State) -> str | None:
    parts = [p for p in (st.section, st.subheading, st.lead) if p]
    return " > ".join(parts) if parts else None


def group_alternatives(items: list[Item]) -> list[Item]:
    """Join items linked by a trailing or leading "OR" into one item whose children are the choices."""
    out: list[Item] = []
    k = 0
    while k < len(items):
        run = [items[k]]
        while k + 1 < len(items) and _or_link(items[k], items[k + 1]):
            k += 1
            run.append(items[k])
        k += 1
        if len(run) == 1:
            run[0].children = group_alternatives(run[0].children)
            out.append(run[0])
            continue
        first = run[0]
        out.append(
            Item(
                side=first.side,
                text=" ".join(i.text for i in run),
                section=first.section,
                subheading=first.subheading,
                lead=first.lead,
                permissive=first.permissive,
                alternatives=True,
                about_others=first.about_others,
                children=run,
            )
        )
    return out


def _or_link(a: Item, b: Item) -> bool:
    if a.side != b.side:
        return False
    at = a.text.rstrip(" .;,").lower()
    bt = b.text.lstrip().lower()
    return at.endswith(" or") or at == "or" or bt.startswith("or ") or (at.endswith((" and/or", " either")))
