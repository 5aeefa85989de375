"""Headings and lead-ins inside eligibility text, and what they say about the items under them.

Four sorts: side headings ("Inclusion Criteria:", "Key Exclusion Criteria"), NCI-era sections ("DISEASE
CHARACTERISTICS:"), NCI-era topic sub-headings ("Age:", "Hematopoietic:", "Chemotherapy:"), and lead-ins
("Patients must have:", "Excluded within 4 weeks of study entry:", "Allowed:", "One of the following:").
"""

from __future__ import annotations

from enum import Enum
from functools import lru_cache

from finder.criteria.model import Side


class HeadingKind(Enum):
    INCLUSION = "inclusion"
    EXCLUSION = "exclusion"
    SECTION = "section"
    SUBHEADING = "subheading"
    LEAD = "lead"


SECTIONS = (
    "disease characteristics",
    "patient characteristics",
    "prior concurrent therapy",
    "prior/concurrent therapy",
    "prior and concurrent therapy",
    "concurrent therapy",
)
# NCI-era topic sub-headings (seen hundreds of times each in the classic sample)
SUBHEADINGS = (
    "age",
    "sex",
    "gender",
    "menopausal status",
    "hormone receptor status",
    "performance status",
    "life expectancy",
    "hematopoietic",
    "hematologic",
    "hepatic",
    "renal",
    "cardiovascular",
    "cardiac",
    "pulmonary",
    "neurologic",
    "neurological",
    "immunologic",
    "gastrointestinal",
    "metabolic",
    "other",
    "biologic therapy",
    "chemotherapy",
    "endocrine therapy",
    "radiotherapy",
    "radiation therapy",
    "surgery",
    "concurrent medication",
    "prior medication",
    "prior treatment",
    "concurrent treatment",
    "co-existing condition",
    "co-existing conditions",
    "risk behavior",
    "prior therapy",
    "other therapy",
    "immunotherapy",
    "stem cell transplantation",
    "transplantation",
    "induction therapy",
    "postinduction therapy",
    "histology",
    "stage",
    "disease status",
    "laboratory",
    "laboratory values",
)
_INLINE_LABELS = (*SECTIONS, *SUBHEADINGS)

_PLAIN_SIDE_TITLES = {
    "inclusion criteria",
    "exclusion criteria",
    "inclusion",
    "exclusion",
    "key inclusion criteria",
    "key exclusion criteria",
    "eligibility criteria",
    "eligibility",
    "main inclusion criteria",
    "main exclusion criteria",
    "inclusion criteria include",
    "exclusion criteria include",
    "criteria",
    "general inclusion criteria",
    "general exclusion criteria",
    "protocol entry criteria",
    "selection criteria",
    "inclusion/exclusion criteria",
    "inclusion and exclusion criteria",
    "major inclusion criteria",
    "major exclusion criteria",
    "patient selection",
    "entry criteria",
}
_OTHER_PEOPLE = (
    "donor",
    "control",
    "healthy volunteer",
    "normal volunteer",
    "healthy subject",
    "sibling",
    "parent",
    "caregiver",
    "caretaker",
    "partner",
    "mother",
    "family member",
    "relative",
)
_EXCLUDING_WORDS = (
    "exclud",
    "not be eligible",
    "not eligible",
    "ineligible",
    "may not",
    "must not",
    "cannot",
    "will not",
    "not allowed",
    "not permitted",
    "prohibited",
    "should not",
    "are not",
)
_INCLUDING_WORDS = ("required", "must have", "must be", "eligible", "includ", "must meet", "must:")
_BOILERPLATE = set(
    [
        "patients",
        "patient",
        "subjects",
        "subject",
        "participants",
        "participant",
        "volunteers",
        "volunteer",
        "children",
        "child",
        "women",
        "men",
        "you",
        "your",
        "must",
        "have",
        "has",
        "be",
        "meet",
        "meets",
        "the",
        "following",
        "criteria",
        "criterion",
        "excluded",
        "exclude",
        "are",
        "is",
        "will",
        "not",
        "eligible",
        "for",
        "this",
        "study",
        "trial",
        "if",
        "they",
        "he",
        "she",
        "he/she",
        "required",
        "with",
        "conditions",
        "condition",
        "prior",
        "any",
        "of",
        "all",
        "may",
        "to",
        "in",
        "included",
        "include",
        "includes",
        "who",
        "exclusion",
        "inclusion",
        "also",
        "following:",
        "be:",
        "have:",
        "a",
        "an",
        "or",
        "and",
        "ineligible",
        "allowed",
        "permitted",
        "no",
        "following.",
        "these",
        "those",
        "individuals",
        "persons",
        "people",
        "one",
        "at",
        "least",
    ]
)


def _clean(body: str) -> str:
    body = body.strip()
    if body.startswith("--"):
        # "--Disease Characteristics-- Men with ..." (an old layout): the title sits between the dashes
        end = body.find("--", 2)
        if 2 < end < 60:
            return f"{body[2:end].strip()}: {body[end + 2 :].strip()}".rstrip(": ") + (
                ":" if not body[end + 2 :].strip() else ""
            )
    return body.strip("-*#=_ ").strip()


def may_be_heading(body: str) -> bool:
    """A cheap test that every line `classify_line` takes for a heading passes, and most item lines fail.

    Without a colon a heading is in capitals or names a side or section; these pieces of words stay in the
    line's lower case whatever `_clean` strips ("criter", not "criteri": "İ" lowers to two characters).
    """
    if ":" in body or body.isupper() or body.lstrip().startswith("--"):
        return True
    low = body.lower()
    return (
        "clusion" in low or "eligib" in low or "criter" in low or "characteristics" in low or "therapy" in low
    )


# Headings and boilerplate lines recur in thousands of studies ("Inclusion Criteria:"): answers are kept.
@lru_cache(maxsize=4096)
def classify_line(body: str, has_marker: bool) -> tuple[HeadingKind, str, str] | None:
    """(kind, title, rest of the line) when the line is a heading or a lead-in, else None."""
    head = body[:120]
    if ":" not in head and len(body) > 80:
        return None  # a heading is short, or has its colon early
    t = _clean(body)
    if not t:
        return None
    colon = t.find(":", 0, 120)
    if colon > 0:
        title, rest = t[:colon].strip().strip("-*#_ ").strip(), t[colon + 1 :].strip()
    else:
        title, rest = t, ""
    low = title.lower()
    words = low.split()
    if not words:
        return None
    names_whom = rest and len(rest) < 50 and len(rest.split()) <= 5 and rest.split("(")[0].strip().isupper()
    if names_whom and _side_title(low, words, has_colon=True, whole_line=False) is not None:
        # "INCLUSION CRITERIA: PATIENT", "EXCLUSION CRITERIA: DONOR": the rest names whom it is about
        title, rest = f"{title}: {rest}", ""
    side = _side_title(low, words, has_colon=colon > 0, whole_line=not rest)
    if side is not None:
        if rest and not _looks_like_side_heading_with_text(low):
            return None
        return side, title, rest
    if low in SECTIONS:
        return HeadingKind.SECTION, title.upper() if title.isupper() else title, rest
    if (
        colon < 0
        and not has_marker
        and t.isupper()
        and len(words) <= 5
        and not any(c.isdigit() for c in t)
        and len(t) >= 4
    ):
        return HeadingKind.SECTION, title, ""  # "PATIENT", "DONOR", "PART A" on a line of their own
    if colon > 0 and low in SUBHEADINGS and not (has_marker and rest):
        return HeadingKind.SUBHEADING, title, rest
    lead_like = colon > 0 and not rest and t.endswith(":") and len(words) <= 14
    # "-  Excluded within 4 weeks of study entry:" then bullets at the same level: a lead-in, not a parent
    lead_word = words[0] in ("excluded", "required", "allowed", "permitted", "recommended", "prohibited")
    if lead_like and (not has_marker or lead_word or (is_pure_lead_in(t) and not lead_is_alternatives(t))):
        return HeadingKind.LEAD, title, ""
    return None


def _side_title(low: str, words: list[str], *, has_colon: bool, whole_line: bool) -> HeadingKind | None:
    if len(words) > 9 or (not has_colon and len(words) > 6):
        return None
    if not has_colon and not whole_line:
        return None
    if "exclusion" in low or "non-inclusion" in low or "non inclusion" in low or "ineligibility" in low:
        return HeadingKind.EXCLUSION if ("criteri" in low or len(words) <= 4) else None
    if (
        "inclusion" in low
        or low.startswith(("eligibility", "key eligibility"))
        or low
        in (
            "protocol entry criteria",
            "selection criteria",
            "entry criteria",
            "criteria",
        )
    ):
        return HeadingKind.INCLUSION if ("criteri" in low or len(words) <= 4) else None
    return None


def _looks_like_side_heading_with_text(low: str) -> bool:
    return "criteri" in low or low in ("inclusion", "exclusion")


_INLINE_SCAN = 8000
_LONGEST_LABEL = max(len(label) for label in _INLINE_LABELS)
_LABELS_BY_END: dict[str, list[str]] = {}  # by their last three letters (the shortest labels have three)
for _label in _INLINE_LABELS:
    _LABELS_BY_END.setdefault(_label[-3:], []).append(_label)


def split_inline_headings(body: str) -> list[str]:
    """ "Age: Under 16 Performance status: Not specified" -> ["Age: Under 16", "Performance status: ..."].

    Only used on a line that already began with an NCI section or sub-heading, where the labels are known.
    """
    low = body[:_INLINE_SCAN].lower()  # sub-headings run together beyond this stay in the last piece
    spans: list[tuple[int, int]] = []
    # a line has a few colons and there are dozens of labels: look back from each colon, at few labels
    colon = low.find(":")
    while colon >= 0:
        before = low[max(0, colon - _LONGEST_LABEL) : colon]
        for label in _LABELS_BY_END.get(before[-3:], ()):
            k = colon - len(label)
            if before.endswith(label) and (k == 0 or low[k - 1] == " ") and body[k].isupper():
                spans.append((k, colon + 1))
        colon = low.find(":", colon + 1)
    # "CONCURRENT THERAPY:" inside "PRIOR CONCURRENT THERAPY:" is not a cut of its own
    spans.sort(key=lambda se: (se[0], -se[1]))
    starts: list[int] = []
    reach = -1
    for start, end in spans:
        if end <= reach:
            continue  # inside a longer label that started earlier
        if not starts or starts[-1] != start:
            starts.append(start)
        reach = max(reach, end)
    if not starts:
        return [body]
    bounds = ([0] if starts[0] != 0 else []) + starts + [len(body)]
    pieces = [body[bounds[i] : bounds[i + 1]].strip() for i in range(len(bounds) - 1)]
    return [p for p in pieces if p]


@lru_cache(maxsize=1024)
def about_others(title: str) -> bool:
    """A heading about donors, controls or volunteers: its items are not about the patient."""
    low = " " + " ".join(w.strip(".,;:()[]/-") for w in title.lower().replace("/", " ").split()) + " "
    return any(f" {w}" in low for w in _OTHER_PEOPLE)


def is_informative_side_title(title: str) -> bool:
    return title.lower().strip() not in _PLAIN_SIDE_TITLES


# the lead-in tests below run on every lead-in line, and the same few dozen lead-ins recur: answers are kept
@lru_cache(maxsize=1024)
def lead_side(title: str, base: Side) -> Side:
    low = title.lower()
    if any(w in low for w in _EXCLUDING_WORDS):
        return "exclusion"
    if any(w in low for w in _INCLUDING_WORDS):
        return "inclusion"
    return base


@lru_cache(maxsize=1024)
def lead_is_informative(title: str) -> bool:
    """Does the lead-in say more than which side its items are on ("Excluded within 4 weeks of entry")?"""
    low = title.lower().rstrip(":")
    if lead_is_permissive(low):
        return False
    words = [w.strip(".,;()") for w in low.split()]
    return any(any(ch.isdigit() for ch in w) for w in words) or any(
        w and w not in _BOILERPLATE for w in words
    )


@lru_cache(maxsize=1024)
def lead_is_permissive(title: str) -> bool:
    low = title.lower()
    if any(w in low for w in ("not allowed", "not permitted", "not recommended", "disallowed")):
        return False
    return any(w in low for w in ("allowed", "permitted", "recommended", "may receive", "may have had"))


@lru_cache(maxsize=1024)
def lead_is_alternatives(title: str) -> bool:
    low = title.lower()
    low_end = low.rstrip().endswith(":")
    keys = (
        "one of the following",
        "1 of the following",
        "at least one of",
        "one or more of",
        "either of",
        "any one of",
        "any of the following",
        "meet one",
        "meets one",
        "one of:",
    )
    return low_end and any(k in low for k in keys)


def is_pure_lead_in(text: str) -> bool:
    """ "Patients must have:" / "Excluded:" / "The following:" — a line that only introduces a list."""
    t = text.strip()
    if not t.endswith(":"):
        return False
    low = t.lower().rstrip(":").strip()
    words = low.split()
    if not words or len(words) > 14:
        return False
    if lead_is_alternatives(t):
        return True
    return all(w.strip(".,;()") in _BOILERPLATE for w in words) or low in (
        "excluded",
        "required",
        "allowed",
        "the following",
    )
