"""A drop-down (QComboBox) that is never narrower than the choice it shows.

Qt works out a combo box's minimum width once, from the items it had when first shown: after a change of
language ("Best fit first" -> "Mejor encaje primero") or of text size, a squeezed row could cut the chosen
words off ("Mejor encaj"). `FitComboBox` asks for room for its current text, at its current font, every
time the layout asks. `text_room` is also used by ui.layout_check to report a cut-off choice.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QComboBox, QGridLayout, QLayout, QStyle, QStyleOptionComboBox, QWidget

_SLACK = 4  # px: a rounding pixel or two in text width, so no last letter touches the arrow


def text_room(box: QComboBox, width: int | None = None) -> tuple[int, int]:
    """(px the shown text needs, px the box gives it at `width`, default its current width)."""
    option = QStyleOptionComboBox()
    box.initStyleOption(option)
    height = max(box.height(), box.sizeHint().height())
    option.rect = QRect(0, 0, box.width() if width is None else width, height)
    field = box.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                       QStyle.SubControl.SC_ComboBoxEditField, box)
    text = box.lineEdit().text() if box.isEditable() and box.lineEdit() is not None else box.currentText()
    return box.fontMetrics().horizontalAdvance(text), field.width()


def width_for_text(box: QComboBox) -> int:
    """The narrowest box width that shows the current text whole."""
    probe = 1000
    need, room = text_room(box, probe)
    return need + (probe - room) + _SLACK


class FitComboBox(QComboBox):
    """A QComboBox whose minimum width always fits the chosen item's text (in any language or text size).
    Code that changes the items with signals blocked calls `updateGeometry()` after."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.currentTextChanged.connect(self.updateGeometry)

    def minimumSizeHint(self) -> QSize:
        # Only the shown text counts: Qt's own minimum is the longest item's width, which in a row of
        # three boxes squeezes its neighbours below theirs. The open list is as wide as its items anyway.
        return QSize(width_for_text(self), super().minimumSizeHint().height())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.LanguageChange):
            self.updateGeometry()  # the layout asks minimumSizeHint again


class WrapRow(QWidget):
    """Label-over-box pairs side by side when they fit; else the last pair drops to a second row, so no
    box is ever squeezed below its text (a long translation, large text, a narrow portrait screen)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 16) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(spacing)
        self.grid.setVerticalSpacing(spacing)
        self.pairs: list[QLayout] = []
        self.stretches: list[int] = []
        self.one_row = True

    def add_pair(self, pair: QLayout, stretch: int = 0) -> None:
        self.pairs.append(pair)
        self.stretches.append(stretch)
        self.grid.addLayout(pair, 0, len(self.pairs) - 1)
        self.grid.setColumnStretch(len(self.pairs) - 1, stretch)

    def _widths(self) -> list[int]:
        return [pair.minimumSize().width() for pair in self.pairs]

    def _one_row_width(self) -> int:
        return sum(self._widths()) + self.grid.horizontalSpacing() * max(0, len(self.pairs) - 1)

    def _two_row_width(self) -> int:
        widths = self._widths()
        first = sum(widths[:-1]) + self.grid.horizontalSpacing() * max(0, len(widths) - 2)
        return max(first, widths[-1] if widths else 0)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(self._two_row_width() if len(self.pairs) > 1 else hint.width(), hint.height())

    def arrange(self, width: int) -> None:
        one_row = len(self.pairs) < 2 or self._one_row_width() <= width
        if one_row == self.one_row:
            return
        self.one_row = one_row
        last = self.pairs[-1]
        self.grid.removeItem(last)
        column = len(self.pairs) - 1
        if one_row:
            self.grid.addLayout(last, 0, column)
            self.grid.setColumnStretch(column, self.stretches[-1])
        else:
            self.grid.addLayout(last, 1, 0, 1, column)
            self.grid.setColumnStretch(column, 0)
        self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.arrange(event.size().width())
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a box's text changed: its minimum may have too
            self.arrange(self.width())
        return super().event(event)
