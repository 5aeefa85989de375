"""The bare result of judging one item, before it becomes a `Reason` with a rendered explanation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from finder.matching.results import Status


@dataclass(frozen=True, slots=True)
class Outcome:
    status: Status
    message: str  # base message id (the subject's variant is chosen when the Reason is made)
    args: dict[str, Any]
