"""How well the diagnosis filter keeps the studies that take a family's diagnosis and sets aside the others.

    .venv/bin/python benchmarks/diagnosis_filter.py [--data ../shared/data] [--details]

Per diagnosis: on the hand-checked labels (tests/data/diagnosis_labels.json, guide in tests/data/README.md),
recall (labelled as taking it and kept) and precision (kept and labelled as taking it), with the named misses;
then, over every study of the registry sample, how many are kept for that diagnosis, and how long the
study-level diagnosis reason takes per study. tests/test_diagnosis_filter.py asserts the same recall and
precision floors.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from finder.vocabulary import load_vocabulary  # noqa: E402
from tests.diagnosis_filter_eval import kept, load_labels, read_records, score, study_facts  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--data", type=Path, default=REPO.parent / "shared" / "data", help="registry sample folder"
    )
    parser.add_argument("--details", action="store_true", help="list misses and wrongly kept studies")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"registry sample data not found at {args.data}", file=sys.stderr)
        return 2

    labels = load_labels()
    records = read_records(args.data, {label.nct_id for label in labels})
    facts = {nct_id: study_facts(record) for nct_id, record in records.items()}
    scores = score(labels, facts)
    print(f"labels: {len(labels)} (study, diagnosis) pairs over {len(facts)} studies\n")
    print(f"{'diagnosis':18} {'labelled':>8} {'takes':>6} {'recall':>7} {'precision':>9} {'named misses':>8}")
    for diagnosis, s in sorted(scores.items()):
        named = sum(1 for m in s.missed if m.known_miss)
        print(f"{diagnosis:18} {s.labelled:8} {s.takes:6} {s.recall:7.3f} {s.precision:9.3f} {named:8}")
        if args.details:
            for m in s.missed:
                print(f"    missed {m.nct_id}: {m.known_miss or 'NOT NAMED: ' + m.why}")
            for m in s.wrongly_kept:
                print(f"    kept   {m.nct_id}: {m.why}")

    everything = read_records(args.data)
    all_facts = [study_facts(record) for record in everything.values()]
    vocab = load_vocabulary()
    mapped = sum(1 for f in all_facts if f.concepts)
    print(f"\nwhole sample: {len(all_facts)} studies, {mapped} with a recognised condition")
    print(f"{'diagnosis':18} {'kept':>6} {'share':>6} {'us/study':>9}")
    for diagnosis in sorted(scores):
        load_vocabulary.cache_clear()  # a cold cache of the sponsors' own words, as in a new process
        vocab = load_vocabulary()
        start = time.perf_counter()
        n = sum(kept(f, diagnosis, vocab) for f in all_facts)
        per = (time.perf_counter() - start) / len(all_facts) * 1e6
        print(f"{diagnosis:18} {n:6} {n / len(all_facts):6.1%} {per:9.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
