"""How well the criteria parser reads the hand-labelled corpus: per-kind precision and recall, rule accuracy,
and the readings that could wrongly keep a child out.

    .venv/bin/python benchmarks/criteria_accuracy.py [--data ../shared/data] [--details 40] [--kind age]

Labels: tests/data/criteria_labels.json (guide: tests/data/README.md). The same figures are asserted as
floors in tests/test_criteria_corpus.py.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from finder.criteria.model import Kind  # noqa: E402
from tests.criteria_corpus import RegistryText, load_labels  # noqa: E402
from tests.criteria_scoring import score, vocabulary_expander  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--data", type=Path, default=REPO.parent / "shared" / "data", help="registry sample folder"
    )
    parser.add_argument("--details", type=int, default=40, help="how many dangerous / missing items to list")
    parser.add_argument("--kind", choices=[k.value for k in Kind], help="also list every label of this kind")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"registry sample data not found at {args.data}", file=sys.stderr)
        return 2

    from finder.criteria.parse import PARSER_VERSION, parse_eligibility

    started = time.perf_counter()
    texts = RegistryText(args.data)
    labels = load_labels()
    indexed = time.perf_counter()
    expand = vocabulary_expander()
    try:
        result = score(labels, texts, parse_eligibility, expand=expand)
    except NotImplementedError:
        print(
            "finder.criteria.parse.parse_eligibility is still a stub (NotImplementedError)", file=sys.stderr
        )
        return 1
    scored = time.perf_counter()

    print(f"criteria corpus accuracy, parser version {PARSER_VERSION}")
    print(f"diagnosis ids compared {'through the vocabulary' if expand else 'as written (no vocabulary)'}\n")
    print(result.table())
    print()
    print(result.details(limit=args.details))
    print("\nby registry format:")
    for fmt in ("classic-xml", "api-v2"):
        part = [o for o in result.outcomes if texts.registry_format(o.label.nct_id) == fmt]
        n = max(len(part), 1)
        kind_right = sum(o.found and o.kind == o.label.kind for o in part)
        print(
            f"  {fmt:<12} {len(part):>4} items: found {sum(o.found for o in part) / n:.1%}, kind right "
            f"{kind_right / n:.1%}, dangerous {sum(bool(o.dangerous) for o in part)}"
        )
    if args.kind:
        print(f"\nlabels of kind {args.kind}:")
        for o in result.outcomes:
            if o.label.kind.value == args.kind:
                got = o.kind.value if o.kind else "NOT FOUND"
                rule = (
                    ""
                    if o.rule_check is None
                    else f" rule {'ok' if o.rule_check.agrees else o.rule_check.why}"
                )
                print(f"  {o.label.name}: {got}{rule}")
    texts.close()
    studies = result.studies
    print(
        f"\nindex {indexed - started:.2f} s; parse + score {scored - indexed:.2f} s "
        f"for {studies} studies ({(scored - indexed) / max(studies, 1) * 1000:.1f} ms per study)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
