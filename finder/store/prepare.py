"""The CPU-heavy half of an import: registry documents -> studies -> rows ready to insert.

This runs in worker processes for large imports (see `importing`), so its inputs and outputs are small and
picklable: document references in, tuples of column values out. Reading, criteria parsing, concept finding
and site lookup all happen here; the importing process only deletes replaced studies and inserts rows.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Protocol

from sqlalchemy import JSON, Date, DateTime, Engine, Table, create_engine, select
from sqlalchemy.pool import NullPool

from finder.criteria.model import inclusion_diagnoses
from finder.criteria.parse import PARSER_VERSION
from finder.registry.errors import RegistryError
from finder.registry.records import StudyRecord
from finder.registry.sources import DocumentRef, studies_in
from finder.store import enrich, rows
from finder.store.models import TRIALS

TRIAL_COLUMNS: tuple[str, ...] = tuple(c.name for c in TRIALS.columns if c.name != "id")
# A location row starts with the index of its study in the chunk; the importer swaps in the study's id.
LOCATION_COLUMNS = rows.LOCATION_COLUMNS
_ENCODE_JSON = json.JSONEncoder().encode


class Archives:
    """Open zips, kept across chunks: reading a big zip's directory costs as much as reading a hundred of its
    members, so each process reads it once. Keyed by path, size and change time, so a replaced file is
    opened afresh."""

    def __init__(self) -> None:
        self._open: dict[tuple[str, int, int], zipfile.ZipFile] = {}

    def get(self, path: str) -> zipfile.ZipFile:
        stat = os.stat(path)
        key = (path, stat.st_size, stat.st_mtime_ns)
        archive = self._open.get(key)
        if archive is None:
            archive = self._open[key] = zipfile.ZipFile(path)
        return archive

    def close(self) -> None:
        for archive in self._open.values():
            archive.close()
        self._open.clear()


# One per process: the importing process closes it when an import ends; a worker's goes with the worker.
ARCHIVES = Archives()


class StudySource(Protocol):
    """One unit of input: read whole, or not at all."""

    @property
    def name(self) -> str: ...

    def read(self, archives: Archives) -> Iterable[StudyRecord]: ...


@dataclass(frozen=True, slots=True)
class DocumentSource:
    """A registry document (file or zip member)."""

    ref: DocumentRef

    @property
    def name(self) -> str:
        return self.ref.name

    def read(self, archives: Archives) -> Iterable[StudyRecord]:
        archive = archives.get(self.ref.path) if self.ref.member is not None else None
        return studies_in(self.ref.load(archive))


@dataclass(frozen=True, slots=True)
class BadFile:
    path: str
    message: str


@dataclass(slots=True)
class Prepared:
    """Rows of one chunk. `trials[i]` follows TRIAL_COLUMNS and belongs to `nct_ids[i]`; location and concept
    rows (both kinds) start with that index i."""

    nct_ids: list[str] = field(default_factory=list)
    trials: list[tuple[Any, ...]] = field(default_factory=list)
    locations: list[tuple[Any, ...]] = field(default_factory=list)
    concepts: list[tuple[int, str]] = field(default_factory=list)
    eligibility_concepts: list[tuple[int, str]] = field(default_factory=list)  # inclusion_diagnoses
    duplicates: int = 0  # earlier copies of a study met again later in the same chunk
    bad: list[BadFile] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StoredCriteria:
    """Criteria already in the store, parsed by this parser version, for studies imported again.

    Registry downloads are mostly the same studies month after month, and parsing criteria is most of an
    import's work; a study whose eligibility text is unchanged keeps what the store holds. Worker processes
    each open their own connection from the store's URL, used only to read. Through it they see the store
    as it was before this import (its changes are not committed yet), so what is reused was parsed from the
    same text by an earlier import with the same PARSER_VERSION.
    """

    url: str = field(repr=False)  # only the URL goes to a worker; it may hold a password

    def find(self, nct_ids: list[str]) -> dict[str, tuple[str | None, list[Any]]]:
        """NCT id -> (eligibility text, parsed criteria) of the stored studies parsed by this version."""
        found: dict[str, tuple[str | None, list[Any]]] = {}
        if not nct_ids:
            return found
        query = select(TRIALS.c.nct_id, TRIALS.c.eligibility_text, TRIALS.c.criteria_json).where(
            TRIALS.c.nct_id.in_(nct_ids), TRIALS.c.parser_version == PARSER_VERSION
        )
        with _reader(self.url).connect() as connection:
            for nct_id, text, criteria in connection.execute(query):
                if criteria is not None:
                    found[nct_id] = (text, criteria)
        return found


@lru_cache(maxsize=4)
def _reader(url: str) -> Engine:
    # NullPool: a connection only while a chunk is looked up, so none is held across a fork
    return create_engine(url, poolclass=NullPool)


def close_readers() -> None:
    """Forget the engines (and the URLs they hold) this process made for StoredCriteria."""
    _reader.cache_clear()


def prepare_sources(
    sources: list[StudySource],
    *,
    imported_at: datetime,
    sqlite_ready: bool,
    skip_bad: bool,
    stored: StoredCriteria | None = None,
) -> Prepared:
    """Read and analyse a chunk of documents. A bad one raises RegistryError, or with `skip_bad` is listed
    and left out whole (it is read completely before any of its studies is kept)."""
    bad: list[BadFile] = []
    with collector_paused():
        records = list(_read(sources, ARCHIVES, bad if skip_bad else None))
        prepared = prepare_records(records, imported_at=imported_at, sqlite_ready=sqlite_ready, stored=stored)
    prepared.bad = bad
    return prepared


@contextmanager
def collector_paused() -> Iterator[None]:
    """In an import's worker process, pause the cyclic garbage collector while a chunk is read and parsed.

    Reading and parsing make millions of short-lived objects and next to no reference cycles (5 unreachable
    objects over the whole 4,648-study sample), so the collector's passes over them are wasted: about 9%
    of the parsing time. Reference counting still frees everything, memory stays bounded by a chunk, and
    what few cycles there are go at the next collection. Only in worker processes: the collector belongs
    to the whole process, and in the app an in-process import runs beside the GUI thread."""
    if multiprocessing.parent_process() is None or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _read(sources: list[StudySource], archives: Archives, bad: list[BadFile] | None) -> Iterator[StudyRecord]:
    for source in sources:
        if bad is None:
            yield from source.read(archives)
            continue
        try:
            found = list(source.read(archives))
        except (RegistryError, OSError, zipfile.BadZipFile) as error:
            bad.append(BadFile(source.name, str(error)))
            continue
        yield from found


def prepare_records(
    records: list[StudyRecord],
    *,
    imported_at: datetime,
    sqlite_ready: bool,
    stored: StoredCriteria | None = None,
) -> Prepared:
    # The last copy of an NCT id wins, as a later chunk replaces an earlier one.
    latest = {record.nct_id: index for index, record in enumerate(records)}
    kept = [records[i] for i in sorted(latest.values())]
    earlier = stored.find([r.nct_id for r in kept]) if stored is not None else {}
    analyses: list[enrich.Analysis] = []
    for r in kept:
        conditions = enrich.concept_text(r)
        same = earlier.get(r.nct_id)
        if same is not None and same[0] == r.eligibility_text:
            analyses.append((same[1], PARSER_VERSION, enrich.concepts_of(conditions, r.brief_title)))
        else:
            analyses.append(enrich.analyse(r.eligibility_text, conditions, r.brief_title))
    trial_values = _converter(TRIALS, TRIAL_COLUMNS, sqlite_ready)
    encode_contacts = _ENCODE_JSON if sqlite_ready else _same
    out = Prepared(duplicates=len(records) - len(kept))
    for index, (record, (criteria, version, concepts)) in enumerate(zip(kept, analyses, strict=True)):
        out.nct_ids.append(record.nct_id)
        row = rows.trial_row(record, imported_at=imported_at, criteria_json=criteria, parser_version=version)
        out.trials.append(trial_values(row))
        out.locations.extend(
            rows.location_values(index, position, site, None, encode_contacts)
            for position, site in enumerate(record.locations)
        )
        out.concepts.extend((index, concept) for concept in concepts)
        out.eligibility_concepts.extend((index, concept) for concept in inclusion_diagnoses(criteria))
    return out


def _converter(table: Table, columns: tuple[str, ...], sqlite_ready: bool) -> Any:
    """row dict -> tuple in column order; for SQLite, values already in the form SQLAlchemy stores them in
    (JSON text, ISO dates), so the importer can hand them to the driver without per-row processing."""
    if not sqlite_ready:
        return lambda row: tuple(row[c] for c in columns)
    kinds = {c.name: c.type for c in table.columns}
    steps: list[tuple[str, Any]] = []
    for name in columns:
        kind = kinds[name]
        if isinstance(kind, JSON):
            steps.append((name, _json_text))
        elif isinstance(kind, DateTime):
            steps.append((name, _datetime_text))
        elif isinstance(kind, Date):
            steps.append((name, _date_text))
        else:
            steps.append((name, None))
    return lambda row: tuple(row[n] if f is None else f(row[n]) for n, f in steps)


def _same(value: Any) -> Any:
    return value


def _json_text(value: Any) -> str | None:
    return None if value is None else _ENCODE_JSON(value)


def _date_text(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _datetime_text(value: datetime | None) -> str | None:
    # SQLAlchemy's SQLite DATETIME storage format, microseconds always present.
    return None if value is None else value.strftime("%Y-%m-%d %H:%M:%S.%f")


_CITY, _STATE, _POSTAL, _COUNTRY, _LAT, _ORIGIN = (
    LOCATION_COLUMNS.index(name)
    for name in ("city", "state", "postal_code", "country", "latitude", "coordinates_from")
)


def fill_coordinates(locations: list[tuple[Any, ...]]) -> None:
    """Give sites the registry left without coordinates a point from `finder.places`, in place.

    Done by the importing process, not the workers: the place tables take a few hundred MB, and one copy
    of them (with one cache of the cities already found) is enough."""
    for i, row in enumerate(locations):
        if row[_ORIGIN] is not None or not (row[_CITY] or row[_POSTAL]):
            continue
        found = enrich.site_point(row[_CITY], row[_STATE], row[_POSTAL], row[_COUNTRY])
        if found is not None:
            locations[i] = (*row[:_LAT], found[0], found[1], "places", *row[_ORIGIN + 1 :])
