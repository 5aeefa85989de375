"""`trial-finder import | stats | show | reparse`: the store's command-line face.

Human output is plain text; `--json` gives scripts a stable shape. Progress bars appear only on a terminal.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from finder.registry.errors import RegistryError
from finder.registry.sources import count_documents
from finder.store.database import open_store
from finder.store.importing import ImportReport, Progress, import_paths
from finder.store.read import StoredStudy, get_study, store_stats
from finder.store.reparse import reparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "import", help="import ClinicalTrials.gov files, folders or zips (API v2 JSON, classic XML)"
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--skip-bad", action="store_true", help="import the good files and list the bad ones")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("stats", help="how many studies the store holds, by status and snapshot date")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_stats)

    p = sub.add_parser("show", help="every stored field of one or more studies")
    p.add_argument("nct_ids", nargs="+", metavar="NCT")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("reparse", help="parse stored criteria again after a parser change")
    p.add_argument("--all", action="store_true", help="re-parse every study, not only outdated ones")
    p.set_defaults(handler=cmd_reparse)


@contextmanager
def _progress(label: str, total: int | None = None) -> Iterator[Progress | None]:
    """A rich progress bar (count and rate) on a terminal; nothing otherwise."""
    if not sys.stdout.isatty():
        yield None
        return
    from rich.progress import BarColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as RichProgress

    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:>9,.0f}" + ("" if total is None else f" / {total:,}") + " studies"),
        TextColumn("[dim]{task.fields[rate]}"),
        TimeElapsedColumn(),
    )
    with RichProgress(*columns, transient=True) as bar:
        task = bar.add_task(label, total=total, rate="")
        started = datetime.now()

        def update(done: int) -> None:
            elapsed = (datetime.now() - started).total_seconds()
            rate = f"{done / elapsed:,.0f}/s" if elapsed > 0 else ""
            bar.update(task, completed=done, rate=rate)

        yield update


def cmd_import(args: argparse.Namespace) -> int:
    store = open_store(args.db, seed=False)  # an import fills the store it is given, seeds or not
    try:
        expected = count_documents(args.paths) if sys.stdout.isatty() else None
        with _progress("Importing", expected) as progress, store.session() as session:
            report = import_paths(session, args.paths, skip_bad=args.skip_bad, progress=progress)
    except RegistryError as error:
        print(f"trial-finder import: {error}", file=sys.stderr)
        print("Nothing was imported; the store is unchanged.", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"trial-finder import: {error}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(_summary(report))
    for bad in report.bad_files:
        print(f"  skipped {bad.path}: {bad.message}", file=sys.stderr)
    return 0


def _summary(report: ImportReport) -> str:
    line = (
        f"Imported {report.imported:,} studies ({report.replaced:,} replaced) "
        f"in {report.seconds:.1f} s ({report.rate:,.0f} studies/s)"
    )
    if report.skipped:
        line += f"; skipped {report.skipped} bad file(s)"
    return line + "."


def cmd_stats(args: argparse.Namespace) -> int:
    store = open_store(args.db)
    try:
        with store.session() as session:
            stats = store_stats(session)
    finally:
        store.close()
    if args.json:
        print(json.dumps(_plain(stats), indent=2))
        return 0
    print(f"Store: {stats.url}")
    print(f"Studies: {stats.total:,}")
    for status, count in stats.by_status.items():
        print(f"  {status:<28} {count:>8,}")
    dates = ", ".join(d.isoformat() for d in stats.snapshot_dates) or "none"
    print(f"Snapshot dates: {dates}")
    if stats.unparsed:
        print(f"Criteria to re-parse: {stats.unparsed:,} (run `trial-finder reparse`)")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    store = open_store(args.db)
    found: list[StoredStudy] = []
    missing: list[str] = []
    try:
        with store.session() as session:
            for nct_id in args.nct_ids:
                study = get_study(session, nct_id)
                if study is None:
                    missing.append(nct_id)
                else:
                    found.append(study)
    finally:
        store.close()
    if args.json:
        print(json.dumps([_plain(s) for s in found], indent=2, ensure_ascii=False))
    else:
        for study in found:
            print(_describe(study))
    for nct_id in missing:
        print(f"trial-finder show: {nct_id} is not in the store", file=sys.stderr)
    return 1 if missing else 0


def cmd_reparse(args: argparse.Namespace) -> int:
    store = open_store(args.db)
    try:
        with _progress("Re-parsing") as progress, store.session() as session:
            count = reparse(session, force=args.all, progress=progress)
    finally:
        store.close()
    print(f"Re-parsed the criteria of {count:,} studies.")
    return 0


def _plain(value: Any) -> Any:
    """Dataclasses, dates and tuples -> JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if hasattr(value, "to_json"):
            return value.to_json()
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _describe(study: StoredStudy) -> str:
    """Every stored field, one per line, lists indented."""
    lines = [f"== {study.record.nct_id} =="]
    for key, value in _plain(study.record).items():
        if key in {"locations", "central_contacts", "interventions"}:
            lines.append(f"{key}: {len(value)}")
            lines.extend(f"  - {_compact(item)}" for item in value)
        elif isinstance(value, dict):
            lines.append(f"{key}: {_compact(value)}")
        elif isinstance(value, list):
            lines.append(f"{key}: {'; '.join(map(str, value)) if value else '-'}")
        else:
            lines.append(f"{key}: {'-' if value is None else value}")
    lines.append(f"concepts: {', '.join(study.concepts) or '-'}")
    lines.append(f"imported_at: {study.imported_at.isoformat()}")
    lines.append(f"parser_version: {study.parser_version or 'not parsed'}")
    lines.append(f"criteria: {len(study.criteria)}")
    for criterion in study.criteria:
        lines.append(f"  [{criterion.side} · {criterion.kind.value}] {criterion.text}")
    return "\n".join(lines)


def _compact(item: dict[str, Any]) -> str:
    return ", ".join(f"{k}={_plain(v)}" for k, v in item.items() if v not in (None, [], ""))
