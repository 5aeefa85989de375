"""The bundled Chinese fallback font (resources/fonts), so Chinese text never shows as empty boxes.

Registered once per process as application fonts and nothing more: Qt's own font fallback (fontconfig on
Linux, the system's elsewhere) then draws the characters the application font lacks from it. Putting the
family into the application font's family list instead made every Latin line taller (Qt sizes text by all
the families listed), which squeezed the kiosk's header buttons.
"""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase

from resources import resource

FAMILY = "Trial Finder CJK"
FILES = ("TrialFinderCJK-Regular.otf", "TrialFinderCJK-Bold.otf")

_loaded: list[str] = []


def load_bundled_fonts() -> list[str]:
    """Register the bundled font files with Qt (once) and return the families they hold. Needs a
    QGuiApplication."""
    if not _loaded:
        for name in FILES:
            data = resource("fonts", name).read_bytes()  # bytes: works from a wheel or a zip too
            font_id = QFontDatabase.addApplicationFontFromData(data)
            if font_id >= 0:
                _loaded.extend(f for f in QFontDatabase.applicationFontFamilies(font_id) if f not in _loaded)
    return list(_loaded)
