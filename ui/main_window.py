"""The window: a header, the pages in a QStackedWidget, and a busy line. It only wires pages together."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QSize, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.backend import Backend
from ui.detail import DetailPage
from ui.faq import FaqPage
from ui.questions import texts
from ui.questions.flow import QuestionFlow
from ui.results import ResultsPage
from ui.start_page import StartPage
from ui.state import SessionState


class HeaderTitle(QLabel):
    """The app's name in the header: wraps on a narrow screen, and always has room for its longest word
    (a wrapped label would otherwise accept a width that cuts a word off)."""

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        metrics = self.fontMetrics()
        longest = max((metrics.horizontalAdvance(word) for word in self.text().split()), default=0)
        margins = self.contentsMargins()
        return QSize(max(hint.width(), longest + margins.left() + margins.right() + 2), hint.height())


class MainWindow(QMainWindow):
    def __init__(
        self,
        backend: Backend,
        state: SessionState,
        *,
        kiosk: bool = False,
        settings: Any = None,  # ui.settings.KioskSettings (engineer I); None: read the admin's file
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.backend, self.state, self.kiosk = backend, state, kiosk
        self.setObjectName("mainWindow")
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._header(central))
        self.stack = QStackedWidget(central)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self._busy_line(central))
        self.setCentralWidget(central)

        self.start = StartPage(backend, state)
        self.questions = QuestionFlow(backend, state)
        self.results = ResultsPage(backend, state)
        self.detail = DetailPage(backend, state)
        self.faq = FaqPage(state)
        for page in (self.start, self.questions, self.results, self.detail, self.faq):
            self.stack.addWidget(page)
        self._before_faq: QWidget = self.start

        self.start.startRequested.connect(lambda: self.go_questions())
        self.questions.finished.connect(self.go_results)
        self.questions.backToStart.connect(self.go_start)
        self.results.studyChosen.connect(self.go_detail)
        self.results.editRequested.connect(self.go_questions)
        self.results.backRequested.connect(self.go_summary)
        self.detail.backRequested.connect(self.go_results_again)
        self.detail.answerRequested.connect(self.go_questions)  # then the summary, then See the studies
        self.faq.backRequested.connect(self.close_faq)
        state.languageChanged.connect(self._language_changed)
        backend.busyChanged.connect(self._busy_changed)
        state.wiped.connect(backend.forget)
        backend.failed.connect(lambda message: print(f"trial-finder: {message}"))
        self.retranslate()
        from ui import keys

        self.enter_keys = keys.install(self)  # Enter on a focused button clicks it, on every page
        backend.request_stats()
        backend.warm_up()
        self.go_start()
        # --- kiosk hook (engineer I, ui/kiosk.py): idle reset, Start over, no close, staff exit ---
        from ui.kiosk import attach_kiosk

        attach_kiosk(self, settings, kiosk)  # sets self.kiosk_controller, self.theme, self.display_controls
        # --- end kiosk hook ---

    def _header(self, parent: QWidget) -> QWidget:
        header = QWidget(parent)
        header.setObjectName("header")
        row = QHBoxLayout(header)
        row.setContentsMargins(24, 8, 24, 8)
        self.header_title = HeaderTitle(header)
        self.header_title.setObjectName("headerTitle")
        # On a narrow screen the name wraps onto two lines (never cut off); the buttons keep their size.
        self.header_title.setWordWrap(True)
        self.header_title.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.faq_button = QPushButton(header)
        self.start_over_button = QPushButton(header)
        for button in (self.faq_button, self.start_over_button):
            button.setMinimumHeight(48)
        self.start_over_button.setVisible(self.kiosk)
        row.addWidget(self.header_title, 1)  # (engineer I) stretch here, not addStretch: else always 0 px
        row.addWidget(self.faq_button)
        row.addWidget(self.start_over_button)
        self.faq_button.clicked.connect(self.go_faq)
        self.start_over_button.clicked.connect(self.start_over)
        return header

    def _busy_line(self, parent: QWidget) -> QWidget:
        # Shown only when work lasts more than a moment, so quick answers do not flicker.
        self.busy_bar = QWidget(parent)
        self.busy_bar.setObjectName("busyLine")
        row = QHBoxLayout(self.busy_bar)
        row.setContentsMargins(24, 4, 24, 4)
        self.busy_label = QLabel(self.busy_bar)
        self.busy_progress = QProgressBar(self.busy_bar)
        self.busy_progress.setRange(0, 0)  # indeterminate
        self.busy_progress.setTextVisible(False)
        self.busy_progress.setMaximumWidth(240)
        row.addStretch(1)
        row.addWidget(self.busy_label)
        row.addWidget(self.busy_progress)
        row.addStretch(1)
        self.busy_bar.setVisible(False)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(300)
        self._busy_timer.timeout.connect(lambda: self.busy_bar.setVisible(self.backend.busy))
        return self.busy_bar

    def _busy_changed(self, busy: bool) -> None:
        if busy:
            self._busy_timer.start()
        else:
            self._busy_timer.stop()
            self.busy_bar.setVisible(False)

    # --- navigation (the seams other pages call) -----------------------------------------------
    def go_start(self) -> None:
        self.stack.setCurrentWidget(self.start)
        self.start.start_button.setFocus()

    def go_questions(self, topic: str | None = None) -> None:
        self.stack.setCurrentWidget(self.questions)
        if topic is None:
            self.questions.begin()
        else:
            self.questions.show_topic(topic, editing=True)

    def go_summary(self) -> None:
        """The list of answers with Edit (from the results: "Change my answers")."""
        self.stack.setCurrentWidget(self.questions)
        self.questions.show_summary()

    def go_results(self) -> None:
        self.backend.request_matches(self.state.answers, self.state.subject)
        self.stack.setCurrentWidget(self.results)

    def go_results_again(self) -> None:
        """Back from a study to the list, without matching again."""
        self.stack.setCurrentWidget(self.results)

    def go_detail(self, nct_id: str) -> None:
        self.detail.show_study(nct_id)
        self.stack.setCurrentWidget(self.detail)

    def go_faq(self) -> None:
        if self.stack.currentWidget() is not self.faq:
            self._before_faq = self.stack.currentWidget()
        self.stack.setCurrentWidget(self.faq)

    def close_faq(self) -> None:
        self.stack.setCurrentWidget(self._before_faq)

    def start_over(self) -> None:
        """Kiosk "Start over": forget every answer and go back to the first screen."""
        self.kiosk_controller.reset()  # engineer I: also closes any open dialog or popup

    # --- language ------------------------------------------------------------------------------
    def _language_changed(self, _lang: str) -> None:
        # Content comes from finder.content in state.lang; a LanguageChange makes every page re-read it at
        # once (ui.i18n, when present, also swaps the Qt translators and posts its own LanguageChange).
        QCoreApplication.sendEvent(self, QEvent(QEvent.Type.LanguageChange))

    def retranslate(self) -> None:
        lang = self.state.lang
        self.setWindowTitle(texts.app("app_name", lang, "Trial Finder"))
        self.header_title.setText(texts.app("app_name", lang, "Trial Finder"))
        self.faq_button.setText(texts.app("heading_faq", lang, "Questions & answers"))
        self.start_over_button.setText(texts.app("start_over", lang, "Start over"))
        self.busy_label.setText(texts.app("busy", lang))
        for button in (self.faq_button, self.start_over_button):
            button.setAccessibleName(button.text())
        self.busy_progress.setAccessibleName(self.busy_label.text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
