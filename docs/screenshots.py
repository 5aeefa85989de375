"""Render every screen of the family app offscreen to PNG, so anyone can look at them.

    .venv/bin/python docs/screenshots.py [--out screenshots] [--langs en es zh] [--sizes 1280x800 800x1280]

Screens: start, each question, the summary, the results, a study's page (the visible part, and the whole
page as `*_detail_full.png`), the FAQ, and the daily-activity question as an adult sees it (five ECOG
steps); in each language and window size, with the seed neuroblastoma
child's answers (6 years, 20 kg, girl, relapsed neuroblastoma, no gene therapy, near Boston) on a temporary
store seeded with the bundled trials. Nothing of the user's is read or written; the store is deleted after.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from finder.answers import Age, Answers, Place, Weight

SEED_CHILD = Answers(
    age=Age(6, "years"),
    sex="female",
    weight=Weight(20, "kg"),
    diagnosis="Neuroblastoma",
    disease_status="relapsed",
    treatments={"gene_therapy": False},
    location=Place(country="United States", city="Boston"),
    max_distance_km=1000,
)
ADULT_SELF = Answers(age=Age(35, "years"), diagnosis="Acute myeloid leukemia", disease_status="relapsed")
STUDY = "NCT06751134"


def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the app did not get there in time")
        QTest.qWait(20)
    QTest.qWait(80)  # let queued layouts and shows run


def shoot(widget: QWidget, path: Path) -> None:
    QTest.qWait(30)
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")


def show_question(window: object, topic: str) -> None:
    """One question page on screen (show_topic alone leaves the window on the page it was on)."""
    window.questions.show_topic(topic)  # type: ignore[attr-defined]
    window.stack.setCurrentWidget(window.questions)  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="screenshots")
    parser.add_argument("--langs", nargs="+", default=["en", "es", "zh"])
    parser.add_argument("--sizes", nargs="+", default=["1280x800", "800x1280"])
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from ui import i18n
    from ui.app import apply_style, make_application
    from ui.backend import Backend
    from ui.main_window import MainWindow
    from ui.state import SessionState

    app = make_application([sys.argv[0]])
    assert isinstance(app, QApplication)
    apply_style(app)
    written = 0
    with tempfile.TemporaryDirectory(prefix="trial-finder-shots-") as tmp:
        backend = Backend(f"sqlite:///{tmp}/screens.db")
        state = SessionState("en")
        window = MainWindow(backend, state)
        window.show()
        matches: list[object] = []
        studies: list[object] = []
        backend.matchesReady.connect(matches.append)
        backend.studyReady.connect(studies.append)
        try:
            for lang in args.langs:
                state.set_language(lang)
                i18n.install(app, lang)  # the Qt-translated words too, as the app does on a language change
                for size in args.sizes:
                    width, height = (int(n) for n in size.split("x"))
                    window.resize(width, height)
                    state.wipe()
                    prefix = f"{lang}_{size}"
                    shots: list[tuple[str, Callable[[], None]]] = [("00_start", window.go_start)]
                    QTest.qWait(50)
                    state.set_answers(SEED_CHILD)
                    for n, topic in enumerate(window.questions.pages, start=1):
                        shots.append((f"{n:02d}_question_{topic}", lambda t=topic: show_question(window, t)))
                    shots.append(("20_summary", window.go_summary))
                    for name, go in shots:
                        go()
                        wait_for(lambda: not backend.busy)  # the live count and store size, not "Looking..."

                        shoot(window, out / f"{prefix}_{name}.png")
                        written += 1
                    matches.clear()
                    window.go_results()
                    wait_for(lambda: bool(matches) and not backend.busy)
                    shoot(window, out / f"{prefix}_30_results.png")
                    studies.clear()
                    window.go_detail(STUDY)
                    wait_for(lambda: bool(studies) and not backend.busy)
                    shoot(window, out / f"{prefix}_40_detail.png")
                    detail = window.detail
                    scroll = getattr(detail, "page_scroll", None)
                    if scroll is not None:
                        shoot(scroll.widget(), out / f"{prefix}_41_detail_full.png")
                        written += 1
                    # The same child at 9 kg: nothing fits, the study is an almost-fit, one answer to revisit.
                    window.go_results_again()
                    state.set_answers(dataclasses.replace(SEED_CHILD, weight=Weight(9, "kg")))
                    matches.clear()
                    window.go_results()
                    wait_for(lambda: bool(matches) and not backend.busy)
                    shoot(window, out / f"{prefix}_31_results_almost.png")
                    state.set_answers(SEED_CHILD)
                    window.go_faq()
                    QTest.qWait(80)
                    shoot(window, out / f"{prefix}_50_faq.png")
                    window.close_faq()
                    # An adult looking for themself: the daily-activity question in five plain ECOG steps.
                    state.subject = "self"
                    state.set_answers(ADULT_SELF)
                    show_question(window, "performance")
                    wait_for(lambda: not backend.busy)
                    shoot(window, out / f"{prefix}_12_question_performance_adult.png")
                    state.subject = "child"
                    written += 5
        finally:
            backend.close()
    print(f"{written} screenshots in {out}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
