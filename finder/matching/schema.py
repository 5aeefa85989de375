"""The JSON schema of `trial-finder/matches@1` (the match output contract), as a pydantic model.

`MatchesDocument.model_validate(data)` checks a document; `matches_json_schema()` gives the JSON Schema for
docs and other tools. Keys may be added to the format later; the ones here keep their meaning.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from finder.criteria.model import Kind


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ReasonDoc(_Strict):
    side: Literal["inclusion", "exclusion"]
    criterion: str = Field(description="the criterion's original text, exactly as registered")
    kind: Kind
    status: Literal["met", "not_met", "unknown"]
    explanation: str = Field(min_length=1, description="one plain sentence")


class MatchDoc(_Strict):
    nct_id: str = Field(pattern=r"^NCT\d{8}$")
    verdict: Literal["fits", "may_fit", "not_a_fit"]
    reasons: list[ReasonDoc]
    near_miss: Literal[True] | None = Field(
        default=None, description="present when exactly one item is not met"
    )
    distance_km: float | None = Field(
        default=None, ge=0, description="nearest site, when a location was given"
    )


class MatchesDocument(_Strict):
    format: Literal["trial-finder/matches@1"]
    results: list[MatchDoc]


def matches_json_schema() -> dict[str, Any]:
    return MatchesDocument.model_json_schema()
