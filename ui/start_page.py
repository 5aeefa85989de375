"""The first screen: who the answers are about, the language, what the app does and does not do, how
fresh the trial data is, and a big Start button."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QLocale, Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.backend import Backend
from ui.questions import texts
from ui.questions.base import CenteredColumn
from ui.questions.widgets import ChoiceList
from ui.state import LANGS, SUBJECTS, SessionState

# Each language is named in itself, so a family can find theirs whatever is showing now.
LANGUAGE_NAMES = {"en": "English", "es": "Español", "zh": "中文"}


class StartPage(QWidget):
    startRequested = Signal()

    def __init__(self, backend: Backend, state: SessionState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startPage")
        self.backend, self.state = backend, state
        self.stats: Any = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = CenteredColumn(self)
        column = scroll.column_layout
        parent_widget = scroll.column

        self.language_row = QWidget(parent_widget)
        langs = QHBoxLayout(self.language_row)
        langs.setContentsMargins(0, 0, 0, 0)
        langs.setSpacing(8)
        self.language_label = QLabel(self.language_row)
        self.language_label.setObjectName("fieldLabel")
        langs.addWidget(self.language_label)
        langs.addStretch(1)
        self.language_group = QButtonGroup(self)
        self.language_buttons: dict[str, QPushButton] = {}
        for code in LANGS:
            button = QPushButton(LANGUAGE_NAMES[code], self.language_row)
            button.setObjectName("languageButton")
            button.setCheckable(True)
            button.setMinimumSize(96, 48)
            button.setAccessibleName(LANGUAGE_NAMES[code])
            button.setLocale(QLocale(code))
            button.clicked.connect(lambda _=False, c=code: self._choose_language(c))
            self.language_group.addButton(button)
            self.language_buttons[code] = button
            langs.addWidget(button)

        self.title = QLabel(parent_widget)
        self.title.setObjectName("questionTitle")
        self.title.setWordWrap(True)
        self.intro = QLabel(parent_widget)
        self.intro.setObjectName("introText")
        self.intro.setWordWrap(True)
        self.who_title = QLabel(parent_widget)
        self.who_title.setObjectName("subTitle")
        self.who_title.setWordWrap(True)
        self.who = ChoiceList(list(SUBJECTS), horizontal=True, parent=parent_widget)
        self.who.select(state.subject)
        self.who.changed.connect(self._choose_subject)
        self.data_note = QLabel(parent_widget)
        self.data_note.setObjectName("noteText")
        self.data_note.setWordWrap(True)
        self.privacy = QLabel(parent_widget)
        self.privacy.setObjectName("noteText")
        self.privacy.setWordWrap(True)
        self.start_button = QPushButton(self)
        self.start_button.setObjectName("startButton")
        self.start_button.setMinimumHeight(64)
        self.start_button.clicked.connect(self.startRequested)

        for widget in (self.language_row, self.title, self.intro, self.who_title, self.who):
            column.addWidget(widget)
        column.addWidget(self.data_note)
        column.addWidget(self.privacy)
        column.addStretch(1)
        outer.addWidget(scroll, 1)
        # The Start button stays in view at any window size, below the scrolling text.
        bar = QWidget(self)
        bar.setObjectName("buttonBar")
        bar_row = QHBoxLayout(bar)
        bar_row.setContentsMargins(24, 12, 24, 12)
        bar_row.addStretch(1)
        bar_row.addWidget(self.start_button, 3)
        bar_row.addStretch(1)
        outer.addWidget(bar)

        backend.statsReady.connect(self._stats_ready)
        state.languageChanged.connect(self._sync_language)
        state.wiped.connect(lambda: self.who.select(state.subject))
        self._sync_language(state.lang)
        self.retranslate()

    def _choose_language(self, code: str) -> None:
        self.state.set_language(code)  # the window turns this into a LanguageChange for every page

    def _sync_language(self, code: str) -> None:
        self.language_buttons[code].setChecked(True)

    def _choose_subject(self, subject: str) -> None:
        self.state.subject = subject

    def _stats_ready(self, stats: Any) -> None:
        self.stats = stats
        self._show_data_note()

    def _show_data_note(self) -> None:
        lang = self.state.lang
        stats = self.stats
        if stats is None:
            self.data_note.setText(texts.app("busy", lang))
            return
        parts = []
        if stats.newest_snapshot is not None:
            date = QLocale(lang).toString(stats.newest_snapshot, QLocale.FormatType.LongFormat)
            parts.append(texts.app("snapshot_note", lang, date=date))
        elif stats.total:
            parts.append(texts.app("snapshot_unknown", lang))
        parts.append(self.tr("%n studies are stored on this device.", "", stats.total))
        self.data_note.setText(" ".join(parts))

    def retranslate(self) -> None:
        lang = self.state.lang
        self.language_label.setText(texts.common("language", lang, "Language"))
        self.title.setText(texts.app("start_title", lang))
        self.intro.setText(texts.app("start_intro", lang))
        self.who_title.setText(texts.app("who_for_question", lang))
        for subject in SUBJECTS:
            self.who.set_text(subject, texts.app(f"who_{subject}", lang))
        self.start_button.setText(texts.app("start_button", lang, "Start"))
        self.start_button.setAccessibleName(self.start_button.text())
        self.privacy.setText(texts.app("privacy_note", lang))
        self._show_data_note()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.startRequested.emit()
            return
        super().keyPressEvent(event)
