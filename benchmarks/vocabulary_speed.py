"""How fast the vocabulary loads and reads text; how much of the registry sample it understands.

Run: .venv/bin/python benchmarks/vocabulary_speed.py [path/to/shared/data]
Prints figures; asserts nothing.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from defusedxml import ElementTree

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from finder.vocabulary import load_vocabulary  # noqa: E402


def _v2_studies(root: Path) -> Iterator[dict[str, object]]:
    v2 = root / "ctgov-v2"
    for path in sorted(v2.glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        yield from data if isinstance(data, list) else data.get("studies", [data])
    for path in sorted((v2 / "folder-recruiting-india").glob("*.json")):
        yield json.loads(path.read_text("utf-8"))
    with zipfile.ZipFile(v2 / "bulk-download-urology.zip") as z:
        for name in z.namelist():
            if name.endswith(".json"):
                yield json.loads(z.read(name))


def _xml_studies(root: Path) -> Iterator[tuple[list[str], str]]:
    with zipfile.ZipFile(root / "ctgov-classic-xml-sample.zip") as z:
        for name in z.namelist():
            if name.endswith(".xml"):
                study = ElementTree.fromstring(z.read(name))
                terms = [e.text or "" for e in study.findall("condition")]
                terms += [e.text or "" for e in study.findall("condition_browse/mesh_term")]
                yield terms, study.findtext("eligibility/criteria/textblock") or ""


def _best_ms(fn: Callable[[], object], repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "data"
    start = time.perf_counter()
    vocab = load_vocabulary()
    print(f"load: {time.perf_counter() - start:.3f} s, {len(vocab.concepts())} concepts")

    conditions: list[str] = []
    for s in _v2_studies(root):
        ps = s.get("protocolSection") or {}
        conds = (ps.get("conditionsModule") or {}).get("conditions") or []  # type: ignore[union-attr]
        meshes = ((s.get("derivedSection") or {}).get("conditionBrowseModule") or {}).get("meshes") or []  # type: ignore[union-attr]
        conditions.append("\n".join([*conds, *(m["term"] for m in meshes)]))
    mapped = sum(1 for c in conditions if vocab.concepts_in_text(c))
    print(
        f"API v2 studies whose conditions + MeSH terms map to >= 1 concept: {mapped}/{len(conditions)}"
        f" = {mapped / len(conditions):.1%}"
    )
    xml = list(_xml_studies(root))
    mapped_xml = sum(1 for terms, _ in xml if vocab.concepts_in_text("\n".join(terms)))
    print(f"classic XML studies, same: {mapped_xml}/{len(xml)} = {mapped_xml / len(xml):.1%}")

    per_study = []
    for c in conditions:
        start = time.perf_counter()
        vocab.concepts_in_text(c)
        per_study.append(time.perf_counter() - start)
    print(f"concepts_in_text per study's conditions: median {statistics.median(per_study) * 1e6:.0f} us")

    eligibility = [text for _, text in xml if text]
    big = "\n".join(eligibility)[:100_000]
    ms = _best_ms(lambda: vocab.concepts_in_text(big))
    print(f"concepts_in_text on 100 kB of eligibility text: {ms:.1f} ms")
    print(f"treatments_in_text on 100 kB: {_best_ms(lambda: vocab.treatments_in_text(big)):.1f} ms")
    items = [line for text in eligibility[:300] for line in text.splitlines() if line.strip()]
    start = time.perf_counter()
    for item in items:
        vocab.concepts_in_text(item)
        vocab.treatments_in_text(item)
    each = (time.perf_counter() - start) / len(items) * 1e6
    print(f"one criterion line (concepts + treatments): {each:.0f} us on average over {len(items)} lines")
    typed = [
        "nueroblastoma",
        "acute myelogenous leukemia",
        "medulloblastma",
        "brain tumour",
        "banana",
        "白血病",
    ]
    print(f"resolve: {_best_ms(lambda: [vocab.resolve(t) for t in typed]) / len(typed):.2f} ms per answer")
    prefixes = ["n", "ne", "neu", "neur", "leuk", "白血", "nueroblast"]
    print(
        f"suggest: {_best_ms(lambda: [vocab.suggest(p) for p in prefixes]) / len(prefixes):.2f} ms",
        "per keystroke",
    )


if __name__ == "__main__":
    main()
