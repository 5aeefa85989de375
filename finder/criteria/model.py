"""What one eligibility item means once read: its kind and, where the text is clear, a structured rule.

These values are stored as JSON per study at import (see `to_json` / `from_json`), so their JSON shape is
versioned by `PARSER_VERSION` in `finder.criteria.parse`; a change of shape needs a version bump and a
`trial-finder reparse`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any, Literal

Side = Literal["inclusion", "exclusion"]


class Kind(StrEnum):
    AGE = "age"
    WEIGHT = "weight"
    SEX = "sex"
    DIAGNOSIS = "diagnosis"
    DISEASE_STATUS = "disease_status"
    PRIOR_TREATMENT = "prior_treatment"
    PERFORMANCE = "performance"
    CNS = "cns"
    INFECTION = "infection"
    PREGNANCY = "pregnancy"
    OTHER_CANCER = "other_cancer"
    TRANSPLANT = "transplant"
    VACCINE = "vaccine"
    SURGERY = "surgery"
    HEALTH = "health"  # other conditions the answers ask about: autoimmune disease, heart disease
    LAB = "lab"  # blood counts, organ function: always "your care team will check"
    BIOMARKER = "biomarker"  # B7-H3, CD33, GD2, MIBG-avid ...: always "check"
    CLINICAL = "clinical"  # understood; only a doctor can judge: life expectancy, allergy, measurable disease
    PAPERWORK = "paperwork"  # consent, willingness, investigator judgement
    OTHER = "other"  # not understood: shown as written, never decides a verdict


# Set, not written as a docstring: the JSON Schemas of docs/formats.md carry it, and a mypyc build of this
# module replaces an Enum's docstring with a filler of its own (and refuses a plain assignment to it).
setattr(Kind, "__doc__", "What a criterion is about.")  # noqa: B010


# --- rules -------------------------------------------------------------------------------------------
# A rule states what the criterion requires *as written on its side*. For an exclusion item the rule
# describes the excluded situation ("has HIV"); matching flips it. Bounds are inclusive unless marked.


@dataclass(frozen=True, slots=True)
class RangeRule:
    """A numeric range: age in years, weight in kg, or a performance score."""

    quantity: Literal["age_years", "weight_kg", "lansky", "karnofsky", "ecog"]
    minimum: float | None = None
    maximum: float | None = None
    min_inclusive: bool = True
    max_inclusive: bool = True


@dataclass(frozen=True, slots=True)
class SexRule:
    sex: Literal["female", "male"]


@dataclass(frozen=True, slots=True)
class DiagnosisRule:
    """The person has (one of) these diagnoses: vocabulary concept ids (`finder.vocabulary`)."""

    concepts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DiseaseStatusRule:
    """The disease is in one of these states: newly_diagnosed, relapsed, refractory, in_remission."""

    statuses: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TreatmentRule:
    """The person has had (one of) these treatments (answer treatment ids).

    `within_weeks` limits it to treatment in that many weeks before the study ("within 4 weeks").
    `qualified` is True when the text adds a condition the answers cannot settle ("of the same drug class").
    """

    treatments: tuple[str, ...]
    within_weeks: float | None = None
    qualified: bool = False


@dataclass(frozen=True, slots=True)
class HealthRule:
    """The person has (one of) these health conditions (answer health ids).

    `qualifiers` are words the answers may not settle, e.g. ("symptomatic",) or ("active",).
    """

    conditions: tuple[str, ...]
    qualifiers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CheckRule:
    """Something only the care team can settle; `topic` names it ("B7-H3", "platelets", "consent")."""

    topic: str


Rule = RangeRule | SexRule | DiagnosisRule | DiseaseStatusRule | TreatmentRule | HealthRule | CheckRule

_RULE_TYPES: dict[str, type[Any]] = {
    "range": RangeRule,
    "sex": SexRule,
    "diagnosis": DiagnosisRule,
    "disease_status": DiseaseStatusRule,
    "treatment": TreatmentRule,
    "health": HealthRule,
    "check": CheckRule,
}
_RULE_NAMES: dict[type[Any], str] = {v: k for k, v in _RULE_TYPES.items()}


@dataclass(frozen=True, slots=True)
class Criterion:
    """One eligibility item: original text, side, kind, and an optional rule.

    `confident` is False when the parser recognised the kind but the wording leaves room for doubt
    (hedges, "unless", several conditions joined): such a criterion never makes a study `not_a_fit`.

    Conventions of `finder.criteria.parse` (matching relies on them):
    - `side` is the logical side. A line written under an inclusion heading that excludes ("No prior
      chemotherapy", "HIV negative", "At least 4 weeks since prior radiotherapy") is emitted with side
      "exclusion" and a rule for the excluded situation; `section` still says where it was written.
    - One item stating several facts gives several criteria in a row with the same `text` ("Aged 1-12 years
      with weight>=10kg" -> an age and a weight criterion; "relapsed/refractory neuroblastoma" -> a diagnosis
      and a disease status). Each is judged on its own.
    - `children` are the item's sub-items, for display; judge the parent. Children of a "one of the
      following" parent are alternatives (confident=False); the parent holds their union where it can.
    - A permission ("Prior chemotherapy allowed") or an item about a donor keeps its kind with no rule.
    """

    side: Side
    text: str
    kind: Kind
    rule: Rule | None = None
    confident: bool = True
    section: str | None = None  # heading it came under, e.g. "PRIOR CONCURRENT THERAPY"
    children: tuple[Criterion, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"side": self.side, "text": self.text, "kind": self.kind.value}
        if self.rule is not None:
            body = {f.name: getattr(self.rule, f.name) for f in fields(self.rule)}
            out["rule"] = {"type": _RULE_NAMES[type(self.rule)], **_jsonable(body)}
        if not self.confident:
            out["confident"] = False
        if self.section:
            out["section"] = self.section
        if self.children:
            out["children"] = [c.to_json() for c in self.children]
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Criterion:
        rule: Rule | None = None
        if "rule" in data:
            body = dict(data["rule"])
            rule_type = _RULE_TYPES[body.pop("type")]
            rule = rule_type(**{k: tuple(v) if isinstance(v, list) else v for k, v in body.items()})
        return cls(
            side=data["side"],
            text=data["text"],
            kind=Kind(data["kind"]),
            rule=rule,
            confident=data.get("confident", True),
            section=data.get("section"),
            children=tuple(cls.from_json(c) for c in data.get("children", ())),
        )


def inclusion_diagnoses(criteria_json: list[Any] | None) -> tuple[str, ...]:
    """Diagnosis concepts the inclusion criteria name (sub-items too), from stored criteria JSON.

    A study's registry conditions sometimes leave out diagnoses its eligibility takes ("leukemia, lymphoma or
    other solid tumor with meningeal involvement" under conditions "Leukemia; Lymphoma"): these keep such a
    study for a family whose diagnosis they hold. Unsure items count too; that only keeps more studies."""
    found: set[str] = set()
    stack = list(criteria_json or ())
    while stack:
        item = stack.pop()
        stack.extend(item.get("children", ()))
        rule = item.get("rule") or {}
        named = item.get("kind") == "diagnosis" and rule.get("type") == "diagnosis"
        if named and item.get("side") == "inclusion":
            found.update(rule.get("concepts", ()))
    return tuple(sorted(found))


def _jsonable(body: dict[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in body.items()}
