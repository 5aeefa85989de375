"""Every answer on one screen, each with Edit, and the way on to the studies."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.questions import texts
from ui.questions.base import CenteredColumn, QuestionPage
from ui.state import SessionState


class SummaryPage(QWidget):
    editRequested = Signal(str)
    backRequested = Signal()
    finished = Signal()

    def __init__(self, state: SessionState, pages: dict[str, QuestionPage], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("summaryPage")
        self.state, self.pages = state, pages
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = CenteredColumn(self)
        column = scroll.column_layout
        self.title = QLabel(scroll.column)
        self.title.setObjectName("questionTitle")
        self.title.setWordWrap(True)
        self.help = QLabel(scroll.column)
        self.help.setObjectName("questionHelp")
        self.help.setWordWrap(True)
        column.addWidget(self.title)
        column.addWidget(self.help)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(14)
        grid.setColumnStretch(1, 1)
        self.names: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        self.edit_buttons: dict[str, QPushButton] = {}
        for row, topic in enumerate(pages):
            name, value, edit = QLabel(scroll.column), QLabel(scroll.column), QPushButton(scroll.column)
            name.setObjectName("summaryName")
            name.setWordWrap(True)
            value.setObjectName("summaryValue")
            value.setWordWrap(True)
            edit.setMinimumSize(96, 48)
            edit.clicked.connect(lambda _=False, t=topic: self.editRequested.emit(t))
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
            grid.addWidget(edit, row, 2)
            self.names[topic], self.values[topic], self.edit_buttons[topic] = name, value, edit
        column.addLayout(grid)
        column.addStretch(1)
        outer.addWidget(scroll, 1)
        bar = QWidget(self)
        bar.setObjectName("buttonBar")
        buttons = QHBoxLayout(bar)
        buttons.setContentsMargins(24, 12, 24, 12)
        self.back_button = QPushButton(bar)
        self.results_button = QPushButton(bar)
        self.results_button.setObjectName("primaryButton")
        for button in (self.back_button, self.results_button):
            button.setMinimumHeight(48)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.results_button)
        outer.addWidget(bar)
        self.back_button.clicked.connect(self.backRequested)
        self.results_button.clicked.connect(self.finished)
        state.answersChanged.connect(self.refresh)
        self.retranslate()

    def topic_name(self, topic: str) -> str:
        names = {
            "age": self.tr("Age"),
            "sex": self.tr("Sex"),
            "weight": self.tr("Weight"),
            "diagnosis": self.tr("Illness"),
            "disease_status": self.tr("Stage of the illness"),
            "treatments": self.tr("Treatments so far"),
            "weeks_since_last_treatment": self.tr("Last treatment"),
            "health": self.tr("Health"),
            "performance": self.tr("Daily activity"),
            "location": self.tr("Where you live"),
        }
        return names.get(topic, topic)

    def refresh(self) -> None:
        lang = self.state.lang
        for topic, page in self.pages.items():
            described = page.describe(self.state.answers)
            mark = self.state.marks.get(topic)
            if described:
                text = described
            elif mark == "skipped":
                text = self.tr("Skipped")
            elif mark == "not_sure" or mark == "answered":
                text = texts.common("not_sure", lang, "Not sure")
            else:
                text = self.tr("Not asked")
            self.values[topic].setText(text)
            edit = texts.common("edit", lang, "Edit")
            self.edit_buttons[topic].setAccessibleName(f"{edit}: {self.names[topic].text()}")

    def retranslate(self) -> None:
        lang = self.state.lang
        self.title.setText(self.tr("Your answers"))
        self.help.setText(
            self.tr("Check your answers. You can change any of them now or later. Then see the studies.")
        )
        for topic in self.pages:
            self.names[topic].setText(self.topic_name(topic))
            self.edit_buttons[topic].setText(texts.common("edit", lang, "Edit"))
        self.back_button.setText(texts.common("back", lang, "Back"))
        self.results_button.setText(self.tr("See the studies"))
        for button in (self.back_button, self.results_button):
            button.setAccessibleName(button.text())
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter anywhere on the summary (not on a button: ui.keys clicks those) goes on to the studies.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.finished.emit()
            return
        super().keyPressEvent(event)
