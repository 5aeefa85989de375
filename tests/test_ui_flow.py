"""The question flow, driven like a family would (clicks and typing on the real widgets), over a fresh tmp
SQLite store seeded with the two bundled trials; waits are on the worker's signals, never on sleeps."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication

from finder import content
from finder.matching.results import Verdict
from ui.app import apply_style
from ui.backend import Backend
from ui.main_window import MainWindow
from ui.questions.base import QuestionPage
from ui.state import SessionState

NEUROBLASTOMA = "NCT06751134"
AML = "NCT05665075"
WAIT = 30000


@pytest.fixture
def window(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    url = f"sqlite:///{tmp_path}/t.db"
    monkeypatch.setenv("TRIAL_FINDER_DB", url)  # never the user's data dir
    apply_style(QApplication.instance())  # type: ignore[arg-type]
    backend = Backend(url)
    win = MainWindow(backend, SessionState("en"))
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    yield win
    backend.close()


def click(qtbot, button: QAbstractButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.accessibleName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def page(win: MainWindow) -> QuestionPage:
    current = win.questions.stack.currentWidget()
    assert isinstance(current, QuestionPage)
    return current


def on_summary(win: MainWindow) -> bool:
    return win.questions.stack.currentWidget() is win.questions.summary


def start(qtbot, win: MainWindow) -> None:
    click(qtbot, win.start.start_button)
    qtbot.waitUntil(lambda: not win.questions.waiting_for_plan, timeout=WAIT)


def advance(qtbot, win: MainWindow, button: QAbstractButton) -> None:
    """Press Next / Not sure / Skip and wait for the planner to bring the next screen."""
    click(qtbot, button)
    qtbot.waitUntil(lambda: not win.questions.waiting_for_plan, timeout=WAIT)


def pick_suggestion(qtbot, diagnosis_page: QuestionPage, text: str) -> None:
    qtbot.keyClicks(diagnosis_page.entry, text)
    qtbot.waitUntil(lambda: diagnosis_page.suggestions.count() > 0, timeout=WAIT)
    item = diagnosis_page.suggestions.item(0)
    rect = diagnosis_page.suggestions.visualItemRect(item)
    qtbot.mouseClick(diagnosis_page.suggestions.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert diagnosis_page.chosen is not None


def answer_seed_child(qtbot, p: QuestionPage) -> QAbstractButton:
    """Fill one screen for the seed child (6 years, 20 kg, girl, relapsed neuroblastoma, no gene therapy);
    returns the button to press."""
    if p.topic == "age":
        qtbot.keyClicks(p.number, "6")
        click(qtbot, p.unit.button("years"))
    elif p.topic == "weight":
        qtbot.keyClicks(p.number, "20")
        click(qtbot, p.unit.button("kg"))
    elif p.topic == "sex":
        click(qtbot, p.choices.button("female"))
    elif p.topic == "diagnosis":
        pick_suggestion(qtbot, p, "neuroblas")
    elif p.topic == "disease_status":
        click(qtbot, p.choices.button("relapsed"))
    elif p.topic == "treatments":
        click(qtbot, p.rows.button("gene_therapy", "no"))
    else:
        return p.skip_button
    return p.next_button


def run_flow(qtbot, win: MainWindow, answer: Callable[[object, QuestionPage], QAbstractButton]) -> list[str]:
    start(qtbot, win)
    asked: list[str] = []
    while not on_summary(win):
        p = page(win)
        assert p.topic not in asked, f"{p.topic} asked twice"
        asked.append(p.topic)
        advance(qtbot, win, answer(qtbot, p))
    return asked


def see_results(qtbot, win: MainWindow) -> object:
    got: list[object] = []
    errors: list[str] = []
    win.backend.matchesReady.connect(got.append)
    win.backend.failed.connect(errors.append)
    click(qtbot, win.questions.summary.results_button)
    assert win.stack.currentWidget() is win.results
    qtbot.waitUntil(lambda: bool(got or [e for e in errors if e.startswith("matches:")]), timeout=WAIT)
    assert got, errors
    return got[-1]


def verdicts(report: object) -> dict[str, Verdict]:
    return {m.nct_id: m.verdict for m in report.results}  # type: ignore[attr-defined]


def may_join(report: object) -> set[str]:  # a study the SQL prefilter dropped is not in the report at all
    return {nct for nct, verdict in verdicts(report).items() if verdict is not Verdict.NOT_A_FIT}


def test_seed_child_reaches_results_with_the_neuroblastoma_study(qtbot, window: MainWindow) -> None:
    asked = run_flow(qtbot, window, answer_seed_child)
    assert {"age", "diagnosis"} <= set(asked)
    answers = window.state.answers
    assert answers.age is not None and answers.age.value == 6 and answers.age.unit == "years"
    assert answers.diagnosis and "neuroblastoma" in answers.diagnosis.lower()
    assert "6" in window.questions.summary.values["age"].text()
    report = see_results(qtbot, window)
    assert verdicts(report)[NEUROBLASTOMA] is Verdict.MAY_FIT


def test_not_sure_everywhere_still_shows_both_seed_studies(qtbot, window: MainWindow) -> None:
    asked = run_flow(qtbot, window, lambda _bot, p: p.not_sure_button)
    assert len(asked) >= 2
    assert window.state.answers.age is None and window.state.answers.diagnosis is None
    assert window.questions.summary.values[asked[0]].text() == "Not sure"
    found = verdicts(see_results(qtbot, window))
    assert found[NEUROBLASTOMA] is not Verdict.NOT_A_FIT
    assert found[AML] is not Verdict.NOT_A_FIT


def test_back_keeps_the_answer(qtbot, window: MainWindow) -> None:
    start(qtbot, window)
    first = page(window)
    advance(qtbot, window, answer_seed_child(qtbot, first))
    given = first.describe(window.state.answers)
    assert given
    click(qtbot, page(window).back_button)
    assert page(window) is first
    assert first.describe(window.state.answers) == given
    if first.topic == "diagnosis":
        assert "neuroblastoma" in first.entry.text().lower()
    # Back from the first question goes to the start screen, and the answer is still there.
    click(qtbot, first.back_button)
    assert window.stack.currentWidget() is window.start
    assert first.describe(window.state.answers) == given


def test_edit_from_the_summary_changes_the_answer(qtbot, window: MainWindow) -> None:
    run_flow(qtbot, window, answer_seed_child)
    summary = window.questions.summary
    assert verdicts(see_results(qtbot, window))[NEUROBLASTOMA] is Verdict.MAY_FIT
    window.go_summary()
    click(qtbot, summary.edit_buttons["age"])
    age_page = page(window)
    assert age_page.topic == "age" and age_page.number.text() == "6"
    age_page.number.clear()
    qtbot.keyClicks(age_page.number, "30")
    click(qtbot, age_page.next_button)
    assert on_summary(window)  # editing returns to the summary
    assert window.state.answers.age is not None and window.state.answers.age.years == 30
    assert summary.values["age"].text().startswith("30")
    # 30 years is past the study's 12-year limit: it moves out.
    assert NEUROBLASTOMA not in may_join(see_results(qtbot, window))


def test_nine_kilograms_moves_the_neuroblastoma_study_out(qtbot, window: MainWindow) -> None:
    run_flow(qtbot, window, answer_seed_child)
    click(qtbot, window.questions.summary.edit_buttons["weight"])
    weight_page = page(window)
    weight_page.number.clear()
    qtbot.keyClicks(weight_page.number, "9")
    click(qtbot, weight_page.unit.button("kg"))
    click(qtbot, weight_page.next_button)
    assert window.state.answers.weight is not None and window.state.answers.weight.kg == 9
    assert window.questions.summary.values["weight"].text().startswith("9")
    # The study asks for at least 10 kg.
    assert NEUROBLASTOMA not in may_join(see_results(qtbot, window))


def test_the_count_line_follows_the_answers(qtbot, window: MainWindow) -> None:
    line = window.questions.count_line
    start(qtbot, window)
    qtbot.waitUntil(lambda: line.text() == "2 studies may fit so far", timeout=WAIT)
    # Answer as the seed child until the adult AML study is ruled out.
    while not on_summary(window) and line.text() != "1 study may fit so far":
        advance(qtbot, window, answer_seed_child(qtbot, page(window)))
        qtbot.waitUntil(lambda: not window.backend.busy, timeout=WAIT)
    assert line.text() == "1 study may fit so far"


def test_start_page_and_the_language_switch(qtbot, window: MainWindow) -> None:
    start_page = window.start
    assert start_page.title.text() == content.app_text("start_title", "en")
    assert start_page.intro.text() == content.app_text("start_intro", "en")  # what it does and does not do
    qtbot.waitUntil(lambda: start_page.stats is not None, timeout=WAIT)
    assert "2 studies are stored" in start_page.data_note.text()
    # the bundled seeds carry no copy date: the family is told so, not shown a date we made up
    assert content.app_text("snapshot_unknown", "en") in start_page.data_note.text()
    click(qtbot, start_page.language_buttons["es"])
    assert window.state.lang == "es"
    assert start_page.title.text() == content.app_text("start_title", "es")  # no wait: at once
    assert start_page.start_button.text() == content.app_text("start_button", "es")
    start(qtbot, window)
    p = page(window)
    assert p.title.text() == content.question(p.topic, "es", "child").title
    assert p.next_button.text() == content.common("next", "es")
    # Switching while a question is on screen re-labels it at once too.
    click(qtbot, p.back_button)
    click(qtbot, start_page.language_buttons["zh"])
    start(qtbot, window)
    window.state.set_language("en")
    assert page(window).title.text() == content.question(page(window).topic, "en", "child").title


def _open_topic(qtbot, win: MainWindow, topic: str) -> QuestionPage:
    """Reach a topic the way a family does: finish the questions, then Edit it from the summary."""
    run_flow(qtbot, win, lambda _bot, p: p.skip_button)
    click(qtbot, win.questions.summary.edit_buttons[topic])
    p = page(win)
    assert p.topic == topic
    return p


def test_an_unknown_place_says_so_and_a_known_one_is_kept(qtbot, window: MainWindow) -> None:
    loc = _open_topic(qtbot, window, "location")
    qtbot.waitUntil(lambda: loc.country.count() > 100, timeout=WAIT)  # the country list came from the worker
    loc.country.setCurrentText("")
    qtbot.keyClicks(loc.country.lineEdit(), "Atlantis")
    qtbot.keyClicks(loc.city, "Nowhereville")  # looked up once typing stops
    qtbot.waitUntil(lambda: loc.place_note.isVisible(), timeout=WAIT)
    assert loc.place_note.text() == content.question("location", "en").extra["place_not_found"]
    loc.city.clear()
    loc.country.setCurrentText("")
    qtbot.keyClicks(loc.country.lineEdit(), "United States")
    qtbot.keyClicks(loc.city, "Boston")
    qtbot.waitUntil(lambda: loc.place_note.isVisible() and "found" in loc.place_note.text(), timeout=WAIT)
    click(qtbot, loc.distance.button("km_100"))
    click(qtbot, loc.next_button)
    answers = window.state.answers
    assert answers.location is not None and answers.location.city == "Boston"
    assert answers.max_distance_km == 100


def test_pregnancy_is_asked_only_where_it_may_apply(qtbot, window: MainWindow) -> None:
    health = _open_topic(qtbot, window, "health")
    assert health.rows.row_visible("pregnant")  # sex and age not given: ask
    click(qtbot, health.back_button)  # back to the summary
    click(qtbot, window.questions.summary.edit_buttons["age"])
    qtbot.keyClicks(page(window).number, "6")
    click(qtbot, page(window).next_button)
    click(qtbot, window.questions.summary.edit_buttons["health"])
    assert not health.rows.row_visible("pregnant")  # a 6-year-old: never asked
    assert not health.rows.row_visible("breastfeeding")
    click(qtbot, health.rows.button("active_infection", "no"))
    click(qtbot, health.next_button)
    assert window.state.answers.health == {"active_infection": False}


def test_start_over_forgets_every_answer(qtbot, window: MainWindow) -> None:
    run_flow(qtbot, window, answer_seed_child)
    assert window.state.answers.diagnosis
    window.start_over()  # what the kiosk's "Start over" button and the idle reset call (tests/test_kiosk.py)
    assert window.stack.currentWidget() is window.start
    assert window.state.answers.to_json() == {"format": "trial-finder/answers@1"}
    for p in window.questions.pages.values():
        assert p.describe(window.state.answers) is None
    assert window.questions.pages["diagnosis"].entry.text() == ""
    assert window.questions.pages["age"].number.text() == ""
    assert all("6" not in v.text() for v in window.questions.summary.values.values())


def test_an_impossible_age_is_explained_and_not_stored(qtbot, window: MainWindow) -> None:
    age = _open_topic(qtbot, window, "age")
    qtbot.keyClicks(age.number, "200")
    click(qtbot, age.next_button)
    assert page(window) is age and age.problem.isVisible()
    assert window.state.answers.age is None
    age.number.clear()
    qtbot.keyClicks(age.number, "18")
    click(qtbot, age.unit.button("months"))  # a baby: the age in months
    click(qtbot, age.next_button)
    assert on_summary(window)
    assert window.state.answers.age is not None and window.state.answers.age.years == 1.5
