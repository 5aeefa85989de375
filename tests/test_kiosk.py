"""Kiosk mode, driven like a family and a staff member would: idle reset with its countdown, Start over,
a window that will not close, the staff PIN (stored only as a salted hash), no file dialogs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from finder.answers import Answers
from finder.kiosk_pin import hash_pin, store_pin, verify_pin
from ui import settings as admin
from ui.app import apply_style
from ui.backend import Backend
from ui.kiosk import PinDialog, StillThereDialog, is_kiosk
from ui.main_window import MainWindow
from ui.settings import KioskSettings
from ui.state import SessionState

WAIT = 30000
PIN = "2468"


@pytest.fixture(autouse=True)
def private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The admin's real settings file is never read or written by a test."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One seeded store for the module (the tests only read it): seeding once keeps the tests quick."""
    return f"sqlite:///{tmp_path_factory.mktemp('kiosk_store')}/k.db"


def make_window(qtbot, url: str, settings: KioskSettings, kiosk: bool = True) -> Iterator[MainWindow]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_style(app)
    backend = Backend(url)
    win = MainWindow(backend, SessionState("en"), kiosk=kiosk, settings=settings)
    qtbot.addWidget(win)
    win.resize(1080, 1920)
    win.show()
    qtbot.waitExposed(win)
    # The staff key sequence is an application shortcut: it needs an active window.
    win.raise_()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=5000)
    yield win
    win.kiosk_controller.leave()
    backend.close()
    apply_style(app)


@pytest.fixture
def kiosk(qtbot, store_url: str) -> Iterator[MainWindow]:
    """A 1 s idle time and a 1 s countdown. The clock is held until the test has answered something
    (opening the store the first time can take longer than a second)."""
    settings = KioskSettings(idle_seconds=1, countdown_seconds=1, kiosk_text_scale=1.0).with_pin(PIN)
    for win in make_window(qtbot, store_url, settings):
        assert win.kiosk_controller.idle.interval() == 1000  # the configured idle time
        win.kiosk_controller.idle.setInterval(600_000)
        yield win


def idle_in(win: MainWindow, ms: int) -> None:
    win.kiosk_controller.idle.setInterval(ms)
    win.kiosk_controller.idle.start()


@pytest.fixture
def slow_kiosk(qtbot, store_url: str) -> Iterator[MainWindow]:
    """Idle time long enough that it never fires during the test."""
    settings = KioskSettings(idle_seconds=600, countdown_seconds=30, kiosk_text_scale=1.0).with_pin(PIN)
    yield from make_window(qtbot, store_url, settings)


def answer_age(qtbot, win: MainWindow, years: str = "7") -> None:
    """Start, find the age question through the real flow, type the age and press Next."""
    qtbot.mouseClick(win.start.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not win.questions.waiting_for_plan, timeout=WAIT)
    win.questions.show_topic("age", editing=True)
    age_page = win.questions.pages["age"]
    qtbot.keyClicks(age_page.number, years)
    qtbot.mouseClick(age_page.next_button, Qt.MouseButton.LeftButton)
    assert win.state.answers.age is not None and win.state.answers.age.value == float(years)


def test_idle_shows_countdown_then_wipes_and_returns_to_start(qtbot, kiosk: MainWindow) -> None:
    answer_age(qtbot, kiosk)
    assert kiosk.stack.currentWidget() is not kiosk.start
    idle_in(kiosk, 1000)
    controller = kiosk.kiosk_controller
    qtbot.waitUntil(lambda: controller.dialog is not None and controller.dialog.isVisible(), timeout=5000)
    dialog = controller.dialog
    assert isinstance(dialog, StillThereDialog)
    assert dialog.title.text() == "Are you still there?"
    assert "we will start over in 1 seconds" in dialog.countdown.text()
    seen: list[tuple[object, Answers]] = []
    # What the screen shows the moment the reset is done (the idle clock then starts again).
    controller.resetDone.connect(lambda: seen.append((kiosk.stack.currentWidget(), kiosk.state.answers)))
    with qtbot.waitSignal(controller.resetDone, timeout=5000):
        pass
    assert seen[0] == (kiosk.start, Answers())
    assert not dialog.isVisible()
    assert kiosk.questions.pages["age"].number.text() == ""  # the page forgot what was typed


def test_start_over_in_the_countdown_dialog_clears_at_once(qtbot, kiosk: MainWindow) -> None:
    controller = kiosk.kiosk_controller
    controller.settings = KioskSettings(idle_seconds=1, countdown_seconds=60)
    answer_age(qtbot, kiosk, "5")
    idle_in(kiosk, 1000)
    qtbot.waitUntil(lambda: controller.dialog is not None and controller.dialog.isVisible(), timeout=5000)
    assert controller.dialog is not None
    with qtbot.waitSignal(controller.resetDone, timeout=2000):
        qtbot.mouseClick(controller.dialog.start_over_button, Qt.MouseButton.LeftButton)
    assert kiosk.state.answers == Answers()


def test_still_here_keeps_the_answers(qtbot, kiosk: MainWindow) -> None:
    controller = kiosk.kiosk_controller
    controller.settings = KioskSettings(idle_seconds=1, countdown_seconds=20)
    answer_age(qtbot, kiosk, "9")
    idle_in(kiosk, 1000)
    qtbot.waitUntil(lambda: controller.dialog is not None and controller.dialog.isVisible(), timeout=5000)
    assert controller.dialog is not None
    qtbot.mouseClick(controller.dialog.continue_button, Qt.MouseButton.LeftButton)
    assert controller.dialog is None
    assert kiosk.state.answers.age is not None and kiosk.state.answers.age.value == 9
    assert controller.idle.isActive()  # the clock runs again


def test_start_over_wipes_and_returns_to_start(qtbot, slow_kiosk: MainWindow) -> None:
    answer_age(qtbot, slow_kiosk, "11")
    button = slow_kiosk.start_over_button
    assert button.isVisible() and button.height() >= 48
    assert button.text() == "Start over"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert slow_kiosk.state.answers == Answers()
    assert slow_kiosk.stack.currentWidget() is slow_kiosk.start


def test_window_is_frameless_on_top_and_ignores_close(qtbot, slow_kiosk: MainWindow) -> None:
    flags = slow_kiosk.windowFlags()
    assert flags & Qt.WindowType.FramelessWindowHint
    assert flags & Qt.WindowType.WindowStaysOnTopHint
    assert slow_kiosk.close() is False
    assert slow_kiosk.isVisible()


def test_pin_exit_refuses_a_wrong_pin_and_accepts_the_right_one(qtbot, slow_kiosk: MainWindow) -> None:
    controller = slow_kiosk.kiosk_controller
    mods = Qt.KeyboardModifier
    qtbot.keyClick(slow_kiosk, Qt.Key.Key_Q, mods.ControlModifier | mods.AltModifier | mods.ShiftModifier)
    dialog = controller.pin_dialog
    assert isinstance(dialog, PinDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.entry, "1357")
    qtbot.keyClick(dialog.entry, Qt.Key.Key_Return)
    assert controller.active and dialog.isVisible()
    assert dialog.problem.isVisible() and "not right" in dialog.problem.text()
    assert dialog.entry.text() == ""  # a typed PIN does not linger
    qtbot.keyClicks(dialog.entry, PIN)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not controller.active
    assert not slow_kiosk.kiosk
    assert not slow_kiosk.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert not slow_kiosk.start_over_button.isVisible()
    assert slow_kiosk.close() is True  # an ordinary window again


def test_five_taps_on_the_title_open_the_staff_pin(qtbot, slow_kiosk: MainWindow) -> None:
    for _ in range(5):
        qtbot.mouseClick(slow_kiosk.header_title, Qt.MouseButton.LeftButton)
    dialog = slow_kiosk.kiosk_controller.pin_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert slow_kiosk.kiosk_controller.active


def test_no_file_dialog_in_kiosk_mode(qtbot, slow_kiosk: MainWindow) -> None:
    dialog = QFileDialog(slow_kiosk, "Save", "/tmp")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.open()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    assert dialog.result() == QFileDialog.DialogCode.Rejected
    assert is_kiosk(slow_kiosk.start)


def test_outside_kiosk_mode_nothing_changes(qtbot, store_url: str) -> None:
    gen = make_window(qtbot, store_url, KioskSettings(idle_seconds=1), kiosk=False)
    win = next(gen)
    assert not win.kiosk_controller.active and not is_kiosk(win)
    assert not win.start_over_button.isVisible()
    assert not win.kiosk_controller.idle.isActive()
    assert not win.windowFlags() & Qt.WindowType.FramelessWindowHint
    gen.close()


def test_pin_is_stored_only_as_a_salted_hash(tmp_path: Path) -> None:
    path = store_pin(PIN, tmp_path / "kiosk.json")
    text = path.read_text("utf-8")
    assert PIN not in text
    data = json.loads(text)
    assert len(bytes.fromhex(data["pin_salt"])) == 16
    loaded = admin.load(path)
    assert loaded.pin_ok(PIN) and not loaded.pin_ok("2469") and not loaded.pin_ok("")
    # A fresh salt each time: the same PIN never gives the same stored hash.
    assert hash_pin(PIN).hash_hex != hash_pin(PIN).hash_hex
    assert not verify_pin(PIN, None)
    with pytest.raises(ValueError):
        hash_pin("12")


def test_settings_round_trip_and_bad_files(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.json"
    admin.save(KioskSettings(idle_seconds=45, text_scale=5.0, default_lang="xx", exit_keys=""), path)
    loaded = admin.load(path)
    assert loaded.idle_seconds == 45
    assert loaded.text_scale == 2.0  # clamped to 200%
    assert loaded.default_lang == "en"
    assert loaded.exit_keys == ""
    path.write_text("{not json", "utf-8")
    assert admin.load(path) == KioskSettings()
    assert admin.load(tmp_path / "missing.json") == KioskSettings()
    assert admin.load(path).idle_seconds == 120  # the default idle time


def test_without_a_pin_the_staff_key_sequence_alone_leaves(qtbot, store_url: str) -> None:
    gen = make_window(qtbot, store_url, KioskSettings(idle_seconds=600, kiosk_text_scale=1.0))
    win = next(gen)
    assert win.kiosk_controller.active
    mods = Qt.KeyboardModifier
    qtbot.keyClick(win, Qt.Key.Key_Q, mods.ControlModifier | mods.AltModifier)  # not the configured keys
    assert win.kiosk_controller.active
    for _ in range(6):  # taps on the title never leave kiosk mode without a PIN
        qtbot.mouseClick(win.header_title, Qt.MouseButton.LeftButton)
    assert win.kiosk_controller.active and win.kiosk_controller.pin_dialog is None
    qtbot.keyClick(win, Qt.Key.Key_Q, mods.ControlModifier | mods.AltModifier | mods.ShiftModifier)
    assert not win.kiosk_controller.active
    gen.close()


def test_set_kiosk_pin_command_stores_a_hash(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from finder import cli

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    typed = iter([PIN, PIN])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    assert cli.main(["set-kiosk-pin"]) == 0
    stored = admin.load()
    assert stored.pin_ok(PIN) and PIN not in admin.config_path().read_text("utf-8")
    mismatch = iter([PIN, "9999"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(mismatch))
    assert cli.main(["set-kiosk-pin"]) == 1
    assert admin.load().pin_ok(PIN)  # unchanged


def test_kiosk_mode_shows_text_one_and_a_half_times_larger(qtbot, store_url: str) -> None:
    """The administrator's kiosk text size (default 150%) is what a family sees, on every page, after a
    reset too; leaving kiosk mode goes back to the desk size."""
    from PySide6.QtWidgets import QLabel

    from ui.app import BASE_POINT_SIZE

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    settings = KioskSettings(idle_seconds=600).with_pin(PIN)
    assert settings.kiosk_text_scale == 1.5
    for win in make_window(qtbot, store_url, settings):
        assert win.theme.scale == 1.5
        assert app.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE * 1.5)
        title = win.start.findChild(QLabel, "questionTitle")
        assert title is not None and title.font().pointSizeF() == pytest.approx(24 * 1.5)  # app.qss: 24pt
        assert win.start.start_button.font().pointSizeF() == pytest.approx(20 * 1.5)
        win.theme.smaller()  # a family's choice lasts for their session only
        assert win.theme.scale == 1.25
        win.start_over()
        assert win.theme.scale == 1.5
        assert app.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE * 1.5)
        win.kiosk_controller.leave()
        assert win.theme.scale == 1.0
        assert app.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE)
