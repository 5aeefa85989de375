"""Questions and answers about trials, and the words families trip on, in the family's language."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from finder import content
from ui.detail.sections import heading, text_label
from ui.questions.base import CenteredColumn
from ui.state import SessionState


class FaqPage(QWidget):
    backRequested = Signal()

    def __init__(self, state: SessionState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("faqPage")
        self.state = state
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        bar = QWidget(self)
        bar.setObjectName("buttonBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(24, 12, 24, 12)
        self.back_button = QPushButton(bar)
        self.back_button.setMinimumHeight(48)
        self.back_button.clicked.connect(self.backRequested.emit)
        row.addWidget(self.back_button)
        row.addStretch(1)
        outer.addWidget(bar)
        self.page_scroll = CenteredColumn(self)
        outer.addWidget(self.page_scroll, 1)
        self.entries: list[QWidget] = []
        self.retranslate()

    def retranslate(self) -> None:
        lang = self.state.lang
        self.back_button.setText(content.common("back", lang))
        self.back_button.setAccessibleName(self.back_button.text())
        layout = self.page_scroll.column_layout
        while layout.count():
            item = layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.entries = []
        col = self.page_scroll.column
        title = text_label(content.app_text("heading_faq", lang), col, "questionTitle")
        layout.addWidget(title)
        for entry in content.faq(lang):
            box = QWidget(col)
            box.setObjectName("faqEntry")
            inner = QVBoxLayout(box)
            inner.setContentsMargins(0, 4, 0, 4)
            inner.addWidget(heading(entry.question, box))
            inner.addWidget(text_label(entry.answer, box))
            box.setAccessibleName(entry.question)
            layout.addWidget(box)
            self.entries.append(box)
        self.glossary_title = text_label(content.app_text("heading_glossary", lang), col, "questionTitle")
        layout.addWidget(self.glossary_title)
        for term in content.glossary(lang):
            label = text_label(f"{term.term}: {term.meaning}", col)
            label.setAccessibleName(term.term)
            layout.addWidget(label)
        layout.addStretch(1)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
