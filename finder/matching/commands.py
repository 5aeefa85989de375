"""`trial-finder match` and `trial-finder explain`: matching from the command line.

`match --json` prints exactly one `trial-finder/matches@1` object; the text output is for people. A bad
answers file stops with a message naming the key (exit status 2).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sqlalchemy.orm import Session

from finder.answers import Answers, AnswersError
from finder.matching.engine import explain_study, match_answers
from finder.matching.results import Match, MatchReport, Reason, Verdict

_VERDICT_TEXT = {Verdict.FITS: "Good fit", Verdict.MAY_FIT: "May fit", Verdict.NOT_A_FIT: "Not a fit"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("match", help="match an answers file against the stored studies")
    p.add_argument("--answers", required=True, type=Path, metavar="FILE", help="answers JSON (answers@1)")
    p.add_argument("--json", action="store_true", help="print the trial-finder/matches@1 JSON object")
    p.add_argument("--all", action="store_true", help="also list studies that are not a fit, with the reason")
    p.add_argument("--any-status", action="store_true", help="include studies that are not recruiting")
    p.add_argument(
        "--subject",
        choices=("child", "self", "other"),
        default="child",
        help="whom the answers are about, for the wording of explanations (default: child)",
    )
    p.set_defaults(handler=cmd_match)

    p = sub.add_parser("explain", help="every criterion of a study judged against an answers file")
    p.add_argument("nct_ids", nargs="+", metavar="NCT")
    p.add_argument("--answers", required=True, type=Path, metavar="FILE")
    p.add_argument("--subject", choices=("child", "self", "other"), default="child")
    p.set_defaults(handler=cmd_explain)


def _load(path: Path, command: str) -> Answers | None:
    try:
        return Answers.load(path)
    except AnswersError as error:
        print(f"trial-finder {command}: bad answers file:\n{error}", file=sys.stderr)
        return None


def cmd_match(args: argparse.Namespace) -> int:
    from finder.store.database import open_store

    answers = _load(args.answers, "match")
    if answers is None:
        return 2
    store = open_store(args.db)
    try:
        with store.session() as session:
            report = match_answers(
                session,
                answers,
                any_status=args.any_status,
                subject=args.subject,
                include_prefiltered=args.all,
            )
    finally:
        store.close()
    if args.json:
        print(json.dumps(report.to_json(include_not_a_fit=args.all), ensure_ascii=False))
    else:
        print(format_report(report, show_all=args.all))
    return 0


def format_report(report: MatchReport, *, show_all: bool = False) -> str:
    shown = [m for m in report.results if m.verdict is not Verdict.NOT_A_FIT]
    near = [m for m in report.results if m.near_miss]
    lines = [f"{len(shown)} of {report.total} studies may fit ({report.considered} checked in detail)."]
    for m in shown:
        lines.extend(_summary(m))
    if near:
        lines += ["", "Almost fit (one item does not fit):"]
        for m in near:
            lines.append(f"  {m.nct_id}  {m.title}")
            lines.append(f"      does not fit: {m.not_met[0].explanation}")
    if show_all:
        others = [m for m in report.results if m.verdict is Verdict.NOT_A_FIT and not m.near_miss]
        if others:
            lines += ["", "Not a fit:"]
            for m in others:
                lines.append(f"  {m.nct_id}  {m.title}")
                lines.extend(f"      {r.explanation}" for r in m.not_met)
    return "\n".join(lines)


def _summary(m: Match) -> list[str]:
    badge = _VERDICT_TEXT[m.verdict]
    if m.verdict is Verdict.MAY_FIT:
        n = len(m.to_check)
        badge += f" — {n} thing{'s' if n != 1 else ''} to check"
    out = ["", f"{badge}: {m.nct_id}  {m.title}"]
    if m.conditions:
        out.append(f"    conditions: {', '.join(m.conditions)}")
    if m.nearest_site is not None and m.nearest_site.distance_km is not None:
        place = ", ".join(p for p in (m.nearest_site.city, m.nearest_site.country) if p)
        out.append(f"    nearest site: {place} ({m.nearest_site.distance_km:.0f} km)")
    return out


def cmd_explain(args: argparse.Namespace) -> int:
    from finder.store.database import open_store

    answers = _load(args.answers, "explain")
    if answers is None:
        return 2
    store = open_store(args.db)
    missing = 0
    try:
        with store.session() as session:
            for nct_id in args.nct_ids:
                match = explain_study(session, nct_id, answers, subject=args.subject)
                if match is None:
                    print(f"trial-finder explain: {nct_id}: no such study in the store", file=sys.stderr)
                    missing += 1
                    continue
                print(format_explanation(match, _rules(session, nct_id)))
    finally:
        store.close()
    return 1 if missing else 0


def _rules(session: Session, nct_id: str) -> list[str | None]:
    """Each criterion's rule as stored (JSON), sub-items after their item: the order of its reasons."""
    from finder.store.read import get_study

    study = get_study(session, nct_id)
    out: list[str | None] = []
    for c in study.criteria if study is not None else ():
        for item in (c, *c.children):
            data = item.to_json()
            out.append(json.dumps(data["rule"], ensure_ascii=False) if "rule" in data else None)
    return out


def format_explanation(match: Match, rules: list[str | None]) -> str:
    """Every reason; the criteria's reasons come last, in stored order, so they line up with `rules`."""
    lines = [f"{match.nct_id}  {match.title}", f"verdict: {match.verdict.value}"]
    lead = len(match.reasons) - len(rules)
    for i, r in enumerate(match.reasons):
        rule = rules[i - lead] if i >= lead else None
        lines.append(_reason_line(r, rule))
    return "\n".join(lines)


def _reason_line(r: Reason, rule: str | None) -> str:
    head = f"  [{r.status.value:>7}] {r.side:<9} {r.kind.value:<15} {r.criterion}"
    parts = [head]
    if rule:
        parts.append(f"            rule: {rule}")
    parts.append(f"            -> {r.explanation}")
    return "\n".join(parts)
