"""The results page: studies that may fit (sorted and filtered), the almost-fits with what does not fit,
the rest behind a button, and, when nothing fits, why and which answer to revisit."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from finder import content
from finder.matching.results import Match, MatchReport
from ui.backend import Backend
from ui.combo import FitComboBox, WrapRow
from ui.questions.base import CenteredColumn
from ui.results.filtering import FirstRows, ResultsFilter
from ui.results.listview import FlatList
from ui.results.model import MatchRole, NctIdRole, ResultsModel
from ui.results.revisit import topic_to_revisit
from ui.state import SessionState

PAGE = 25  # cards shown at once per section; "More" adds as many again


class ResultsPage(QWidget):
    studyChosen = Signal(str)
    editRequested = Signal(str)  # a question topic to change (from the empty result)
    backRequested = Signal()  # "Change my answers": to the summary

    def __init__(self, backend: Backend, state: SessionState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultsPage")
        self.backend, self.state = backend, state
        self.report: MatchReport | None = None
        self.model = ResultsModel(state.lang, self)
        self.fit_proxy = ResultsFilter("fit", self)
        self.almost_proxy = ResultsFilter("almost", self)
        self.other_proxy = ResultsFilter("other", self)
        for proxy in self.proxies:
            proxy.setSourceModel(self.model)
        self._revisit = "diagnosis"
        self.more_buttons: dict[FlatList, tuple[FirstRows, QPushButton]] = {}
        self._last_choice: tuple[str, float] = ("", 0.0)
        self._build()
        backend.matchesReady.connect(self.set_report)
        state.wiped.connect(lambda: self.set_report(None))
        self.retranslate()

    @property
    def proxies(self) -> tuple[ResultsFilter, ...]:
        return (self.fit_proxy, self.almost_proxy, self.other_proxy)

    # --- building --------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.page_scroll = CenteredColumn(self)
        col = self.page_scroll.column_layout
        parent = self.page_scroll.column
        self.title = QLabel(parent)
        self.title.setObjectName("questionTitle")
        self.title.setWordWrap(True)
        self.count_label = QLabel(parent)
        self.count_label.setObjectName("questionHelp")
        self.count_label.setWordWrap(True)
        self.note = QLabel(parent)
        self.note.setObjectName("noteText")
        self.note.setWordWrap(True)
        for label in (self.title, self.count_label, self.note):
            col.addWidget(label)

        controls = WrapRow(parent)  # side by side, or Distance on a second row when they do not fit
        # FitComboBox: the chosen entry is never cut off, whatever the language or text size.
        self.sort_label, self.sort_box = QLabel(parent), FitComboBox(parent)
        self.phase_label, self.phase_box = QLabel(parent), FitComboBox(parent)
        self.distance_label, self.distance_box = QLabel(parent), FitComboBox(parent)
        for label, box in (
            (self.sort_label, self.sort_box),
            (self.phase_label, self.phase_box),
            (self.distance_label, self.distance_box),
        ):
            label.setObjectName("fieldLabel")
            label.setBuddy(box)
            pair = QVBoxLayout()
            pair.setSpacing(4)
            pair.addWidget(label)
            pair.addWidget(box)
            box.setObjectName("filterBox")
            # The sort entries are short: never cut them; phase and distance share what is left.
            controls.add_pair(pair, 0 if box is self.sort_box else 1)
        col.addWidget(controls)
        self.sort_box.currentIndexChanged.connect(self._sort_changed)
        self.phase_box.currentIndexChanged.connect(self._filters_changed)
        self.distance_box.currentIndexChanged.connect(self._filters_changed)

        self.fit_list = self._list(parent, self.fit_proxy)
        col.addWidget(self.fit_list)
        col.addWidget(self.more_buttons[self.fit_list][1], 0, Qt.AlignmentFlag.AlignLeft)

        self.empty_box = QFrame(parent)
        self.empty_box.setObjectName("emptyBox")
        empty = QVBoxLayout(self.empty_box)
        empty.setContentsMargins(0, 0, 0, 0)
        self.empty_title = QLabel(self.empty_box)
        self.empty_title.setObjectName("subTitle")
        self.empty_body = QLabel(self.empty_box)
        self.empty_try = QLabel(self.empty_box)
        self.empty_try.setTextFormat(Qt.TextFormat.PlainText)
        for label in (self.empty_title, self.empty_body, self.empty_try):
            label.setWordWrap(True)
            empty.addWidget(label)
        self.revisit_button = QPushButton(self.empty_box)
        self.revisit_button.setObjectName("primaryButton")
        self.revisit_button.clicked.connect(lambda: self.editRequested.emit(self._revisit))
        empty.addWidget(self.revisit_button, 0, Qt.AlignmentFlag.AlignLeft)
        col.addWidget(self.empty_box)
        self.empty_box.setVisible(False)

        self.almost_title = QLabel(parent)
        self.almost_title.setObjectName("subTitle")
        self.almost_help = QLabel(parent)
        self.almost_help.setObjectName("noteText")
        for label in (self.almost_title, self.almost_help):
            label.setWordWrap(True)
            col.addWidget(label)
        self.almost_list = self._list(parent, self.almost_proxy)
        col.addWidget(self.almost_list)
        col.addWidget(self.more_buttons[self.almost_list][1], 0, Qt.AlignmentFlag.AlignLeft)

        self.other_button = QPushButton(parent)
        self.other_button.setCheckable(True)
        self.other_button.toggled.connect(self._show_other)
        col.addWidget(self.other_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.other_list = self._list(parent, self.other_proxy)
        col.addWidget(self.other_list)
        col.addWidget(self.more_buttons[self.other_list][1], 0, Qt.AlignmentFlag.AlignLeft)
        col.addStretch(1)
        outer.addWidget(self.page_scroll, 1)

        bar = QWidget(self)
        bar.setObjectName("buttonBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(24, 12, 24, 12)
        self.change_button = QPushButton(bar)
        self.print_button = QPushButton(bar)
        self.change_button.clicked.connect(self.backRequested.emit)
        self.print_button.clicked.connect(self.print_studies)
        row.addWidget(self.change_button)
        row.addStretch(1)
        row.addWidget(self.print_button)
        outer.addWidget(bar)
        for button in (self.change_button, self.print_button, self.revisit_button, self.other_button):
            button.setMinimumHeight(48)
        for box_ in (self.sort_box, self.phase_box, self.distance_box):
            box_.setMinimumHeight(48)

    def _list(self, parent: QWidget, proxy: ResultsFilter) -> FlatList:
        view = FlatList(parent)
        shown = FirstRows(PAGE, self)
        shown.setSourceModel(proxy)
        view.setModel(shown)
        view.activated.connect(self._chosen)
        view.clicked.connect(self._chosen)
        view.selectionModel().currentChanged.connect(
            lambda current, _prev, v=view: self._keep_visible(v, current)
        )
        more = QPushButton(parent)
        more.setMinimumHeight(48)
        more.clicked.connect(lambda: shown.set_limit(shown.limit + PAGE))
        shown.modelReset.connect(self._label_more)
        for signal in (shown.rowsInserted, shown.rowsRemoved, shown.layoutChanged):
            signal.connect(self._label_more)
        self.more_buttons[view] = (shown, more)
        return view

    def _label_more(self, *_args: object) -> None:
        for view, (shown, button) in self.more_buttons.items():
            hidden = shown.hidden()
            button.setText(f"{content.common('more', self.state.lang)} (+{min(hidden, PAGE)} / {hidden})")
            button.setAccessibleName(button.text())
            button.setVisible(view.isVisibleTo(self) and hidden > 0)

    # --- behaviour -----------------------------------------------------------------------------
    def set_report(self, report: MatchReport | None) -> None:
        self.report = report
        for shown, _button in self.more_buttons.values():
            shown.set_limit(PAGE)
        self.model.set_matches(report.results if report is not None else ())
        self._fill_phases()
        self._update_sections()

    def _chosen(self, index: QModelIndex) -> None:
        nct_id = str(index.data(NctIdRole) or "")
        if not nct_id:
            return
        # A double click is also a click: open the study once.
        now = time.monotonic()
        if self._last_choice[0] == nct_id and now - self._last_choice[1] < 0.8:
            return
        self._last_choice = (nct_id, now)
        self.studyChosen.emit(nct_id)

    def _keep_visible(self, view: FlatList, current: QModelIndex) -> None:
        if current.isValid():
            rect = view.visualRect(current)
            holder = self.page_scroll.widget()
            if holder is None:
                return
            top = view.mapTo(holder, rect.topLeft())
            self.page_scroll.ensureVisible(top.x(), top.y() + rect.height() // 2, 0, rect.height() // 2 + 8)

    def _sort_changed(self) -> None:
        mode = str(self.sort_box.currentData() or "fit")
        for proxy in self.proxies:
            proxy.set_sort(mode)

    def _filters_changed(self) -> None:
        phase = self.phase_box.currentData()
        km = self.distance_box.currentData()
        for proxy in self.proxies:
            proxy.set_phase(str(phase) if phase else None)
            proxy.set_max_km(float(km) if km else None)
        self._update_sections()

    def _show_other(self, shown: bool) -> None:
        self.other_list.setVisible(shown and self.other_proxy.rowCount() > 0)
        self._label_other()
        self._label_more()

    def _fill_phases(self) -> None:
        current = self.phase_box.currentData()
        phases = sorted({p for m in self.model.matches for p in m.phases})
        self.phase_box.blockSignals(True)
        self.phase_box.clear()
        self.phase_box.addItem(content.app_text("filter_all", self.state.lang), None)
        for phase in phases:
            # The short name ("Phase 1"); the full plain sentence is on each card.
            self.phase_box.addItem(content.phase_text(phase, self.state.lang).split(":")[0], phase)
        found = self.phase_box.findData(current) if current else 0
        self.phase_box.setCurrentIndex(max(0, found))
        self.phase_box.blockSignals(False)
        self.phase_box.updateGeometry()
        self._filters_changed()

    def _fill_distances(self) -> None:
        current = self.distance_box.currentData()
        self.distance_box.blockSignals(True)
        self.distance_box.clear()
        self.distance_box.addItem(content.app_text("filter_all", self.state.lang), None)
        options = content.question("location", self.state.lang).options
        for option, km in content.DISTANCE_CHOICES_KM.items():
            if km is not None:  # "any distance" is the "All" entry
                self.distance_box.addItem(options.get(option, f"{km:,.0f} km"), km)
        self.distance_box.setCurrentIndex(max(0, self.distance_box.findData(current) if current else 0))
        self.distance_box.blockSignals(False)
        self.distance_box.updateGeometry()

    def _update_sections(self) -> None:
        lang = self.state.lang
        shown = self.fit_proxy.rowCount()
        self.count_label.setText(
            content.app_text("results_count_one", lang)
            if shown == 1
            else content.app_text("results_count", lang, count=shown)
        )
        self.empty_box.setVisible(self.report is not None and shown == 0)
        self.count_label.setVisible(shown > 0)  # "0 studies found" would only repeat the empty title
        if shown == 0:
            self._revisit = topic_to_revisit(self.report, self.state.answers.max_distance_km)
            question = content.question(self._revisit, lang, self.state.subject).title
            self.revisit_button.setText(f"{content.common('change', lang)}: {question}")
            self.empty_try.setText(self._tips(lang))
            self.revisit_button.setAccessibleName(self.revisit_button.text())
        almost = self.almost_proxy.rowCount()
        self.almost_title.setVisible(almost > 0)
        self.almost_help.setVisible(almost > 0)
        self.almost_list.setVisible(almost > 0)
        self.other_button.setVisible(self.other_proxy.rowCount() > 0)
        self._show_other(self.other_button.isChecked())
        self.print_button.setEnabled(shown + almost > 0)
        self._label_more()

    def _tips(self, lang: str) -> str:
        """Only the suggestions that apply to these answers."""
        keys = []
        if self._revisit == "diagnosis":
            keys.append("empty_try_diagnosis")
        # Far studies are ranked later, never hidden: the tip helps only when distance is in the way.
        if self.distance_box.currentData() or self._revisit == "location":
            keys.append("empty_try_distance")
        keys.append("empty_try_not_sure")
        tips = "\n".join(f"•  {content.app_text(k, lang)}" for k in keys)
        return f"{content.app_text('empty_try', lang)}\n{tips}"

    def _label_other(self) -> None:
        lang = self.state.lang
        self.other_button.setText(
            f"{content.app_text('results_not_fit_title', lang)} ({self.other_proxy.rowCount()})"
        )
        self.other_button.setAccessibleName(self.other_button.text())

    def shown_matches(self) -> list[Match]:
        """The studies the family sees (fits and may fit, then almost fits), in the order shown."""
        out: list[Match] = []
        for view in (self.fit_list, self.almost_list):
            proxy = view.model()
            for row in range(proxy.rowCount()):
                match = proxy.index(row, 0).data(MatchRole)
                if isinstance(match, Match):
                    out.append(match)
        return out

    def print_studies(self) -> None:
        from ui import printing

        printing.print_or_save_pdf(self, printing.report_html(self.shown_matches(), self.state))

    # --- language ------------------------------------------------------------------------------
    def retranslate(self) -> None:
        lang = self.state.lang
        self.model.set_language(lang)
        self.title.setText(content.app_text("results_title", lang))
        self.note.setText(content.app_text("care_team_note", lang))
        self.sort_label.setText(content.app_text("sort_label", lang))
        self.phase_label.setText(content.app_text("filter_phase", lang))
        self.distance_label.setText(content.app_text("filter_distance", lang))
        current = self.sort_box.currentData() or "fit"
        self.sort_box.blockSignals(True)
        self.sort_box.clear()
        self.sort_box.addItem(content.app_text("sort_fit", lang), "fit")
        self.sort_box.addItem(content.app_text("sort_distance", lang), "distance")
        self.sort_box.setCurrentIndex(max(0, self.sort_box.findData(current)))
        self.sort_box.blockSignals(False)
        self.sort_box.updateGeometry()
        self._fill_distances()
        self._fill_phases()
        self.empty_title.setText(content.app_text("empty_title", lang))
        self.empty_body.setText(content.app_text("empty_body", lang))
        self.almost_title.setText(content.app_text("results_almost_title", lang))
        self.almost_help.setText(content.app_text("results_almost_help", lang))
        self.change_button.setText(content.app_text("change_answers", lang))
        self.print_button.setText(content.common("print", lang))
        for widget, name in (
            (self.change_button, self.change_button.text()),
            (self.print_button, self.print_button.text()),
            (self.sort_box, self.sort_label.text()),
            (self.phase_box, self.phase_label.text()),
            (self.distance_box, self.distance_label.text()),
            (self.fit_list, self.title.text()),
            (self.almost_list, self.almost_title.text()),
            (self.other_list, content.app_text("results_not_fit_title", lang)),
        ):
            widget.setAccessibleName(name)
        self.fit_list.setAccessibleDescription(content.app_text("open_study", lang))
        self._update_sections()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
