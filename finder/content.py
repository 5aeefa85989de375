"""Bundled plain-language texts in English, Spanish and Simplified Chinese (resources/content/).

Everything the app says in its own words comes from here: question wording, treatment and health labels, the
daily-activity scales, FAQ, glossary, contact steps, phase and status wording, app paragraphs, and the
rendering of matching explanations (`explanation`). Trial text itself is never translated.

Layout: resources/content/<lang>/{questions,faq,glossary,app}.json, the same keys in every language, plus
resources/content/explanations.json (the matching engineer's message catalogue, all languages in one file).

A text missing in the requested language falls back to English only as a last resort, and says so with a
`ContentFallbackWarning` (tests turn that warning into an error, so a gap is never silent there).
"""

from __future__ import annotations

import json
import math
import re
import string
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from finder.answers import HEALTH_IDS, PERFORMANCE_SCALES, TREATMENT_IDS, Answers
from finder.matching import messages
from finder.matching.results import Reason
from resources import resource

LANGUAGES: tuple[str, ...] = ("en", "es", "zh")
# Not a language: English accented and 40% longer, so screenshots show where longer translations would clip.
PSEUDO_LANG = "en-XA"
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "es": "Español", "zh": "简体中文"}
AUDIENCES: tuple[str, ...] = ("child", "self", "other")
TOPICS: tuple[str, ...] = (
    "age",
    "sex",
    "weight",
    "diagnosis",
    "disease_status",
    "treatments",
    "weeks_since_last_treatment",
    "health",
    "performance",
    "location",
)
PHASES: tuple[str, ...] = ("EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4", "NA")
STATUSES: tuple[str, ...] = (
    "RECRUITING",
    "NOT_YET_RECRUITING",
    "ACTIVE_NOT_RECRUITING",
    "ENROLLING_BY_INVITATION",
    "COMPLETED",
    "SUSPENDED",
    "TERMINATED",
    "WITHDRAWN",
    "UNKNOWN",
)
# Distance choices of the location question: option id -> km (None = any distance).
DISTANCE_CHOICES_KM: dict[str, float | None] = {
    "km_25": 25.0,
    "km_50": 50.0,
    "km_100": 100.0,
    "km_250": 250.0,
    "km_500": 500.0,
    "km_1000": 1000.0,
    "any": None,
}
# Health questions asked only where they can apply. Not asking is safe: an unanswered item never excludes.
HEALTH_APPLIES_TO: dict[str, str] = {"pregnant": "female_10_plus", "breastfeeding": "female_10_plus"}
_CHILDBEARING_MIN_YEARS = 10.0
# A follow-up question, asked unless its parent was answered "no".
HEALTH_FOLLOW_UP_OF: dict[str, str] = {"cns_symptoms": "cns_involvement"}
# Lansky is the scale for children under 16; Karnofsky (or ECOG) from 16 on, as most protocols do.
LANSKY_MAX_AGE_YEARS = 16.0

Audience = Literal["child", "self", "other"]
_KINDS = ("questions", "faq", "glossary", "app")


class ContentError(LookupError):
    """A text the app asked for does not exist, not even in English."""


class ContentFallbackWarning(UserWarning):
    """A text was missing in the requested language and English was shown instead."""


@dataclass(frozen=True, slots=True)
class QuestionText:
    topic: str
    title: str
    help: str
    # choices of the topic (unit names, statuses, distances...) plus the shared "not_sure" and "skip"
    options: dict[str, str] = field(default_factory=dict)
    option_help: dict[str, str] = field(default_factory=dict)  # a short plain explanation per option
    extra: dict[str, str] = field(default_factory=dict)  # field labels, placeholders, follow-up titles


@dataclass(frozen=True, slots=True)
class LabelText:
    id: str
    label: str
    explain: str
    applies_to: str | None = None  # e.g. "female_10_plus": ask only where it may apply


@dataclass(frozen=True, slots=True)
class FaqEntry:
    id: str
    question: str
    answer: str


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    id: str
    term: str
    meaning: str
    # The English term: study text stays as registered (mostly English), so a Spanish or Chinese reader
    # needs to know which English word the entry explains.
    english_term: str = ""


# --- loading --------------------------------------------------------------------------------------


@cache
def _load(lang: str, kind: str) -> dict[str, Any]:
    node = resource("content", lang, f"{kind}.json")
    if not node.is_file():
        return {}
    data = json.loads(node.read_text("utf-8"))
    if not isinstance(data, dict):
        raise ContentError(f"resources/content/{lang}/{kind}.json: expected a JSON object")
    return data


def _explanations() -> dict[str, dict[str, str]]:
    # The matching engineer's catalogue, read (and cached) by finder.matching.messages; a missing or broken
    # file means every explanation falls back to the engine's own English sentence.
    try:
        return messages.catalogue()
    except (OSError, ValueError):
        return {}


def _walk(data: Any, path: Sequence[str]) -> Any:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def _lookup(lang: str, kind: str, *path: str) -> Any:
    """The value at `path` in `lang`, else English with a ContentFallbackWarning, else ContentError."""
    if lang == PSEUDO_LANG:
        return _pseudo_tree(_lookup("en", kind, *path))
    if lang in LANGUAGES:
        found = _walk(_load(lang, kind), path)
        if found not in (None, "", [], {}):
            return found
    found = _walk(_load("en", kind), path)
    if found in (None, "", [], {}):
        raise ContentError(f"no text for {kind}:{'.'.join(path)} in any language")
    if lang != "en":
        warnings.warn(
            f"content {kind}:{'.'.join(path)} missing in {lang!r}; showing English",
            ContentFallbackWarning,
            stacklevel=3,
        )
    return found


_PSEUDO_MAP = str.maketrans(
    "aceinousyACEINOUSY",
    "àçéîñöûšýÀÇÉÎÑÖÛŠÝ",
)
_PLACEHOLDER = re.compile(r"(\{[^{}]*\})")


def pseudo(text: str) -> str:
    """Pseudo-localised English for layout checks: accented, about 40% longer, {placeholders} kept."""
    parts = _PLACEHOLDER.split(text)
    body = "".join(p if _PLACEHOLDER.fullmatch(p) else p.translate(_PSEUDO_MAP) for p in parts)
    pad = "~" * max(2, round(len(text) * 0.4) - 2)
    return f"[{body} {pad}]"


def _pseudo_tree(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _pseudo_tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_pseudo_tree(v) for v in value]
    return pseudo(value) if isinstance(value, str) else value


def _pick(value: Any, audience: str) -> str:
    """A text may be one string, or one string per audience (child / self / other)."""
    if isinstance(value, dict):
        return str(value.get(audience) or value["child"])
    return str(value)


class _PlainFormatter(string.Formatter):
    """str.format with numbers written as the explanations write them (6 not 6.0, 1.5 not 1.5000001)."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, float) and not format_spec and math.isfinite(value):
            return messages.number(value)
        return str(super().format_field(value, format_spec))


_FORMATTER = _PlainFormatter()


def fill(template: str, args: Mapping[str, Any]) -> str:
    """Fill `{name}` placeholders; raises KeyError for a missing argument."""
    return _FORMATTER.vformat(template, (), args)


# --- the public API (docs/internal-api.md) --------------------------------------------------------


def question(topic: str, lang: str, audience: str = "child") -> QuestionText:
    """The wording of one question screen. `audience` is who the answers are about (start screen choice)."""
    if topic not in TOPICS:
        raise ContentError(f"unknown question topic {topic!r}; expected one of {', '.join(TOPICS)}")
    en = _load("en", "questions")["questions"][topic]
    options: dict[str, str] = {}
    for oid in en.get("options", {}):
        options[oid] = _pick(_lookup(lang, "questions", "questions", topic, "options", oid), audience)
    options["not_sure"] = common("not_sure", lang)
    options["skip"] = common("skip", lang)
    option_help = {
        oid: _pick(_lookup(lang, "questions", "questions", topic, "option_help", oid), audience)
        for oid in en.get("option_help", {})
    }
    extra = {
        key: _pick(_lookup(lang, "questions", "questions", topic, "extra", key), audience)
        for key in en.get("extra", {})
    }
    return QuestionText(
        topic=topic,
        title=_pick(_lookup(lang, "questions", "questions", topic, "title"), audience),
        help=_pick(_lookup(lang, "questions", "questions", topic, "help"), audience),
        options=options,
        option_help=option_help,
        extra=extra,
    )


def common(key: str, lang: str) -> str:
    """A shared button or option word: not_sure, skip, yes, no, back, next, edit, start_over..."""
    return str(_lookup(lang, "questions", "common", key))


def treatment_label(tid: str, lang: str) -> LabelText:
    if tid not in TREATMENT_IDS:
        raise ContentError(f"unknown treatment id {tid!r}")
    return LabelText(
        id=tid,
        label=str(_lookup(lang, "questions", "treatments", tid, "label")),
        explain=str(_lookup(lang, "questions", "treatments", tid, "explain")),
    )


def health_label(hid: str, lang: str, audience: str = "child") -> LabelText:
    """A plain yes/no health question (`label`) with a short explanation."""
    if hid not in HEALTH_IDS:
        raise ContentError(f"unknown health id {hid!r}")
    return LabelText(
        id=hid,
        label=_pick(_lookup(lang, "questions", "health", hid, "label"), audience),
        explain=_pick(_lookup(lang, "questions", "health", hid, "explain"), audience),
        applies_to=HEALTH_APPLIES_TO.get(hid),
    )


def health_question_applies(hid: str, answers: Answers) -> bool:
    """Whether to ask a health question at all, given the answers so far (unknown sex or age: ask)."""
    parent = HEALTH_FOLLOW_UP_OF.get(hid)
    if parent is not None and answers.has(parent) is False:
        return False  # "does it cause symptoms?" only after "has it spread there?" was not answered no
    if HEALTH_APPLIES_TO.get(hid) == "female_10_plus":
        if answers.sex == "male":
            return False
        return answers.age is None or answers.age.years >= _CHILDBEARING_MIN_YEARS
    return True


def scale_for_age(age_years: float | None, audience: str = "child") -> str:
    """Which activity scale to ask with: Lansky under 16, Karnofsky from 16 on."""
    if age_years is None:
        return "lansky" if audience == "child" else "karnofsky"
    return "lansky" if age_years < LANSKY_MAX_AGE_YEARS else "karnofsky"


def activity_levels(scale: str, lang: str) -> list[tuple[int, str]]:
    """Plain descriptions of daily activity with the score each stands for, most active first."""
    if scale not in PERFORMANCE_SCALES:
        raise ContentError(f"unknown scale {scale!r}; expected one of {', '.join(PERFORMANCE_SCALES)}")
    en_levels: dict[str, str] = _load("en", "questions")["activity"][scale]
    levels = [(int(s), str(_lookup(lang, "questions", "activity", scale, s))) for s in en_levels]
    # ECOG counts up as people get sicker; Lansky and Karnofsky count down.
    return sorted(levels, key=lambda lv: lv[0], reverse=scale != "ecog")


def activity_intro(scale: str, lang: str) -> str:
    return str(_lookup(lang, "questions", "activity", "intro", scale))


def faq(lang: str) -> list[FaqEntry]:
    ids = list(_load("en", "faq"))
    return [
        FaqEntry(i, str(_lookup(lang, "faq", i, "question")), str(_lookup(lang, "faq", i, "answer")))
        for i in ids
    ]


def glossary(lang: str) -> list[GlossaryEntry]:
    """Terms in English order (the order of resources/content/en/glossary.json)."""
    english = _load("en", "glossary")
    return [
        GlossaryEntry(
            i,
            str(_lookup(lang, "glossary", i, "term")),
            str(_lookup(lang, "glossary", i, "meaning")),
            str(english[i]["term"]),
        )
        for i in english
    ]


@cache
def _glossary_patterns() -> dict[str, re.Pattern[str]]:
    # glossary id -> how the term shows up in registered (English) trial text; see glossary_patterns.json
    data: dict[str, str] = json.loads(resource("content", "glossary_patterns.json").read_text("utf-8"))
    return {gid: re.compile(rx, re.IGNORECASE) for gid, rx in data.items() if not gid.startswith("_")}


def glossary_for_text(text: str, lang: str) -> list[GlossaryEntry]:
    """The glossary entries whose words appear in a study's registered text, in glossary order."""
    found = {gid for gid, rx in _glossary_patterns().items() if rx.search(text or "")}
    return [g for g in glossary(lang) if g.id in found]


def contact_steps(lang: str, audience: str = "child") -> list[str]:
    """Numbered "How to take part" steps, in order (the UI numbers them), worded for `audience`."""
    steps = _lookup(lang, "app", "contact_steps")
    return [_pick(s, audience) for s in steps]


def phase_text(phase: str | None, lang: str) -> str:
    """Plain wording of a registry phase (PHASE1, EARLY_PHASE1, NA...); None or unknown: "Phase not given"."""
    key = (phase or "NONE").strip().upper().replace(" ", "_").replace("-", "_")
    if key not in PHASES:
        key = "NONE"
    return str(_lookup(lang, "app", "phases", key))


def phases_text(phases: Sequence[str], lang: str) -> str:
    """All phases of a study: "Phase 1: ... / Phase 2: ..." (a 1/2 study has two)."""
    if not phases:
        return phase_text(None, lang)
    return " / ".join(phase_text(p, lang) for p in phases)


def status_text(status: str | None, lang: str) -> str:
    """Plain wording of a recruitment status; None (or a spelling we do not know) is "status not given"."""
    key = (status or "NONE").strip().upper().replace(" ", "_")
    found = _walk(_load("en", "app"), ("statuses", key))
    return str(_lookup(lang, "app", "statuses", key if found else "NONE"))


def app_text(key: str, lang: str, audience: str = "child", **args: Any) -> str:
    """A longer bundled text (start paragraph, notes, kiosk, badges, headings); `args` fill {placeholders}."""
    text = _pick(_lookup(lang, "app", "app", key), audience)
    return fill(text, args) if args else text


def verdict_badge(verdict: str, lang: str, *, to_check: int = 0, near_miss: bool = False) -> str:
    """The results badge: "Good fit", "May fit — 3 things to check", "Almost fits", "Not a fit"."""
    if verdict == "fits":
        return app_text("verdict_fits", lang)
    if verdict == "may_fit":
        if to_check == 1:
            return app_text("verdict_may_fit_one", lang)
        if to_check == 0:
            return app_text("verdict_may_fit_plain", lang)
        return app_text("verdict_may_fit", lang, count=to_check)
    return app_text("verdict_almost" if near_miss else "verdict_not_a_fit", lang)


def explanation(reason: Reason, lang: str) -> str:
    """One matching reason in plain words in `lang`, from the catalogue; else the engine's English text.

    Rendering (numbers, "@term." and "@concept:" arguments) is finder.matching.messages'; this adds the
    loud fallback: a message missing in `lang` warns (ContentFallbackWarning) rather than quietly showing
    English.
    """
    if lang == PSEUDO_LANG:
        return pseudo(explanation(reason, "en"))
    entry = _explanations().get(reason.message_id) if reason.message_id else None
    if entry:
        if not entry.get(lang) and lang != "en":
            _warn_fallback(f"explanation {reason.message_id!r}", lang)
        try:
            return messages.render(reason.message_id, reason.message_args, lang)
        except (KeyError, IndexError, ValueError):
            pass  # a template whose arguments do not fit: the engine's sentence is better than a broken one
    if lang != "en":
        _warn_fallback(f"explanation {reason.message_id or '(no message id)'!r}", lang)
    return reason.explanation


def _warn_fallback(what: str, lang: str) -> None:
    warnings.warn(f"{what} missing in {lang!r}; showing English", ContentFallbackWarning, stacklevel=3)


def clear_cache() -> None:
    """Forget loaded files (for tests that add explanations.json, and for a content reload)."""
    _load.cache_clear()
    messages.catalogue.cache_clear()
