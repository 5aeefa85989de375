"""The results page, driven like a family would: the seed child's answers through the real question
screens, then the list (model, filters, almost-fits, an empty result) with mouse and keyboard."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication

from finder.answers import Age, Answers, Place, Weight
from finder.matching.results import MatchReport, Verdict
from finder.store.database import open_store
from tests.test_ui_flow import answer_seed_child, click, page, run_flow, see_results
from ui.app import apply_style
from ui.backend import Backend
from ui.main_window import MainWindow
from ui.results import ResultsModel, ResultsPage
from ui.results.model import (
    BadgeRole,
    DistanceRole,
    NctIdRole,
    NearMissRole,
    PhaseRole,
    TitleRole,
    VerdictRole,
)
from ui.state import SessionState

NEUROBLASTOMA = "NCT06751134"
AML = "NCT05665075"
WAIT = 30000
FIXTURE_ID = "NCT09000001"


@pytest.fixture
def window(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    url = f"sqlite:///{tmp_path}/t.db"
    monkeypatch.setenv("TRIAL_FINDER_DB", url)  # never the user's data dir
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_style(app)
    backend = Backend(url)
    win = MainWindow(backend, SessionState("en"))
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    yield win
    backend.close()


FIXTURE = Path(__file__).parent / "fixtures" / "registry" / "v2-study-every-field.json"  # phases 1/2, sites


def seed_report(tmp_path: Path, answers: Answers, *, with_fixture: bool = False) -> MatchReport:
    """The report the Backend's worker hands the page (ui.finder_calls.matches) for a tmp seeded store."""
    from finder.store.importing import import_paths
    from ui.finder_calls import matches

    store = open_store(f"sqlite:///{tmp_path}/m.db")
    try:
        if with_fixture:
            with store.session() as session:
                import_paths(session, [FIXTURE])
        return matches(store, answers)  # type: ignore[no-any-return]
    finally:
        store.close()


def rows(view) -> list[str]:  # type: ignore[no-untyped-def]
    model = view.model()
    return [model.index(r, 0).data(NctIdRole) for r in range(model.rowCount())]


def results_page(win: MainWindow) -> ResultsPage:
    assert isinstance(win.results, ResultsPage)
    return win.results


def test_results_model_passes_the_model_tester(qtmodeltester, tmp_path: Path) -> None:
    report = seed_report(tmp_path, Answers())
    assert len(report.results) == 2
    model = ResultsModel("en")
    model.set_matches(report.results)
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.rowCount(model.index(0)) == 0
    titles = {model.index(r, 0).data(NctIdRole): model.index(r, 0).data(TitleRole) for r in range(2)}
    assert "Neuroblastoma" in titles[NEUROBLASTOMA]
    # Language changes re-render the plain words in place (and still pass the tester).
    phase_en = model.index(0, 0).data(PhaseRole)
    model.set_language("es")
    qtmodeltester.check(model)
    assert model.index(0, 0).data(PhaseRole) != phase_en
    assert model.index(5, 0).data(TitleRole) is None  # out of range: nothing, never a crash


def test_seed_child_sees_the_study_with_a_text_badge_and_opens_it_by_mouse(qtbot, window: MainWindow) -> None:
    run_flow(qtbot, window, answer_seed_child)
    see_results(qtbot, window)
    page_ = results_page(window)
    assert rows(page_.fit_list) == [NEUROBLASTOMA]
    index = page_.fit_list.model().index(0, 0)
    assert index.data(VerdictRole) == "may_fit"
    assert index.data(BadgeRole).startswith("May fit — ") and "things to check" in index.data(BadgeRole)
    assert page_.count_label.text() == "1 study found"
    assert not page_.empty_box.isVisible()
    # The card is tall enough for the wrapped title and facts.
    assert page_.fit_list.visualRect(index).height() > 4 * page_.fit_list.fontMetrics().height()
    rect = page_.fit_list.visualRect(index)
    chosen: list[str] = []
    page_.studyChosen.connect(chosen.append)
    # A double click (press-release, then the double click): the study opens once.
    qtbot.mouseClick(page_.fit_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page_.fit_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert chosen == [NEUROBLASTOMA]
    assert window.stack.currentWidget() is window.detail


def test_enter_on_a_row_opens_the_study(qtbot, window: MainWindow) -> None:
    run_flow(qtbot, window, answer_seed_child)
    see_results(qtbot, window)
    view = results_page(window).fit_list
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    with qtbot.waitSignal(results_page(window).studyChosen, timeout=WAIT) as chosen:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert chosen.args == [NEUROBLASTOMA]


def test_nine_kilograms_moves_the_study_to_almost_fits(qtbot, window: MainWindow) -> None:
    run_flow(qtbot, window, answer_seed_child)
    click(qtbot, window.questions.summary.edit_buttons["weight"])
    weight_page = page(window)
    weight_page.number.clear()
    qtbot.keyClicks(weight_page.number, "9")
    click(qtbot, weight_page.next_button)
    see_results(qtbot, window)
    page_ = results_page(window)
    assert NEUROBLASTOMA not in rows(page_.fit_list)
    assert rows(page_.almost_list) == [NEUROBLASTOMA]
    almost = page_.almost_list.model().index(0, 0)
    assert almost.data(NearMissRole) is True and almost.data(BadgeRole) == "Almost fits"
    assert page_.almost_title.isVisible()
    # Nothing fits now: the page says so and points at the answer that ruled the most out.
    assert page_.empty_box.isVisible()
    assert "weigh" in page_.revisit_button.text().lower()
    with qtbot.waitSignal(page_.editRequested, timeout=WAIT) as edit:
        click(qtbot, page_.revisit_button)
    assert edit.args == ["weight"]


def test_not_sure_everywhere_lists_both_seed_studies(qtbot, window: MainWindow) -> None:
    run_flow(qtbot, window, lambda _bot, p: p.not_sure_button)
    see_results(qtbot, window)
    assert set(rows(results_page(window).fit_list)) == {NEUROBLASTOMA, AML}


def _boston_page(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path
) -> tuple[ResultsPage, Backend, SessionState, MatchReport]:
    """The two seeds and the fixture study (a site in Houston), for a family in Boston."""
    answers = Answers(location=Place(country="United States", city="Boston"))
    report = seed_report(tmp_path, answers, with_fixture=True)
    backend = Backend(f"sqlite:///{tmp_path}/unused.db")
    state = SessionState("en")
    state.set_answers(answers)
    page_ = ResultsPage(backend, state)
    qtbot.addWidget(page_)
    return page_, backend, state, report


def test_sort_and_filter_through_the_combo_boxes(qtbot, tmp_path: Path) -> None:
    # The two seeds (phase 1, no sites listed) and a phase 1/2 study with a site in Houston; the family is
    # in Boston (about 2,600 km away).
    page_, backend, _, report = _boston_page(qtbot, tmp_path)
    page_.show()
    page_.set_report(report)
    assert sorted(rows(page_.fit_list)) == sorted([AML, NEUROBLASTOMA, FIXTURE_ID])
    distances = {
        r: page_.fit_list.model().index(i, 0).data(DistanceRole) for i, r in enumerate(rows(page_.fit_list))
    }
    assert distances[NEUROBLASTOMA] is None and 2000 < distances[FIXTURE_ID] < 3500
    distances = {n: distances[n] for n in rows(page_.fit_list)}

    boxes = {"sort": page_.sort_box, "phase": page_.phase_box, "distance": page_.distance_box}
    phases = [boxes["phase"].itemData(i) for i in range(boxes["phase"].count())]
    assert phases == [None, "PHASE1", "PHASE2"]
    choose(qtbot, boxes["phase"], phases.index("PHASE2"))
    assert rows(page_.fit_list) == [FIXTURE_ID]
    choose(qtbot, boxes["phase"], 0)
    assert len(rows(page_.fit_list)) == 3

    choose(qtbot, boxes["sort"], boxes["sort"].findData("distance"))
    assert rows(page_.fit_list)[0] == FIXTURE_ID  # the only known distance comes first
    choose(qtbot, boxes["sort"], boxes["sort"].findData("fit"))
    assert rows(page_.fit_list) == [m.nct_id for m in report.results if m.verdict is not Verdict.NOT_A_FIT]

    # Up to 500 km: far studies go; a study whose distance is not known is never hidden.
    choose(qtbot, boxes["distance"], boxes["distance"].findData(500))
    assert FIXTURE_ID not in rows(page_.fit_list)
    assert rows(page_.fit_list) == [n for n, km in distances.items() if km is None or km <= 500]
    assert NEUROBLASTOMA in rows(page_.fit_list)
    backend.close()


def choose(qtbot, box, index: int) -> None:  # type: ignore[no-untyped-def]
    """Pick a combo box entry by keyboard, as a family would: focus it, Home, then Down."""
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Home)
    for _ in range(index):
        qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.currentIndex() == index


def test_a_too_old_answer_empties_the_list_and_names_the_age(qtbot, tmp_path: Path) -> None:
    answers = Answers(age=Age(90, "years"), weight=Weight(70, "kg"), diagnosis="neuroblastoma")
    report = seed_report(tmp_path, answers)
    backend = Backend(f"sqlite:///{tmp_path}/unused.db")
    state = SessionState("en")
    state.set_answers(answers)
    page_ = ResultsPage(backend, state)
    qtbot.addWidget(page_)
    page_.show()
    page_.set_report(report)
    if rows(page_.fit_list):
        pytest.fail(f"a 90-year-old should fit no seed study: {rows(page_.fit_list)}")
    assert page_.empty_box.isVisible()
    assert page_.empty_title.text() == "No studies found for these answers"
    assert "old" in page_.revisit_button.text().lower()
    assert all(m.verdict is Verdict.NOT_A_FIT for m in report.results)
    backend.close()


def _index(view, row: int) -> QModelIndex:  # type: ignore[no-untyped-def]
    return view.model().index(row, 0)


def _many(count: int) -> MatchReport:
    from finder.matching.results import Match

    found = [
        Match(f"NCT{n:08d}", Verdict.MAY_FIT, (), f"Study {n}", ("Neuroblastoma",), ("PHASE2",), "RECRUITING")
        for n in range(count)
    ]
    return MatchReport(tuple(found), considered=count, total=count)


def test_a_long_list_is_shown_a_page_at_a_time(qtbot, qtmodeltester, tmp_path: Path) -> None:
    from ui.results.view import PAGE

    backend = Backend(f"sqlite:///{tmp_path}/unused.db")
    page_ = ResultsPage(backend, SessionState("en"))
    qtbot.addWidget(page_)
    page_.show()
    page_.set_report(_many(2 * PAGE + 10))
    view = page_.fit_list
    shown, more = page_.more_buttons[view]
    qtmodeltester.check(page_.fit_proxy)
    qtmodeltester.check(shown)
    assert shown.rowCount() == PAGE and more.isVisible()
    assert rows(view)[:3] == ["NCT00000000", "NCT00000001", "NCT00000002"]  # matching's order kept
    click(qtbot, more)
    assert shown.rowCount() == 2 * PAGE
    click(qtbot, more)
    assert shown.rowCount() == 2 * PAGE + 10 and not more.isVisible()
    assert page_.count_label.text() == f"{2 * PAGE + 10} studies found"
    # A new answer starts again from the first page.
    page_.set_report(_many(2 * PAGE))
    assert shown.rowCount() == PAGE
    backend.close()


def test_filter_boxes_never_cut_their_chosen_entry(qtbot, tmp_path: Path) -> None:
    """Spanish ("Mejor encaje primero", "Todos") and the longest distance fit their boxes at 1280 wide and at
    a narrow, large-text 800: the boxes grow, and Distance drops to a second row when the row is full."""
    from ui.layout_check import clipped

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_style(app)
    page_, backend, state, report = _boston_page(qtbot, tmp_path)
    page_.resize(1280, 800)
    page_.show()
    page_.set_report(report)
    state.set_language("es")
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendEvent(page_, QEvent(QEvent.Type.LanguageChange))
    boxes = (page_.sort_box, page_.phase_box, page_.distance_box)
    assert page_.sort_box.currentText() == "Mejor encaje primero"

    def no_box_cut() -> bool:
        return not [c for c in clipped(page_) if "filterBox" in c]

    qtbot.waitUntil(no_box_cut, timeout=5000)
    page_.distance_box.setCurrentIndex(page_.distance_box.count() - 1)  # "Hasta 1000 km (600 millas)"
    qtbot.waitUntil(no_box_cut, timeout=5000)
    page_.resize(800, 1280)
    try:
        apply_style(app, 2.0)  # the largest text size
        qtbot.waitUntil(no_box_cut, timeout=5000)
        assert all(box.isVisible() and box.width() > 0 for box in boxes)
    finally:
        apply_style(app)
        backend.close()
