"""Find text that does not fit: used by the pseudo-locale screenshot run and the i18n tests.

A button or a one-line label is clipped when its geometry is smaller than what its text needs
(sizeHint). Word-wrapped labels grow in height and are not checked here.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget


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
        else:
            continue
        if need.width() > widget.width() + 1 or need.height() > widget.height() + 1:
            name = widget.objectName() or type(widget).__name__
            out.append(f"{name} {widget.text()[:40]!r}: needs {need.width()}x{need.height()}, "
                       f"has {widget.width()}x{widget.height()}")
    return out
