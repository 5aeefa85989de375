"""Scoring a parser against the labelled corpus: per-kind precision and recall, rule accuracy, and the
confident readings that could hide a study from a family (see tests/data/README.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from finder.criteria.model import Criterion, Kind
from tests.criteria_corpus import Label, RegistryText, find_items
from tests.criteria_rules import (
    DECIDING,
    SET_FIELDS,
    Expand,
    RuleCheck,
    as_set,
    compare_rule,
    hedged,
    range_danger,
    set_danger,
)

# --- scoring ------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    label: Label  # for a label with `also` readings, the reading that fits the parsed item
    found: bool
    kind: Kind | None = None
    side: str | None = None
    rule: dict[str, Any] | None = None
    hedged: bool = False
    rule_check: RuleCheck | None = None
    dangerous: str | None = None  # why this reading could hide a study the child could join
    unhedged: bool = False  # the text is qualified but the reading is confident and unqualified


def judge(
    item: Criterion | None,
    label: Label,
    *,
    expand: Expand | None = None,
    excluded_elsewhere: frozenset[tuple[str, str]] = frozenset(),
) -> Outcome:
    """Score one parsed criterion against the label of its item.

    `excluded_elsewhere`: (rule type, id) pairs the study's other labels exclude (see `set_danger`).
    """
    if item is None:
        return Outcome(label, found=False)
    rule = item.to_json().get("rule")
    label = label.reading_for(item.kind, rule)
    out = Outcome(label, True, item.kind, item.side, rule, hedged(item))
    if label.rule is not None:
        if label.rule["type"] == "check" and rule is None and item.kind == label.kind:
            out.rule_check = RuleCheck(True)  # a lab or biomarker item is a check by its kind alone
        else:
            out.rule_check = compare_rule(rule, label.rule, expand=expand)
    if rule is None or rule.get("type") not in DECIDING or out.hedged:
        return out
    out.unhedged = label.qualified
    out.dangerous = _danger(rule, item.side, label, expand, excluded_elsewhere)
    return out


def _danger(
    rule: dict[str, Any],
    side: str,
    label: Label,
    expand: Expand | None,
    excluded_elsewhere: frozenset[tuple[str, str]],
) -> str | None:
    """A confident deciding reading that keeps out someone the text lets in."""
    if label.no_rule:
        return f"confident {rule.get('type')} rule where the text gives none ({label.note or 'see label'})"
    if label.rule is None:
        if label.kind in (Kind.OTHER, Kind.PAPERWORK, Kind.CLINICAL, Kind.LAB, Kind.BIOMARKER):
            return f"confident {rule.get('type')} rule on a {label.kind.value} item"
        if side != label.meaning_side:  # whatever the rule, it requires what the text forbids or the reverse
            return f"a {rule.get('type')} rule read as {side}, the text means {label.meaning_side}"
        if not _fits_kind(rule, label.kind):  # an age limit read into a pregnancy item, and the like
            return f"a {_rule_name(rule)} rule on a {label.kind.value} item"
        return None  # the label leaves the rule open: it is not judged
    if label.rule["type"] == "check":
        return f"confident {rule.get('type')} rule on an item to check"
    if rule.get("type") != label.rule["type"]:
        return f"a {rule.get('type')} rule, labelled {label.rule['type']}"
    if label.rule["type"] == "range":
        return range_danger(rule, side, label.rule, label.meaning_side)
    return set_danger(rule, side, label.rule, label.meaning_side, expand, excluded_elsewhere)


# The rules that can belong to an item of each kind, where a wrong one would exclude broadly: an age, weight
# or score limit, a sex, a treatment. (Health, diagnosis and status rules are judged by their ids.)
_RANGE_KINDS = {"age_years": Kind.AGE, "weight_kg": Kind.WEIGHT}
_TREATMENT_KINDS = frozenset({Kind.PRIOR_TREATMENT, Kind.TRANSPLANT, Kind.SURGERY, Kind.VACCINE})


def _fits_kind(rule: dict[str, Any], kind: Kind) -> bool:
    if rule.get("type") == "range":
        return _RANGE_KINDS.get(rule.get("quantity", ""), Kind.PERFORMANCE) == kind
    if rule.get("type") == "sex":
        return kind == Kind.SEX
    if rule.get("type") == "treatment":
        return kind in _TREATMENT_KINDS
    return True


def _rule_name(rule: dict[str, Any]) -> str:
    return f"{rule.get('quantity')} range" if rule.get("type") == "range" else str(rule.get("type"))


@dataclass
class Score:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.outcomes)

    @property
    def studies(self) -> int:
        return len({o.label.nct_id for o in self.outcomes})

    @property
    def found(self) -> int:
        return sum(o.found for o in self.outcomes)

    @property
    def kind_right(self) -> int:
        return sum(o.found and o.kind == o.label.kind for o in self.outcomes)

    @property
    def side_right(self) -> int:
        """The parsed side is the meaning; or, for a reading with no deciding rule, the side as written."""
        return sum(
            o.found
            and (
                o.side == o.label.meaning_side
                or (o.side == o.label.side and (o.rule is None or o.rule.get("type") not in DECIDING))
            )
            for o in self.outcomes
        )

    @property
    def labelled_rules(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.label.rule is not None]

    @property
    def rules_right(self) -> int:
        return sum(o.rule_check is not None and o.rule_check.agrees for o in self.labelled_rules)

    @property
    def decidable(self) -> list[Outcome]:
        """Labelled deciding rules with no qualifier: the ones a parser should state with confidence."""
        return [
            o
            for o in self.outcomes
            if o.label.rule is not None and o.label.rule["type"] in DECIDING and not o.label.qualified
        ]

    @property
    def decided_right(self) -> int:
        """Of `decidable`, read right and confidently: what lets matching say "not a fit" when it is so."""
        return sum(bool(o.rule_check and o.rule_check.agrees) and not o.hedged for o in self.decidable)

    @property
    def dangerous(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.dangerous]

    @property
    def unhedged(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.unhedged]

    def per_kind(self) -> dict[Kind, tuple[int, int, int]]:
        """kind -> (labelled, called so by the parser, both)."""
        labelled = Counter(o.label.kind for o in self.outcomes)
        called = Counter(o.kind for o in self.outcomes if o.kind is not None)
        both = Counter(o.label.kind for o in self.outcomes if o.kind == o.label.kind)
        return {k: (labelled[k], called[k], both[k]) for k in Kind if labelled[k] or called[k]}

    def precision(self, kind: Kind) -> float | None:
        _, called, both = self.per_kind().get(kind, (0, 0, 0))
        return both / called if called else None

    def recall(self, kind: Kind) -> float | None:
        labelled, _, both = self.per_kind().get(kind, (0, 0, 0))
        return both / labelled if labelled else None

    def table(self) -> str:
        lines = [f"{'kind':<16}{'labelled':>9}{'called':>8}{'precision':>11}{'recall':>8}"]
        for kind, (lab, cal, both) in self.per_kind().items():
            prec = f"{both / cal:.0%}" if cal else "-"
            rec = f"{both / lab:.0%}" if lab else "-"
            lines.append(f"{kind.value:<16}{lab:>9}{cal:>8}{prec:>11}{rec:>8}")
        n, nr = max(self.total, 1), max(len(self.labelled_rules), 1)
        lines += [
            "",
            f"items labelled  {self.total} from {self.studies} studies",
            f"items found     {self.found}/{self.total} ({self.found / n:.1%})",
            f"kind right      {self.kind_right}/{self.total} ({self.kind_right / n:.1%})",
            f"side right      {self.side_right}/{self.total} ({self.side_right / n:.1%})",
            f"rules right     {self.rules_right}/{len(self.labelled_rules)} ({self.rules_right / nr:.1%})",
            f"decided right   {self.decided_right}/{len(self.decidable)} "
            f"({self.decided_right / max(len(self.decidable), 1):.1%}): "
            "plain deciding rules read right, confidently",
            f"dangerous       {len(self.dangerous)} ({len(self.dangerous) / nr:.1%} of labelled rules): "
            "confident readings that could keep out a child the text lets in",
            f"unhedged        {len(self.unhedged)} of {sum(o.label.qualified for o in self.outcomes)} "
            "qualified items read with a confident, unqualified rule",
        ]
        return "\n".join(lines)

    def details(self, limit: int = 40) -> str:
        """The dangerous readings, then the items not found, for someone improving the parser."""
        missing = [o for o in self.outcomes if not o.found]
        lines = [f"dangerous readings ({len(self.dangerous)}):"]
        lines += [f"  {o.label.name}: {o.dangerous}" for o in self.dangerous[:limit]]
        lines.append(f"items not found ({len(missing)}):")
        lines += [f"  {o.label.name}" for o in missing[:limit]]
        return "\n".join(lines)


def score(
    labels: Iterable[Label],
    texts: RegistryText,
    parse: Callable[[str | None], tuple[Criterion, ...]],
    *,
    expand: Expand | None = None,
) -> Score:
    """Parse each labelled study once and judge every label against the item it names."""
    labels = list(labels)
    excluded: dict[str, set[tuple[str, str]]] = {}
    for label in labels:
        rule = label.rule
        if rule is not None and label.meaning_side == "exclusion" and rule["type"] in ("health", "treatment"):
            field_name = SET_FIELDS[rule["type"]]
            excluded.setdefault(label.nct_id, set()).update(
                (rule["type"], i) for i in as_set(rule[field_name])
            )
    parsed: dict[str, tuple[Criterion, ...]] = {}
    result = Score()
    for label in labels:
        if label.nct_id not in parsed:
            parsed[label.nct_id] = parse(texts.criteria(label.nct_id))
        elsewhere = frozenset(excluded.get(label.nct_id, ()))
        items = find_items(parsed[label.nct_id], label)
        result.outcomes.append(judge_all(items, label, expand=expand, excluded_elsewhere=elsewhere))
    return result


def judge_all(
    items: list[Criterion],
    label: Label,
    *,
    expand: Expand | None = None,
    excluded_elsewhere: frozenset[tuple[str, str]] = frozenset(),
) -> Outcome:
    """Judge the criteria a parser made of one labelled item's text.

    The reading that fits the label best (right kind, then right rule) is the one scored. Other readings of
    the same kind are competing interpretations of this very item: if one of them could wrongly keep someone
    out, the item counts as dangerous. (Readings of other kinds usually belong to other labelled items of a
    text the parser did not split, and are judged there.)
    """
    if not items:
        return Outcome(label, found=False)
    outcomes = [judge(item, label, expand=expand, excluded_elsewhere=excluded_elsewhere) for item in items]
    best = max(outcomes, key=lambda o: (o.kind == o.label.kind, bool(o.rule_check and o.rule_check.agrees)))
    if not best.dangerous:
        rivals = [o for o in outcomes if o is not best and o.kind == best.kind and o.dangerous]
        if rivals:
            best.dangerous = rivals[0].dangerous
    return best


def vocabulary_expander() -> Expand | None:
    """Diagnosis ids widened to the vocabulary's descendants, so "leukemia" covers "aml"; None without one.

    The labels use the vocabulary's ids (resources/vocabulary/diagnoses.json); an id it does not know is kept
    as written (no fuzzy resolving: a near miss would change what the label says).
    """
    try:
        from finder.vocabulary import load_vocabulary

        vocab = load_vocabulary()
    except Exception:  # no vocabulary yet (a stub, or its data missing): compare ids as written
        return None

    def expand(ids: frozenset[str]) -> frozenset[str]:
        out: set[str] = set()
        for cid in ids:
            out |= {cid, *vocab.descendants(cid)} if cid in vocab else {cid}
        return frozenset(out)

    return expand
