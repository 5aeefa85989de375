"""Registry files -> trial store, in one transaction, streaming, on every core.

Documents are listed lazily and grouped in chunks. Each chunk is read, parsed and turned into rows by
`finder.store.prepare` (in worker processes when the import is large enough to pay for them) while this
process writes the previous chunks: a study already in the store (same NCT id) is deleted, then the rows go
in with bulk inserts. Only a few chunks are alive at a time, so memory does not grow with the import.

The whole import sits in a SAVEPOINT: a bad file raises `RegistryError` and leaves the store exactly as it
was, whatever the caller then does with its session.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os
import threading
import time
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from itertools import chain, islice
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, delete, func, insert, select
from sqlalchemy.orm import Session

from finder.criteria.parse import PARSER_VERSION
from finder.registry.errors import RegistryError
from finder.registry.records import StudyRecord
from finder.registry.sources import folder_parts, iter_document_refs
from finder.store.models import LOCATIONS, TRIAL_CONCEPTS, TRIAL_ELIGIBILITY_CONCEPTS, TRIALS
from finder.store.prepare import (
    ARCHIVES,
    LOCATION_COLUMNS,
    TRIAL_COLUMNS,
    BadFile,
    DocumentSource,
    Prepared,
    StoredCriteria,
    StudySource,
    close_readers,
    fill_coordinates,
    prepare_records,
    prepare_sources,
)

Progress = Callable[[int], None]  # called with the number of studies written so far
CHUNK_DOCUMENTS = 200  # documents per chunk: enough to amortise a round trip to a worker
CHUNK_BYTES = 2 * 1024 * 1024  # ...and at most this much registry text, whatever the documents hold
CHUNK_RECORDS = 500  # studies per chunk when they come already read (import_records)
IN_FLIGHT_PER_WORKER = 3  # chunks submitted and not yet written, per worker process

__all__ = ["BadFile", "ImportReport", "Progress", "import_paths", "import_records", "import_sources"]


@dataclass(frozen=True, slots=True)
class ImportReport:
    """`imported`: studies written; `replaced`: of those, how many replaced a study with the same NCT id
    (already stored, or met earlier in the same import); `skipped`: bad documents left out (skip_bad only),
    listed in `bad_files`."""

    imported: int
    replaced: int
    skipped: int
    bad_files: tuple[BadFile, ...]
    seconds: float

    @property
    def rate(self) -> float:
        return self.imported / self.seconds if self.seconds > 0 else 0.0


def import_paths(
    session: Session,
    paths: Sequence[str | Path],
    *,
    skip_bad: bool = False,
    progress: Progress | None = None,
    workers: int | None = None,
) -> ImportReport:
    """Import registry files, folders and zips (API v2 JSON, classic XML) in one transaction.

    Without `skip_bad` the first bad document raises `RegistryError` and nothing is written. With it, a bad
    document (a file or zip member; a whole path when it cannot even be listed) is left out and listed.
    """
    listing_errors: list[BadFile] = []
    sources = _sources([Path(p) for p in paths], listing_errors if skip_bad else None)
    return import_sources(
        session, sources, skip_bad=skip_bad, progress=progress, workers=workers, bad=listing_errors
    )


def import_sources(
    session: Session,
    sources: Iterable[StudySource],
    *,
    skip_bad: bool = False,
    progress: Progress | None = None,
    workers: int | None = None,
    bad: list[BadFile] | None = None,
) -> ImportReport:
    """Import from any study sources (registry documents, or e.g. the replicated ones of a benchmark)."""
    writer = _Writer(session, progress, bad)
    prepare = partial(
        prepare_sources,
        imported_at=writer.imported_at,
        sqlite_ready=writer.sqlite,
        skip_bad=skip_bad,
        stored=writer.stored_criteria(),
    )
    chunks = _document_chunks(iter(sources))
    try:
        with session.begin_nested():  # SAVEPOINT: an error undoes this import, not the caller's other work
            writer.run(chunks, prepare, _default_workers() if workers is None else workers)
    finally:
        ARCHIVES.close()  # the zips this process read (worker processes close theirs as they end)
        close_readers()  # and the connections it opened to look up stored criteria
    return writer.report()


def import_records(
    session: Session, records: Iterable[StudyRecord], *, progress: Progress | None = None
) -> ImportReport:
    """Import studies already read, in this process; all or nothing."""
    writer = _Writer(session, progress, None)
    prepare = partial(prepare_records, imported_at=writer.imported_at, sqlite_ready=writer.sqlite)
    with session.begin_nested():
        writer.run(_record_chunks(iter(records)), prepare, 0)
    return writer.report()


def _sources(paths: list[Path], listing_errors: list[BadFile] | None) -> Iterator[StudySource]:
    """Every document under paths. With `listing_errors`, a path that cannot be listed (a zip with `../`
    members, a folder without studies) is recorded there and skipped instead of ending the import; in a
    folder, each zip and file is such a path on its own, so one broken zip does not cost the rest."""
    for given in paths:
        parts = (folder_parts(given) or [given]) if given.is_dir() else [given]
        for path in parts:
            refs = iter_document_refs([path])
            while True:
                try:
                    ref = next(refs, None)
                except RegistryError as error:
                    if listing_errors is None:
                        raise
                    listing_errors.append(BadFile(str(path), str(error)))
                    break
                if ref is None:
                    break
                yield DocumentSource(ref)


def _document_chunks(sources: Iterator[StudySource]) -> Iterator[list[StudySource]]:
    sizes = _SizeOf()
    try:
        chunk: list[StudySource] = []
        weight = 0
        for source in sources:
            chunk.append(source)
            weight += sizes(source)
            if len(chunk) >= CHUNK_DOCUMENTS or weight >= CHUNK_BYTES:
                yield chunk
                chunk, weight = [], 0
        if chunk:
            yield chunk
    finally:
        sizes.close()


class _SizeOf:
    """Bytes of a document without reading it (file size, or a zip member's size from the zip directory)."""

    def __init__(self) -> None:
        self._zips: dict[str, zipfile.ZipFile] = {}

    def __call__(self, source: StudySource) -> int:
        if not isinstance(source, DocumentSource):
            return 0
        ref = source.ref
        try:
            if ref.member is None:
                return os.path.getsize(ref.path)
            archive = self._zips.get(ref.path)
            if archive is None:
                archive = self._zips[ref.path] = zipfile.ZipFile(ref.path)
            return archive.getinfo(ref.member).file_size
        except (OSError, KeyError, zipfile.BadZipFile):
            return 0  # the reader will say what is wrong with it

    def close(self) -> None:
        for archive in self._zips.values():
            archive.close()


def _record_chunks(records: Iterator[StudyRecord]) -> Iterator[list[StudyRecord]]:
    while chunk := list(islice(records, CHUNK_RECORDS)):
        yield chunk


class _Writer:
    def __init__(self, session: Session, progress: Progress | None, bad: list[BadFile] | None) -> None:
        self.session = session
        self.connection: Connection = session.connection()
        self.sqlite = self.connection.dialect.name == "sqlite"
        self.progress = progress
        self.bad = bad if bad is not None else []
        self.imported_at = datetime.now(UTC).replace(tzinfo=None)
        self.started = time.perf_counter()
        self.written = 0
        self.replaced = 0

    def stored_criteria(self) -> StoredCriteria | None:
        """Where workers may find criteria parsed by an earlier import: None when the store holds none of
        this parser version, cannot be opened a second time (an in-memory SQLite store), or is a SQLite file
        not in WAL mode."""
        url = self.connection.engine.url
        if url.get_backend_name() == "sqlite":
            if url.database in (None, "", ":memory:"):
                return None
            # Only in WAL mode may another connection read while this one writes: in rollback-journal mode
            # (a network drive cannot do WAL) the importer holds the file locked once its page cache spills.
            mode = self.connection.exec_driver_sql("PRAGMA journal_mode").scalar()
            if str(mode).lower() != "wal":
                return None
            url = url.set(database=str(Path(url.database).expanduser().resolve()))  # workers may cd elsewhere
        held = self.connection.scalar(
            select(TRIALS.c.id).where(TRIALS.c.parser_version == PARSER_VERSION).limit(1)
        )
        return None if held is None else StoredCriteria(url.render_as_string(hide_password=False))

    def report(self) -> ImportReport:
        seconds = time.perf_counter() - self.started
        return ImportReport(self.written, self.replaced, len(self.bad), tuple(self.bad), seconds)

    def run(self, chunks: Iterator[Any], prepare: Callable[[Any], Prepared], workers: int) -> None:
        head = list(islice(chunks, 2))
        stream = chain(head, chunks)
        if len(head) < 2 or workers < 1:
            # A small import: a worker process would cost more than it saves.
            for chunk in stream:
                self.write(prepare(chunk))
            return
        with ProcessPoolExecutor(max_workers=workers, mp_context=_process_context()) as pool:
            # A few chunks per worker in flight: memory stays bounded (a chunk's rows are a few MB), and the
            # workers keep parsing while this process is busy for seconds at a time (the first sites of a
            # country build its place tables), instead of waiting for it to take their results.
            pending: deque[Future[Prepared]] = deque()
            try:
                for chunk in stream:
                    pending.append(pool.submit(prepare, chunk))
                    if len(pending) > IN_FLIGHT_PER_WORKER * workers:
                        self.write(pending.popleft().result())
                while pending:
                    self.write(pending.popleft().result())
            except BaseException:
                for future in pending:
                    future.cancel()
                raise

    def write(self, chunk: Prepared) -> None:
        self.bad.extend(chunk.bad)
        if not chunk.nct_ids:
            return
        fill_coordinates(chunk.locations)
        self.replaced += chunk.duplicates + self._delete(chunk.nct_ids)
        ids = self._insert_trials(chunk.trials)
        locations = [(ids[row[0]], *row[1:]) for row in chunk.locations]
        concepts = [(ids[index], concept) for index, concept in chunk.concepts]
        named = [(ids[index], concept) for index, concept in chunk.eligibility_concepts]
        self._insert(LOCATIONS, LOCATION_COLUMNS, locations)
        self._insert(TRIAL_CONCEPTS, ("trial_id", "concept_id"), concepts)
        self._insert(TRIAL_ELIGIBILITY_CONCEPTS, ("trial_id", "concept_id"), named)
        self.written += chunk.duplicates + len(chunk.nct_ids)
        if self.progress is not None:
            self.progress(self.written)

    def _delete(self, nct_ids: list[str]) -> int:
        """Remove stored studies with these NCT ids (children first, so it does not depend on the backend
        enforcing ON DELETE CASCADE); returns how many there were."""
        replaced = select(TRIALS.c.id).where(TRIALS.c.nct_id.in_(nct_ids)).scalar_subquery()
        found = self.connection.scalar(select(func.count()).where(TRIALS.c.nct_id.in_(nct_ids))) or 0
        if found:
            for table in (TRIAL_CONCEPTS, TRIAL_ELIGIBILITY_CONCEPTS, LOCATIONS):
                self.connection.execute(delete(table).where(table.c.trial_id.in_(replaced)))
            self.connection.execute(delete(TRIALS).where(TRIALS.c.nct_id.in_(nct_ids)))
        return found

    def _insert_trials(self, trials: list[tuple[Any, ...]]) -> list[int]:
        if self.sqlite:
            # One writer holds SQLite's lock for the whole transaction, so the next ids are ours to assign;
            # the rows are already in storage form and go straight to the driver.
            first = (self.connection.scalar(select(func.max(TRIALS.c.id))) or 0) + 1
            ids = list(range(first, first + len(trials)))
            self._insert(
                TRIALS, ("id", *TRIAL_COLUMNS), [(i, *row) for i, row in zip(ids, trials, strict=True)]
            )
            return ids
        statement = insert(TRIALS).returning(TRIALS.c.id, sort_by_parameter_order=True)
        result = self.connection.execute(
            statement, [dict(zip(TRIAL_COLUMNS, row, strict=True)) for row in trials]
        )
        return list(result.scalars())

    def _insert(self, table: Table, columns: tuple[str, ...], values: list[tuple[Any, ...]]) -> None:
        if not values:
            return
        if self.sqlite:
            marks = ", ".join("?" * len(columns))
            names = ", ".join(f'"{c}"' for c in columns)
            self.connection.exec_driver_sql(f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', values)
            return
        self.connection.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in values])


def _process_context() -> multiprocessing.context.BaseContext:
    # fork starts workers at once and shares the loaded parser; but forking a process that runs other
    # threads (the Qt app) can deadlock a child on a lock held elsewhere, so then start them fresh.
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _default_workers() -> int:
    # Reading and parsing is most of the work; this process's writing is light, so one worker per core.
    return max(1, min(8, os.cpu_count() or 1))
