"""A results list that is as tall as its rows, so a page has one scroll area, not lists within it."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListView, QWidget

from ui.results.delegate import ResultsDelegate


class FlatList(QListView):
    """A list as tall as its rows, inside the page's one scroll area (no scroll area within a scroll area)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMouseTracking(True)
        self.setWordWrap(True)
        self.setItemDelegate(ResultsDelegate(self))
        self.setObjectName("resultsList")

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        for signal in ("modelReset", "rowsInserted", "rowsRemoved", "layoutChanged", "dataChanged"):
            getattr(self.model(), signal).connect(self.fit_height)
        self.fit_height()

    def fit_height(self, *_args: object) -> None:
        rows = self.model().rowCount() if self.model() is not None else 0
        height = sum(max(0, self.sizeHintForRow(r)) for r in range(rows))
        self.setFixedHeight(height + 2 * self.frameWidth() + 2)
        self.setVisible(rows > 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.doItemsLayout()
            self.fit_height()
