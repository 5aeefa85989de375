"""The frame every question screen shares: a calm centred column (title, help, the answer widgets) and
the row Back / Not sure / Skip / Next. Subclasses only say how to show, read and clear their answer."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from finder.answers import Answers
from ui.questions import texts
from ui.state import SessionState

MAX_CHARS = 70  # longest comfortable line for reading


class InputProblem(ValueError):
    """What the family typed cannot be used; the message is shown under the question."""


class CenteredColumn(QScrollArea):
    """A scrollable page whose content sits in a centred column about 70 characters wide."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget(self)
        holder.setObjectName("pageBody")
        row = QHBoxLayout(holder)
        row.setContentsMargins(24, 24, 24, 24)
        self.column = QWidget(holder)
        self.column_layout = QVBoxLayout(self.column)
        self.column_layout.setContentsMargins(0, 0, 0, 0)
        self.column_layout.setSpacing(20)
        row.addStretch(1)
        row.addWidget(self.column, 100)
        row.addStretch(1)
        self.setWidget(holder)

    def fit_width(self) -> None:
        metrics = self.column.fontMetrics()
        self.column.setMaximumWidth(metrics.averageCharWidth() * MAX_CHARS + 48)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit_width()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        self.fit_width()
        self.relax_wrapped_labels()
        super().showEvent(event)

    def relax_wrapped_labels(self) -> None:
        """Wrapped labels may be narrower than their longest word (a long address, a long translation):
        else that one word widens the column past the screen and every other label is sized for a width
        it does not have, with its last lines cut off."""
        for label in self.column.findChildren(QLabel):
            if label.wordWrap() and label.minimumWidth() == 0:
                label.setMinimumWidth(1)


class QuestionPage(QWidget):
    """One topic. `advanced(how)` fires after the answer was stored: how is answered | not_sure | skipped."""

    topic = ""
    advanced = Signal(str)
    backRequested = Signal()

    def __init__(self, state: SessionState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"question_{self.topic}")
        self.state = state
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.scroll = CenteredColumn(self)
        body = self.scroll.column_layout
        self.title = QLabel(self.scroll.column)
        self.title.setObjectName("questionTitle")
        self.title.setWordWrap(True)
        self.help = QLabel(self.scroll.column)
        self.help.setObjectName("questionHelp")
        self.help.setWordWrap(True)
        body.addWidget(self.title)
        body.addWidget(self.help)
        self.body = QVBoxLayout()
        self.body.setSpacing(16)
        body.addLayout(self.body)
        self.problem = QLabel(self.scroll.column)
        self.problem.setObjectName("problemText")
        self.problem.setWordWrap(True)
        self.problem.hide()
        body.addWidget(self.problem)
        body.addStretch(1)
        outer.addWidget(self.scroll, 1)
        self.build()  # before the button bar, so Tab goes through the answer first, then to Next
        outer.addWidget(self._button_bar())
        self.retranslate()
        state.wiped.connect(self.reset)

    def _button_bar(self) -> QWidget:
        bar = QWidget(self)
        bar.setObjectName("buttonBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(24, 12, 24, 12)
        row.setSpacing(12)
        self.back_button = QPushButton(bar)
        self.not_sure_button = QPushButton(bar)
        self.skip_button = QPushButton(bar)
        self.next_button = QPushButton(bar)
        self.next_button.setObjectName("primaryButton")
        self.next_button.setDefault(True)
        for button in (self.back_button, self.not_sure_button, self.skip_button, self.next_button):
            button.setMinimumHeight(48)
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.not_sure_button)
        row.addWidget(self.skip_button)
        row.addWidget(self.next_button)
        self.back_button.clicked.connect(self.backRequested)
        self.not_sure_button.clicked.connect(self._on_not_sure)
        self.skip_button.clicked.connect(self._on_skip)
        self.next_button.clicked.connect(self._on_next)
        return bar

    # --- for subclasses ------------------------------------------------------------------------
    def build(self) -> None:
        """Create the answer widgets and add them to self.body."""

    def load(self, answers: Answers) -> None:
        """Show the stored answer (called each time the page is shown)."""

    def collect(self, answers: Answers) -> Answers | None:
        """The answers with this topic set from the widgets; None when nothing was given."""
        return None

    def cleared(self, answers: Answers) -> Answers:
        """The answers with this topic unknown."""
        return answers

    def describe(self, answers: Answers) -> str | None:
        """This topic's answer in a few plain words, for the summary (None: not known)."""
        return None

    def retranslate_body(self) -> None:
        """Re-label the answer widgets in self.state.lang."""

    def reset(self) -> None:
        """Forget everything shown or remembered for the last family (kiosk "Start over", idle reset)."""
        self.problem.hide()
        self.load(self.state.answers)

    # --- shared behaviour ----------------------------------------------------------------------
    @property
    def lang(self) -> str:
        return self.state.lang

    def show_page(self) -> None:
        self.problem.hide()
        self.load(self.state.answers)

    def focus_first(self) -> None:
        """Keyboard focus on the first thing to answer (or Next when there is nothing to fill in)."""
        for widget in self.scroll.column.findChildren(QWidget):
            takes_tab = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
            if takes_tab and widget.isVisibleTo(self) and widget.isEnabled():
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()

    def retranslate(self) -> None:
        lang, subject = self.state.lang, self.state.subject
        self.title.setText(texts.title(self.topic, lang, subject))
        self.help.setText(texts.help_text(self.topic, lang))
        self.back_button.setText(texts.common("back", lang, "Back"))
        self.not_sure_button.setText(texts.common("not_sure", lang, "Not sure"))
        self.skip_button.setText(texts.common("skip", lang, "Skip"))
        self.next_button.setText(texts.common("next", lang, "Next"))
        for button in (self.back_button, self.not_sure_button, self.skip_button, self.next_button):
            button.setAccessibleName(button.text())
        # What each one does, for a mouse pointer and a screen reader: "Not sure" clears, "Skip" keeps.
        self.not_sure_button.setToolTip(texts.common("not_sure_tip", lang, ""))
        self.not_sure_button.setAccessibleDescription(
            f'{texts.common("not_sure_tip", lang, "")} {texts.common("not_sure_note", lang, "")}'.strip())
        self.skip_button.setToolTip(texts.common("skip_tip", lang, ""))
        self.skip_button.setAccessibleDescription(texts.common("skip_tip", lang, ""))
        self.retranslate_body()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _on_next(self) -> None:
        try:
            new = self.collect(self.state.answers)
        except InputProblem as problem:
            self.show_problem(str(problem))
            return
        if new is None:  # nothing given: the same as "Not sure", without a scolding
            self._on_not_sure()
            return
        self.problem.hide()
        self.state.marks[self.topic] = "answered"
        self.state.set_answers(new)
        self.advanced.emit("answered")

    def _on_not_sure(self) -> None:
        self.problem.hide()
        self.state.marks[self.topic] = "not_sure"
        self.state.set_answers(self.cleared(self.state.answers))
        self.load(self.state.answers)
        self.advanced.emit("not_sure")

    def _on_skip(self) -> None:
        # Skip keeps whatever was there: it only moves on.
        self.problem.hide()
        self.state.marks.setdefault(self.topic, "skipped")
        self.advanced.emit("skipped")

    def enter_pressed(self) -> None:
        """Return / Enter on the page (not on a button): the same as Next."""
        self._on_next()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, QPushButton):
                focused.click()  # Enter on Back or Skip means Back or Skip, not Next
            else:
                self.enter_pressed()
            return
        super().keyPressEvent(event)
