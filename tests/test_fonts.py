"""The bundled Chinese fallback font loads from the package and holds every character the app's own
Chinese texts use, so a machine without a Chinese font shows words, not empty boxes."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter
from PySide6.QtWidgets import QApplication

from tests.conftest import REPO
from ui.fonts import FAMILY, load_bundled_fonts


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


def _render(app: QApplication, text: str) -> QImage:
    image = QImage(240, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    font = QFont(app.font())
    font.setPointSize(24)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignLeft, text)
    painter.end()
    return image


def test_chinese_in_the_app_font_draws_glyphs_not_boxes(qapp: QApplication) -> None:
    """Qt's fallback finds the bundled font for characters the application font lacks: Chinese text is
    drawn differently from characters no font has (those draw as the same empty boxes)."""
    load_bundled_fonts()
    assert FAMILY not in qapp.font().families()  # a fallback, not the font Latin text is sized by
    boxes = _render(qapp, "\U0010fffd\U0010fffd")
    assert _render(qapp, "临床") != boxes
