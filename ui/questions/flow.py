"""The question flow: asks the next topic the planner says is worth asking (most decisive first), keeps
a history for Back, shows the summary at the end, and keeps the "N studies may fit so far" line fresh."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from ui.backend import Backend
from ui.finder_calls import DEFAULT_TOPICS
from ui.questions import texts
from ui.questions.base import QuestionPage
from ui.questions.checklists import HealthPage, TreatmentsPage
from ui.questions.choices import ActivityPage, DiseaseStatusPage, SexPage
from ui.questions.diagnosis import DiagnosisPage
from ui.questions.location import LocationPage
from ui.questions.measures import AgePage, LastTreatmentPage, WeightPage
from ui.questions.summary import SummaryPage
from ui.state import SessionState


class QuestionFlow(QWidget):
    finished = Signal()  # the family wants to see the studies
    backToStart = Signal()

    def __init__(self, backend: Backend, state: SessionState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("questionFlow")
        self.backend, self.state = backend, state
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.count_line = QLabel(self)
        self.count_line.setObjectName("countLine")
        self.count_line.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count_line.setWordWrap(True)
        layout.addWidget(self.count_line)
        self.stack = QStackedWidget(self)
        layout.addWidget(self.stack, 1)
        made: list[QuestionPage] = [
            AgePage(state),
            SexPage(state),
            WeightPage(state),
            DiagnosisPage(state, backend),
            DiseaseStatusPage(state),
            TreatmentsPage(state),
            LastTreatmentPage(state),
            HealthPage(state),
            ActivityPage(state),
            LocationPage(state, backend),
        ]
        by_topic = {page.topic: page for page in made}
        self.pages: dict[str, QuestionPage] = {t: by_topic[t] for t in DEFAULT_TOPICS}
        for page in self.pages.values():
            self.stack.addWidget(page)
            page.advanced.connect(self._advanced)
            page.backRequested.connect(self._back)
        self.summary = SummaryPage(state, self.pages, self)
        self.stack.addWidget(self.summary)
        self.summary.editRequested.connect(lambda topic: self.show_topic(topic, editing=True))
        self.summary.backRequested.connect(self._back_from_summary)
        self.summary.finished.connect(self.finished)
        self.history: list[str] = []
        self.visited: set[str] = set()
        self.editing = False
        self.waiting_for_plan = False
        self.count: int | None = None
        backend.planReady.connect(self._plan_ready)
        backend.countReady.connect(self._count_ready)
        backend.failed.connect(self._backend_failed)
        state.answersChanged.connect(self._answers_changed)
        state.wiped.connect(self.reset)
        self.retranslate()

    # --- navigation ----------------------------------------------------------------------------
    def reset(self) -> None:
        self.history, self.visited, self.editing, self.waiting_for_plan = [], set(), False, False

    def begin(self) -> None:
        """Start (or restart) asking: the first topic comes from the planner."""
        self.reset()
        self._ask_plan()
        self.backend.request_count(self.state.answers)

    def current_topic(self) -> str | None:
        page = self.stack.currentWidget()
        return page.topic if isinstance(page, QuestionPage) else None

    def show_topic(self, topic: str, *, editing: bool = False) -> None:
        page = self.pages[topic]
        self.editing = editing
        self.waiting_for_plan = False
        if not editing and (not self.history or self.history[-1] != topic):
            self.history.append(topic)
        page.retranslate()  # the subject may have changed the wording since it was last shown
        page.show_page()
        self.stack.setCurrentWidget(page)
        self._set_buttons_enabled(True)
        page.focus_first()

    def show_summary(self) -> None:
        self.editing = False
        self.waiting_for_plan = False
        self.summary.refresh()
        self.stack.setCurrentWidget(self.summary)
        self.summary.results_button.setFocus()

    def _ask_plan(self) -> None:
        self.waiting_for_plan = True
        self._set_buttons_enabled(False)
        self.backend.request_plan(self.state.answers, self.visited)

    def _advanced(self, _how: str) -> None:
        topic = self.current_topic()
        if topic:
            self.visited.add(topic)
        if self.editing:
            self.show_summary()
        else:
            self._ask_plan()

    def _plan_ready(self, topics: list[str]) -> None:
        if not self.waiting_for_plan:
            return
        self._go_next([t for t in topics if t in self.pages])

    def _backend_failed(self, message: str) -> None:
        if self.waiting_for_plan and message.startswith("plan:"):
            self._go_next(list(DEFAULT_TOPICS))  # the planner failed: ask everything, in the usual order

    def _go_next(self, topics: list[str]) -> None:
        nxt = next((t for t in topics if t not in self.visited), None)
        if nxt is None:
            self.show_summary()
        else:
            self.show_topic(nxt)

    def _back(self) -> None:
        if self.editing:
            self.show_summary()
            return
        if len(self.history) > 1:
            self.history.pop()
            self.show_topic(self.history[-1])
        else:
            self.backToStart.emit()

    def _back_from_summary(self) -> None:
        if self.history:
            self.show_topic(self.history[-1])
        else:
            self.backToStart.emit()

    def _set_buttons_enabled(self, enabled: bool) -> None:
        page = self.stack.currentWidget()
        if isinstance(page, QuestionPage):
            for button in (page.next_button, page.not_sure_button, page.skip_button):
                button.setEnabled(enabled)

    # --- the live count ------------------------------------------------------------------------
    def _answers_changed(self) -> None:
        self.backend.request_count(self.state.answers)

    def _count_ready(self, count: int) -> None:
        self.count = count
        self._show_count()

    def _show_count(self) -> None:
        lang = self.state.lang
        if self.count is None:
            self.count_line.setText(texts.app("busy", lang))
        elif self.count < 0:
            self.count_line.clear()
        elif self.count == 1:
            self.count_line.setText(texts.app("progress_count_one", lang))
        else:
            self.count_line.setText(texts.app("progress_count", lang, count=self.count))
        self.count_line.setAccessibleName(self.count_line.text())

    def retranslate(self) -> None:
        self._show_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
