"""How long the offline place index takes to open (or build, once per machine), and how fast sites and
family places are located.

Run: .venv/bin/python benchmarks/places_lookup.py [path/to/shared/data]
Prints figures; asserts nothing. Ends with the peak memory of the process.
"""

from __future__ import annotations

import resource
import sys
import time
import zipfile
from pathlib import Path

from defusedxml import ElementTree

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from finder import places  # noqa: E402
from finder.answers import Place  # noqa: E402
from finder.place_index import index_path, place_index  # noqa: E402


def _timed(label: str, fn: object) -> object:
    assert callable(fn)
    start = time.perf_counter()
    result = fn()
    print(f"{label}: {time.perf_counter() - start:.3f} s -> {result}")
    return result


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "data"
    built = "open" if index_path().is_file() else "build (none on this machine yet)"
    _timed(f"place index: {built}", place_index)
    _timed("country table (first call)", lambda: places.country_code("Korea, Republic of"))
    _timed("first city", lambda: places.resolve_place(Place("China", "Nanjing")))
    _timed("a second city of another country", lambda: places.resolve_place(Place("Brazil", "Sao Paulo")))
    _timed("first US ZIP code", lambda: places.resolve_place(Place("US", None, "02115")))
    nowhere = Place("France", "Nowhere")
    _timed("unknown city (asks the cities5000 rows too)", lambda: places.resolve_place(nowhere))

    sites: list[tuple[str | None, str | None, str | None, str | None]] = []
    with zipfile.ZipFile(root / "ctgov-classic-xml-sample.zip") as z:
        for name in z.namelist():
            if name.endswith(".xml"):
                study = ElementTree.fromstring(z.read(name))
                for a in study.findall("location/facility/address"):
                    site = (a.findtext("city"), a.findtext("state"), a.findtext("zip"), a.findtext("country"))
                    sites.append(site)
    distinct = sorted(set(sites), key=str)
    start = time.perf_counter()
    found = sum(1 for s in distinct if places.locate_site(*s) is not None)
    took = time.perf_counter() - start
    print(
        f"classic XML sites (no coordinates in the registry): {len(sites)} sites, {len(distinct)} distinct;"
        f" located {found} ({found / len(distinct):.1%}) in {took:.2f} s"
    )
    start = time.perf_counter()
    for s in sites:
        places.locate_site(*s)
    print(f"all {len(sites)} sites again (cached): {time.perf_counter() - start:.3f} s")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
