"""Draws one study of the results list as a calm card: a badge (text AND a shape, never colour alone),
the title wrapped in full, the plain facts, and for almost-fits what does not fit."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.results.model import BadgeRole, LinesRole, NearMissRole, NotMetRole, OpenRole, TitleRole, VerdictRole

_Index = QModelIndex | QPersistentModelIndex

PAD = 16  # inner padding of a card
GAP = 6  # between lines
MARGIN = 6  # between cards
_WRAP = int(Qt.TextFlag.TextWordWrap)

# Colours only support the shape and the words of the badge.
_BADGE = {
    "fits": ("#1e6b3a", "check"),
    "may_fit": ("#1d5fa8", "question"),
    "almost": ("#8a5a00", "warning"),
    "not_a_fit": ("#5b6770", "cross"),
}


def badge_kind(verdict: str, near_miss: bool) -> str:
    if verdict == "not_a_fit":
        return "almost" if near_miss else "not_a_fit"
    return verdict


def draw_badge_icon(painter: QPainter, rect: QRectF, kind: str) -> None:
    """A distinct shape per verdict: ✓ in a filled circle, ? in a ring, ! in a triangle, × in a square."""
    colour = QColor(_BADGE[kind][0])
    shape = _BADGE[kind][1]
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(colour, max(2.0, rect.width() / 10))
    painter.setPen(pen)
    inner = rect.adjusted(
        rect.width() * 0.25, rect.height() * 0.25, -rect.width() * 0.25, -rect.height() * 0.25
    )
    if shape == "check":
        painter.setBrush(colour)
        painter.drawEllipse(rect)
        path = QPainterPath(QPointF(inner.left(), inner.center().y()))
        path.lineTo(inner.left() + inner.width() * 0.4, inner.bottom())
        path.lineTo(inner.right(), inner.top())
        painter.setPen(QPen(QColor("#ffffff"), pen.widthF() * 1.2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
    elif shape == "question":
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(rect.adjusted(1, 1, -1, -1))
        font = QFont(painter.font())
        font.setBold(True)
        font.setPixelSize(max(8, int(rect.height() * 0.6)))
        painter.setFont(font)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), "?")
    elif shape == "warning":
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(rect.center().x(), rect.top() + 1),
                    rect.bottomRight() - QPointF(1, 1),
                    rect.bottomLeft() + QPointF(1, -1),
                ]
            )
        )
        font = QFont(painter.font())
        font.setBold(True)
        font.setPixelSize(max(8, int(rect.height() * 0.55)))
        painter.setFont(font)
        painter.drawText(rect.adjusted(0, rect.height() * 0.2, 0, 0), int(Qt.AlignmentFlag.AlignCenter), "!")
    else:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(1, 1, -1, -1))
        painter.drawLine(inner.topLeft(), inner.bottomRight())
        painter.drawLine(inner.topRight(), inner.bottomLeft())
    painter.restore()


def badge_pixmap(kind: str, size: int) -> QPixmap:
    """The badge shape as a pixmap, for labels outside the list (the study page)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    # On a white tile, as on the results card: the verdict colours keep their contrast on the black
    # high-contrast page too.
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#ffffff"))
    painter.drawRoundedRect(QRectF(0, 0, size, size), size * 0.2, size * 0.2)
    draw_badge_icon(painter, QRectF(1, 1, size - 2, size - 2), kind)
    painter.end()
    return pixmap


class ResultsDelegate(QStyledItemDelegate):
    """Card layout shared by paint() and sizeHint(), so a long title always gets the lines it needs."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view

    @staticmethod
    def _fonts(base: QFont) -> tuple[QFont, QFont, QFont]:
        title = QFont(base)
        title.setBold(True)
        title.setPointSizeF(base.pointSizeF() * 1.15 if base.pointSizeF() > 0 else base.pointSizeF())
        badge = QFont(base)
        badge.setBold(True)
        return badge, title, QFont(base)

    def _blocks(
        self, option: QStyleOptionViewItem, index: _Index, width: int
    ) -> list[tuple[QFont, str, int]]:
        """(font, text, height) of each block of text, top to bottom, in a card `width` wide."""
        badge_font, title_font, body_font = self._fonts(option.font)
        blocks: list[tuple[QFont, str, int]] = []
        text_width = max(40, width - 2 * PAD)
        for font, text in (
            (title_font, str(index.data(TitleRole) or "")),
            *((body_font, str(line)) for line in (index.data(LinesRole) or ())),
        ):
            rect = QFontMetrics(font).boundingRect(QRect(0, 0, text_width, 100000), _WRAP, text)
            blocks.append((font, text, rect.height()))
        not_met = str(index.data(NotMetRole) or "")
        if not_met:
            rect = QFontMetrics(badge_font).boundingRect(QRect(0, 0, text_width, 100000), _WRAP, not_met)
            blocks.append((badge_font, not_met, rect.height()))
        opens = str(index.data(OpenRole) or "")
        if opens:  # "See details ›", underlined like a link: the whole card opens the study
            link_font = QFont(badge_font)
            link_font.setUnderline(True)
            rect = QFontMetrics(link_font).boundingRect(QRect(0, 0, text_width, 100000), _WRAP, opens)
            blocks.append((link_font, opens, rect.height()))
        return blocks

    def _badge_height(self, option: QStyleOptionViewItem) -> int:
        return int(QFontMetrics(self._fonts(option.font)[0]).height() * 1.4)

    def _width(self, option: QStyleOptionViewItem) -> int:
        # The card is as wide as the list (a list view asks sizeHint without a width).
        width = self._view.viewport().width()
        return max(200, width - 2 * MARGIN)

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        width = self._width(option)
        blocks = self._blocks(option, index, width)
        height = PAD + self._badge_height(option) + GAP + sum(h + GAP for _f, _t, h in blocks) + PAD
        return QSize(width + 2 * MARGIN, height + 2 * MARGIN)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = QRectF(option.rect.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN))
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus) or bool(
            option.state & QStyle.StateFlag.State_Selected
        )
        hover = bool(option.state & QStyle.StateFlag.State_MouseOver)
        painter.setBrush(QColor("#eef4fb") if hover or focused else QColor("#ffffff"))
        painter.setPen(QPen(QColor("#e08a00"), 3) if focused else QPen(QColor("#cfcabd"), 1))
        painter.drawRoundedRect(card.adjusted(1, 1, -1, -1), 10, 10)

        verdict = str(index.data(VerdictRole) or "may_fit")
        kind = badge_kind(verdict, bool(index.data(NearMissRole)))
        badge_font = self._fonts(option.font)[0]
        bh = self._badge_height(option)
        x, y = card.left() + PAD, card.top() + PAD
        draw_badge_icon(painter, QRectF(x, y + bh * 0.1, bh * 0.8, bh * 0.8), kind)
        painter.setFont(badge_font)
        painter.setPen(QColor(_BADGE[kind][0]))
        painter.drawText(
            QRectF(x + bh, y, card.width() - 2 * PAD - bh, bh),
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
            str(index.data(BadgeRole) or ""),
        )
        y += bh + GAP
        text_colour = option.palette.color(QPalette.ColorRole.Text)
        for font, text, height in self._blocks(option, index, int(card.width())):
            painter.setFont(font)
            painter.setPen(text_colour)
            painter.drawText(QRectF(x, y, card.width() - 2 * PAD, height), _WRAP, text)
            y += height + GAP
        painter.restore()
