"""Registry reading speed: studies/s for `read_studies` (parse + map to StudyRecord) beside `parse_only` (the
same parsers, no StudyRecord), over the real samples in ../shared/data. One process, one core.

The figures are the best of --runs runs (other work on the machine only ever slows a run down). The import
benchmark in the store adds writing on top of this; this is the reading floor it compares against.

Run: .venv/bin/python benchmarks/registry_read.py [--runs 3] [PATH ...]
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from finder.registry.sources import parse_only, read_studies  # noqa: E402

DATA = REPO.parent / "shared" / "data"
DEFAULT_PATHS = [
    DATA / "ctgov-classic-xml-sample.zip",
    DATA / "ctgov-v2" / "bulk-download-urology.zip",
    DATA / "ctgov-v2",  # its *.json files and folder (a folder's zips are not opened)
]


def _best(runs: int, work: Callable[[], int]) -> tuple[float, float, int]:
    """Best wall time, best CPU time of this process, and the count. CPU time is printed too because on a
    shared machine the wall clock also measures everyone else's work."""
    wall, cpu, count = float("inf"), float("inf"), 0
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        count = work()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu, count


def _read_all(path: Path) -> int:
    return sum(1 for _ in read_studies([path]))


def _peak_mb(path: Path) -> float:
    tracemalloc.start()
    for _ in read_studies([path]):
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="*", type=Path, default=DEFAULT_PATHS)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for path in args.paths:
        if not path.exists():
            print(f"{path}: not found, skipped")
            continue
        read_s, read_cpu, studies = _best(args.runs, partial(_read_all, path))
        parse_s, parse_cpu, parsed = _best(args.runs, partial(parse_only, [path]))
        assert parsed == studies
        print(
            f"{path.name}: {studies} studies\n"
            f"  read_studies {studies / read_s:,.0f}/s wall ({read_s:.2f} s), "
            f"{studies / read_cpu:,.0f}/s of CPU ({read_cpu:.2f} s)\n"
            f"  parse_only   {studies / parse_s:,.0f}/s wall ({parse_s:.2f} s), "
            f"{studies / parse_cpu:,.0f}/s of CPU ({parse_cpu:.2f} s)\n"
            f"  read/parse {read_s / parse_s:.2f}x; peak Python memory while reading {_peak_mb(path):.0f} MB"
        )


if __name__ == "__main__":
    main()
