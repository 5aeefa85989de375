"""The hand-labelled criterion corpus: the labels (tests/data/criteria_labels.json), the registry text they
point at (read from ../shared/data, never copied into the repo), and finding a label's item among parsed ones.

Rules are compared in tests/criteria_rules.py and a parser is scored in tests/criteria_scoring.py; all three
serve tests/test_criteria_corpus.py and benchmarks/criteria_accuracy.py. Deliberately independent of the
registry readers in finder/registry: the corpus must be checkable even if those change.
"""

from __future__ import annotations

import json
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from defusedxml import ElementTree

from finder.criteria.model import Criterion, Kind

LABELS_PATH = Path(__file__).resolve().parent / "data" / "criteria_labels.json"

CLASSIC_ZIP = "ctgov-classic-xml-sample.zip"
V2_DIR = "ctgov-v2"


# --- reading the registry text ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Source:
    """Where one study's record lives: a file, or a member of a zip, in one of the two formats."""

    path: Path
    member: str | None  # zip member name, or None for a plain file
    fmt: str  # "xml" | "v2-one" | "v2-list" | "v2-page"


def _v2_criteria(study: dict[str, Any]) -> str | None:
    module = study.get("protocolSection", {}).get("eligibilityModule", {})
    text = module.get("eligibilityCriteria")
    return text if isinstance(text, str) else None


def _v2_id(study: dict[str, Any]) -> str | None:
    nct = study.get("protocolSection", {}).get("identificationModule", {}).get("nctId")
    return nct if isinstance(nct, str) else None


class RegistryText:
    """nct_id -> eligibility text, over the shared sample. The index is built once; texts are read lazily."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._index: dict[str, _Source] = {}
        self._loaded: dict[str, str | None] = {}  # v2 list files are parsed whole, so keep their texts
        self._zips: dict[Path, zipfile.ZipFile] = {}
        self._build_index()

    def _build_index(self) -> None:
        classic = self.data_dir / CLASSIC_ZIP
        if classic.is_file():
            with zipfile.ZipFile(classic) as zf:
                for name in zf.namelist():
                    stem = Path(name).stem
                    if name.endswith(".xml") and stem.startswith("NCT"):
                        self._index[stem] = _Source(classic, name, "xml")
        v2 = self.data_dir / V2_DIR
        if not v2.is_dir():
            return
        for path in sorted(v2.glob("list-*.json")):
            for study in json.loads(path.read_text("utf-8")):
                self._remember(study, path, "v2-list")
        page = v2 / "search-page-boston.json"
        if page.is_file():
            for study in json.loads(page.read_text("utf-8")).get("studies", []):
                self._remember(study, page, "v2-page")
        for path in sorted((v2 / "folder-recruiting-india").glob("*.json")):
            self._index.setdefault(path.stem, _Source(path, None, "v2-one"))
        bulk = v2 / "bulk-download-urology.zip"
        if bulk.is_file():
            with zipfile.ZipFile(bulk) as zf:
                for name in zf.namelist():
                    if name.endswith(".json"):
                        self._index.setdefault(Path(name).stem, _Source(bulk, name, "v2-one"))

    def _remember(self, study: dict[str, Any], path: Path, fmt: str) -> None:
        nct = _v2_id(study)
        if nct and nct not in self._index:
            self._index[nct] = _Source(path, None, fmt)
            self._loaded[nct] = _v2_criteria(study)

    def __contains__(self, nct_id: str) -> bool:
        return nct_id in self._index

    def ids(self) -> list[str]:
        return sorted(self._index)

    def registry_format(self, nct_id: str) -> str:
        """ "classic-xml" or "api-v2"."""
        return "classic-xml" if self._index[nct_id].fmt == "xml" else "api-v2"

    def by_file(self) -> dict[str, list[str]]:
        """Study ids per source file name."""
        out: dict[str, list[str]] = {}
        for nct_id, src in sorted(self._index.items()):
            out.setdefault(src.path.name, []).append(nct_id)
        return out

    def source(self, nct_id: str) -> str:
        """Short name of the file the study comes from (for messages)."""
        src = self._index[nct_id]
        return f"{src.path.name}:{src.member}" if src.member else src.path.name

    def criteria(self, nct_id: str) -> str | None:
        """The eligibility criteria text as the registry gives it, or None when the record has none."""
        if nct_id in self._loaded:
            return self._loaded[nct_id]
        src = self._index[nct_id]
        raw = self._member(src.path, src.member) if src.member is not None else src.path.read_bytes()
        if src.fmt == "xml":
            node = ElementTree.fromstring(raw).find("eligibility/criteria/textblock")
            text = node.text if node is not None else None
        else:
            text = _v2_criteria(json.loads(raw))
        self._loaded[nct_id] = text
        return text

    def _member(self, path: Path, member: str) -> bytes:
        # Keep each zip open: reading the classic sample's directory of 4,648 files costs more than a study.
        if path not in self._zips:
            self._zips[path] = zipfile.ZipFile(path)
        return self._zips[path].read(member)

    def close(self) -> None:
        for zf in self._zips.values():
            zf.close()
        self._zips.clear()


# --- the labels ---------------------------------------------------------------------------------------

RULE_TYPES = frozenset({"range", "sex", "diagnosis", "disease_status", "treatment", "health", "check"})


@dataclass(frozen=True)
class Label:
    """One hand-labelled item: which item (study, side, first words) and what it means."""

    nct_id: str
    side: str  # as the text places it
    first_words: str
    kind: Kind
    rule: dict[str, Any] | None = None  # what a correct rule says, on the meaning side
    negated: bool = False  # says the opposite of its heading ("No prior chemotherapy" under inclusion)
    no_rule: bool = False  # no rule can be drawn with confidence (a donor's weight, one stratum's age ...)
    qualified: bool = False  # "except", "unless", "symptomatic": a right rule must be hedged
    note: str | None = None
    # Other right readings of an item that says two things ("Boys 10 years of age or less"): (kind, rule).
    also: tuple[tuple[Kind, dict[str, Any] | None], ...] = ()

    @property
    def meaning_side(self) -> str:
        """The side as meaning: an inclusion line that forbids something means an exclusion."""
        if self.negated:
            return "exclusion" if self.side == "inclusion" else "inclusion"
        return self.side

    @property
    def name(self) -> str:
        return f"{self.nct_id} [{self.side}] {self.first_words!r}"

    def reading_for(self, kind: Kind | None, rule: dict[str, Any] | None) -> Label:
        """This label, or the `also` reading that fits a parsed kind (or else rule type) best."""
        readings = [(self.kind, self.rule), *self.also]
        for k, r in readings:
            if k == kind:
                return replace(self, kind=k, rule=r, also=())
        rtype = rule.get("type") if rule else None
        for k, r in readings:
            if rtype is not None and r is not None and r.get("type") == rtype:
                return replace(self, kind=k, rule=r, also=())
        return replace(self, also=())


def load_labels(path: Path = LABELS_PATH) -> list[Label]:
    """The labels, checked for shape (a bad label file fails loudly, naming the item)."""
    raw = json.loads(path.read_text("utf-8"))
    labels = []
    for n, item in enumerate(raw["items"]):
        try:
            label = Label(
                nct_id=item["nct_id"],
                side=item["side"],
                first_words=item["first_words"],
                kind=Kind(item["kind"]),
                rule=item.get("rule"),
                negated=bool(item.get("negated", False)),
                no_rule=bool(item.get("no_rule", False)),
                qualified=bool(item.get("qualified", False)),
                note=item.get("note"),
                also=tuple((Kind(a["kind"]), a.get("rule")) for a in item.get("also", ())),
            )
        except (KeyError, ValueError) as exc:
            raise ValueError(f"{path.name} item {n}: {exc}") from exc
        if label.side not in ("inclusion", "exclusion"):
            raise ValueError(f"{path.name} item {n}: side {label.side!r}")
        for rule in (label.rule, *(r for _, r in label.also)):
            if rule is not None and rule.get("type") not in RULE_TYPES:
                raise ValueError(f"{path.name} item {n}: rule type {rule.get('type')!r}")
        if label.rule is not None and label.no_rule:
            raise ValueError(f"{path.name} item {n}: both a rule and no_rule")
        labels.append(label)
    return labels


# --- matching labels to parsed items ------------------------------------------------------------------

_BULLET = re.compile(r"^[\s\-*•·◦▪●○>]*(?:(?:\(?[0-9ivxIVX]{1,4}[.)]|\(?[a-zA-Z][.)])\s+)?")
# API v2 text is Markdown: "\>= 18", "1\. Age". Drop the escaping backslash.
_MARKDOWN_ESCAPE = re.compile(r"\\([^\w\s])")
_OPERATOR = re.compile(r"[<>=]+")


def normalise(text: str) -> str:
    """Lower case, unicode-folded, bullets and numbering stripped, punctuation dropped, spaces collapsed.

    Comparison operators are kept (as separate words) because "< 18" and "> 18" must not look alike.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _MARKDOWN_ESCAPE.sub(r"\1", text)
    text = _BULLET.sub("", text, count=1)
    text = text.lower().replace("≥", ">=").replace("≤", "<=")
    text = _OPERATOR.sub(lambda m: f" {m.group(0)} ", text)
    text = re.sub(r"[^\w<>=%+]+", " ", text)
    return " ".join(text.split())


def flatten(items: Iterable[Criterion]) -> Iterator[Criterion]:
    """Every criterion, parents before their children."""
    for item in items:
        yield item
        yield from flatten(item.children)


def find_items(parsed: Iterable[Criterion], label: Label) -> list[Criterion]:
    """The parsed criteria the label names: those whose normalised text starts with the label's first words.

    Failing that, those that contain the words at a word boundary (a parser may keep a sub-heading such as
    "Age:" in front of the item, or leave two run-together items unsplit). Of these, the ones with the
    shortest text: a child rather than the parent that repeats it, and all the criteria a parser made of one
    text (one per fact it read in it).
    """
    key = normalise(label.first_words)
    if not key:
        return []
    texts = [(c, normalise(c.text)) for c in flatten(parsed)]
    hits = [(c, t) for c, t in texts if t.startswith(key) and (len(t) == len(key) or t[len(key)] == " ")]
    if not hits:
        padded = f" {key} "
        hits = [(c, t) for c, t in texts if padded in f" {t} "]
    if not hits:
        return []
    shortest = min(len(t) for _, t in hits)
    return [c for c, t in hits if len(t) == shortest]


def find_item(parsed: Iterable[Criterion], label: Label) -> Criterion | None:
    """The first of `find_items`, or None."""
    items = find_items(parsed, label)
    return items[0] if items else None
