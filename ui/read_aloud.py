"""Read-aloud of the current question or study summary, where the system has a speech engine.

QtTextToSpeech is not part of PySide6-Essentials: when it cannot be imported (or has no engine), the
button is never shown, so no family meets a button that does nothing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from ui.questions import texts

MAX_CHARS = 1200  # about a minute read aloud: the title, the badge and the plain summary


def make_speech() -> Any | None:
    """A QTextToSpeech, or None when the module or an engine is missing."""
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    try:
        engines = QTextToSpeech.availableEngines()
    except Exception:  # a broken speech plugin must not break the app
        return None
    return QTextToSpeech() if engines else None


def page_text(page: QWidget | None) -> str:
    """What to read on a page: its own `read_aloud_text()`, else its title and help labels."""
    if page is None:
        return ""
    custom = getattr(page, "read_aloud_text", None)
    if callable(custom):
        return str(custom())
    inner = getattr(page, "stack", None)  # the question flow: read the question on show
    if inner is not None and hasattr(inner, "currentWidget"):
        return page_text(inner.currentWidget())
    parts = [getattr(page, name, None) for name in ("title", "help")]
    text = "\n".join(p.text() for p in parts if isinstance(p, QLabel) and p.text())
    if text:
        return text
    # Any other page (a study's page): its visible labels from the top, about a minute of speech.
    out: list[str] = []
    for label in page.findChildren(QLabel):
        if label.isVisibleTo(page) and label.text().strip() and sum(map(len, out)) < MAX_CHARS:
            out.append(label.text().strip())
    return "\n".join(out)[:MAX_CHARS]


class ReadAloudButton(QPushButton):
    def __init__(self, window: Any, parent: QWidget | None = None, speech: Any | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readAloudButton")
        self.setMinimumHeight(48)
        self.window_ = window
        self.speech = speech if speech is not None else make_speech()
        self.setVisible(self.speech is not None)
        self.clicked.connect(self.read)
        self.retranslate()

    def read(self) -> None:
        if self.speech is None:
            return
        self.speech.stop()
        text = page_text(self.window_.stack.currentWidget())
        if text:
            self.speech.say(text)

    def retranslate(self) -> None:
        self.setText(texts.common("read_aloud", self.window_.state.lang, "Read aloud"))
        self.setAccessibleName(self.text())
        self.setAccessibleDescription(self.tr("Reads the question or study summary on this screen out loud"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
