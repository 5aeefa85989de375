"""A family's answers: one in-memory value, and its JSON form (`trial-finder/answers@1`).

The JSON contract is in docs/formats.md. Every key is optional; absent or null means "not sure". The value
lives only in memory: nothing here writes it anywhere.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

ANSWERS_FORMAT = "trial-finder/answers@1"

TREATMENT_IDS: tuple[str, ...] = (
    "chemotherapy",
    "radiotherapy",
    "surgery",
    "autologous_transplant",
    "allogeneic_transplant",
    "organ_transplant",
    "car_t",
    "gene_therapy",
    "immunotherapy",
    "checkpoint_inhibitor",
    "targeted_therapy",
    "investigational_drug",
)
HEALTH_IDS: tuple[str, ...] = (
    "cns_involvement",
    "cns_symptoms",
    "hiv",
    "hepatitis_b",
    "hepatitis_c",
    "tuberculosis",
    "autoimmune_disease",
    "heart_disease",
    "other_cancer",
    "active_infection",
    "pregnant",
    "breastfeeding",
    "live_vaccine_recent",
    "major_surgery_recent",
)
DISEASE_STATUSES: tuple[str, ...] = ("newly_diagnosed", "relapsed", "refractory", "in_remission")
PERFORMANCE_SCALES: tuple[str, ...] = ("lansky", "karnofsky", "ecog")

Sex = Literal["female", "male"]
DiseaseStatus = Literal["newly_diagnosed", "relapsed", "refractory", "in_remission"]
Scale = Literal["lansky", "karnofsky", "ecog"]

_LB_PER_KG = 2.2046226218


class AnswersError(ValueError):
    """A bad answers file: the message names the key and what was expected."""


# --- the schema (pydantic validates the JSON; the app works with the frozen dataclass below) ---------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _AgeIn(_Strict):
    value: float = Field(ge=0, le=130)
    unit: Literal["years", "months"]


class _WeightIn(_Strict):
    value: float = Field(gt=0, le=500)
    unit: Literal["kg", "lb"]


class _PerformanceIn(_Strict):
    scale: Scale
    value: float

    @field_validator("value")
    @classmethod
    def _in_scale(cls, v: float, info: Any) -> float:
        scale = info.data.get("scale")
        top = 5 if scale == "ecog" else 100
        if not 0 <= v <= top:
            raise ValueError(f"must be between 0 and {top} for the {scale} scale")
        return v


class _LocationIn(_Strict):
    country: str = Field(min_length=1)
    city: str | None = None
    postal_code: str | None = None


class AnswersModel(BaseModel):
    """The JSON schema of `trial-finder/answers@1`. Unknown keys are allowed (keys may be added)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    format: Literal["trial-finder/answers@1"] | None = None
    age: _AgeIn | None = None
    sex: Sex | None = None
    weight: _WeightIn | None = None
    diagnosis: str | None = None
    disease_status: DiseaseStatus | None = None
    treatments: dict[str, bool | None] | None = None
    weeks_since_last_treatment: float | None = Field(default=None, ge=0)
    health: dict[str, bool | None] | None = None
    performance: _PerformanceIn | None = None
    location: _LocationIn | None = None
    max_distance_km: float | None = Field(default=None, gt=0)

    @field_validator("treatments")
    @classmethod
    def _known_treatments(cls, v: dict[str, bool | None] | None) -> dict[str, bool | None] | None:
        return _known_ids(v, TREATMENT_IDS)

    @field_validator("health")
    @classmethod
    def _known_health(cls, v: dict[str, bool | None] | None) -> dict[str, bool | None] | None:
        return _known_ids(v, HEALTH_IDS)


def _known_ids(v: dict[str, bool | None] | None, known: tuple[str, ...]) -> dict[str, bool | None] | None:
    if v is None:
        return None
    unknown = sorted(set(v) - set(known))
    if unknown:
        raise ValueError(f"unknown id {unknown[0]!r}; expected one of: {', '.join(known)}")
    return v


# --- the value the app works with ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Age:
    value: float
    unit: Literal["years", "months"] = "years"

    @property
    def years(self) -> float:
        return self.value / 12.0 if self.unit == "months" else self.value


@dataclass(frozen=True, slots=True)
class Weight:
    value: float
    unit: Literal["kg", "lb"] = "kg"

    @property
    def kg(self) -> float:
        return self.value / _LB_PER_KG if self.unit == "lb" else self.value


@dataclass(frozen=True, slots=True)
class Performance:
    scale: Scale
    value: float


@dataclass(frozen=True, slots=True)
class Place:
    country: str
    city: str | None = None
    postal_code: str | None = None


@dataclass(frozen=True, slots=True)
class Answers:
    """Everything a family said. None (or an absent id) always means "not sure"."""

    age: Age | None = None
    sex: Sex | None = None
    weight: Weight | None = None
    diagnosis: str | None = None
    disease_status: DiseaseStatus | None = None
    treatments: dict[str, bool] = field(default_factory=dict)
    weeks_since_last_treatment: float | None = None
    health: dict[str, bool] = field(default_factory=dict)
    performance: Performance | None = None
    location: Place | None = None
    max_distance_km: float | None = None

    def treatment(self, tid: str) -> bool | None:
        return self.treatments.get(tid)

    def has(self, hid: str) -> bool | None:
        return self.health.get(hid)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"format": ANSWERS_FORMAT}
        if self.age is not None:
            out["age"] = {"value": self.age.value, "unit": self.age.unit}
        if self.sex is not None:
            out["sex"] = self.sex
        if self.weight is not None:
            out["weight"] = {"value": self.weight.value, "unit": self.weight.unit}
        if self.diagnosis is not None:
            out["diagnosis"] = self.diagnosis
        if self.disease_status is not None:
            out["disease_status"] = self.disease_status
        if self.treatments:
            out["treatments"] = dict(self.treatments)
        if self.weeks_since_last_treatment is not None:
            out["weeks_since_last_treatment"] = self.weeks_since_last_treatment
        if self.health:
            out["health"] = dict(self.health)
        if self.performance is not None:
            out["performance"] = {"scale": self.performance.scale, "value": self.performance.value}
        if self.location is not None:
            loc: dict[str, Any] = {"country": self.location.country}
            if self.location.city:
                loc["city"] = self.location.city
            if self.location.postal_code:
                loc["postal_code"] = self.location.postal_code
            out["location"] = loc
        if self.max_distance_km is not None:
            out["max_distance_km"] = self.max_distance_km
        return out

    @classmethod
    def from_json(cls, data: object, *, source: str = "answers") -> Answers:
        if not isinstance(data, dict):
            kind = type(data).__name__
            raise AnswersError(f"{source}: expected a JSON object at the top level, got {kind}")
        try:
            m = AnswersModel.model_validate(data)
        except ValidationError as exc:
            raise AnswersError(_describe(exc, source)) from None
        return cls(
            age=Age(m.age.value, m.age.unit) if m.age else None,
            sex=m.sex,
            weight=Weight(m.weight.value, m.weight.unit) if m.weight else None,
            diagnosis=(m.diagnosis.strip() or None) if m.diagnosis else None,
            disease_status=m.disease_status,
            treatments={k: v for k, v in (m.treatments or {}).items() if v is not None},
            weeks_since_last_treatment=m.weeks_since_last_treatment,
            health={k: v for k, v in (m.health or {}).items() if v is not None},
            performance=Performance(m.performance.scale, m.performance.value) if m.performance else None,
            location=(
                Place(m.location.country, m.location.city, m.location.postal_code) if m.location else None
            ),
            max_distance_km=m.max_distance_km,
        )

    @classmethod
    def load(cls, path: Path) -> Answers:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise AnswersError(f"{path}: not a readable JSON file ({exc})") from None
        return cls.from_json(data, source=str(path))


def answers_json_schema() -> dict[str, Any]:
    """The JSON Schema of the answers format, for docs and for other tools."""
    return AnswersModel.model_json_schema()


def _describe(exc: ValidationError, source: str) -> str:
    lines = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"]) or "(top level)"
        got = err.get("input")
        lines.append(f"{source}: key '{key}': {err['msg']} (got {json.dumps(got, default=str)[:80]})")
    return "\n".join(lines)
