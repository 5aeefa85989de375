"""Eligibility text -> criteria. INTERFACE STUB by the lead; the criteria helper fills it in."""

from __future__ import annotations

from finder.criteria.model import Criterion

PARSER_VERSION = 1  # bump when the output of parse_eligibility changes; stored per study


def parse_eligibility(text: str | None) -> tuple[Criterion, ...]:
    """Split and understand a study's whole eligibility text. Never raises; bounded time on any input."""
    raise NotImplementedError
