"""Find text that does not fit: used by the pseudo-locale screenshot run and the i18n tests.

A button or a one-line label is clipped when its geometry is smaller than what its text needs
(sizeHint); a drop-down is clipped when its chosen entry is wider than its text field. Word-wrapped
labels grow in height instead: `cut_lines` finds those given fewer lines than their text needs at the
width they have.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QWidget

from ui.combo import text_room


def clipped(root: QWidget) -> list[str]:
    """Visible buttons and single-line labels under `root` whose text needs more room than they have."""
    out: list[str] = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or widget.width() <= 0:
            continue
        if isinstance(widget, QAbstractButton) and widget.text():
            need = widget.sizeHint()
        elif isinstance(widget, QLabel) and widget.text() and not widget.wordWrap():
            need = widget.minimumSizeHint()
        elif isinstance(widget, QComboBox) and not widget.isEditable() and widget.currentText():
            text, room = text_room(widget)
            if text > room + 1:
                name = widget.objectName() or "QComboBox"
                out.append(f"{name} {widget.currentText()[:40]!r}: needs {text} px for its text, has {room}")
            continue
        else:
            continue
        if need.width() > widget.width() + 1 or need.height() > widget.height() + 1:
            name = widget.objectName() or type(widget).__name__
            out.append(f"{name} {widget.text()[:40]!r}: needs {need.width()}x{need.height()}, "
                       f"has {widget.width()}x{widget.height()}")
    return out


def cut_lines(root: QWidget) -> list[str]:
    """Visible word-wrapped labels under `root` whose height is less than their text needs at their width."""
    out: list[str] = []
    for label in root.findChildren(QLabel):
        if not label.isVisibleTo(root) or not label.wordWrap() or not label.text() or label.width() <= 0:
            continue
        need = label.heightForWidth(label.width())
        if need > label.height() + 1:
            name = label.objectName() or type(label).__name__
            out.append(f"{name} {label.text()[:40]!r}: needs {need} px high at {label.width()} wide, "
                       f"has {label.height()}")
    return out

