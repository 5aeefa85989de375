"""Items only the care team or the study team can settle: lab values, biomarkers, clinical notes, paperwork.

Each gets a `CheckRule(topic)` naming what to ask about ("platelets", "B7-H3", "life expectancy", "consent").
"""

from __future__ import annotations

from finder.criteria.ages import Fact
from finder.criteria.model import CheckRule, Kind
from finder.criteria.text import PhraseTable, Tok, joined_words, phrase_table, word_set_of

_LAB = phrase_table("lab")
_LAB_HEADINGS = {
    "hematopoietic": "blood counts",
    "hematologic": "blood counts",
    "hepatic": "liver function",
    "renal": "kidney function",
    "cardiovascular": "heart function",
    "cardiac": "heart function",
    "pulmonary": "lung function",
    "laboratory": "lab values",
    "laboratory values": "lab values",
}
_BIOMARKERS = phrase_table("biomarkers")
_CLINICAL = phrase_table("clinical")
_PAPERWORK_STRONG = phrase_table("paperwork")


def _first_topic(table: PhraseTable, toks: list[Tok], stop: int | None = None) -> str | None:
    hits = table.find(toks, stop)
    return hits[0][2][0] if hits else None


def read_lab(
    toks: list[Tok], words: list[str], *, subheading: str | None, stop: int | None = None
) -> Fact | None:
    """A lab limit; `stop`: read only the tokens before it, as read_lab(toks[:stop], ...) would."""
    topic = _first_topic(_LAB, toks, stop)
    if stop is not None:
        toks = toks[:stop]
    if topic == "lab values" and not any(t.kind in ("num", "cmp") for t in toks):
        topic = None  # "laboratory" without a value is not a lab limit
    heading = (subheading or "").lower()
    if topic is None and heading in _LAB_HEADINGS and any(t.kind in ("num", "cmp") for t in toks):
        topic = _LAB_HEADINGS[heading]  # "Hepatic: Bilirubin < 2 mg/dL" style items under NCI sub-headings
    if topic is None:
        return None
    return Fact(Kind.LAB, CheckRule(topic))


def read_biomarker(toks: list[Tok], words: list[str], raw_text: str) -> Fact | None:
    hits = _BIOMARKERS.find(toks)
    topics = [h[2][0] for h in hits]
    # CD markers: "CD33 positive", "CD19+" ("CD4 count" is a lab value and is read there first)
    for t in toks:
        if t.kind == "word" and t.text.startswith("cd") and t.text[2:].isdigit() and t.text != "cd4":
            topics.insert(0, t.text.upper())
    specific = [t for t in topics if t not in ("genetic tests", "tumor tests")]
    if specific:
        return Fact(Kind.BIOMARKER, CheckRule(specific[0]))
    if topics and (
        word_set_of(words)
        & {
            "positive",
            "negative",
            "positivity",
            "status",
            "expression",
            "express",
            "expresses",
            "expressing",
            "mutation",
            "mutated",
            "amplified",
            "amplification",
            "fusion",
            "translocation",
            "rearranged",
            "rearrangement",
            "wild-type",
        }
    ):
        return Fact(Kind.BIOMARKER, CheckRule(topics[0]))
    return None


def read_clinical(toks: list[Tok], words: list[str], *, subheading: str | None) -> Fact | None:
    topic = _first_topic(_CLINICAL, toks)
    heading = (subheading or "").lower()
    if topic is None and heading == "life expectancy":
        topic = "life expectancy"
    if topic is None:
        return None
    return Fact(Kind.CLINICAL, CheckRule(topic))


def read_paperwork(toks: list[Tok], words: list[str]) -> Fact | None:
    topic = _first_topic(_PAPERWORK_STRONG, toks)
    if topic is None:
        return None
    return Fact(Kind.PAPERWORK, CheckRule(topic))


def strong_paperwork(toks: list[Tok], words: list[str]) -> Fact | None:
    """Consent, willingness and investigator judgement near the start lead the item whatever else it names."""
    if "investigator" in joined_words(words):  # the words of `toks` are among `words`
        for t in toks[:16]:
            if t.kind == "word" and t.text.startswith("investigator"):
                return Fact(Kind.PAPERWORK, CheckRule("investigator judgement"))
    for _first, _last, ids in _PAPERWORK_STRONG.find(toks, 16):
        if ids[0] in ("consent", "willingness", "investigator judgement"):
            return Fact(Kind.PAPERWORK, CheckRule(ids[0]))
    return None
