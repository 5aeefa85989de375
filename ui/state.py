"""The family's session: answers, who they are for and the language, in memory only.

Nothing here is ever written to disk: the answers live in one frozen `Answers` value that is replaced on
every change, and `wipe()` (kiosk "Start over", idle reset) drops all of it at once.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QObject, Signal

from finder.answers import Answers

SUBJECTS: tuple[str, ...] = ("child", "self", "other")
LANGS: tuple[str, ...] = ("en", "es", "zh")


class SessionState(QObject):
    """Answers + subject + language. Signals fire only on a real change."""

    answersChanged = Signal()
    languageChanged = Signal(str)
    subjectChanged = Signal(str)
    wiped = Signal()

    def __init__(self, lang: str = "en", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._answers = Answers()
        self._subject = "child"
        self._lang = lang if lang in LANGS else "en"
        # Per topic: "answered", "not_sure" or "skipped", so the summary can say which.
        self.marks: dict[str, str] = {}

    # --- answers -------------------------------------------------------------------------------
    @property
    def answers(self) -> Answers:
        return self._answers

    def set_answers(self, answers: Answers) -> None:
        if answers != self._answers:
            self._answers = answers
            self.answersChanged.emit()

    def update(self, **changes: Any) -> None:
        """Replace some fields of the answers (dataclasses.replace), e.g. update(sex="female")."""
        self.set_answers(dataclasses.replace(self._answers, **changes))

    # --- subject and language ------------------------------------------------------------------
    @property
    def subject(self) -> str:
        return self._subject

    @subject.setter
    def subject(self, value: str) -> None:
        if value not in SUBJECTS:
            raise ValueError(f"subject must be one of {SUBJECTS}, got {value!r}")
        if value != self._subject:
            self._subject = value
            self.subjectChanged.emit(value)

    @property
    def lang(self) -> str:
        return self._lang

    @lang.setter
    def lang(self, value: str) -> None:
        if value not in LANGS:
            raise ValueError(f"lang must be one of {LANGS}, got {value!r}")
        if value != self._lang:
            self._lang = value
            self.languageChanged.emit(value)

    def set_language(self, value: str) -> None:
        self.lang = value

    def wipe(self) -> None:
        """Forget everything the family entered (the language stays: it is the kiosk's, not theirs)."""
        self._answers = Answers()
        self._subject = "child"
        self.marks = {}
        self.answersChanged.emit()
        self.wiped.emit()
