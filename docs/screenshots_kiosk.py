"""Kiosk-mode screenshots (the companion of docs/screenshots.py): portrait 1080x1920 and landscape
1920x1080, in English, Spanish and Chinese, normal and high contrast, with the "Are you still there?" and
staff PIN dialogs; and a pseudo-locale run (every string ~40% longer, accented) that reports clipped text.

    .venv/bin/python docs/screenshots_kiosk.py [--out screenshots/kiosk] [--langs en es zh] [--no-pseudo]

Nothing of the user's is read or written: a temporary store and temporary config dir are used.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from screenshots import SEED_CHILD, STUDY, wait_for  # G2's script: same seed child, same waits

KIOSK_SIZES = ("1080x1920", "1920x1080")
PSEUDO_SIZES = ("1280x800", "800x1280")


def grab_with_dialogs(window: QWidget, path: Path) -> None:
    """The window with any open dialog painted where it sits (offscreen has no real screen to grab)."""
    QTest.qWait(40)
    picture = window.grab()
    painter = QPainter(picture)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    for top in app.topLevelWidgets():
        if top is not window and top.isVisible() and top.isWindow() and top.windowType() != 0:
            spot = window.mapFromGlobal(top.mapToGlobal(top.rect().topLeft()))
            painter.drawPixmap(spot, top.grab())
    painter.end()
    if not picture.save(str(path)):
        raise OSError(f"could not write {path}")


def centre(dialog: QWidget, window: QWidget) -> None:
    dialog.adjustSize()
    dialog.move(window.geometry().center() - dialog.rect().center())


def run_set(window: object, state: object, backend: object, out: Path, prefix: str,
            matches: list[object], studies: list[object], dialogs: bool) -> list[str]:
    """Start, two questions, summary, results, study, (dialogs); returns clipped-text findings."""
    from ui.layout_check import clipped, cut_lines

    win: object = window
    found: list[str] = []
    state.wipe()  # type: ignore[attr-defined]
    steps: list[tuple[str, Callable[[], None]]] = [("00_start", win.go_start)]  # type: ignore[attr-defined]

    def answers_then(topic: str) -> Callable[[], None]:
        def go() -> None:
            state.set_answers(SEED_CHILD)  # type: ignore[attr-defined]
            win.questions.show_topic(topic)  # type: ignore[attr-defined]
            win.stack.setCurrentWidget(win.questions)  # type: ignore[attr-defined]
        return go

    steps += [("10_question_diagnosis", answers_then("diagnosis")),
              ("11_question_treatments", answers_then("treatments")),
              ("20_summary", win.go_summary)]  # type: ignore[attr-defined]
    for name, go in steps:
        go()
        wait_for(lambda: not backend.busy)  # type: ignore[attr-defined]  # the store count, not "Looking..."
        QTest.qWait(250)  # a language or size change settles through a few rounds of layout
        found += [f"{prefix}_{name}: {c}" for c in clipped(win) + cut_lines(win)]  # type: ignore[arg-type]
        grab_with_dialogs(win, out / f"{prefix}_{name}.png")  # type: ignore[arg-type]
    matches.clear()
    win.go_results()  # type: ignore[attr-defined]
    wait_for(lambda: bool(matches) and not backend.busy)  # type: ignore[attr-defined]
    found += [f"{prefix}_30_results: {c}" for c in clipped(win) + cut_lines(win)]  # type: ignore[arg-type]
    grab_with_dialogs(win, out / f"{prefix}_30_results.png")  # type: ignore[arg-type]
    studies.clear()
    win.go_detail(STUDY)  # type: ignore[attr-defined]
    wait_for(lambda: bool(studies) and not backend.busy)  # type: ignore[attr-defined]
    QTest.qWait(250)  # a freshly built study page shows its parts over a few rounds of layout
    found += [f"{prefix}_40_detail: {c}" for c in clipped(win) + cut_lines(win)]  # type: ignore[arg-type]
    grab_with_dialogs(win, out / f"{prefix}_40_detail.png")  # type: ignore[arg-type]
    if dialogs:
        controller = win.kiosk_controller  # type: ignore[attr-defined]
        controller.ask_still_there()
        centre(controller.dialog, win)  # type: ignore[arg-type]
        QTest.qWait(80)
        found += [f"{prefix}_60_still_there: {c}" for c in clipped(controller.dialog)]
        grab_with_dialogs(win, out / f"{prefix}_60_still_there.png")  # type: ignore[arg-type]
        controller._still_here()
        controller.request_exit()
        centre(controller.pin_dialog, win)  # type: ignore[arg-type]
        QTest.qWait(80)
        found += [f"{prefix}_61_staff_pin: {c}" for c in clipped(controller.pin_dialog)]
        grab_with_dialogs(win, out / f"{prefix}_61_staff_pin.png")  # type: ignore[arg-type]
        controller.pin_dialog.reject()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="screenshots/kiosk")
    parser.add_argument("--langs", nargs="+", default=["en", "es", "zh"])
    parser.add_argument("--no-pseudo", action="store_true")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    config = tempfile.TemporaryDirectory(prefix="trial-finder-shots-config-")
    os.environ["XDG_CONFIG_HOME"] = config.name  # never the administrator's real settings

    from finder.content import PSEUDO_LANG
    from ui import i18n
    from ui.app import apply_style, make_application
    from ui.backend import Backend
    from ui.main_window import MainWindow
    from ui.settings import KioskSettings
    from ui.state import SessionState

    app = make_application([sys.argv[0]])
    assert isinstance(app, QApplication)
    apply_style(app)
    findings: list[str] = []
    with tempfile.TemporaryDirectory(prefix="trial-finder-shots-") as tmp:
        backend = Backend(f"sqlite:///{tmp}/screens.db")
        matches: list[object] = []
        studies: list[object] = []
        backend.matchesReady.connect(matches.append)
        backend.studyReady.connect(studies.append)
        settings = KioskSettings(idle_seconds=3600).with_pin("2468")
        try:
            state = SessionState("en")
            window = MainWindow(backend, state, kiosk=True, settings=settings)
            window.show()
            for contrast in (False, True):
                window.theme.set_high_contrast(contrast)
                for lang in args.langs:
                    state.set_language(lang)
                    i18n.install(app, lang)
                    for size in KIOSK_SIZES:
                        width, height = (int(n) for n in size.split("x"))
                        window.resize(width, height)
                        prefix = f"kiosk_{'contrast_' if contrast else ''}{lang}_{size}"
                        findings += run_set(window, state, backend, out, prefix, matches, studies,
                                            dialogs=(size == KIOSK_SIZES[0]))
            window.theme.set_high_contrast(False)
            window.kiosk_controller.leave()
            window.close()
            if not args.no_pseudo:
                os.environ["TRIAL_FINDER_PSEUDO"] = "1"
                i18n.install(app, "en")
                state = SessionState("en")
                window = MainWindow(backend, state, settings=KioskSettings())
                state._lang = PSEUDO_LANG  # content pseudo-localised as well (no language button for it)
                QCoreApplication.sendEvent(window, QEvent(QEvent.Type.LanguageChange))
                window.show()
                for size in PSEUDO_SIZES:
                    width, height = (int(n) for n in size.split("x"))
                    window.resize(width, height)
                    findings += run_set(window, state, backend, out, f"pseudo_{size}", matches, studies,
                                        dialogs=False)
                window.close()
        finally:
            backend.close()
            config.cleanup()
    shots = len(list(out.glob("*.png")))
    print(f"{shots} screenshots in {out}/")
    if findings:
        print(f"{len(findings)} clipped texts:")
        for line in findings:
            print("  " + line)
    return 1 if findings else 0


if __name__ == "__main__":
    raise SystemExit(main())
