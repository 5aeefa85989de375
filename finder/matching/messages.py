"""The explanation catalogue (resources/content/explanations.json) and how a Reason's message is rendered.

A Reason carries `message_id` and `message_args` so that the UI can show it in any language. Arguments are
plain strings and numbers already written with digits (language neutral), with two kinds of references that
are translated at render time:

- `"@term.<key>"`: another catalogue entry, e.g. `"@term.treatment.gene_therapy"` -> "gene therapy";
- `"@concept:<id>"`: a diagnosis concept's label from the vocabulary, e.g. `"@concept:aml"`.

A list argument is rendered item by item and joined. Messages that speak about the person come in three
variants: `<id>` (the family's child, the default), `<id>.self` and `<id>.other` (someone the user cares for).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache, lru_cache
from typing import Any, Literal

from resources import resource

Subject = Literal["child", "self", "other"]
LANGUAGES: tuple[str, ...] = ("en", "es", "zh")
_JOINERS = {"en": " / ", "es": " / ", "zh": "／"}

ConceptLabel = Callable[[str, str], str]  # (concept id, lang) -> label


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """Every message id -> {lang: template}. Read once per process from the bundled resource."""
    text = resource("content", "explanations.json").read_text("utf-8")
    data: dict[str, dict[str, str]] = json.loads(text)
    return data


def message_id_for(base: str, subject: Subject) -> str:
    """The subject's variant of a message when the catalogue has one, else the base message."""
    if subject != "child":
        variant = f"{base}.{subject}"
        if variant in catalogue():
            return variant
    return base


def render(
    message_id: str, args: Mapping[str, Any], lang: str = "en", *, concept_label: ConceptLabel | None = None
) -> str:
    """One message in one language; unknown languages fall back to English."""
    entry = catalogue()[message_id]
    template = entry.get(lang) or entry["en"]
    values = {k: _value(v, lang, concept_label) for k, v in args.items()}
    return template.format_map(values)


def render_cached(message_id: str, args: Mapping[str, Any], concept_label: ConceptLabel | None = None) -> str:
    """The English rendering, memoised: matching many studies repeats the same few messages and values."""
    key = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in args.items())
    return _render_en(message_id, key, concept_label)


@lru_cache(maxsize=20_000)
def _render_en(message_id: str, key: tuple[tuple[str, Any], ...], concept_label: ConceptLabel | None) -> str:
    return render(message_id, dict(key), "en", concept_label=concept_label)


def forget_rendered() -> None:
    """Drop memoised explanations: they hold answers (ages, a typed diagnosis) in memory. The kiosk's reset
    calls this (via `engine.forget_answers`) so nothing of one family stays for the next."""
    _render_en.cache_clear()


def render_reason(reason: Any, lang: str = "en", *, concept_label: ConceptLabel | None = None) -> str:
    """A `finder.matching.results.Reason` in `lang`; its English `explanation` when it has no message."""
    if not reason.message_id or reason.message_id not in catalogue():
        return str(reason.explanation)
    try:
        return render(reason.message_id, reason.message_args, lang, concept_label=concept_label)
    except (KeyError, IndexError, ValueError):
        return str(reason.explanation)


def _value(value: Any, lang: str, concept_label: ConceptLabel | None) -> str:
    if isinstance(value, list | tuple):
        return _JOINERS.get(lang, " / ").join(_value(v, lang, concept_label) for v in value)
    if isinstance(value, str):
        if value.startswith("@term."):
            entry = catalogue().get(value[1:])
            if entry:
                return entry.get(lang) or entry["en"]
            return value.rsplit(".", 1)[-1].replace("_", " ")  # a word the catalogue does not have yet
        if value.startswith("@concept:"):
            return (concept_label or _vocabulary_label)(value[9:], lang)
        return value
    if isinstance(value, float):
        return number(value)
    return str(value)


def _vocabulary_label(concept_id: str, lang: str) -> str:
    # Imported late: the catalogue is usable (and testable) without the vocabulary being loaded.
    try:
        from finder.vocabulary import load_vocabulary

        labels = load_vocabulary().concept(concept_id).label
        return labels.get(lang) or labels.get("en") or concept_id
    except Exception:  # an unknown id or an unfinished vocabulary: show the id rather than fail
        return concept_id.replace("_", " ")


def number(value: float) -> str:
    """Digits without noise: 6.0 -> "6", 1.5 -> "1.5", 9.0718 -> "9.1", 0.25 -> "0.25"."""
    if float(value).is_integer():
        return str(int(value))
    if abs(value) < 1:
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{value:.1f}".rstrip("0").rstrip(".")
