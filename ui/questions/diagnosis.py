"""The diagnosis: type-ahead over the vocabulary (synonyms, short names, typos), or broader groups for a
family that does not know the exact name. Suggestions come from the Backend worker, never the GUI thread."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QWidget

from finder.answers import Answers
from ui.backend import Backend
from ui.finder_calls import DiagnosisChoice
from ui.questions import texts
from ui.questions.base import QuestionPage
from ui.state import SessionState

_CHOICE_ROLE = Qt.ItemDataRole.UserRole + 1


class DiagnosisPage(QuestionPage):
    topic = "diagnosis"

    def __init__(self, state: SessionState, backend: Backend, parent: QWidget | None = None) -> None:
        self.backend = backend
        self.chosen: DiagnosisChoice | None = None
        super().__init__(state, parent)
        backend.suggestionsReady.connect(self._show_suggestions)
        backend.broaderReady.connect(self._show_broader)

    def build(self) -> None:
        self.entry = QLineEdit(self)
        self.entry.setObjectName("diagnosisInput")
        self.entry.setClearButtonEnabled(True)
        self.entry.textEdited.connect(self._typed)
        self.list_title = QLabel(self)
        self.list_title.setObjectName("fieldLabel")
        self.list_title.setWordWrap(True)
        self.list_title.hide()
        self.suggestions = QListWidget(self)
        self.suggestions.setObjectName("suggestionList")
        self.suggestions.setWordWrap(True)
        self.suggestions.setUniformItemSizes(False)
        self.suggestions.itemClicked.connect(self._pick)
        self.suggestions.itemActivated.connect(self._pick)
        self.suggestions.hide()
        self.no_match = QLabel(self)
        self.no_match.setObjectName("noteText")
        self.no_match.setWordWrap(True)
        self.no_match.hide()
        self.dont_know = QPushButton(self)
        self.dont_know.setMinimumHeight(48)
        self.dont_know.clicked.connect(lambda: self.backend.request_broader(self.lang))
        self.dont_know_help = QLabel(self)
        self.dont_know_help.setObjectName("choiceHelp")
        self.dont_know_help.setWordWrap(True)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self._ask)
        self.suggestions.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body.addWidget(self.entry)
        self.body.addWidget(self.no_match)
        self.body.addWidget(self.suggestions)
        self.body.addWidget(self.dont_know, 0, Qt.AlignmentFlag.AlignLeft)
        self.body.addWidget(self.dont_know_help)
        self.body.addWidget(self.list_title)

    # --- type-ahead ----------------------------------------------------------------------------
    def _typed(self, _text: str) -> None:
        self.chosen = None
        self._debounce.start()

    def _ask(self) -> None:
        self.backend.request_suggestions(self.entry.text(), self.lang)

    def _fill(self, choices: list[DiagnosisChoice], with_explain: bool) -> None:
        self.suggestions.clear()
        for choice in choices:
            text = f"{choice.label}\n{choice.explain}" if with_explain and choice.explain else choice.label
            item = QListWidgetItem(text)
            item.setData(_CHOICE_ROLE, choice)
            item.setToolTip(choice.explain)
            self.suggestions.addItem(item)
        self.suggestions.setVisible(bool(choices))
        if choices:
            rows = min(len(choices), 8)
            self.suggestions.setMinimumHeight(min(self.suggestions.sizeHintForRow(0) * rows + 8, 480))

    def _show_suggestions(self, choices: list[DiagnosisChoice]) -> None:
        self.list_title.hide()
        self.body.removeWidget(self.suggestions)
        self.body.insertWidget(self.body.indexOf(self.no_match) + 1, self.suggestions)
        self._fill(choices, with_explain=False)
        typed = self.entry.text().strip()
        self.no_match.setVisible(not choices and len(typed) >= 3)

    def _show_broader(self, choices: list[DiagnosisChoice]) -> None:
        # The groups go below the button that asked for them, where the family is looking.
        self.no_match.hide()
        self.list_title.setVisible(bool(choices))
        self.body.removeWidget(self.suggestions)
        self.body.addWidget(self.suggestions)
        self._fill(choices, with_explain=True)
        if choices:
            self.suggestions.setFocus()
            self.scroll.ensureWidgetVisible(self.list_title)

    def _pick(self, item: QListWidgetItem) -> None:
        choice = item.data(_CHOICE_ROLE)
        if isinstance(choice, DiagnosisChoice):
            self.chosen = choice
            self.entry.setText(choice.label)
            self.no_match.hide()

    def enter_pressed(self) -> None:
        # Enter in the list picks the highlighted name; in the box, the best suggestion; then Next.
        item = self.suggestions.currentItem() if self.suggestions.hasFocus() else None
        if item is None and self.chosen is None and self.suggestions.count() and self.suggestions.isVisible():
            item = self.suggestions.item(0)
        if item is not None:
            self._pick(item)
        self._on_next()

    # --- the answer ----------------------------------------------------------------------------
    def load(self, answers: Answers) -> None:
        shown = answers.diagnosis
        if self.chosen is not None and answers.diagnosis == self.chosen.english:
            shown = self.chosen.label
        else:
            self.chosen = None
        self.entry.setText(shown or "")
        self.suggestions.clear()
        self.suggestions.hide()
        self.list_title.hide()
        self.no_match.hide()

    def collect(self, answers: Answers) -> Answers | None:
        typed = self.entry.text().strip()
        if self.chosen is not None and typed == self.chosen.label:
            # Stored in English: what the matching engine resolves against the vocabulary.
            return dataclasses.replace(answers, diagnosis=self.chosen.english)
        if not typed:
            return None
        return dataclasses.replace(answers, diagnosis=typed)  # resolved (typo tolerant) by matching

    def reset(self) -> None:
        self.chosen = None
        self._debounce.stop()
        super().reset()

    def cleared(self, answers: Answers) -> Answers:
        self.chosen = None
        return dataclasses.replace(answers, diagnosis=None)

    def describe(self, answers: Answers) -> str | None:
        if self.chosen is not None and answers.diagnosis == self.chosen.english:
            return self.chosen.label
        return answers.diagnosis

    def retranslate_body(self) -> None:
        self.entry.setPlaceholderText(texts.extra(self.topic, "placeholder", self.lang))
        self.entry.setAccessibleName(texts.title(self.topic, self.lang, self.state.subject))
        self.entry.setAccessibleDescription(texts.help_text(self.topic, self.lang))
        self.suggestions.setAccessibleName(self.tr("Suggested names"))
        self.no_match.setText(texts.extra(self.topic, "no_match", self.lang))
        self.list_title.setText(texts.extra(self.topic, "broader_title", self.lang))
        self.dont_know.setText(texts.option(self.topic, "dont_know", self.lang))
        self.dont_know.setAccessibleName(self.dont_know.text())
        self.dont_know_help.setText(texts.option_help(self.topic, "dont_know", self.lang))
