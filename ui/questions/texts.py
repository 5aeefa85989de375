"""Bundled question texts in the family's language, for the question pages: a thin layer over
finder.content that never leaves a label empty (an unknown key shows the given default)."""

from __future__ import annotations

from finder import content
from finder.content import ContentError


def title(topic: str, lang: str, subject: str = "child") -> str:
    return content.question(topic, lang, subject).title


def help_text(topic: str, lang: str, subject: str = "child") -> str:
    return content.question(topic, lang, subject).help


def option(topic: str, key: str, lang: str, default: str = "") -> str:
    return content.question(topic, lang).options.get(key) or default or key


def option_help(topic: str, key: str, lang: str) -> str:
    return content.question(topic, lang).option_help.get(key, "")


def extra(topic: str, key: str, lang: str, default: str = "") -> str:
    return content.question(topic, lang).extra.get(key) or default


def common(key: str, lang: str, default: str = "") -> str:
    try:
        return content.common(key, lang)
    except ContentError:
        return default or key


def app(key: str, lang: str, default: str = "", **args: object) -> str:
    try:
        return content.app_text(key, lang, **args)
    except ContentError:
        return default or key


def treatment(tid: str, lang: str) -> tuple[str, str]:
    label = content.treatment_label(tid, lang)
    return label.label, label.explain


def health(hid: str, lang: str, subject: str = "child") -> tuple[str, str]:
    label = content.health_label(hid, lang, subject)
    return label.label, label.explain


def activity_levels(scale: str, lang: str) -> list[tuple[int, str]]:
    """(score, plain description), most active first."""
    return content.activity_levels(scale, lang)


def activity_intro(scale: str, lang: str) -> str:
    return content.activity_intro(scale, lang)
