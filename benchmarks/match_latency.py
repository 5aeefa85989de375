"""Match latency at 10k and 100k studies, beside a plain SQL scan of the same table.

How the stores are built (state it when quoting the figures): the classic XML sample from ../shared/data is
imported once with the real importer (criteria parsed, concepts and site coordinates found), then its rows
are copied with SQL `INSERT ... SELECT` under new ids (`NCT9xxxxxxx`, titles prefixed "[benchmark copy]")
until the store holds N studies: a copy of a real study, not a real study. Copies keep the original status
(mostly "Completed"), so matching is timed twice: as the app does by default (open studies only) and with
`any_status=True`, where every study that passes the age / sex / diagnosis prefilter is evaluated.

The default mode on that store evaluates only the few open studies, which flatters it. So each store is also
copied once more as "a clinic that loaded only open studies" (`bench-N-open.db`: the same rows with every
`overall_status` set to RECRUITING) and the default mode is timed there too, where it evaluates as many
studies as `any_status=True` does on the first store. `--no-open-clinic` skips it.

Run: .venv/bin/python benchmarks/match_latency.py [--sizes 10000 100000] [--runs 20] [--keep DIR]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from finder.answers import Age, Answers, Place, Weight  # noqa: E402
from finder.matching.compiled import SHARED_CACHE  # noqa: E402
from finder.matching.engine import match_answers  # noqa: E402
from finder.matching.questions import count_may_fit  # noqa: E402
from finder.store.database import Store, open_store  # noqa: E402
from finder.store.importing import import_paths  # noqa: E402
from finder.store.models import Trial  # noqa: E402

SAMPLE = REPO.parent / "shared" / "data" / "ctgov-classic-xml-sample.zip"

ANSWERS = Answers(
    age=Age(6),
    sex="female",
    weight=Weight(20),
    diagnosis="neuroblastoma",
    disease_status="relapsed",
    treatments={"chemotherapy": True, "surgery": True, "radiotherapy": False, "gene_therapy": False},
    weeks_since_last_treatment=6,
    health={"cns_involvement": False, "hiv": False, "hepatitis_b": False, "pregnant": False},
    location=Place("United States", "Boston"),
    max_distance_km=500,
)
ANSWERS_AML = Answers(
    age=Age(45),
    sex="male",
    diagnosis="AML",
    disease_status="relapsed",
    health={"hiv": False},
    location=Place("United States", "Boston"),
)

_TRIAL_COPY_SKIP = {"id", "nct_id", "brief_title"}


def build(store: Store, size: int) -> None:
    """Import the sample, then copy its rows until the store holds `size` studies."""
    with store.session() as session:
        if session.scalar(select(func.count()).select_from(Trial)) == 0:
            started = time.perf_counter()
            report = import_paths(session, [SAMPLE], skip_bad=True)
            print(
                f"  imported {report.imported} studies from the sample "
                f"in {time.perf_counter() - started:.1f} s"
            )
    with store.session() as session:
        have = int(session.scalar(select(func.count()).select_from(Trial)) or 0)
        base = int(session.scalar(text("SELECT COUNT(*) FROM trials WHERE nct_id NOT LIKE 'NCT9%'")) or 0)
        cols = [c.name for c in Trial.__table__.columns if c.name not in _TRIAL_COPY_SKIP]
        col_list = ", ".join(cols)
        copy_round = int(
            session.scalar(
                text("SELECT COUNT(DISTINCT substr(nct_id, 1, 6)) FROM trials WHERE nct_id LIKE 'NCT9%'")
            )
            or 0
        )
        started = time.perf_counter()
        copied = False
        while have < size:
            copy_round += 1
            copied = True
            take = min(base, size - have)
            session.execute(
                text(
                    f"INSERT INTO trials (nct_id, brief_title, {col_list}) "
                    f"SELECT 'NCT9' || printf('%02d', :r) || substr(nct_id, 6), "
                    f"'[benchmark copy] ' || brief_title, {col_list} FROM trials "
                    f"WHERE nct_id NOT LIKE 'NCT9%' ORDER BY id LIMIT :take"
                ),
                {"r": copy_round, "take": take},
            )
            _copy_children(session, copy_round)
            have += take
        if copied:
            print(f"  copied to {have} studies in {time.perf_counter() - started:.1f} s")
        _check_copies(session)
        session.execute(text("ANALYZE"))


def _check_copies(session: Session) -> None:
    """Every copy has exactly its original's concept links and sites (through the same mapping as
    _copy_children), or the figures would be of another store."""
    others = session.scalar(
        text("SELECT COUNT(*) FROM trials WHERE nct_id NOT LIKE 'NCT9%' AND nct_id NOT LIKE 'NCT00%'")
    )
    if others:
        raise SystemExit(
            f"{others} original ids do not start with NCT00: the copies' ids would not be unique"
        )
    differing = session.scalar(
        text(
            "SELECT COUNT(*) FROM trials c JOIN trials o ON o.nct_id = 'NCT00' || substr(c.nct_id, 7) "
            "WHERE c.nct_id LIKE 'NCT9%' AND ("
            "(SELECT COUNT(*) FROM trial_concepts WHERE trial_id = c.id) "
            "!= (SELECT COUNT(*) FROM trial_concepts WHERE trial_id = o.id) OR "
            "(SELECT COUNT(*) FROM trial_eligibility_concepts WHERE trial_id = c.id) "
            "!= (SELECT COUNT(*) FROM trial_eligibility_concepts WHERE trial_id = o.id) OR "
            "(SELECT COUNT(*) FROM locations WHERE trial_id = c.id) "
            "!= (SELECT COUNT(*) FROM locations WHERE trial_id = o.id))"
        )
    )
    copies = session.scalar(text("SELECT COUNT(*) FROM trials WHERE nct_id LIKE 'NCT9%'"))
    print(
        f"  copies checked against their originals: {copies} copies, {differing} with other concepts or sites"
    )
    if differing:
        raise SystemExit("copies lost their concept links or sites: the store is not a copy of the sample")


def _copy_children(session: Session, copy_round: int) -> None:
    prefix = f"NCT9{copy_round:02d}"
    # A copy's id is 'NCT9' + round + the original's id from its 6th character on (see build); the sample's
    # ids all start 'NCT00' (ids differing only in those two digits would collide in build anyway). An
    # earlier mapping rebuilt the id as 'NCT0' + the copy's from its 6th character, which matched nothing:
    # copies had no concepts and no sites. build now checks the counts.
    mapping = (
        "SELECT o.id AS old_id, c.id AS new_id FROM trials c "
        "JOIN trials o ON o.nct_id = 'NCT00' || substr(c.nct_id, 7) "
        f"WHERE c.nct_id LIKE '{prefix}%'"
    )
    for table in ("trial_concepts", "trial_eligibility_concepts"):
        session.execute(
            text(
                f"INSERT INTO {table} (trial_id, concept_id) SELECT m.new_id, tc.concept_id "
                f"FROM ({mapping}) m JOIN {table} tc ON tc.trial_id = m.old_id"
            )
        )
    loc_cols = [
        "position",
        "facility",
        "city",
        "state",
        "postal_code",
        "country",
        "latitude",
        "longitude",
        "coordinates_from",
        "status",
        "contacts",
    ]
    session.execute(
        text(
            f"INSERT INTO locations (trial_id, {', '.join(loc_cols)}) "
            f"SELECT m.new_id, {', '.join('l.' + c for c in loc_cols)} "
            f"FROM ({mapping}) m JOIN locations l ON l.trial_id = m.old_id"
        )
    )


def open_clinic(source: Path) -> Path:
    """A copy of the store with every study open (RECRUITING): a clinic that loaded only open studies."""
    path = source.with_name(source.stem + "-open.db")
    if path.is_file():
        return path
    started = time.perf_counter()
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    src, dst = sqlite3.connect(source), sqlite3.connect(partial)
    try:
        src.backup(dst)
        dst.execute("UPDATE trials SET overall_status = 'RECRUITING'")
        dst.commit()
        dst.execute("ANALYZE")
        dst.commit()
    finally:
        src.close()
        dst.close()
    partial.rename(path)
    took = time.perf_counter() - started
    print(f"  copied to {path.name} with every study set to RECRUITING in {took:.1f} s")
    return path


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """(first run, median, p95) in milliseconds."""
    times = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    first, rest = times[0], sorted(times[1:])
    p95 = rest[min(len(rest) - 1, round(0.95 * (len(rest) - 1)))]
    return first, statistics.median(rest), p95


def measure(store: Store, runs: int, runs_any: int, open_only: bool = False, clinic: bool = False) -> None:
    with store.session() as session:
        total = session.scalar(select(func.count()).select_from(Trial))
        parsed = session.scalar(
            select(func.count()).select_from(Trial).where(Trial.criteria_json.is_not(None))
        )
    print(f"  {total} studies ({parsed} with parsed criteria)")

    def scan() -> None:
        with store.engine.connect() as conn:
            conn.exec_driver_sql("SELECT nct_id, criteria_json FROM trials").fetchall()

    first, med, p95 = timed(scan, runs)
    print(
        f"  plain SQL scan (SELECT nct_id, criteria_json FROM trials): "
        f"median {med:7.1f} ms  p95 {p95:7.1f} ms"
    )
    cases = (
        ("neuroblastoma child, open studies", ANSWERS, False),
        ("neuroblastoma child, any status ", ANSWERS, True),
        ("adult AML, any status           ", ANSWERS_AML, True),
    )
    if clinic:  # every study is open: the default mode evaluates what `any_status` does elsewhere
        cases = (
            ("neuroblastoma child, open studies", ANSWERS, False),
            ("adult AML, open studies         ", ANSWERS_AML, False),
        )
    for label, answers, any_status in cases:
        if open_only and any_status:
            continue
        SHARED_CACHE.clear()
        result: dict[str, int] = {}

        def run(a: Answers = answers, s: bool = any_status, result: dict[str, int] = result) -> None:
            with store.session() as session:
                report = match_answers(session, a, any_status=s)
                result["considered"] = report.considered
                result["shown"] = sum(1 for m in report.results if m.verdict.value != "not_a_fit")

        n = runs if not any_status and not clinic else runs_any
        first, med, p95 = timed(run, n)
        print(
            f"  match_answers {label}: cold {first:7.1f} ms, median {med:7.1f} ms, p95 {p95:7.1f} ms "
            f"({result['considered']} evaluated, {result['shown']} shown)"
        )

        def count(a: Answers = answers, s: bool = any_status) -> None:
            with store.session() as session:
                count_may_fit(session, a, any_status=s)

        _, med, p95 = timed(count, n)
        print(f"  count_may_fit {label}: median {med:7.1f} ms, p95 {p95:7.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--runs-any", type=int, default=5, help="runs of the (slow) any-status cases")
    parser.add_argument("--open-only", action="store_true", help="time only the default (open studies) case")
    parser.add_argument(
        "--cache-size", type=int, help="studies kept compiled in memory (default: the app's own bound)"
    )
    parser.add_argument("--keep", type=Path, help="folder for the stores (default: a temporary folder)")
    parser.add_argument(
        "--no-open-clinic",
        action="store_true",
        help="skip the copy of each store with every study open (a clinic that loaded only open studies)",
    )
    args = parser.parse_args()
    if not SAMPLE.is_file():
        print(f"sample not found: {SAMPLE}", file=sys.stderr)
        return 2
    if args.cache_size:
        SHARED_CACHE.maxsize = args.cache_size
    print(f"study cache bound: {SHARED_CACHE.maxsize:,} studies")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="match-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    for size in args.sizes:
        print(f"\n== {size:,} studies ==")
        path = folder / f"bench-{size}.db"
        store = open_store(f"sqlite:///{path}", seed=False)
        try:
            build(store, size)
            measure(store, args.runs, args.runs_any, args.open_only)
        finally:
            store.close()
        if args.no_open_clinic:
            continue
        print(f"\n== {size:,} studies: a clinic that loaded only open studies (all set to RECRUITING) ==")
        clinic = open_store(f"sqlite:///{open_clinic(path)}", seed=False)
        try:
            measure(clinic, args.runs, args.runs_any, clinic=True)
        finally:
            clinic.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
