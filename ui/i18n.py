"""Qt translations of the UI chrome (every tr() string), switched at once.

Sources are Qt Linguist files in resources/i18n/ (trial_finder_es.ts, trial_finder_zh_CN.ts). The build
compiles them to .qm with PySide6's lrelease (setup.py); when a .qm is missing or older than its .ts (an
editable install, a build without lrelease), the .ts is read directly by `TsTranslator`, so every install
works and nothing is written at run time. `install(app, lang)` swaps the translators; Qt then sends
QEvent.LanguageChange to every widget, whose changeEvent calls retranslate().

Pseudo-localisation (env TRIAL_FINDER_PSEUDO=1): every tr() string comes back about 40% longer with accented
letters (placeholders kept), to find clipped text in the screenshots.
"""

from __future__ import annotations

import os
import re
from importlib.resources.abc import Traversable
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from resources import resource

# App language code -> the suffix of our .ts/.qm files and Qt's own qtbase_*.qm.
QT_LOCALES = {"es": "es", "zh": "zh_CN"}
_installed: list[QTranslator] = []


def _ts_file(lang: str) -> Traversable | None:
    locale = QT_LOCALES.get(lang)
    if locale is None:
        return None
    ts = resource("i18n", f"trial_finder_{locale}.ts")
    return ts if ts.is_file() else None


def _qm_path(lang: str) -> str | None:
    """A compiled .qm next to the .ts, when it is there and not older than the .ts."""
    locale = QT_LOCALES.get(lang)
    if locale is None:
        return None
    qm = resource("i18n", f"trial_finder_{locale}.qm")
    if not qm.is_file():
        return None
    path: str = os.fspath(qm)  # type: ignore[call-overload]
    ts = _ts_file(lang)
    if ts is not None and os.path.getmtime(os.fspath(ts)) > os.path.getmtime(path):  # type: ignore[call-overload]
        return None  # stale: the .ts was edited after the build
    return path


# --- .ts read directly -----------------------------------------------------------------------------
def plural_index(lang: str, n: int) -> int:
    """Which numerus form (Qt's order) a count takes: Spanish one/other, Chinese a single form."""
    if lang == "zh":
        return 0
    return 0 if n == 1 else 1


def read_ts(text: str) -> dict[tuple[str, str, str], list[str]]:
    """(context, source, comment) -> translation forms (one, or the numerus forms), finished entries only."""
    root: Element = ElementTree.fromstring(text)
    out: dict[tuple[str, str, str], list[str]] = {}
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            comment = message.findtext("comment") or ""
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("unfinished", "obsolete", "vanished"):
                continue
            forms = [f.text or "" for f in translation.iter("numerusform")]
            if not forms:
                forms = [translation.text or ""]
            if any(forms):
                out[(name, source, comment)] = forms
    return out


class TsTranslator(QTranslator):
    """Translates from a parsed .ts file (used when no up-to-date .qm is there)."""

    def __init__(self, lang: str, text: str) -> None:
        super().__init__()
        self.lang = lang
        self.table = read_ts(text)

    def isEmpty(self) -> bool:
        return not self.table

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        forms = self.table.get((context, source, disambiguation or ""))
        if not forms:
            # None reaches Qt as a null QString, "not here": Qt then asks the next translator or context
            # (PySide's tr() tries each base class). An empty "" would count as a translation.
            return None
        if n >= 0 and len(forms) > 1:
            return forms[min(plural_index(self.lang, n), len(forms) - 1)]
        return forms[0]


# --- pseudo-localisation ---------------------------------------------------------------------------
_PSEUDO_MAP = str.maketrans("aceinousyACEINOUSY", "àçéîñöûšýÀÇÉÎÑÖÛŠÝ")
_QT_PLACEHOLDER = re.compile(r"(%L?\d+|%n|&&|&(?=\w))")


def pseudo_text(text: str) -> str:
    """Accented and about 40% longer; %1, %n and mnemonics (&) are kept so the string still works."""
    parts = _QT_PLACEHOLDER.split(text)
    body = "".join(p if _QT_PLACEHOLDER.fullmatch(p) else p.translate(_PSEUDO_MAP) for p in parts)
    pad = "~" * max(2, round(len(text) * 0.4) - 2)
    return f"[{body} {pad}]"


class PseudoTranslator(QTranslator):
    def isEmpty(self) -> bool:
        return False

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return pseudo_text(source) if source else ""


def pseudo_enabled() -> bool:
    return os.environ.get("TRIAL_FINDER_PSEUDO", "") not in ("", "0")


# --- switching ---------------------------------------------------------------------------------------
def translators_for(lang: str) -> list[QTranslator]:
    """The translators `lang` needs: Qt's own (buttons of standard dialogs) and ours."""
    out: list[QTranslator] = []
    if pseudo_enabled():
        return [PseudoTranslator()]
    locale = QT_LOCALES.get(lang)
    if locale is None:
        return out
    qt_own = QTranslator()
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_own.load(QLocale(locale), "qtbase", "_", qt_dir):
        out.append(qt_own)
    qm = _qm_path(lang)
    ours = QTranslator()
    if qm is not None and ours.load(qm):
        out.append(ours)
    else:
        ts = _ts_file(lang)
        if ts is not None:
            out.append(TsTranslator(lang, ts.read_text("utf-8")))
    return out


def install(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Replace the installed translators with those for `lang` ("en": none). Each install/remove makes Qt
    post a LanguageChange to every widget, so the switch shows at once."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    for translator in translators_for(lang):
        translator.setParent(app)
        if app.installTranslator(translator):
            _installed.append(translator)
    return list(_installed)


def installed() -> list[QTranslator]:
    return list(_installed)
