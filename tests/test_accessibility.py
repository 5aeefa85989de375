"""Accessibility: the whole flow by keyboard alone (Tab / Space / Enter), every control on the way has an
accessible name (what a screen reader says), touch targets are at least 48 px, text scales to 200%, and
high contrast is one press away."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLineEdit,
    QWidget,
)

from ui.app import BASE_POINT_SIZE, apply_style
from ui.backend import Backend
from ui.main_window import MainWindow
from ui.questions.base import QuestionPage
from ui.read_aloud import ReadAloudButton, page_text
from ui.settings import KioskSettings
from ui.state import SessionState

WAIT = 30000
INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView)


@pytest.fixture
def window(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_style(app)
    backend = Backend(f"sqlite:///{tmp_path}/a.db")
    settings = KioskSettings(idle_seconds=600, kiosk_text_scale=1.0)
    win = MainWindow(backend, SessionState("en"), kiosk=True, settings=settings)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitActive(win)  # application shortcuts (Ctrl+=) need an active window
    yield win
    win.kiosk_controller.leave()
    backend.close()
    apply_style(app)


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def accessible_name(widget: QWidget) -> str:
    """What assistive technology reads for the widget (its accessible name, else text or buddy label)."""
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Name) if iface is not None else ""


def unnamed_controls(root: QWidget) -> list[str]:
    out = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, INTERACTIVE) and widget.isVisibleTo(root) and widget.isEnabled():
            if widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
                continue  # e.g. a line edit's clear button: not a control of its own
            if not accessible_name(widget).strip():
                where = type(widget.parent()).__name__
                out.append(f"{type(widget).__name__} {widget.objectName()!r} in {where}")
    return out


def tab_to(qtbot, win: MainWindow, target: QWidget, limit: int = 60) -> int:
    """Press Tab until `target` has the focus; the number of presses."""
    for presses in range(limit):
        if focused() is target:
            return presses
        qtbot.keyClick(focused() or win, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.accessibleName() or target.objectName()}")


def press(qtbot, win: MainWindow, key: Qt.Key) -> None:
    qtbot.keyClick(focused() or win, key)


def current_question(win: MainWindow) -> QuestionPage:
    page = win.questions.stack.currentWidget()
    assert isinstance(page, QuestionPage)
    return page


def test_the_whole_flow_by_keyboard_alone(qtbot, window: MainWindow) -> None:
    problems: list[str] = unnamed_controls(window)
    assert focused() is window.start.start_button  # the first thing to do is in focus
    press(qtbot, window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.questions.waiting_for_plan, timeout=WAIT)
    asked = []
    while window.questions.stack.currentWidget() is not window.questions.summary:
        page = current_question(window)
        asked.append(page.topic)
        problems += unnamed_controls(page)
        if page.topic == "age":
            assert focused() is page.number  # focus starts in the answer
            qtbot.keyClicks(page.number, "6")
            press(qtbot, window, Qt.Key.Key_Return)  # Enter in the box = Next
        else:
            tab_to(qtbot, window, page.not_sure_button)
            press(qtbot, window, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: not window.questions.waiting_for_plan, timeout=WAIT)
        assert len(asked) < 15
    assert window.state.answers.age is not None and window.state.answers.age.value == 6
    summary = window.questions.summary
    problems += unnamed_controls(summary)
    got: list[object] = []
    window.backend.matchesReady.connect(got.append)
    tab_to(qtbot, window, summary.results_button)
    press(qtbot, window, Qt.Key.Key_Space)  # Space presses the focused button
    qtbot.waitUntil(lambda: bool(got), timeout=WAIT)
    assert window.stack.currentWidget() is window.results
    QApplication.processEvents()
    problems += unnamed_controls(window.results)
    # The studies list is reachable by Tab, and Enter opens the study.
    views = [v for v in window.results.findChildren(QAbstractItemView) if v.isVisibleTo(window.results)
             and v.model() is not None and v.model().rowCount() > 0]
    if views and hasattr(window.results, "studyChosen"):
        tab_to(qtbot, window, views[0])
        if not views[0].currentIndex().isValid():
            press(qtbot, window, Qt.Key.Key_Down)
        chosen: list[str] = []
        window.results.studyChosen.connect(chosen.append)
        press(qtbot, window, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(chosen), timeout=WAIT)
        assert window.stack.currentWidget() is window.detail
        qtbot.wait(200)
        problems += unnamed_controls(window.detail)
    assert not problems, "controls without an accessible name:\n" + "\n".join(sorted(set(problems)))


def test_kiosk_touch_targets_are_at_least_48_px(qtbot, window: MainWindow) -> None:
    small = []
    for root in (window.start, window.header_title.parentWidget()):
        for button in root.findChildren(QAbstractButton):
            if button.isVisibleTo(window) and button.height() < 48:
                small.append(f"{button.text() or button.accessibleName()}: {button.height()} px")
    window.questions.show_topic("sex", editing=True)
    window.stack.setCurrentWidget(window.questions)
    QApplication.processEvents()
    for button in current_question(window).findChildren(QAbstractButton):
        if button.isVisibleTo(window) and button.height() < 48:
            small.append(f"{button.text() or button.accessibleName()}: {button.height()} px")
    assert not small, small


@pytest.mark.slow  # each step re-applies the style sheet (~2 s on a busy machine)
def test_text_scales_to_200_percent_by_keyboard_and_back(qtbot, window: MainWindow) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    start = window.start.start_button
    before = start.sizeHint().height()
    for _ in range(6):  # more presses than steps: it stops at 200%
        qtbot.keyClick(start, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.theme.scale == 2.0
    assert app.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE * 2)
    QApplication.processEvents()
    assert start.sizeHint().height() > before  # the button grew with its text
    assert start.height() >= start.sizeHint().height() - 1  # and got the room it needs
    assert not window.display_controls.bigger_button.isEnabled()
    qtbot.keyClick(start, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.theme.scale == 1.75
    qtbot.keyClick(start, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.theme.scale == 1.0
    assert app.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE)


@pytest.mark.slow
def test_high_contrast_toggle_says_its_state_in_words(qtbot, window: MainWindow) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    button = window.display_controls.contrast_button
    assert button.text() == "High contrast: off"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.theme.high_contrast
    assert button.text() == "High contrast: on"  # not only a colour change
    assert "#000000" in app.styleSheet()
    # The next family (idle reset or Start over) gets the administrator's look back.
    qtbot.mouseClick(window.start_over_button, Qt.MouseButton.LeftButton)
    assert not window.theme.high_contrast and button.text() == "High contrast: off"


def test_read_aloud_is_hidden_without_a_speech_engine_and_reads_the_question(
    qtbot, window: MainWindow
) -> None:
    try:
        import PySide6.QtTextToSpeech  # noqa: F401
    except ImportError:
        assert not window.read_aloud_button.isVisibleTo(window)

    class FakeSpeech:
        def __init__(self) -> None:
            self.said: list[str] = []

        def stop(self) -> None: ...

        def say(self, text: str) -> None:
            self.said.append(text)

    speech = FakeSpeech()
    button = ReadAloudButton(window, window, speech=speech)
    assert button.isVisibleTo(window)
    window.questions.show_topic("age", editing=True)
    window.stack.setCurrentWidget(window.questions)
    button.click()
    assert speech.said and window.questions.pages["age"].title.text() in speech.said[0]
    assert page_text(window.questions) == speech.said[0]


def test_every_control_of_the_start_and_question_screens_has_a_description(qtbot, window: MainWindow) -> None:
    QApplication.processEvents()
    roots: list[QWidget] = [window.start, window.header_title.parentWidget(), window.questions.summary,
                            *window.questions.pages.values()]
    missing = []
    for root in roots:
        for widget in root.findChildren(QWidget):
            if isinstance(widget, INTERACTIVE) and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
                if type(widget.parent()).__name__ == "QComboBoxPrivateContainer":
                    continue  # a combo box's own popup list
                if not widget.accessibleDescription().strip():
                    what = f"{type(widget).__name__} {accessible_name(widget)!r}"
                    missing.append(f"{type(root).__name__}: {what}")
    assert not missing, "\n".join(missing)
    # Descriptions follow the language at once (the app installs the translators as run_app does).
    from ui import i18n

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window.state.set_language("es")
    i18n.install(app, "es")
    try:
        qtbot.waitUntil(lambda: window.start_over_button.accessibleDescription() == (
            "Borra todas las respuestas de esta pantalla y vuelve a la primera página"), timeout=3000)
    finally:
        i18n.install(app, "en")


def test_read_aloud_of_a_study_reads_its_title_and_summary(qtbot, window: MainWindow) -> None:
    studies: list[object] = []
    window.backend.studyReady.connect(studies.append)
    window.go_detail("NCT06751134")
    qtbot.waitUntil(lambda: bool(studies), timeout=WAIT)
    qtbot.wait(100)
    text = page_text(window.detail)
    assert "Neuroblastoma" in text and "NCT06751134" in text
    assert len(text) <= 1200
