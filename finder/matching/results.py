"""Plain values that matching hands to the CLI and the UI (`trial-finder/matches@1`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from finder.criteria.model import Kind, Side

MATCHES_FORMAT = "trial-finder/matches@1"


class Status(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


class Verdict(StrEnum):
    FITS = "fits"
    MAY_FIT = "may_fit"
    NOT_A_FIT = "not_a_fit"


@dataclass(frozen=True, slots=True)
class Reason:
    """One criterion judged against the answers, with a one-sentence plain explanation."""

    side: Side
    criterion: str  # the original text, exactly as registered
    kind: Kind
    status: Status
    explanation: str
    # For the UI: a key into the translated message catalogue and its arguments, so the explanation can
    # be shown in Spanish or Chinese; `explanation` is the English rendering of the same message.
    message_id: str = ""
    message_args: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "side": self.side,
            "criterion": self.criterion,
            "kind": self.kind.value,
            "status": self.status.value,
            "explanation": self.explanation,
        }


@dataclass(frozen=True, slots=True)
class SiteDistance:
    facility: str | None
    city: str | None
    country: str | None
    distance_km: float | None


@dataclass(frozen=True, slots=True)
class Match:
    """One study's verdict for one set of answers, with everything a results list shows."""

    nct_id: str
    verdict: Verdict
    reasons: tuple[Reason, ...]
    title: str
    conditions: tuple[str, ...] = ()
    phases: tuple[str, ...] = ()
    overall_status: str | None = None
    minimum_age: str | None = None
    maximum_age: str | None = None
    nearest_site: SiteDistance | None = None

    @property
    def to_check(self) -> tuple[Reason, ...]:
        """Items the care team still has to check (unknowns), paperwork left out."""
        return tuple(r for r in self.reasons if r.status is Status.UNKNOWN and r.kind is not Kind.PAPERWORK)

    @property
    def not_met(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if r.status is Status.NOT_MET)

    @property
    def met(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if r.status is Status.MET)

    @property
    def near_miss(self) -> bool:
        """Almost fits: exactly one item is not met. The registry's age limit and an age item say the same
        thing and count as one; a study for another diagnosis is never "almost" a fit."""
        if self.verdict is not Verdict.NOT_A_FIT:
            return False
        missed = self.not_met
        if any(r.kind is Kind.DIAGNOSIS for r in missed):
            return False
        return len({"age" if r.kind is Kind.AGE else (r.side, r.criterion) for r in missed}) == 1

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "nct_id": self.nct_id,
            "verdict": self.verdict.value,
            "reasons": [r.to_json() for r in self.reasons],
        }
        if self.near_miss:
            out["near_miss"] = True
        if self.nearest_site is not None and self.nearest_site.distance_km is not None:
            out["distance_km"] = round(self.nearest_site.distance_km, 1)
        return out


@dataclass(frozen=True, slots=True)
class MatchReport:
    results: tuple[Match, ...]
    considered: int  # studies that passed the SQL prefilter and were evaluated
    total: int  # studies in the store offered for matching (status filter applied)

    def to_json(self, *, include_not_a_fit: bool = False) -> dict[str, Any]:
        shown = [m for m in self.results if include_not_a_fit or m.verdict is not Verdict.NOT_A_FIT]
        return {"format": MATCHES_FORMAT, "results": [m.to_json() for m in shown]}
