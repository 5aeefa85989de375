"""What a tired parent would stumble on, fixed and kept fixed: Enter on the answers summary, Enter on a
focused button, the daily-activity question for adults, a long translation on the treatments screen, the
Spanish header in kiosk mode, and a study that lists no sites. Driven by keyboard and mouse over a tmp
store seeded with the two bundled trials."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from finder import content
from finder.answers import Age, Answers, Performance, Weight
from finder.content import PSEUDO_LANG
from finder.matching.results import Verdict
from ui import i18n
from ui.app import apply_style
from ui.backend import Backend
from ui.detail.sections import OriginalToggle
from ui.layout_check import clipped, cut_lines
from ui.main_window import MainWindow
from ui.printing import describe_answers
from ui.questions.base import QuestionPage
from ui.settings import KioskSettings
from ui.state import SessionState

NEUROBLASTOMA = "NCT06751134"
AML = "NCT05665075"
WAIT = 30000
SEED_CHILD = Answers(
    age=Age(6, "years"), sex="female", weight=Weight(20, "kg"), diagnosis="Neuroblastoma",
    disease_status="relapsed", treatments={"gene_therapy": False},
)


@pytest.fixture
def private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/t.db"
    monkeypatch.setenv("TRIAL_FINDER_DB", url)  # never the user's data dir
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # never the admin's kiosk settings
    return url


@pytest.fixture
def window(qtbot, private: str) -> Iterator[MainWindow]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_style(app)
    backend = Backend(private)
    win = MainWindow(backend, SessionState("en"), settings=KioskSettings())
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    backend.close()
    i18n.install(app, "en")


def click(qtbot, button: QAbstractButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.accessibleName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def open_topic(qtbot, win: MainWindow, topic: str) -> QuestionPage:
    win.go_summary()
    click(qtbot, win.questions.summary.edit_buttons[topic])
    page = win.questions.stack.currentWidget()
    assert isinstance(page, QuestionPage) and page.topic == topic
    return page


def words(widget: QWidget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel))


# --- Enter ----------------------------------------------------------------------------------------


def test_enter_on_the_summary_shows_the_studies(qtbot, window: MainWindow) -> None:
    window.state.set_answers(SEED_CHILD)
    window.go_summary()
    summary = window.questions.summary
    assert summary.results_button.hasFocus()
    with qtbot.waitSignal(window.backend.matchesReady, timeout=WAIT) as ready:
        qtbot.keyClick(summary.results_button, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.results
    assert NEUROBLASTOMA in {m.nct_id for m in ready.args[0].results}


def test_enter_on_the_summary_page_itself_also_goes_on(qtbot, window: MainWindow) -> None:
    window.state.set_answers(SEED_CHILD)
    window.go_summary()
    summary = window.questions.summary
    summary.setFocus()  # focus on no button at all (a click on the page background)
    with qtbot.waitSignal(window.backend.matchesReady, timeout=WAIT):
        qtbot.keyClick(summary, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert window.stack.currentWidget() is window.results


def test_enter_on_a_focused_edit_button_opens_that_question(qtbot, window: MainWindow) -> None:
    window.state.set_answers(SEED_CHILD)
    window.go_summary()
    edit = window.questions.summary.edit_buttons["weight"]
    edit.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.questions
    assert window.questions.current_topic() == "weight"
    assert window.stack.currentWidget() is not window.results


def test_enter_on_a_language_button_switches_language_and_does_not_start(qtbot, window: MainWindow) -> None:
    window.go_start()
    spanish = window.start.language_buttons["es"]
    spanish.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(spanish, Qt.Key.Key_Return)
    assert window.state.lang == "es"
    assert window.stack.currentWidget() is window.start
    assert window.start.start_button.text() == content.app_text("start_button", "es")


def test_enter_on_show_original_text_shows_it(qtbot, window: MainWindow) -> None:
    window.state.set_answers(SEED_CHILD)
    with qtbot.waitSignal(window.backend.studyReady, timeout=WAIT):
        window.go_detail(NEUROBLASTOMA)
    item = window.detail.sections["to_check"].findChildren(OriginalToggle)[0]
    toggle, original = item.button, item.original
    qtbot.waitUntil(toggle.isVisible)  # a freshly built page shows its parts on the next turn of the loop
    assert not original.isVisible()
    toggle.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(toggle, Qt.Key.Key_Return)
    assert original.isVisible() and original.text().startswith("“")


# --- daily activity -------------------------------------------------------------------------------


def test_an_adult_is_asked_five_plain_ecog_steps_and_the_aml_study_uses_them(
    qtbot, window: MainWindow
) -> None:
    click(qtbot, window.start.who.button("self"))
    assert window.state.subject == "self"
    window.state.set_answers(Answers(age=Age(35, "years"), diagnosis="Acute myeloid leukemia"))
    page = open_topic(qtbot, window, "performance")
    shown = [choices for choices in page.lists.values() if choices.isVisibleTo(page)]
    assert len(shown) == 1 and len(shown[0].options()) == 5
    assert page.intro.text() == content.activity_intro("ecog", "en")
    # "Cannot do hard physical activity, but walks..." = ECOG 1, clicked on its words like a parent would.
    second = content.activity_levels("ecog", "en")[1]
    label = shown[0].label(str(second[0]))
    assert label.text() == second[1]
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton)
    click(qtbot, page.next_button)
    assert window.state.answers.performance == Performance("ecog", 1.0)
    assert window.questions.summary.values["performance"].text() == second[1]
    with qtbot.waitSignal(window.backend.matchesReady, timeout=WAIT) as ready:
        click(qtbot, window.questions.summary.results_button)
    aml = next(m for m in ready.args[0].results if m.nct_id == AML)
    assert any(r.kind == "performance" for r in aml.met)  # ECOG <= 1 is met, not left to check
    # The worst line is ECOG 4: the study's ECOG <= 1 rules it out, with the reason named.
    page = open_topic(qtbot, window, "performance")
    worst = content.activity_levels("ecog", "en")[-1]
    click(qtbot, page.lists["ecog"].button(str(worst[0])))
    click(qtbot, page.next_button)
    with qtbot.waitSignal(window.backend.matchesReady, timeout=WAIT) as ready:
        click(qtbot, window.questions.summary.results_button)
    aml = next(m for m in ready.args[0].results if m.nct_id == AML)
    assert aml.verdict is Verdict.NOT_A_FIT and any(r.kind == "performance" for r in aml.not_met)


def test_a_child_is_asked_about_play_lansky(qtbot, window: MainWindow) -> None:
    window.state.set_answers(SEED_CHILD)
    page = open_topic(qtbot, window, "performance")
    assert page.lists["lansky"].isVisibleTo(page) and len(page.lists["lansky"].options()) == 10
    assert not page.lists["ecog"].isVisibleTo(page) and not page.lists["karnofsky"].isVisibleTo(page)
    click(qtbot, page.lists["lansky"].button("70"))
    click(qtbot, page.next_button)
    assert window.state.answers.performance == Performance("lansky", 70.0)


def test_the_printed_answers_say_the_activity_in_words_and_score() -> None:
    answers = dataclasses.replace(SEED_CHILD, performance=Performance("ecog", 1))
    rows = dict(describe_answers(answers, "en", "self"))
    line = rows[content.question("performance", "en", "self").title]
    assert line.startswith(content.activity_levels("ecog", "en")[1][1]) and line.endswith("(ECOG 1)")


# --- long words, narrow screens ---------------------------------------------------------------------


@pytest.mark.parametrize("size", [(1280, 800), (800, 1280)], ids=["landscape", "portrait"])
def test_pseudo_locale_treatments_and_health_rows_do_not_clip(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    monkeypatch.setenv("TRIAL_FINDER_PSEUDO", "1")
    i18n.install(app, "en")
    window.state._lang = PSEUDO_LANG  # bundled content pseudo-localised too (no language button for it)
    QCoreApplication.sendEvent(window, QEvent(QEvent.Type.LanguageChange))
    window.resize(*size)
    window.state.set_answers(SEED_CHILD)
    problems: list[str] = []
    for topic in window.questions.pages:
        page = open_topic(qtbot, window, topic)
        qtbot.wait(50)  # the rows settle side by side or one under the other
        problems += [f"{topic}: {c}" for c in clipped(window) + cut_lines(window)]
        assert page.title.text().startswith("[")
    window.go_summary()
    qtbot.wait(50)
    problems += [f"summary: {c}" for c in clipped(window) + cut_lines(window)]
    assert not problems, "\n".join(problems)
    # Stacked or not, every choice is still one click away and works.
    page = open_topic(qtbot, window, "treatments")
    had = page.rows.button("chemotherapy", "yes")
    click(qtbot, had)
    click(qtbot, page.next_button)
    assert window.state.answers.treatments.get("chemotherapy") is True


def test_the_yes_no_rows_sit_side_by_side_when_they_fit(qtbot, window: MainWindow) -> None:
    window.state.set_answers(SEED_CHILD)
    page = open_topic(qtbot, window, "treatments")
    qtbot.wait(50)
    yes, no = page.rows.button("chemotherapy", "yes"), page.rows.button("chemotherapy", "no")
    assert yes.geometry().top() == no.geometry().top() and yes.geometry().right() < no.geometry().left()


def test_the_spanish_header_title_is_never_cut_in_a_portrait_kiosk(qtbot, private: str) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_style(app)
    backend = Backend(private)
    state = SessionState("es")
    i18n.install(app, "es")
    win = MainWindow(backend, state, kiosk=True, settings=KioskSettings(idle_seconds=3600))
    qtbot.addWidget(win)
    try:
        win.resize(1080, 1920)
        win.show()
        qtbot.waitExposed(win)
        qtbot.wait(100)  # the header moves its display controls to a second row first
        title = win.header_title
        assert title.text() == content.app_text("app_name", "es")
        metrics = title.fontMetrics()
        for word in title.text().split():
            assert metrics.horizontalAdvance(word) <= title.contentsRect().width(), word
        assert title.heightForWidth(title.width()) <= title.height() + 1  # every wrapped line is shown
        assert not clipped(win), clipped(win)
    finally:
        win.kiosk_controller.leave()
        backend.close()
        i18n.install(app, "en")


# --- a study without sites ---------------------------------------------------------------------------


def test_a_study_with_no_sites_says_so_and_who_runs_it(qtbot, window: MainWindow) -> None:
    window.state.set_answers(SEED_CHILD)
    with qtbot.waitSignal(window.backend.studyReady, timeout=WAIT):
        window.go_detail(NEUROBLASTOMA)
    where = window.detail.sections["where"]
    assert content.app_text("no_sites", "en") in words(where)
    assert "Nanjing Children's Hospital" in words(where)  # the seed page's sponsor, as on ClinicalTrials.gov
    contacts = words(window.detail.sections["contacts"])
    assert content.app_text("no_contact_study", "en") in contacts
    assert "this site" not in contacts


def test_nine_kilograms_points_to_the_weight_and_not_to_travel(qtbot, window: MainWindow) -> None:
    from finder.answers import Place

    window.state.set_answers(dataclasses.replace(
        SEED_CHILD, weight=Weight(9, "kg"), location=Place(country="United States", city="Boston"),
        max_distance_km=1000,
    ))
    window.go_summary()
    with qtbot.waitSignal(window.backend.matchesReady, timeout=WAIT):
        click(qtbot, window.questions.summary.results_button)
    results = window.results
    qtbot.waitUntil(results.revisit_button.isVisible, timeout=WAIT)
    tips = results.empty_try.text()
    assert content.app_text("empty_try_distance", "en") not in tips  # far studies are never hidden
    assert content.app_text("empty_try_not_sure", "en") in tips
    click(qtbot, results.revisit_button)
    assert window.questions.current_topic() == "weight"


def test_a_study_without_summary_or_status_shows_no_empty_heading_or_doubled_words(
    qtbot, window: MainWindow
) -> None:
    # The AML seed registers neither a summary nor an overall status.
    click(qtbot, window.start.who.button("self"))
    window.state.set_answers(Answers(age=Age(35, "years"), diagnosis="Acute myeloid leukemia"))
    with qtbot.waitSignal(window.backend.studyReady, timeout=WAIT):
        window.go_detail(AML)
    detail = window.detail
    assert "summary" not in detail.sections
    facts = detail.sections["facts"]
    assert isinstance(facts, QLabel)
    not_given = content.status_text(None, "en")
    assert not_given in facts.text().splitlines()
    assert f"{content.app_text('label_status', 'en')}: {not_given}" not in facts.text()
    assert "Zhejiang" in words(detail.sections["where"])


def test_the_study_page_leads_to_the_unanswered_questions_and_the_list_gets_shorter(
    qtbot, window: MainWindow
) -> None:
    from ui.results.model import check_count

    window.state.set_answers(SEED_CHILD)
    window.go_summary()
    with qtbot.waitSignal(window.backend.matchesReady, timeout=WAIT) as ready:
        qtbot.keyClick(window.questions.summary.results_button, Qt.Key.Key_Return)
    before = next(m for m in ready.args[0].results if m.nct_id == NEUROBLASTOMA)
    with qtbot.waitSignal(window.backend.studyReady, timeout=WAIT):
        window.go_detail(NEUROBLASTOMA)
    button = window.detail.answer_button
    assert button is not None and button.text() == content.app_text("answer_more", "en")
    qtbot.waitUntil(button.isVisible)
    first_item = window.detail.sections["to_check"].findChildren(OriginalToggle)[0]
    assert button.y() < first_item.y()  # at the top of the list, not after eighteen items
    click(qtbot, button)
    page = window.questions.stack.currentWidget()
    assert window.stack.currentWidget() is window.questions and isinstance(page, QuestionPage)
    assert page.topic == "treatments"  # the first of the questions behind "which was not answered"
    for rid in page.rows.ids():
        if page.rows.row_visible(rid) and rid != "gene_therapy":
            click(qtbot, page.rows.button(rid, "no"))
    click(qtbot, page.next_button)
    assert window.questions.stack.currentWidget() is window.questions.summary  # the rest can be edited there
    with qtbot.waitSignal(window.backend.matchesReady, timeout=WAIT) as ready:
        qtbot.keyClick(window.questions.summary.results_button, Qt.Key.Key_Return)
    after = next(m for m in ready.args[0].results if m.nct_id == NEUROBLASTOMA)
    assert after.verdict is not Verdict.NOT_A_FIT
    assert check_count(after) < check_count(before)
