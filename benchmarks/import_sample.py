"""Import speed: the 4,648-study classic XML sample into a fresh SQLite store, beside the parse-only floor.

Prints studies/s of the whole import (read, parse criteria, find concepts and site coordinates, write,
commit), the parse-only floor (`finder.registry.sources.parse_only`: the same XML parser, no StudyRecord,
one core, with the cyclic garbage collector paused as the import's readers have it) and their ratio, the
CPU time the import used in all its processes (on a shared machine the wall time also counts other
people's work; CPU time does not), then where a study's time goes (per-study costs of
each step, one core), and peak memory of the importing process and of its largest worker.
The place index (finder.place_index) is built once per machine, by the first import or the first start;
when this machine has none yet it is built before the import, timed on its own line, and the importer's
peak memory then includes that build.
Targets (issue 2): >= 2,000 studies/s, and within 3x of the floor.
It prints which criteria parser ran: pure Python (a checkout, an editable install) or compiled with mypyc (a
TRIAL_FINDER_MYPYC=1 wheel; run this script with the Python of the environment that wheel went into).

Run: .venv/bin/python benchmarks/import_sample.py [--workers N] [PATH ...]
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import itertools
import json
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if importlib.util.find_spec("finder") is None:  # not installed: run from the checkout
    sys.path.insert(0, str(REPO))

from finder.criteria import parser_is_compiled  # noqa: E402
from finder.place_index import index_path, place_index  # noqa: E402
from finder.registry.records import Location, StudyRecord  # noqa: E402
from finder.registry.sources import parse_only, read_studies  # noqa: E402
from finder.store import enrich, prepare, rows  # noqa: E402
from finder.store.database import open_store  # noqa: E402
from finder.store.importing import import_paths  # noqa: E402
from finder.store.models import TRIALS  # noqa: E402

NOW = datetime.now(UTC).replace(tzinfo=None)
TRIAL_VALUES = prepare._converter(TRIALS, prepare.TRIAL_COLUMNS, True)  # the importer's own row converter
ENCODE = json.JSONEncoder().encode
SAMPLE = REPO.parent / "shared" / "data" / "ctgov-classic-xml-sample.zip"


def parser_build() -> str:
    import finder

    build = "compiled with mypyc (TRIAL_FINDER_MYPYC=1 build)" if parser_is_compiled() else "pure Python"
    return f"{build}, from {Path(finder.__file__).parent}"


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: kB


def cpu_seconds() -> float:
    """User + system CPU of this process and of the (ended) worker processes it waited for."""
    me, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + workers.ru_utime + workers.ru_stime


def _locate(site: Location) -> object:
    return enrich.site_point(site.city, site.state, site.postal_code, site.country)


def step_costs(paths: list[Path], count: int = 1000) -> None:
    """Milliseconds per study of each step, one core, over the first `count` studies: where the import's
    CPU goes (the rest is moving rows between processes and writing them)."""
    started = time.process_time()
    records = list(itertools.islice(read_studies(paths), count))
    reading = time.process_time() - started
    enrich.analyse("Inclusion Criteria:\n- Age 1 to 12 years", "neuroblastoma")  # load before timing
    parsed = {r.nct_id: enrich.parse_criteria(r.eligibility_text) for r in records[:1]}
    print(f"  {'reading, typed records':<22} {reading / len(records) * 1000:7.2f} ms/study")
    for name, step in (
        (
            "criteria parsing",
            lambda r: parsed.__setitem__(r.nct_id, enrich.parse_criteria(r.eligibility_text)),
        ),
        ("diagnosis concepts", lambda r: enrich.concepts_of(enrich.concept_text(r), r.brief_title)),
        ("site coordinates", lambda r: [_locate(s) for s in r.locations if s.latitude is None]),
        ("rows", lambda r: _rows(r, parsed[r.nct_id])),
    ):
        started = time.process_time()
        for record in records:
            step(record)
        per_study = (time.process_time() - started) / len(records) * 1000
        print(f"  {name:<22} {per_study:7.2f} ms/study")
    print(f"  (first {len(records)} studies, one core, CPU time)")


def _rows(record: StudyRecord, criteria: tuple[list[dict[str, object]], int | None]) -> object:
    """The trial row and site rows of one study in SQLite storage form, as prepare_records makes them."""
    row = rows.trial_row(record, imported_at=NOW, criteria_json=criteria[0], parser_version=criteria[1])
    sites = [rows.location_values(0, i, s, None, ENCODE) for i, s in enumerate(record.locations)]
    return TRIAL_VALUES(row), sites


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[SAMPLE])
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: one per core)")
    args = parser.parse_args()
    paths: list[Path] = args.paths
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"not found: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2

    # The place index is built once per machine (the first import or first start), not per import: build
    # it first if missing, and say so, so that the import figure is the one every later import sees.
    had_index = index_path().is_file()
    started = time.perf_counter()
    place_index()
    index_seconds = time.perf_counter() - started

    gc.disable()  # as the import's workers read their chunks (finder.store.prepare.collector_paused)
    try:
        started = time.perf_counter()
        floor_count = parse_only(paths)
        floor = time.perf_counter() - started
    finally:
        gc.enable()

    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{folder}/bench.sqlite3", seed=False)
        cpu_before = cpu_seconds()
        started = time.perf_counter()
        with store.session() as session:  # the commit is part of the timing
            report = import_paths(session, paths, workers=args.workers)
        seconds = time.perf_counter() - started
        cpu = cpu_seconds() - cpu_before
        size = sum(f.stat().st_size for f in Path(folder).iterdir()) / 1e6
        importer_mb, worker_mb = peak_mb(resource.RUSAGE_SELF), peak_mb(resource.RUSAGE_CHILDREN)
        # The same files again into the store that now holds them (a clinic's next download, unchanged):
        # every study is replaced, and keeps the criteria already parsed from the same text.
        started = time.perf_counter()
        with store.session() as session:
            again = import_paths(session, paths, workers=args.workers)
        again_seconds = time.perf_counter() - started
        store.close()

    rate = report.imported / seconds
    print(f"Import of {', '.join(p.name for p in paths)} into a fresh SQLite store")
    print(f"  criteria parser       {parser_build()}")
    print(f"  studies imported      {report.imported:>9,}")
    print(f"  import                {seconds:9.2f} s   {rate:9,.0f} studies/s   (target >= 2,000/s)")
    print(f"  parse-only floor      {floor:9.2f} s   {floor_count / floor:9,.0f} studies/s   (one core)")
    print(f"  import / floor        {seconds / floor:9.2f} x   (target <= 3x)")
    print(f"  CPU time, all procs   {cpu:9.2f} s   {report.imported / cpu:9,.0f} studies per CPU-second")
    print(
        f"  again, same store     {again_seconds:9.2f} s   {again.imported / again_seconds:9,.0f} studies/s"
        f"   ({again.replaced:,} replaced; unchanged criteria kept, not parsed again)"
    )
    print(f"  store size            {size:9.1f} MB")
    if had_index:
        print(f"  place index           already built ({index_path()})")
    else:
        print(f"  place index           built first, once per machine: {index_seconds:.2f} s (not in import)")
    # Of the first import: a worker forked later starts with the (by then larger) importer's pages mapped.
    print(f"  peak RSS importer     {importer_mb:9.1f} MB")
    print(f"  peak RSS of a worker  {worker_mb:9.1f} MB")
    print("Where a study's time goes:")
    step_costs(paths)
    return 0


if __name__ == "__main__":
    sys.exit(main())
