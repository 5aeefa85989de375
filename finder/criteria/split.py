"""Eligibility text -> ordered items, each with its side, the headings it came under, and sub-items.

The registry texts mix many layouts: "Inclusion Criteria:" lists with numbers or bullets, markdown from API v2
(with backslash escapes), hard-wrapped classic XML paragraphs, the NCI-era "DISEASE CHARACTERISTICS: / PATIENT
CHARACTERISTICS: / PRIOR CONCURRENT THERAPY:" layout with sub-headings ("Age:", "Hematopoietic:"), AIDS-era
"Concurrent Medication: / Excluded: / Allowed:" lead-ins, and criteria run together in one paragraph.
Everything here is a linear scan over lines and characters: no regular expression can backtrack badly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from finder.criteria import headings
from finder.criteria.headings import HeadingKind
from finder.criteria.markers import Marker, inline_pieces, may_run_on, read_marker
from finder.criteria.model import Side

_MAX_INLINE = 60
_MAX_DEPTH = 6
# the longest real texts have about 1,000 lines; the rest of a longer text is kept as written
MAX_LINES = 3000
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


class _Node:
    # a plain class: tens of thousands are made per sample, and a dataclass's extra __post_init__ call shows
    __slots__ = ("children", "first", "indent", "marker", "open_parens", "parts", "state")

    def __init__(self, indent: int, marker: Marker | None, first: str, state: _State) -> None:
        self.indent = indent
        self.marker = marker
        self.first = first
        self.state = state  # shared by the nodes read while it held (never changed after)
        self.children: list[_Node] = []
        self.parts: list[str] = []  # continuation lines, joined once at the end (linear)
        self.open_parens = first.count("(") - first.count(")")

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
        return (self.parts[-1] if self.parts else self.first).rstrip().endswith(":")


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

    # set on snapshots, once for all the items read under them: their section label, and whether the
    # section is an NCI-era one whose paragraphs may have lost their line breaks
    label: str | None = None
    nci_section: bool = False

    def snapshot(self) -> _State:
        """A copy for the nodes read from here until a heading or a lead-in's end changes the state."""
        snap = _State(
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
        snap.label = _section_label(self)
        snap.nci_section = self.section is not None and self.section.lower() in headings.SECTIONS
        return snap

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
    lengths = sorted(map(len, lines))
    return len(lengths) >= 2 and lengths[-2] >= 70 and lengths[-1] <= 110  # two long lines, none longer


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
        if not prev_blank and out and read_marker(s)[0] is None:
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
    state = _State()
    # nodes share one copy of the state until a heading or the end of a lead-in changes it
    snapshot: _State | None = None
    roots: list[_Node] = []
    stack: list[_Node] = []
    blank_before = False
    prev_plain: _Node | None = None  # the node the previous non-blank line belonged to
    heading_budget = _MAX_HEADINGS  # a text of thousands of "headings" is read as plain lines after these
    body: str

    for raw in lines:
        stripped = raw.strip()
        if not stripped:
            blank_before = True
            continue
        marker, body = read_marker(stripped)
        if (
            marker is None
            and prev_plain is not None
            and not blank_before
            and stripped[0].islower()
            and ":" not in stripped[:120]
        ):
            prev_plain.add(stripped)  # the common case of a plain continuation line, read fast
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        # mode 0: a whole line; 1: a piece cut at an inline sub-heading; 2: text after a heading, an item
        # popped from the end: pieces are pushed in reverse
        todo: list[tuple[str, Marker | None, int, int]] = [(body, marker, indent, 0)]
        while todo:
            body, marker, indent, mode = todo.pop()
            if not body:
                continue
            # headings (with or without a marker) change the state; text after "HEADING:" is read on
            head = None
            if mode < 2 and heading_budget > 0 and headings.may_be_heading(body):
                head = headings.classify_line(body, marker is not None)
            if head is not None:
                heading_budget -= 1
                kind, title, rest = head
                _apply_heading(state, kind, title)
                state.lead_indent = indent if kind is HeadingKind.LEAD else -1
                snapshot = None
                stack.clear()
                prev_plain = None
                blank_before = False
                if rest:
                    split = mode == 0 and kind in (HeadingKind.SECTION, HeadingKind.SUBHEADING)
                    segs = headings.split_inline_headings(rest) if split else [rest]
                    # at most a few dozen sub-headings on one line are real; the rest stays one item
                    if len(segs) > _MAX_INLINE:
                        segs = [*segs[: _MAX_INLINE - 1], " ".join(segs[_MAX_INLINE - 1 :])]
                    todo.extend((seg, None, indent + 1, 1 if split else 2) for seg in reversed(segs))
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
                snapshot = None
            pieces = _pieces(body, marker, stack) if may_run_on(body) else [(marker, body)]
            for piece_marker, piece in pieces:
                if (
                    piece_marker is None
                    and prev_plain is not None
                    and _continues(prev_plain, piece, blank_before)
                ):
                    prev_plain.add(piece)
                    continue
                if snapshot is None:
                    snapshot = state.snapshot()
                node = _Node(indent, piece_marker, piece, snapshot)
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
    return [(marker if k == 0 and m is None else m, txt) for k, (m, txt) in enumerate(pieces)]


def _continues(prev: _Node, body: str, blank_before: bool) -> bool:
    """Does a plain line (no marker, not a heading) continue the item before it?"""
    if prev.open_parens > 0 and prev.open_parens < 4:
        return True  # an open parenthesis ("(NOTE:" ... ")") spans lines
    first = body[0]
    if prev.ends_with_colon():
        return False  # a lead-in: what follows is its sub-item
    if blank_before:
        # a paragraph break inside a sentence ("ensure that the\n\nsubject's disease status ...")
        return first.islower() and not prev.last.rstrip().endswith((".", ";"))
    return first.islower() or prev.last.rstrip().endswith((",", " and", " or", "-", "/"))


def _place(node: _Node, stack: list[_Node], roots: list[_Node]) -> None:
    """Attach a new item under the right parent, using its marker sequence and its indentation."""
    m = node.marker
    if len(stack) >= _MAX_DEPTH:
        del stack[_MAX_DEPTH - 1 :]  # real lists nest three or four deep; deeper "nesting" is noise
    # a sibling of an open item: same marker style, next number (or same bullet), similar indentation
    sibling = -1
    if m is not None:
        for depth in range(len(stack) - 1, -1, -1):
            other = stack[depth]
            if (
                other.marker is not None
                and m.follows(other.marker)
                and (abs(other.indent - node.indent) <= 2 or (m.number or 0) > 1)
            ):
                sibling = depth
                break
    if sibling >= 0:
        del stack[sibling:]
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


# fmt: off
_RUN_ON_STARTS = (
    "No ", "At least ", "Not ", "Prior ", "Concurrent ", "Recovered ", "Negative ", "Fertile ", "Adequate ",
    "Absolute ", "Platelet ", "Hemoglobin ", "Bilirubin ", "Creatinine ", "SGOT ", "SGPT ", "AST ", "ALT ",
    "WBC ", "Granulocyte ", "Ejection ", "HIV ", "Greater than ", "Less than ", "Under ", "Over ",
    "More than ", "Karnofsky ", "Lansky ", "ECOG ", "Zubrod ", "CALGB ", "Histologically ", "Measurable ",
    "Bidimensionally ", "Must ", "See ", "Any ", "Pregnant", "Women ", "Men ", "Female ", "Male ",
    "Hepatitis ", "Life expectancy ", "Alkaline ", "Transaminases ", "Prothrombin ", "Serum ", "Diagnosis ",
    "Patients ", "Documented ", "Cytologically ", "Evaluable ", "Previously ", "Ability ", "Able ",
    "Willing ", "Informed ", "Signed ", "Other ", "Except ", "Chemotherapy ", "Radiotherapy ", "Surgery ",
    "Endocrine ", "Biologic ",
)
# fmt: on


# a capital after a word and a space; it leads so that the regex engine can skip to capitals quickly, and
# the fixed-width look-behind then checks the two characters before it (linear)
_CAPITAL_AFTER_WORD_RE = re.compile(r"[A-Z](?<=[A-Za-z0-9)%] [A-Z])")
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
    st = node.state
    text = node.text.strip()
    if st.nci_section and not node.children and len(text) > 30:
        pieces = split_run_on(text)
        if len(pieces) > 1:
            out: list[Item] = []
            for piece in pieces:
                out.extend(_to_items(_Node(node.indent, node.marker, piece, st)))
            return out
    children: list[Item] = []
    for child in node.children:
        children.extend(_to_items(child))
    lead_in = text.endswith(":")  # only a line ending in a colon introduces a list or alternatives
    alternatives = lead_in and headings.lead_is_alternatives(text)
    if lead_in and children and not alternatives and headings.is_pure_lead_in(text):
        # "Patients must have:" with its list: the list items stand on their own, on the lead-in's side
        side = headings.lead_side(text, st.side)
        for c in children:
            if c.side == st.side:
                c.side = side
        return children
    item = Item(
        st.side,
        text,
        st.label,  # section; positional arguments: this runs for every item, and keywords cost more
        st.subheading,
        st.lead,
        st.permissive,
        alternatives,
        st.alternatives,  # one_of
        st.about_others,
        children,
    )
    return [item]


def _section_label(st: _State) -> str | None:
    parts = [p for p in (st.section, st.subheading, st.lead) if p]
    return " > ".join(parts) if parts else None


def group_alternatives(items: list[Item]) -> list[Item]:
    """Join items linked by a trailing or leading "OR" into one item whose children are the choices."""
    # "A or" / "or B": only the ends of the texts are compared, so only those are lowered
    tails = [i.text.rstrip(" .;,")[-8:].lower() for i in items]
    linked = [  # linked[k]: items k and k + 1 are alternatives
        a.side == b.side
        and (
            at.endswith((" or", " and/or", " either"))
            or at == "or"
            or b.text.lstrip()[:3].lower().startswith("or ")
        )
        for a, b, at in zip(items, items[1:], tails, strict=False)
    ]
    out: list[Item] = []
    k = 0
    while k < len(items):
        run = [items[k]]
        while k < len(linked) and linked[k]:
            k += 1
            run.append(items[k])
        k += 1
        if len(run) == 1:
            if run[0].children:
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
