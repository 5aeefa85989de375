"""Start the family app: QApplication, style sheet, translations, the Backend and the window."""

from __future__ import annotations

import argparse
import re
import sys
import warnings

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication

from resources import resource
from ui.fonts import load_bundled_fonts

BASE_POINT_SIZE = 13.0  # calm, large body text; headings are sized relative to it in app.qss
_PT = re.compile(r"font-size:\s*([0-9.]+)pt")


def style_sheet(name: str = "app.qss", scale: float = 1.0) -> str:
    """A bundled style sheet with every `font-size: Npt` multiplied by `scale` (text size setting)."""
    text = resource("styles", name).read_text("utf-8")
    # Images beside the sheets (the drop-down arrow): Qt wants a file path, wherever the app is installed.
    text = text.replace("@styles@", str(resource("styles")).replace("\\", "/"))
    return _PT.sub(lambda m: f"font-size: {float(m.group(1)) * scale:.1f}pt", text)


def apply_style(app: QApplication, scale: float = 1.0, extra: str = "") -> None:
    """Application font and style sheet at a text scale (1.0 = normal, up to 2.0). `extra` is appended
    (the high-contrast sheet, for example)."""
    font = QFont(app.font())
    font.setPointSizeF(BASE_POINT_SIZE * scale)
    if font != app.font():
        app.setFont(font)
    sheet = style_sheet("app.qss", scale) + "\n" + extra
    # Re-polishing every widget takes seconds in a full window: only when something really changed.
    if sheet != app.styleSheet():
        app.setStyleSheet(sheet)


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    QCoreApplication.setApplicationName("Trial Finder")
    QCoreApplication.setOrganizationName("trial-finder")
    load_bundled_fonts()  # Chinese glyphs where the system has none
    return app


def _install_translations(app: QApplication, lang: str) -> None:
    try:
        from ui import i18n  # engineer I: Qt translators for the UI chrome
    except ImportError:
        return
    install = getattr(i18n, "install", None)
    if callable(install):
        install(app, lang)


def run_app(args: argparse.Namespace) -> int:
    from ui.backend import Backend
    from ui.main_window import MainWindow
    from ui.state import SessionState

    app = make_application()
    # A text missing in Spanish or Chinese shows in English; say so on the console, not to the family.
    warnings.simplefilter("once")
    apply_style(app)
    from ui import settings as admin_settings  # engineer I: the administrator's kiosk/display settings

    settings = admin_settings.load()
    lang = getattr(args, "lang", None) or settings.default_lang
    state = SessionState(lang)
    _install_translations(app, lang)
    state.languageChanged.connect(lambda code: _install_translations(app, code))
    backend = Backend(getattr(args, "db", None))
    kiosk = bool(getattr(args, "kiosk", False)) or settings.kiosk
    window = MainWindow(backend, state, kiosk=kiosk, settings=settings)
    window.resize(1280, 800)
    if window.kiosk:
        window.showFullScreen()
    else:
        window.show()
    try:
        return app.exec()
    finally:
        backend.close()
