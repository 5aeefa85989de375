"""Streaming import of 200,000 studies: REPLICATED data, clearly labelled.

There is no 200,000-study download beside the repo, so the 4,648-study classic XML sample is read again and
again, each pass giving every study a NEW, synthetic NCT id (NCT9xxxxxxx: pass k, original number n ->
90,000,000 + k * 10,000 + n) and a source saying "REPLICATED copy k of ...". Nothing is expanded on disk:
the copies are made on the fly, inside the import's own stream, so this measures that memory stays flat
while the store grows. Prints the rate and the peak RSS of the importer and of its largest worker.
The replicated copies do not flatter the rate through the parser's memo: it keeps the last 8,192 items per
process (boilerplate such as "Pregnant or breastfeeding" recurs within a few studies), while one pass over
the sample is about 82,000 items, so an item's next copy comes long after it was forgotten. Site lookups
are memoised by place, as in any import.
Target (issue 2): peak memory under 500 MB.

Run: .venv/bin/python benchmarks/import_200k.py [--studies 200000] [--workers N] [--db URL]
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import itertools
import resource
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if importlib.util.find_spec("finder") is None:  # not installed: run from the checkout
    sys.path.insert(0, str(REPO))

import finder  # noqa: E402
from finder.criteria import parser_is_compiled  # noqa: E402
from finder.registry.records import StudyRecord  # noqa: E402
from finder.registry.sources import DocumentRef, iter_document_refs, studies_in  # noqa: E402
from finder.store.database import open_store  # noqa: E402
from finder.store.importing import import_sources  # noqa: E402
from finder.store.prepare import Archives  # noqa: E402
from finder.store.read import store_stats  # noqa: E402

SAMPLE = REPO.parent / "shared" / "data" / "ctgov-classic-xml-sample.zip"


@dataclass(frozen=True, slots=True)
class ReplicaSource:
    """Copy `copy` of one sample document, with a new NCT id. Picklable: read in a worker like any other."""

    ref: DocumentRef
    copy: int

    @property
    def name(self) -> str:
        return f"REPLICATED copy {self.copy} of {self.ref.name}"

    def read(self, archives: Archives) -> Iterable[StudyRecord]:
        archive = archives.get(self.ref.path) if self.ref.member is not None else None
        for record in studies_in(self.ref.load(archive)):
            number = 90_000_000 + self.copy * 10_000 + int(record.nct_id[3:]) % 10_000
            yield dataclasses.replace(record, nct_id=f"NCT{number:08d}", source=self.name)


def replicas(sample: Path, studies: int) -> Iterator[ReplicaSource]:
    refs = list(iter_document_refs([sample]))  # a few hundred kB of names; the documents are read later
    stream = (ReplicaSource(ref, copy) for copy in itertools.count() for ref in refs)
    return itertools.islice(stream, studies)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--studies", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: one per core)")
    parser.add_argument("--db", help="SQLAlchemy URL of an EMPTY store (default: SQLite in a temp folder)")
    args = parser.parse_args()
    if not SAMPLE.exists():
        print(f"sample not found: {SAMPLE}", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{folder}/bench200k.sqlite3"
        store = open_store(url, seed=False)
        last = [time.perf_counter(), 0]

        def progress(done: int) -> None:
            now = time.perf_counter()
            if now - last[0] >= 30:
                rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                rate = (done - last[1]) / (now - last[0])
                print(f"  ... {done:>9,} studies, {rate:7,.0f}/s, peak {rss:.0f} MB", flush=True)
                last[:] = [now, done]

        print(f"REPLICATED DATA: {args.studies:,} studies made on the fly from {SAMPLE.name} with new ids")
        build = "compiled with mypyc" if parser_is_compiled() else "pure Python"
        print(f"  criteria parser       {build}, from {Path(finder.__file__).parent}")
        started = time.perf_counter()
        with store.session() as session:
            sources = replicas(SAMPLE, args.studies)
            report = import_sources(session, sources, progress=progress, workers=args.workers)
        seconds = time.perf_counter() - started
        with store.session() as session:
            total = store_stats(session).total
        size = sum(f.stat().st_size for f in Path(folder).iterdir()) / 1e6
        store.close()

    print(f"  studies imported      {report.imported:>9,}  (store now holds {total:,})")
    print(f"  import                {seconds:9.1f} s   {report.imported / seconds:9,.0f} studies/s")
    print(f"  store size            {size:9.1f} MB" + ("" if not args.db else " (SQLite temp folder unused)"))
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"  peak RSS importer     {self_mb:9.1f} MB   (target < 500 MB)")
    print(f"  peak RSS of a worker  {child_mb:9.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
