"""Qt Linguist translations of the UI chrome: complete, placeholders intact, switched at once, and a
pseudo-locale (40% longer strings) that shows no clipped buttons."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

import pytest
from defusedxml import ElementTree

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from finder.content import PSEUDO_LANG
from tests.conftest import REPO
from ui import i18n
from ui.layout_check import clipped

I18N = REPO / "resources" / "i18n"
TS_FILES = {"es": I18N / "trial_finder_es.ts", "zh": I18N / "trial_finder_zh_CN.ts"}


def _compile_qm(out_dir: Path) -> dict[str, str]:
    """{Qt locale: .qm path} compiled from the repo's .ts files with the lrelease PySide6 ships."""
    import PySide6

    tool = Path(PySide6.__file__).parent / "lrelease"
    if not tool.is_file():
        pytest.skip("this PySide6 ships no lrelease to compile .qm files with")
    built: dict[str, str] = {}
    for ts in TS_FILES.values():
        qm = out_dir / ts.with_suffix(".qm").name
        subprocess.run([str(tool), "-silent", str(ts), "-qm", str(qm)], check=True)
        built[ts.stem.removeprefix("trial_finder_")] = str(qm)
    return built
NUMERUS_FORMS = {"es": 2, "zh": 1}
PLACEHOLDER = re.compile(r"%L?\d+|%n|\{[A-Za-z_][A-Za-z0-9_]*\}")


def messages(path: Path) -> list[tuple[str, Element]]:
    root = ElementTree.parse(path).getroot()
    return [(ctx.findtext("name") or "", m) for ctx in root.iter("context") for m in ctx.iter("message")]


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    instance = QApplication.instance()
    assert isinstance(instance, QApplication)
    yield instance
    i18n.install(instance, "en")


@pytest.mark.parametrize("lang", sorted(TS_FILES))
def test_every_entry_is_translated_and_finished(lang: str) -> None:
    found = messages(TS_FILES[lang])
    assert len(found) >= 20, "the UI has more strings than this: was lupdate run?"
    for context, message in found:
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None, (context, source)
        assert translation.get("type") is None, f"{lang}: {context} {source!r} is {translation.get('type')}"
        forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
        if message.get("numerus") == "yes":
            assert len(forms) == NUMERUS_FORMS[lang], (lang, source, forms)
        assert all(form.strip() for form in forms), f"{lang}: empty translation of {source!r}"
        untranslated = [form for form in forms if form == source and len(source) > 3]
        assert not untranslated, f"{lang}: {source!r} left in English"


@pytest.mark.parametrize("lang", sorted(TS_FILES))
def test_placeholders_agree_across_languages(lang: str) -> None:
    for context, message in messages(TS_FILES[lang]):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
        want = sorted(PLACEHOLDER.findall(source))
        for form in forms:
            assert sorted(PLACEHOLDER.findall(form)) == want, f"{lang} {context}: {source!r} -> {form!r}"


def test_ts_files_cover_every_tr_string_in_the_ui(tmp_path: Path) -> None:
    """lupdate over ui/ today finds nothing that the .ts files lack (run tools/update_translations.py and
    translate the new entries when this fails)."""
    lupdate = Path(__import__("PySide6").__file__).parent / "lupdate"
    if not lupdate.is_file():
        pytest.skip("PySide6's lupdate is not installed")
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (REPO / "ui").rglob("*.py"))
    subprocess.run([str(lupdate), *sources, "-locations", "none", "-ts", str(fresh)], check=True,
                   capture_output=True)
    wanted = {(ctx, m.findtext("source")) for ctx, m in messages(fresh)}
    for lang, path in TS_FILES.items():
        have = {(ctx, m.findtext("source")) for ctx, m in messages(path)}
        assert not wanted - have, f"{lang}: not in the .ts yet: {sorted(wanted - have)}"


@pytest.mark.parametrize("use_qm", [True, False], ids=["qm", "ts-read-directly"])
def test_switching_language_retranslates_at_once(qtbot, app: QApplication, use_qm: bool,
                                                 monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from ui.theme import DisplayControls, Theme

    if use_qm and i18n._qm_path("es") is None:
        # an editable install builds no .qm: compile them here with PySide6's own lrelease
        built = _compile_qm(tmp_path)
        monkeypatch.setattr(i18n, "_qm_path", lambda lang: built.get(i18n.QT_LOCALES.get(lang, "")))
    if not use_qm:
        monkeypatch.setattr(i18n, "_qm_path", lambda lang: None)
    controls = DisplayControls(Theme(app))
    qtbot.addWidget(controls)
    assert controls.contrast_button.text() == "High contrast: off"
    i18n.install(app, "es")
    QCoreApplication.sendPostedEvents()  # the LanguageChange Qt posts to every widget
    assert controls.contrast_button.text() == "Alto contraste: no"
    assert controls.contrast_button.accessibleName() == "Alto contraste: no"
    i18n.install(app, "zh")
    QCoreApplication.sendPostedEvents()
    assert controls.contrast_button.text() == "高对比度：关"
    i18n.install(app, "en")
    QCoreApplication.sendPostedEvents()
    assert controls.contrast_button.text() == "High contrast: off"


def test_plural_forms_and_subclass_contexts(app: QApplication) -> None:
    from ui.questions.measures import AgePage
    from ui.state import SessionState

    page = AgePage(SessionState("es"))
    i18n.install(app, "es")
    one = QCoreApplication.translate("StartPage", "%n studies are stored on this device.", "", 1)
    many = QCoreApplication.translate("StartPage", "%n studies are stored on this device.", "", 240)
    assert one == "Hay 1 estudio guardado en este equipo."
    assert many == "Hay 240 estudios guardados en este equipo."
    # tr() on a subclass instance finds the text under the class that wrote it.
    assert page.tr("That number looks too large or too small. Please check it.").startswith("Ese número")
    i18n.install(app, "zh")
    assert QCoreApplication.translate("StartPage", "%n studies are stored on this device.", "", 3) == (
        "本设备上存有 3 项研究。"
    )


def test_pseudo_translator_is_longer_accented_and_keeps_placeholders(
    app: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRIAL_FINDER_PSEUDO", "1")
    i18n.install(app, "en")
    source = "Text size now: %1%"
    shown = QCoreApplication.translate("DisplayControls", source)
    assert shown != source and "%1" in shown
    assert len(shown) >= 1.35 * len(source)
    assert any(ch in shown for ch in "àçéîñöûšý")
    assert "%n" not in QCoreApplication.translate("StartPage", "%n studies are stored on this device.", "", 4)


@pytest.mark.parametrize("size", [(1280, 800), (800, 1280)], ids=["landscape", "portrait"])
def test_pseudo_locale_shows_no_clipped_buttons(
    qtbot, app: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    from ui.app import apply_style
    from ui.backend import Backend
    from ui.main_window import MainWindow
    from ui.settings import KioskSettings
    from ui.state import SessionState

    monkeypatch.setenv("TRIAL_FINDER_PSEUDO", "1")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    apply_style(app)
    i18n.install(app, "en")
    backend = Backend(f"sqlite:///{tmp_path}/p.db")
    state = SessionState("en")
    window = MainWindow(backend, state, settings=KioskSettings())
    qtbot.addWidget(window)
    try:
        state._lang = PSEUDO_LANG  # bundled content pseudo-localised too (no language button for it)
        QCoreApplication.sendEvent(window, QEvent(QEvent.Type.LanguageChange))
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        QApplication.processEvents()  # the header may have moved its display controls to a second row
        assert window.start.start_button.text().startswith("[")  # content is pseudo-localised
        problems = clipped(window)  # start page, header and the display controls wherever they are
        window.questions.show_topic("age", editing=True)
        window.stack.setCurrentWidget(window.questions)
        QApplication.processEvents()
        problems += clipped(window)
        assert not problems, "\n".join(problems)
    finally:
        backend.close()


@pytest.mark.slow
def test_the_wheel_build_compiles_the_translations(tmp_path: Path, app: QApplication) -> None:
    """setup.py's build_py hook runs lrelease: the wheel carries .qm files that Qt loads."""
    import zipfile

    from PySide6.QtCore import QTranslator

    from tests.wheel_support import build_wheel, can_build_wheels

    if not can_build_wheels():
        pytest.skip("needs `wheel` or setuptools >= 70.1 to build offline")
    wheel = build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert {"resources/i18n/trial_finder_es.ts", "resources/i18n/trial_finder_zh_CN.ts"} <= names
        assert "resources/i18n/trial_finder_es.qm" in names
        archive.extract("resources/i18n/trial_finder_es.qm", tmp_path / "x")
    translator = QTranslator()
    assert translator.load(str(tmp_path / "x" / "resources" / "i18n" / "trial_finder_es.qm"))
    assert translator.translate("SummaryPage", "See the studies") == "Ver los estudios"
