"""Accessible descriptions for the controls every screen shares, so a screen reader says what a button
does, not only its name ("Skip" -> "Go on without answering. This never rules out a study.").

`AccessibilityPass(window)` fills in a description wherever the page left it empty, and again after each
language change. It never overwrites a description a page set itself (those are better: they know more).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

_AUTO = "a11yAutoDescription"  # marks descriptions this pass wrote (so it may rewrite them)


class AccessibilityPass(QObject):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        window.installEventFilter(self)
        self.apply()

    def _set(self, widget: QWidget, text: str) -> None:
        if not text:
            return
        if widget.accessibleDescription() and not widget.property(_AUTO):
            return  # the page's own description wins
        widget.setAccessibleDescription(text)
        widget.setProperty(_AUTO, True)

    def apply(self) -> None:
        from ui.questions.base import QuestionPage

        win = self.window
        self._set(win.faq_button, self.tr("Plain answers about clinical trials and about this app"))
        self._set(win.start_over_button,
                  self.tr("Clear every answer from this screen and go back to the first page"))
        start = win.start
        self._set(start.start_button, self.tr("Begin the questions. Each one can be skipped."))
        for button in start.language_buttons.values():
            self._set(button, self.tr("Show the app in this language"))
        for radio in start.who.findChildren(QRadioButton):
            self._set(radio, start.who_title.text())
        for page in win.findChildren(QuestionPage):
            self._page(page)
        summary = getattr(win.questions, "summary", None)
        if summary is not None:
            for button in getattr(summary, "edit_buttons", {}).values():
                self._set(button, self.tr("Change this answer"))
            back = getattr(summary, "back_button", None)
            if isinstance(back, QAbstractButton):
                self._set(back, self.tr("Go back to the question before"))
            results_button = getattr(summary, "results_button", None)
            if results_button is not None:
                self._set(results_button, self.tr("Show the studies that may fit these answers"))
        for name in ("back_button", "print_button", "edit_button", "change_button"):
            for page in (win.results, win.detail, win.faq):
                button = getattr(page, name, None)
                if isinstance(button, QAbstractButton):
                    self._set(button, button.toolTip() or button.text())

    def _page(self, page: Any) -> None:
        self._set(page.back_button, self.tr("Go back to the question before"))
        self._set(page.skip_button, self.tr("Go on without answering. This never rules out a study."))
        self._set(page.next_button, self.tr("Keep this answer and go on"))
        # Answer controls: the question's help text is the context a screen reader user needs.
        context = page.help.text() or page.title.text()
        for widget in page.scroll.column.findChildren(QWidget):
            if isinstance(widget, QRadioButton | QLineEdit | QComboBox | QAbstractItemView | QPushButton):
                self._set(widget, context)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() in (QEvent.Type.LanguageChange, QEvent.Type.Show):
            QTimer.singleShot(0, self, self.apply)  # after the pages have re-read their texts
        return False
