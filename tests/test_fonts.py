"""The bundled Chinese fallback font loads from the package and holds every character the app's own
Chinese texts use, so a machine without a Chinese font shows words, not empty boxes."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication

from tests.conftest import REPO
from ui.fonts import FAMILY, add_fallback_fonts, load_bundled_fonts


def _han_in_bundled_texts() -> set[str]:
    paths = [*REPO.joinpath("resources").rglob("*.json"), *REPO.joinpath("resources", "i18n").glob("*.ts")]
    return {c for p in paths for c in p.read_text("utf-8") if 0x3400 <= ord(c) <= 0x9FFF}


def test_the_font_loads_and_holds_every_chinese_character_of_the_app(qapp: QApplication) -> None:
    assert FAMILY in load_bundled_fonts()
    metrics = QFontMetrics(QFont(FAMILY))
    wanted = _han_in_bundled_texts()
    assert len(wanted) > 500  # the Chinese content really was read
    missing = sorted(c for c in wanted if not metrics.inFontUcs4(ord(c)))
    assert not missing, f"rebuild with tools/subset_cjk_font.py; missing: {''.join(missing[:40])}"
    # and everyday characters beyond the app's texts, for what a family types
    assert all(metrics.inFontUcs4(ord(c)) for c in "我的孩子今年六岁住在北京上海广州")


def test_the_font_is_a_fallback_behind_the_system_font(qapp: QApplication) -> None:
    before = qapp.font().families()
    add_fallback_fonts(qapp)
    families = qapp.font().families()
    assert families[-1] == FAMILY
    assert families[: len(before)] == before
    add_fallback_fonts(qapp)  # a second call adds nothing
    assert qapp.font().families() == families
