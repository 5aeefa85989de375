"""The bundled Chinese fallback font (resources/fonts), so Chinese text never shows as empty boxes.

Loaded once per process as application fonts, then added behind the application font's own family: Latin
text keeps the system's font, and characters that font lacks come from ours. A system with its own Chinese
font still gets ours first in the fallback list, so every screen looks the same wherever the app runs.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from resources import resource

FAMILY = "Trial Finder CJK"
FILES = ("TrialFinderCJK-Regular.otf", "TrialFinderCJK-Bold.otf")

_loaded: list[str] = []


def load_bundled_fonts() -> list[str]:
    """Register the bundled font files with Qt (once) and return the families they hold."""
    if not _loaded:
        for name in FILES:
            data = resource("fonts", name).read_bytes()  # bytes: works from a wheel or a zip too
            font_id = QFontDatabase.addApplicationFontFromData(data)
            if font_id >= 0:
                _loaded.extend(f for f in QFontDatabase.applicationFontFamilies(font_id) if f not in _loaded)
    return list(_loaded)


def add_fallback_fonts(app: QApplication) -> None:
    """Put the bundled families behind the application font's own."""
    extra = [f for f in load_bundled_fonts() if f not in app.font().families()]
    if extra:
        font = QFont(app.font())
        font.setFamilies([*app.font().families(), *extra])
        app.setFont(font)
