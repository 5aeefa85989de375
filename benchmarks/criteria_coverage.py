"""How much of the registry's criteria text the parser understands, and how fast.

Usage: python benchmarks/criteria_coverage.py [--data DIR] [--limit N] [--show-other N]

Reads every study's eligibility text from the classic XML sample and the API v2 JSON files in ../shared/data
(nothing is copied), parses it, and prints: the share of items understood (kind other than `other`; target
>= 80%), items per study, parse time per study (median, p95, max), how often a reader raised and the text or
item was kept as written instead (the parser never fails, so these would otherwise go unseen), and a per-kind
table with how many items carry a rule and how many are confident.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import random
import re
import statistics
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if importlib.util.find_spec("finder") is None:  # not installed: run from the checkout
    sys.path.insert(0, str(REPO))

import finder  # noqa: E402
from finder.criteria import parser_is_compiled  # noqa: E402
from finder.criteria.model import Criterion, Kind  # noqa: E402
from finder.criteria.parse import PARSER_VERSION, parse_eligibility  # noqa: E402

_CRITERIA_RE = re.compile(r"<criteria>\s*<textblock>(.*?)</textblock>", re.S)


def classic_texts(data: Path) -> Iterator[tuple[str, str]]:
    import html

    path = data / "ctgov-classic-xml-sample.zip"
    if not path.exists():
        return
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not name.endswith(".xml"):
                continue
            raw = z.read(name).decode("utf-8", "replace")
            m = _CRITERIA_RE.search(raw)  # a flat <textblock> read is enough for a benchmark
            if m:
                yield Path(name).stem, html.unescape(m.group(1))


def _walk(obj: object) -> Iterator[tuple[str, str]]:
    if isinstance(obj, dict):
        ps = obj.get("protocolSection")
        if isinstance(ps, dict):
            nct = ps.get("identificationModule", {}).get("nctId")
            text = ps.get("eligibilityModule", {}).get("eligibilityCriteria")
            if nct and text:
                yield nct, text
            return
        for v in obj.values():
            yield from _walk(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _walk(v)


def v2_texts(data: Path) -> Iterator[tuple[str, str]]:
    root = data / "ctgov-v2"
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*.json")):
        yield from _walk(json.loads(path.read_text("utf-8")))
    for path in sorted(root.rglob("*.zip")):
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.endswith(".json"):
                    yield from _walk(json.loads(z.read(name)))


def flatten(criteria: tuple[Criterion, ...]) -> list[Criterion]:
    """Top-level criteria; the criteria of one item (same text, in a row) count once, by the first kind."""
    out: list[Criterion] = []
    for c in criteria:
        if out and out[-1].text == c.text:
            continue
        out.append(c)
    return out


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class FallbackCount(logging.Handler):
    """Counts the parser's fallbacks by where they happened ("split", "item", "facts")."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.counts: Counter[str] = Counter()
        self.examples: dict[str, str] = {}

    def emit(self, record: logging.LogRecord) -> None:
        where = str(record.msg).split(":", 1)[0]
        self.counts[where] += 1
        if where not in self.examples and record.exc_info and record.exc_info[1] is not None:
            self.examples[where] = f"{type(record.exc_info[1]).__name__}: {record.getMessage()}"


def run(name: str, texts: list[tuple[str, str]], show_other: int) -> None:
    fallbacks = FallbackCount()
    log = logging.getLogger("finder.criteria.fallback")
    level, propagate = log.level, log.propagate
    log.addHandler(fallbacks)
    log.setLevel(logging.DEBUG)
    log.propagate = False
    try:
        _run(name, texts, show_other, fallbacks)
    finally:
        log.removeHandler(fallbacks)
        log.setLevel(level)
        log.propagate = propagate


def _run(name: str, texts: list[tuple[str, str]], show_other: int, fallbacks: FallbackCount) -> None:
    times: list[float] = []
    items_per: list[int] = []
    kinds: Counter[str] = Counter()
    ruled: Counter[str] = Counter()
    unsure: Counter[str] = Counter()
    others: list[str] = []
    total = understood = 0
    for _nct, text in texts:
        t0 = time.perf_counter()
        crit = parse_eligibility(text)
        times.append((time.perf_counter() - t0) * 1000)
        items = flatten(crit)
        items_per.append(len(items))
        for c in crit:
            kinds[c.kind.value] += 1
            if c.rule is not None:
                ruled[c.kind.value] += 1
            if not c.confident:
                unsure[c.kind.value] += 1
        for c in items:
            total += 1
            if c.kind is not Kind.OTHER:
                understood += 1
            else:
                others.append(c.text)
    build = "compiled with mypyc" if parser_is_compiled() else "pure Python"
    build += f", from {Path(finder.__file__).parent}"
    print(f"\n== {name}: {len(texts)} studies, {total} items (parser version {PARSER_VERSION}, {build})")
    if not total:
        return
    print(f"understood (kind != other): {understood / total:.1%}  ({understood}/{total}; target >= 80%)")
    print(
        f"items per study: median {statistics.median(items_per):.0f}, p95 {pct(items_per, 0.95):.0f}, "
        f"max {max(items_per)}"
    )
    print(
        f"parse time per study: median {statistics.median(times):.2f} ms, p95 {pct(times, 0.95):.2f} ms, "
        f"max {max(times):.2f} ms, total {sum(times) / 1000:.2f} s"
    )
    counts = fallbacks.counts
    print(
        f"kept as written after a reader raised: {counts['split']} whole texts, {counts['item']} items, "
        f"{counts['facts']} items' facts"
    )
    for where, example in sorted(fallbacks.examples.items()):
        print(f"  first {where} fallback: {example[:200]}")
    print(f"{'kind':<16}{'criteria':>9}{'with rule':>11}{'unsure':>8}")
    for kind in Kind:
        k = kind.value
        print(f"{k:<16}{kinds[k]:>9}{ruled[k]:>11}{unsure[k]:>8}")
    if show_other:
        random.seed(0)
        for text in random.sample(others, min(show_other, len(others))):
            print("  OTHER:", text[:160].replace("\n", " "))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--limit", type=int, default=0, help="only the first N studies of each source")
    parser.add_argument("--show-other", type=int, default=0, help="print N random items left as `other`")
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"no registry sample at {args.data}")
    for name, source in (("classic XML sample", classic_texts), ("API v2 JSON", v2_texts)):
        texts = list(source(args.data))
        if args.limit:
            texts = texts[: args.limit]
        run(name, texts, args.show_other)


if __name__ == "__main__":
    main()
