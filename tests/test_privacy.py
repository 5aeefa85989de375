"""Privacy: after a whole session through the UI with distinctive answers, no trace of them is on disk
(data, config, cache, state and temp dirs, the SQLite store included); and the whole flow works with every
network connection refused."""

from __future__ import annotations

import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from finder import place_index
from finder.matching.messages import _render_en
from finder.phrases import tokens
from ui.app import apply_style
from ui.backend import Backend
from ui.main_window import MainWindow
from ui.questions.base import QuestionPage
from ui.settings import KioskSettings
from ui.state import SessionState

WAIT = 30000
DIAGNOSIS = "medulloblastoma"
CITY = "Sioux Falls"
WEIGHT = "23.5"
AGE = "7"
# What must never be written anywhere (case-insensitive, UTF-8 and UTF-16 as Qt might write).
SECRETS = (DIAGNOSIS, CITY, "23.5 kg", '"23.5"', "sioux")


@pytest.fixture
def private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Path]]:
    """Every place the app could write, pointed at empty tmp dirs (platformdirs follows XDG_*)."""
    dirs = {name: tmp_path / name for name in ("data", "config", "cache", "state", "tmp", "home")}
    for path in dirs.values():
        path.mkdir()
    # The place index (a file in the cache dir) is opened once per process, most likely by an earlier test
    # in the session's cache dir: put a copy of it in this cache dir and open it from there, so the scan
    # below reads the index this session really uses.
    place_index.place_index()  # opened, or built, in the session's cache dir
    built = place_index.index_path()
    monkeypatch.setenv("XDG_DATA_HOME", str(dirs["data"]))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(dirs["config"]))
    monkeypatch.setenv("XDG_CACHE_HOME", str(dirs["cache"]))
    monkeypatch.setenv("XDG_STATE_HOME", str(dirs["state"]))
    monkeypatch.setenv("TMPDIR", str(dirs["tmp"]))
    monkeypatch.setenv("HOME", str(dirs["home"]))
    monkeypatch.delenv("TRIAL_FINDER_DB", raising=False)  # the default store in the user data dir
    monkeypatch.setattr(tempfile, "tempdir", str(dirs["tmp"]))
    private_index = place_index.index_path()
    assert private_index.is_relative_to(dirs["cache"])
    private_index.parent.mkdir(parents=True)
    shutil.copyfile(built, private_index)
    monkeypatch.setattr(place_index, "_opened", None)
    yield dirs
    if place_index._opened is not None:
        place_index._opened[1].close()


@pytest.fixture
def window(qtbot, private_dirs: dict[str, Path]) -> Iterator[MainWindow]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_style(app)
    backend = Backend(None)  # the default SQLite store, inside the tmp data dir
    settings = KioskSettings(idle_seconds=600, kiosk_text_scale=1.0)
    win = MainWindow(backend, SessionState("en"), kiosk=True, settings=settings)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    yield win
    win.kiosk_controller.leave()
    backend.close()


def click(qtbot, button: QAbstractButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.accessibleName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def current_page(win: MainWindow) -> QuestionPage:
    page = win.questions.stack.currentWidget()
    assert isinstance(page, QuestionPage)
    return page


def edit(qtbot, win: MainWindow, topic: str) -> QuestionPage:
    """From the summary, press the topic's Edit button."""
    click(qtbot, win.questions.summary.edit_buttons[topic])
    page = current_page(win)
    assert page.topic == topic
    return page


def full_session(qtbot, win: MainWindow) -> object:
    """Start, answer "Not sure" to whatever the planner asks, then type the distinctive answers through the
    summary's Edit buttons, and see the results (and a study, when the detail page is there)."""
    click(qtbot, win.start.start_button)
    qtbot.waitUntil(lambda: not win.questions.waiting_for_plan, timeout=WAIT)
    while win.questions.stack.currentWidget() is not win.questions.summary:
        click(qtbot, current_page(win).not_sure_button)
        qtbot.waitUntil(lambda: not win.questions.waiting_for_plan, timeout=WAIT)

    page = edit(qtbot, win, "age")
    qtbot.keyClicks(page.number, AGE)
    click(qtbot, page.next_button)
    page = edit(qtbot, win, "weight")
    qtbot.keyClicks(page.number, WEIGHT)
    click(qtbot, page.next_button)
    page = edit(qtbot, win, "diagnosis")
    qtbot.keyClicks(page.entry, DIAGNOSIS)
    qtbot.waitUntil(lambda: page.suggestions.count() > 0, timeout=WAIT)
    item = page.suggestions.item(0)
    rect = page.suggestions.visualItemRect(item)
    qtbot.mouseClick(page.suggestions.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    click(qtbot, page.next_button)
    page = edit(qtbot, win, "location")
    qtbot.keyClicks(page.country.lineEdit(), "United States")
    qtbot.keyClicks(page.city, CITY)
    click(qtbot, page.distance.button(page.distance.options()[0]))
    click(qtbot, page.next_button)

    answers = win.state.answers
    assert answers.diagnosis and DIAGNOSIS in answers.diagnosis.lower()
    assert answers.location is not None and answers.location.city == CITY
    assert answers.weight is not None and answers.weight.value == 23.5

    got: list[object] = []
    win.backend.matchesReady.connect(got.append)
    click(qtbot, win.questions.summary.results_button)
    qtbot.waitUntil(lambda: bool(got), timeout=WAIT)
    report = got[-1]
    results = getattr(report, "results", ())
    if results and hasattr(win.detail, "show_study"):
        studies: list[object] = []
        win.backend.studyReady.connect(studies.append)
        win.go_detail(results[0].nct_id)
        qtbot.waitUntil(lambda: bool(studies), timeout=WAIT)
    QApplication.processEvents()
    return report


def on_screen(win: MainWindow) -> list[str]:
    """Texts anywhere in the window's widgets (shown or not) that still hold one of the answers."""
    from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLabel, QLineEdit

    needles = [s.lower() for s in SECRETS]
    found = []
    for widget in win.findChildren(QWidget):
        texts: list[str] = []
        if isinstance(widget, QLabel | QLineEdit | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QComboBox):
            texts.append(widget.currentText())
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            texts += [str(model.index(r, 0).data() or "") for r in range(model.rowCount())]
        found += [f"{type(widget).__name__} {widget.objectName()!r}: {t[:60]!r}" for t in texts
                  if any(n in t.lower() for n in needles)]
    return found


def traces(root: Path) -> list[str]:
    """Every file under `root` that holds one of the secrets."""
    found = []
    needles = [s.lower() for s in SECRETS]
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        try:
            raw = path.read_bytes()
        except OSError:
            continue
        # "replace", not "ignore": dropping undecodable bytes would join letters of binary data (the hashed
        # place index) into words that were never written as text.
        texts = [raw.decode("utf-8", "replace").lower(), raw.decode("utf-16-le", "replace").lower()]
        for needle in needles:
            if any(needle in text for text in texts):
                found.append(f"{path.relative_to(root)}: {needle!r}")
    return found


def test_a_full_session_leaves_no_trace_on_disk(
    qtbot, window: MainWindow, private_dirs: dict[str, Path], tmp_path: Path
) -> None:
    full_session(qtbot, window)
    click(qtbot, window.start_over_button)  # the kiosk ends the session the usual way
    QApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # widgets cleared with deleteLater
    assert not on_screen(window), on_screen(window)  # nothing left for the next family to see
    qtbot.waitUntil(lambda: not window.backend.busy, timeout=WAIT)
    # Gone from memory too: what the finder memoised while explaining matches and reading the diagnosis.
    assert _render_en.cache_info().currsize == 0
    assert tokens.cache_info().currsize == 0
    window.kiosk_controller.leave()
    window.backend.close()  # flush and close the store, as quitting would
    store_files = list(private_dirs["data"].rglob("*.db")) + list(private_dirs["data"].rglob("*.sqlite*"))
    assert store_files, "the default store was expected in the tmp data dir"
    opened = place_index._opened
    assert opened is not None and opened[1]._path == place_index.index_path(), "the index in the tmp cache"
    problems = [t for name, d in private_dirs.items() for t in (f"{name}/{x}" for x in traces(d))]
    assert not problems, "\n".join(problems)
    assert window.state.answers.diagnosis is None  # and gone from memory too


def test_the_whole_flow_works_with_the_network_blocked(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network blocked by test_privacy")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    report = full_session(qtbot, window)
    assert getattr(report, "results", None) is not None
    assert attempts == []
