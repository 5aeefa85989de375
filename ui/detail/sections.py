"""Small building blocks of the study page: headings, wrapped text, and a plain line with its original
registered text one tap away."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from finder import content


def text_label(text: str, parent: QWidget, name: str = "", *, selectable: bool = False) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    # A long unbreakable token (a web address, a chemical name) must not widen the whole column past the
    # screen: the layout would then size every other label for a width it does not have, cutting lines off.
    label.setMinimumWidth(1)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    if selectable:
        # Phone numbers and e-mail addresses can be copied; registered text too.
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
    return label


def heading(text: str, parent: QWidget) -> QLabel:
    label = text_label(text, parent, "subTitle")
    label.setAccessibleName(text)
    return label


class OriginalToggle(QFrame):
    """A plain sentence, and a button that shows the criterion exactly as registered (one tap away)."""

    def __init__(self, plain: str, originals: list[str], lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reasonItem")
        self._lang = lang
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.setSpacing(0)
        self.plain = text_label(f"•  {plain}", self)
        layout.addWidget(self.plain)
        self.original = text_label(
            "\n\n".join(f"“{o.strip()}”" for o in originals), self, "originalText", selectable=True
        )
        self.original.setVisible(False)
        self.button = QPushButton(self)
        self.button.setObjectName("linkButton")
        self.button.setCheckable(True)
        self.button.setMinimumHeight(48)
        self.button.toggled.connect(self._toggled)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.original)
        self._label()

    def _toggled(self, shown: bool) -> None:
        self.original.setVisible(shown)
        self._label()

    def _label(self) -> None:
        key = "hide_original" if self.button.isChecked() else "show_original"
        self.button.setText(content.common(key, self._lang))
        self.button.setAccessibleName(self.button.text())
        self.button.setAccessibleDescription(self.plain.text())


class Collapsible(QFrame):
    """A heading button that shows or hides a long block (the full registered criteria)."""

    def __init__(self, title: str, body: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.button = QPushButton(f"▸  {title}", self)
        self.button.setObjectName("sectionToggle")
        self.button.setCheckable(True)
        self.button.setMinimumHeight(48)
        self.button.setAccessibleName(title)
        self._title = title
        self.body = body
        body.setParent(self)
        body.setVisible(False)
        self.button.toggled.connect(self._toggled)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(body)

    def _toggled(self, shown: bool) -> None:
        self.body.setVisible(shown)
        self.button.setText(f"{'▾' if shown else '▸'}  {self._title}")
