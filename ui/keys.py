"""Enter presses the focused button, everywhere in the window.

Outside dialogs a QPushButton reacts only to Space; a parent who tabs to "Edit", "Español" or "Show
original text" and presses Enter expected something to happen. Pages that give Enter a meaning of their own
(Next on a question, Start on the first screen, See the studies on the summary) still get every Enter that
is not on a button.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _in_dialog(button: QPushButton) -> bool:
    return isinstance(button.window(), QDialog)  # dialogs have their own default-button rules


class EnterClicksButtons(QObject):
    """Application event filter: Return / Enter on a focused push button clicks it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QPushButton):
            return False
        assert isinstance(event, QKeyEvent)
        if event.key() not in _ENTER or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        if not watched.hasFocus() or not watched.isEnabled() or watched.autoDefault() or _in_dialog(watched):
            return False
        if not event.isAutoRepeat():  # holding Enter down must not click twenty times
            watched.click()
        return True


def install(parent: QObject) -> EnterClicksButtons:
    """Install the filter for as long as `parent` (the main window) lives."""
    app = QApplication.instance()
    assert app is not None
    keys = EnterClicksButtons(parent)
    app.installEventFilter(keys)
    return keys
