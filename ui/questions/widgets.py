"""Small building blocks the question pages share: a list of choices whose text wraps, and rows of
yes / no / not sure. Rows are made once per page and only shown, hidden or re-labelled afterwards."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)


class ClickLabel(QLabel):
    """A wrapping label that checks its radio button when clicked (QRadioButton text cannot wrap)."""

    clicked = Signal()

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)


def _uncheck_all(group: QButtonGroup) -> None:
    group.setExclusive(False)
    for button in group.buttons():
        button.setChecked(False)
    group.setExclusive(True)


class ChoiceList(QWidget):
    """Exclusive choices, one per line (or side by side), each with an optional one-line explanation."""

    changed = Signal(str)

    def __init__(self, keys: list[str], *, horizontal: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self._buttons: dict[str, QRadioButton] = {}
        self._labels: dict[str, ClickLabel] = {}
        self._helps: dict[str, QLabel] = {}
        layout = QHBoxLayout(self) if horizontal else QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        for key in keys:
            row = QWidget(self)
            row.setObjectName("choiceRow")
            grid = QGridLayout(row)
            grid.setContentsMargins(12, 8, 12, 8)
            grid.setHorizontalSpacing(4)
            button = QRadioButton(row)
            button.setMinimumSize(40, 48)
            label = ClickLabel("", row)
            label.setObjectName("choiceLabel")
            label.clicked.connect(button.click)
            helper = QLabel("", row)
            helper.setObjectName("choiceHelp")
            helper.setWordWrap(True)
            helper.hide()
            grid.addWidget(button, 0, 0, Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(label, 0, 1)
            grid.addWidget(helper, 1, 1)
            grid.setColumnStretch(1, 1)
            self.group.addButton(button)
            button.toggled.connect(lambda on, k=key: on and self.changed.emit(k))
            self._buttons[key], self._labels[key], self._helps[key] = button, label, helper
            layout.addWidget(row, 1 if horizontal else 0)

    def options(self) -> list[str]:
        return list(self._buttons)

    def button(self, key: str) -> QRadioButton:
        return self._buttons[key]

    def label(self, key: str) -> ClickLabel:
        return self._labels[key]

    def set_text(self, key: str, text: str, help_text: str = "") -> None:
        self._labels[key].setText(text)
        self._buttons[key].setAccessibleName(text)
        self._buttons[key].setAccessibleDescription(help_text)
        self._helps[key].setText(help_text)
        self._helps[key].setVisible(bool(help_text))

    def selected(self) -> str | None:
        for key, button in self._buttons.items():
            if button.isChecked():
                return key
        return None

    def select(self, key: str | None) -> None:
        if key is None or key not in self._buttons:
            _uncheck_all(self.group)
        else:
            self._buttons[key].setChecked(True)


class ReflowRow(QWidget):
    """Widgets side by side when they fit the width, else one under the other (a long translation or
    big text never clips a radio button's words). It asks for no more width than its widest widget."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 24) -> None:
        super().__init__(parent)
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._spacing = spacing
        self._layout.setSpacing(spacing)
        self._layout.addStretch(1)
        self._widgets: list[QWidget] = []

    def add(self, widget: QWidget) -> None:
        self._layout.insertWidget(len(self._widgets), widget)
        self._widgets.append(widget)

    def side_by_side(self) -> bool:
        return self._layout.direction() == QBoxLayout.Direction.LeftToRight

    def _row_width(self) -> int:
        shown = [w for w in self._widgets if not w.isHidden()]
        return sum(w.sizeHint().width() for w in shown) + self._spacing * max(0, len(shown) - 1)

    def minimumSizeHint(self) -> QSize:
        widest = max((w.sizeHint().width() for w in self._widgets if not w.isHidden()), default=0)
        return QSize(widest, super().minimumSizeHint().height())

    def _reflow(self) -> None:
        wanted = (QBoxLayout.Direction.LeftToRight if self._row_width() <= self.width()
                  else QBoxLayout.Direction.TopToBottom)
        if wanted != self._layout.direction():
            self._layout.setDirection(wanted)
            # One under the other, the choices' own 48 px height is gap enough.
            self._layout.setSpacing(self._spacing if wanted == QBoxLayout.Direction.LeftToRight else 0)
            self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._reflow()

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._reflow()  # a new text or size: the same width may no longer hold a row
        return handled


class TriStateRows(QWidget):
    """One row per id: a label, a short explanation, and Yes / No / Not sure. Not sure = no entry."""

    CHOICES = ("yes", "no", "not_sure")

    def __init__(self, ids: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: dict[str, QWidget] = {}
        self._labels: dict[str, QLabel] = {}
        self._explains: dict[str, QLabel] = {}
        self._buttons: dict[str, dict[str, QRadioButton]] = {}
        self._groups: dict[str, QButtonGroup] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(18)
        for rid in ids:
            row = QWidget(self)
            row.setObjectName("triRow")
            box = QVBoxLayout(row)
            box.setContentsMargins(12, 10, 12, 10)
            label = QLabel("", row)
            label.setObjectName("rowLabel")
            label.setWordWrap(True)
            explain = QLabel("", row)
            explain.setObjectName("rowHelp")
            explain.setWordWrap(True)
            choices = ReflowRow(row)
            group = QButtonGroup(row)
            buttons: dict[str, QRadioButton] = {}
            for choice in self.CHOICES:
                button = QRadioButton(choices)
                button.setMinimumHeight(48)
                group.addButton(button)
                choices.add(button)
                buttons[choice] = button
            buttons["not_sure"].setChecked(True)
            box.addWidget(label)
            box.addWidget(explain)
            box.addWidget(choices)
            layout.addWidget(row)
            self._rows[rid], self._labels[rid], self._explains[rid] = row, label, explain
            self._buttons[rid], self._groups[rid] = buttons, group

    def ids(self) -> list[str]:
        return list(self._rows)

    def button(self, rid: str, choice: str) -> QAbstractButton:
        return self._buttons[rid][choice]

    def set_texts(self, rid: str, label: str, explain: str, choice_texts: dict[str, str]) -> None:
        self._labels[rid].setText(label)
        self._explains[rid].setText(explain)
        self._explains[rid].setVisible(bool(explain))
        for choice, button in self._buttons[rid].items():
            button.setText(choice_texts[choice])
            button.setAccessibleName(f"{label}: {choice_texts[choice]}")

    def set_row_visible(self, rid: str, visible: bool) -> None:
        self._rows[rid].setVisible(visible)
        if not visible:
            self._buttons[rid]["not_sure"].setChecked(True)

    def row_visible(self, rid: str) -> bool:
        return not self._rows[rid].isHidden()

    def values(self) -> dict[str, bool]:
        out: dict[str, bool] = {}
        for rid, buttons in self._buttons.items():
            if self.row_visible(rid) and not buttons["not_sure"].isChecked():
                out[rid] = buttons["yes"].isChecked()
        return out

    def set_values(self, values: dict[str, bool]) -> None:
        for rid, buttons in self._buttons.items():
            value = values.get(rid)
            buttons["not_sure" if value is None else ("yes" if value else "no")].setChecked(True)
