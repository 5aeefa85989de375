"""Clinic kiosk mode: full screen without window controls, an idle reset that wipes the last family's
answers, a visible "Start over", and a staff-only way out (PIN or key sequence).

`KioskController(window, settings)` attaches to the MainWindow. It never stores anything: the answers live
in SessionState, and a reset calls `state.wipe()` and returns to the start page. Texts come from
finder.content (app_text) in the family's language.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.questions import texts
from ui.settings import KioskSettings

TOUCH_TARGET_PX = 56  # kiosk buttons: above the 48 px minimum, for fingers and tired eyes

# Input that means "someone is using the screen": any of these restarts the idle clock.
_ACTIVITY = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseMove,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.InputMethod,
}



class _Window(Protocol):
    """What the controller needs from the MainWindow."""

    state: Any
    start_over_button: QPushButton
    header_title: QLabel

    def go_start(self) -> None: ...


def _big_button(text: str, parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setMinimumHeight(TOUCH_TARGET_PX)
    button.setAccessibleName(text)
    return button


class StillThereDialog(QDialog):
    """"Are you still there?" with a countdown; `timedOut` when it reaches zero."""

    timedOut = Signal()

    def __init__(self, lang: str, seconds: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stillThereDialog")
        self.setModal(True)
        self.lang = lang
        self.remaining = seconds
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        layout.setSpacing(20)
        self.title = QLabel(texts.app("kiosk_still_there", lang, "Are you still there?"), self)
        self.title.setObjectName("questionTitle")
        self.title.setWordWrap(True)
        self.countdown = QLabel(self)
        self.countdown.setObjectName("questionHelp")
        self.countdown.setWordWrap(True)
        self.continue_button = _big_button(texts.app("kiosk_continue", lang, "I'm still here"), self)
        self.continue_button.setObjectName("primaryButton")
        self.continue_button.setDefault(True)
        self.continue_button.clicked.connect(self.accept)
        # A parent who is leaving can clear the screen at once instead of waiting.
        self.start_over_button = _big_button(texts.app("start_over", lang, "Start over"), self)
        self.start_over_button.clicked.connect(self._start_over_now)
        row = QHBoxLayout()
        row.setSpacing(16)
        row.addWidget(self.start_over_button)
        row.addWidget(self.continue_button, 1)
        layout.addWidget(self.title)
        layout.addWidget(self.countdown)
        layout.addLayout(row)
        # The dialog always grows to what its texts need (large text, long translations); never narrower
        # than a comfortable width on a big screen.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        if parent is not None:
            self.title.setMinimumWidth(min(700, int(parent.width() * 0.7)))
        self.setAccessibleName(self.title.text())
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._count_down)
        self._show_remaining()

    def start(self) -> None:
        self._tick.start()
        self.open()
        self.continue_button.setFocus()

    def _show_remaining(self) -> None:
        text = texts.app("kiosk_countdown", self.lang, "", seconds=self.remaining)
        self.countdown.setText(text)
        self.countdown.setAccessibleName(text)
        self.setAccessibleDescription(text)

    def _count_down(self) -> None:
        self.remaining -= 1
        if self.remaining <= 0:
            self._tick.stop()
            self.timedOut.emit()
            self.reject()
            return
        self._show_remaining()

    def _start_over_now(self) -> None:
        self._tick.stop()
        self.timedOut.emit()
        self.reject()

    def done(self, result: int) -> None:
        self._tick.stop()
        super().done(result)


class PinDialog(QDialog):
    """Staff only: the PIN that leaves kiosk mode. The PIN is checked against the stored salted hash."""

    def __init__(self, settings: KioskSettings, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pinDialog")
        self.setModal(True)
        self.settings, self.lang = settings, lang
        self.setWindowTitle(texts.app("kiosk_pin_title", lang, "Staff only"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        layout.setSpacing(16)
        self.heading = QLabel(self.windowTitle(), self)  # frameless kiosk: the title bar is not shown
        self.heading.setObjectName("subTitle")
        self.prompt = QLabel(texts.app("kiosk_pin_prompt", lang, "Enter the staff PIN."), self)
        self.prompt.setWordWrap(True)
        self.entry = QLineEdit(self)
        self.entry.setEchoMode(QLineEdit.EchoMode.Password)
        self.entry.setMinimumHeight(TOUCH_TARGET_PX)
        self.entry.setAccessibleName(self.windowTitle())
        self.entry.setAccessibleDescription(self.prompt.text())
        self.problem = QLabel(self)
        self.problem.setObjectName("problemText")
        self.problem.setWordWrap(True)
        self.problem.hide()
        row = QHBoxLayout()
        self.cancel_button = _big_button(texts.common("cancel", lang, "Cancel"), self)
        self.ok_button = _big_button(texts.app("kiosk_exit", lang, "Leave kiosk mode"), self)
        self.ok_button.setDefault(True)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        row.addWidget(self.ok_button)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # grows to fit its texts
        self.prompt.setMinimumWidth(420)
        layout.addWidget(self.heading)
        layout.addWidget(self.prompt)
        layout.addWidget(self.entry)
        layout.addWidget(self.problem)
        layout.addLayout(row)
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self.try_pin)
        self.entry.returnPressed.connect(self.try_pin)

    def try_pin(self) -> None:
        pin = self.entry.text()
        self.entry.clear()  # the typed PIN does not stay in the widget
        if self.settings.pin_ok(pin):
            self.accept()
            return
        self.problem.setText(texts.app("kiosk_pin_wrong", self.lang, "That PIN is not right."))
        self.problem.show()
        self.entry.setFocus()


class KioskController(QObject):
    """Kiosk behaviour for one window. `active` is False outside kiosk mode (then it does nothing)."""

    resetDone = Signal()  # the screen went back to the start after a reset (idle or Start over)
    kioskLeft = Signal()

    def __init__(self, window: QWidget, settings: KioskSettings, *, active: bool) -> None:
        super().__init__(window)
        self.window: Any = window
        self.settings = settings.checked()
        self.active = active
        self.dialog: StillThereDialog | None = None
        self.pin_dialog: PinDialog | None = None
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(self.settings.idle_seconds * 1000)
        self.idle.timeout.connect(self.ask_still_there)
        self._exit_shortcut: QShortcut | None = None
        self._title_taps: list[int] = []
        self._tap_clock = QTimer(self)
        self._tap_clock.setSingleShot(True)
        self._tap_clock.setInterval(3000)
        self._tap_clock.timeout.connect(self._title_taps.clear)
        if active:
            self._enter()

    # --- entering and leaving ------------------------------------------------------------------
    def _enter(self) -> None:
        win = self.window
        win.setWindowFlags(win.windowFlags() | Qt.WindowType.FramelessWindowHint
                           | Qt.WindowType.WindowStaysOnTopHint)
        win.start_over_button.setVisible(True)
        win.start_over_button.setMinimumHeight(TOUCH_TARGET_PX)
        win.installEventFilter(self)  # close events
        win.header_title.installEventFilter(self)  # staff: five taps on the title open the PIN dialog
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)  # any input restarts the idle clock; file dialogs are refused
        if self.settings.exit_keys:
            self._exit_shortcut = QShortcut(QKeySequence(self.settings.exit_keys), win)
            self._exit_shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
            self._exit_shortcut.activated.connect(self.request_exit)
        self.idle.start()

    def show(self) -> None:
        """Full screen, no title bar, nothing behind it."""
        self.window.showFullScreen()

    def request_exit(self) -> None:
        """The staff key sequence (or five taps on the title): ask for the PIN, or leave at once when the
        administrator set no PIN (then the key sequence alone is the way out)."""
        if not self.active:
            return
        if not self.settings.has_pin:
            self.leave()
            return
        self.pin_dialog = PinDialog(self.settings, self.window.state.lang, self.window)
        self.pin_dialog.accepted.connect(self.leave)
        self.pin_dialog.open()
        self.pin_dialog.entry.setFocus()

    def leave(self) -> None:
        """Back to a normal window: title bar, closable, no idle reset."""
        if not self.active:
            return
        self.active = False
        self.idle.stop()
        self._close_still_there()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        win = self.window
        win.removeEventFilter(self)
        win.header_title.removeEventFilter(self)
        if self._exit_shortcut is not None:
            self._exit_shortcut.setEnabled(False)
        win.start_over_button.setVisible(False)
        win.setWindowFlags(win.windowFlags() & ~(Qt.WindowType.FramelessWindowHint
                                                 | Qt.WindowType.WindowStaysOnTopHint))
        win.showNormal()
        self.kioskLeft.emit()

    # --- idle reset ----------------------------------------------------------------------------
    def ask_still_there(self) -> None:
        if not self.active or self.dialog is not None:
            return
        self.dialog = StillThereDialog(self.window.state.lang, self.settings.countdown_seconds, self.window)
        self.dialog.timedOut.connect(self.reset)
        self.dialog.accepted.connect(self._still_here)
        self.dialog.start()

    def _still_here(self) -> None:
        self._close_still_there()
        self.idle.start()

    def _close_still_there(self) -> None:
        if self.dialog is not None:
            dialog, self.dialog = self.dialog, None
            dialog.blockSignals(True)
            dialog.done(0)
            dialog.deleteLater()

    def reset(self) -> None:
        """Forget the family: close any dialog or popup, wipe the answers, back to the start."""
        self._close_still_there()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            for widget in app.topLevelWidgets():
                if isinstance(widget, QDialog) and widget.isVisible() and widget is not self.pin_dialog:
                    widget.reject()
            popup = app.activePopupWidget()
            if popup is not None:
                popup.close()
        self.window.state.wipe()
        self.window.go_start()
        if self.active:
            self.idle.start()
        self.resetDone.emit()

    # --- events --------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _ACTIVITY and self.active and self.dialog is None:
            self.idle.start()  # restart the idle clock
        if watched is self.window and kind == QEvent.Type.Close and self.active:
            event.ignore()  # the family cannot close the kiosk
            return True
        if kind == QEvent.Type.Show and isinstance(watched, QFileDialog) and self.active:
            # No file dialogs or paths in kiosk mode: whatever opened one gets a cancel.
            QTimer.singleShot(0, watched, watched.reject)
            return False
        if watched is self.window.header_title and kind == QEvent.Type.MouseButtonPress:
            self._title_taps.append(1)
            self._tap_clock.start()
            if len(self._title_taps) >= 5:
                self._title_taps.clear()
                if self.settings.has_pin:  # taps only ever open the PIN dialog: a child's taps never exit
                    self.request_exit()
        return False


def is_kiosk(widget: QWidget | None) -> bool:
    """Whether `widget` sits in a window in kiosk mode (printing uses this to skip save-as / PDF)."""
    if widget is None:
        return False
    controller = getattr(widget.window(), "kiosk_controller", None)
    return bool(controller is not None and controller.active)


def attach_kiosk(window: Any, settings: KioskSettings | None, kiosk: bool) -> KioskController:
    """Give the MainWindow its kiosk controller, text size / contrast controls and read-aloud button.

    Sets window.kiosk_controller, window.theme, window.display_controls, window.read_aloud_button and
    window.accessibility (descriptions for the shared controls).
    """
    from ui import settings as admin
    from ui.read_aloud import ReadAloudButton
    from ui.theme import DisplayControls, HeaderFit, Theme

    chosen = (settings or admin.load()).checked()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    scale = chosen.kiosk_text_scale if kiosk else chosen.text_scale
    theme = Theme(app, scale, chosen.high_contrast, kiosk=kiosk, parent=window)
    theme.install_shortcuts(window)
    if scale != 1.0 or chosen.high_contrast:
        theme.apply()
    window.theme = theme
    header = window.header_title.parentWidget()
    row = header.layout()
    window.display_controls = DisplayControls(theme, header)
    window.read_aloud_button = ReadAloudButton(window, header)
    at = row.indexOf(window.faq_button)
    row.insertWidget(at, window.read_aloud_button)
    row.insertWidget(at, window.display_controls)
    # On a narrow screen the controls move to a slim row under the header (see HeaderFit).
    bar = QWidget(window.centralWidget())
    bar.setObjectName("header")
    bar_row = QHBoxLayout(bar)
    bar_row.setContentsMargins(24, 0, 24, 8)
    bar_row.addStretch(1)
    window.centralWidget().layout().insertWidget(1, bar)
    controls = [window.display_controls, window.read_aloud_button]
    for control in controls:
        control.setProperty("wanted", not control.isHidden())
    window.header_fit = HeaderFit(header, bar, controls, window.faq_button)
    controller = KioskController(window, chosen, active=kiosk)
    window.kiosk_controller = controller
    from ui.a11y import AccessibilityPass

    window.accessibility = AccessibilityPass(window)

    def restore_display() -> None:
        # The next family starts with the administrator's text size and contrast, not the last one's.
        theme.restore(scale, chosen.high_contrast)

    def left() -> None:
        window.kiosk = False
        theme.kiosk = False
        theme.restore(chosen.text_scale, theme.high_contrast)

    controller.resetDone.connect(restore_display)
    controller.kioskLeft.connect(left)
    return controller
