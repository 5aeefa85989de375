"""Eligibility text -> criteria: split into items (split.py), then understand each (understand.py)."""

from __future__ import annotations

from finder.criteria.model import Criterion, Kind
from finder.criteria.split import Item, group_alternatives, split_items
from finder.criteria.understand import FALLBACK_LOG, is_filler, understand

# Stamped on each study with its parsed criteria and diagnosis concepts: bump it when the output of
# parse_eligibility changes, or what concepts are read from a study (the vocabulary's diagnoses or
# finder.store.enrich), so stores made before redo both (`trial-finder reparse`, or at start when few).
PARSER_VERSION = 4  # 4: diagnoses named by inclusion criteria stored for the prefilter (3: evidence rules)

MAX_ITEMS = 400  # a study with more items than this keeps the rest as written, not understood


def parse_eligibility(text: str | None) -> tuple[Criterion, ...]:
    """Split and understand a study's whole eligibility text. Never raises; bounded time on any input."""
    if not text or not text.strip():
        return ()
    try:
        items = group_alternatives(split_items(text))
    except Exception:
        FALLBACK_LOG.debug("split: %.80s", text, exc_info=True)
        return (Criterion(side="inclusion", text=text.strip()[:20_000], kind=Kind.OTHER),)
    out: list[Criterion] = []
    for k, item in enumerate(items):
        if is_filler(item.text) and not item.children:
            continue
        if k >= MAX_ITEMS:
            out.append(_as_written(item))
            continue
        try:
            out.extend(understand(item))
        except Exception:
            FALLBACK_LOG.debug("item: %.80s", item.text, exc_info=True)
            out.append(_as_written(item))
    return tuple(out)


def _as_written(item: Item) -> Criterion:
    return Criterion(side=item.side, text=item.text, kind=Kind.OTHER, section=item.section)
