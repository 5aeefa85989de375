"""Scoring the diagnosis filter against hand-checked labels (tests/data/diagnosis_labels.json).

For each labelled (study, diagnosis) pair the study is read from ../shared/data with the app's own readers,
its concepts are worked out as the importer does (finder.store.enrich), and the study-level diagnosis reason
of matching (finder.matching.verdict.study_diagnosis_reason) says whether the study is set aside as "not for
your diagnosis" (NOT_MET) or kept. The SQL prefilter keeps a superset of these (family concept, ancestors and
descendants), so this is what a family sees. Serves tests/test_diagnosis_filter.py and
benchmarks/diagnosis_filter.py.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from finder.answers import Answers
from finder.criteria.model import inclusion_diagnoses
from finder.matching.evaluate import EvalContext
from finder.matching.results import Status
from finder.matching.verdict import StudyFacts, study_diagnosis_reason
from finder.registry.records import StudyRecord
from finder.registry.sources import DocumentRef, iter_document_refs, studies_in
from finder.store.enrich import concept_text, concepts_of, parse_criteria
from finder.vocabulary import Vocabulary, load_vocabulary

LABELS_PATH = Path(__file__).resolve().parent / "data" / "diagnosis_labels.json"
TAKES = frozenset({"same", "broader", "narrower"})  # expected relations of a study the family may join
_NCT = re.compile(r"NCT\d{8}")


@dataclass(frozen=True)
class Label:
    nct_id: str
    diagnosis: str  # a concept id of the vocabulary
    expected: str  # "same" | "broader" | "narrower" | "unrelated"
    why: str
    known_miss: str | None = None  # why the filter sets aside a study that takes the diagnosis (a named gap)

    @property
    def takes(self) -> bool:
        return self.expected in TAKES


def load_labels(path: Path = LABELS_PATH) -> list[Label]:
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return [
        Label(x["nct_id"], x["diagnosis"], x["expected"], x["why"], x.get("known_miss"))
        for x in data["labels"]
    ]


def read_records(data_dir: Path, nct_ids: Iterable[str] | None = None) -> dict[str, StudyRecord]:
    """The records of these studies (None: every study); zip members and per-study files named after another
    study are skipped unread, and each zip is opened once, so this takes a second or two."""
    wanted = None if nct_ids is None else set(nct_ids)
    out: dict[str, StudyRecord] = {}
    archives: dict[str, zipfile.ZipFile] = {}
    try:
        for ref in _refs(data_dir):
            named = _NCT.findall(ref.member or Path(ref.path).name)
            if wanted is not None and len(named) == 1 and named[0] not in wanted:
                continue
            archive = None
            if ref.member is not None:
                archive = archives.get(ref.path) or archives.setdefault(ref.path, zipfile.ZipFile(ref.path))
            for record in studies_in(ref.load(archive)):
                if wanted is None or record.nct_id in wanted:
                    out.setdefault(record.nct_id, record)
    finally:
        for archive in archives.values():
            archive.close()
    return out


def _refs(data_dir: Path) -> Iterable[DocumentRef]:
    return iter_document_refs([data_dir])  # the folder walk opens the zips in it too


def study_facts(record: StudyRecord) -> StudyFacts:
    return StudyFacts(
        nct_id=record.nct_id,
        title=record.brief_title,
        conditions=record.conditions,
        concepts=frozenset(concepts_of(concept_text(record), record.brief_title)),
        # as finder.matching.compiled reads them from the stored criteria
        eligibility_concepts=frozenset(inclusion_diagnoses(parse_criteria(record.eligibility_text)[0])),
    )


def kept(facts: StudyFacts, concept_id: str, vocab: Vocabulary | None = None) -> bool:
    """Whether matching keeps the study for a family with this diagnosis concept (anything but NOT_MET)."""
    vocab = vocab or load_vocabulary()
    ctx = EvalContext(family_concept=concept_id, tree=vocab)
    reason = study_diagnosis_reason(facts, Answers(diagnosis=vocab.label(concept_id)), ctx)
    return reason.status is not Status.NOT_MET


@dataclass
class Score:
    diagnosis: str
    labelled: int = 0
    takes: int = 0  # labelled as taking the diagnosis
    kept_takes: int = 0  # of those, kept by the filter
    kept_not: int = 0  # labelled as not taking it, yet kept
    missed: list[Label] = field(default_factory=list)
    wrongly_kept: list[Label] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.kept_takes / self.takes if self.takes else 1.0

    @property
    def precision(self) -> float:
        kept = self.kept_takes + self.kept_not
        return self.kept_takes / kept if kept else 1.0


def score(labels: Iterable[Label], facts: dict[str, StudyFacts]) -> dict[str, Score]:
    """Per diagnosis: recall (studies that take it and are kept) and precision (kept studies that take it),
    over the labelled studies found in the data."""
    vocab = load_vocabulary()
    out: dict[str, Score] = {}
    for label in labels:
        if label.nct_id not in facts:
            continue
        s = out.setdefault(label.diagnosis, Score(label.diagnosis))
        s.labelled += 1
        is_kept = kept(facts[label.nct_id], label.diagnosis, vocab)
        if label.takes:
            s.takes += 1
            s.kept_takes += is_kept
            if not is_kept:
                s.missed.append(label)
        elif is_kept:
            s.kept_not += 1
            s.wrongly_kept.append(label)
    return out
