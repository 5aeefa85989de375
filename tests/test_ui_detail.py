"""The study page, the FAQ page, the QR code and the take-away PDF, reached the way a family does."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

import segno
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from finder import content
from finder.store.database import open_store
from tests.test_ui_flow import answer_seed_child, click, run_flow, see_results
from ui.app import apply_style
from ui.backend import Backend
from ui.detail import DetailPage
from ui.detail.sections import OriginalToggle
from ui.faq import FaqPage
from ui.main_window import MainWindow
from ui.printing import report_html, write_pdf
from ui.qr import BORDER, qr_image, qr_size, study_url
from ui.results import ResultsPage
from ui.state import SessionState

NEUROBLASTOMA = "NCT06751134"
FIXTURE = Path(__file__).parent / "fixtures" / "registry" / "v2-study-every-field.json"
FIXTURE_ID = "NCT09000001"
WAIT = 30000


@pytest.fixture
def window(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    url = f"sqlite:///{tmp_path}/t.db"
    monkeypatch.setenv("TRIAL_FINDER_DB", url)  # never the user's data dir
    store = open_store(url)  # the two seeds, plus a study that lists sites and contacts
    from finder.store.importing import import_paths

    with store.session() as session:
        import_paths(session, [FIXTURE])
    store.close()
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


def texts(widget) -> str:  # type: ignore[no-untyped-def]
    labels = [widget] if isinstance(widget, QLabel) else []
    return "\n".join(label.text() for label in labels + widget.findChildren(QLabel))


def open_study(qtbot, win: MainWindow, nct_id: str) -> DetailPage:
    results = win.results
    assert isinstance(results, ResultsPage)
    view = results.fit_list
    row = [
        view.model().index(r, 0).data(Qt.ItemDataRole.UserRole + 1) for r in range(view.model().rowCount())
    ]
    index = view.model().index(row.index(nct_id), 0)
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    detail = win.detail
    assert isinstance(detail, DetailPage)
    assert win.stack.currentWidget() is detail
    qtbot.waitUntil(lambda: detail.record is not None and detail.record.nct_id == nct_id, timeout=WAIT)
    return detail


def test_the_seed_child_opens_the_study_and_sees_what_to_check(qtbot, window: MainWindow) -> None:
    run_flow(qtbot, window, answer_seed_child)
    see_results(qtbot, window)
    detail = open_study(qtbot, window, NEUROBLASTOMA)
    to_check = texts(detail.sections["to_check"])
    for word in ("B7-H3", "MIBG", "Lansky", "blood"):
        assert word in to_check, word
    assert "6 years old" in texts(detail.sections["why"])
    # Each thing to check has its registered text one tap away.
    toggle = next(
        t for t in detail.sections["to_check"].findChildren(OriginalToggle) if "B7-H3" in t.plain.text()
    )
    qtbot.waitUntil(toggle.button.isVisible)
    assert not toggle.original.isVisible()
    click(qtbot, toggle.button)
    assert toggle.original.isVisible() and "immunohistochemistry" in toggle.original.text()
    assert toggle.button.text() == content.common("hide_original", "en")
    # How to take part: the numbered steps, worded for a child.
    steps = texts(detail.sections["steps"])
    for number, step in enumerate(content.contact_steps("en", "child"), start=1):
        assert f"{number}.  {step}" in steps
    # The QR code: the registry address, drawn at the size segno says, modules where segno puts them.
    assert detail.qr_label is not None
    pixmap = detail.qr_label.pixmap()
    url = study_url(NEUROBLASTOMA)
    assert not pixmap.isNull() and pixmap.width() == pixmap.height() == qr_size(url, scale=5)
    assert url in texts(detail.sections["qr"])
    # The glossary words this study uses, and the original criteria behind a toggle.
    assert "Relapsed" in texts(detail.sections["glossary"])
    assert "Lansky score>60" in texts(detail.sections["original"])
    # Back to the list, and the FAQ from the header.
    click(qtbot, detail.back_button)
    assert window.stack.currentWidget() is window.results
    click(qtbot, window.faq_button)
    faq = window.faq
    assert isinstance(faq, FaqPage) and window.stack.currentWidget() is faq
    first = content.faq("en")[0]
    assert first.question in texts(faq) and first.answer in texts(faq)
    click(qtbot, faq.back_button)
    assert window.stack.currentWidget() is window.results


def test_sites_contacts_and_distance_are_shown(qtbot, window: MainWindow) -> None:
    def answer(bot, p):  # type: ignore[no-untyped-def]
        if p.topic == "location":
            qtbot.waitUntil(lambda: p.country.count() > 100, timeout=WAIT)
            p.country.setCurrentText("")
            qtbot.keyClicks(p.country.lineEdit(), "United States")
            qtbot.keyClicks(p.city, "Houston")
            qtbot.waitUntil(lambda: p.place_note.isVisible() and "found" in p.place_note.text(), timeout=WAIT)
            click(qtbot, p.distance.button("any"))
            return p.next_button
        return answer_seed_child(bot, p)

    run_flow(qtbot, window, answer)
    see_results(qtbot, window)
    detail = open_study(qtbot, window, FIXTURE_ID)
    where = texts(detail.sections["where"])
    assert (
        "Fixture Children's Hospital" in where and "Phone: 555-0111" in where and "site@example.org" in where
    )
    assert "Open — looking for people to join" in where  # the site's status in plain words
    assert "0 km away" in where or " km away" in where
    assert "Fixture Kinderklinik" in where and content.app_text("no_contact", "en") in where
    contacts = texts(detail.sections["contacts"])
    assert "Fixture Study Nurse" in contacts and "555-0100" in contacts


def test_the_detail_page_follows_the_language(qtbot, window: MainWindow) -> None:
    run_flow(qtbot, window, answer_seed_child)
    see_results(qtbot, window)
    detail = open_study(qtbot, window, NEUROBLASTOMA)
    window.state.set_language("es")
    assert content.app_text("heading_to_check", "es") in texts(detail)
    assert detail.back_button.text() == content.app_text("back_to_results", "es")
    # Trial text stays as registered.
    assert "Chimeric Natural Killer" in texts(detail.sections["title"])


def test_qr_image_modules_match_segno() -> None:
    app = QApplication.instance()
    assert app is not None
    url = study_url(NEUROBLASTOMA)
    scale = 4
    image = qr_image(url, scale=scale)
    matrix = segno.make(url, error="m").matrix
    assert image.width() == qr_size(url, scale) == (len(matrix) + 2 * BORDER) * scale
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            pixel = QColor(image.pixel((x + BORDER) * scale + 1, (y + BORDER) * scale + 1))
            assert (pixel.lightness() < 128) == bool(dark), (x, y)


def test_print_to_pdf_holds_the_study_answers_and_steps(qtbot, window: MainWindow, tmp_path: Path) -> None:
    run_flow(qtbot, window, answer_seed_child)
    see_results(qtbot, window)
    results = window.results
    assert isinstance(results, ResultsPage)
    html = report_html(results.shown_matches(), window.state)
    assert NEUROBLASTOMA in html and "6 years" in html
    assert "B7-H3" in html and content.contact_steps("en")[0].split(".")[0] in html
    before = set(tmp_path.iterdir())
    target = write_pdf(html, tmp_path / "take-away.pdf")
    assert set(tmp_path.iterdir()) - before == {target}  # that file, nothing else
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 2000
    # The text layer holds the study id (Qt writes it as glyphs; the document's plain text must have it).
    from ui.printing import document

    assert NEUROBLASTOMA in document(html).toPlainText()


def test_print_button_opens_the_dialog_and_writes_nothing_when_cancelled(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import printing

    seen: list[str] = []

    def fake_exec(self) -> int:  # type: ignore[no-untyped-def]
        seen.append(type(self).__name__)
        return 0  # the family pressed Cancel

    monkeypatch.setattr(printing.QPrintDialog, "exec", fake_exec)
    run_flow(qtbot, window, answer_seed_child)
    see_results(qtbot, window)
    results = window.results
    assert isinstance(results, ResultsPage)
    before = sorted(p.name for p in tmp_path.iterdir())
    button: QPushButton = results.print_button
    click(qtbot, button)
    assert seen == ["QPrintDialog"]
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_kiosk_printing_offers_no_file(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtPrintSupport import QAbstractPrintDialog

    from ui import printing

    options: list[bool] = []

    def fake_exec(self) -> int:  # type: ignore[no-untyped-def]
        options.append(self.testOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile))
        return 0

    monkeypatch.setattr(printing.QPrintDialog, "exec", fake_exec)
    assert printing.print_or_save_pdf(None, "<p>x</p>", kiosk=True) is False
    assert printing.print_or_save_pdf(None, "<p>x</p>", kiosk=False) is False
    assert options == [False, True]
