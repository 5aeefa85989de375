"""Text size and contrast: Ctrl+= / Ctrl+- (and Ctrl+0) scale every text 100%-200% through the
application font and the style sheet's pt sizes (so layouts grow with the text and nothing clips), and a
high-contrast style sheet (resources/styles/high-contrast.qss) is laid over the normal one.

`Theme` holds the current choice; `DisplayControls` is the small "A- A+ / High contrast" group in the
window's header. In kiosk mode the family's choice lasts for their session only (a reset restores the
administrator's setting) and is never written to disk.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QPushButton, QWidget

from ui.settings import MAX_SCALE, MIN_SCALE

STEP = 0.25


def high_contrast_sheet(scale: float = 1.0) -> str:
    from ui.app import style_sheet

    return style_sheet("high-contrast.qss", scale)


class Theme(QObject):
    changed = Signal()

    def __init__(
        self,
        app: QApplication,
        scale: float = 1.0,
        high_contrast: bool = False,
        *,
        kiosk: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.scale = min(MAX_SCALE, max(MIN_SCALE, scale))
        self.high_contrast = high_contrast
        self.kiosk = kiosk
        self._shortcuts: list[QShortcut] = []

    def apply(self) -> None:
        from ui.app import apply_style

        extra = high_contrast_sheet(self.scale) if self.high_contrast else ""
        apply_style(self.app, self.scale, extra)
        self.changed.emit()

    def set_scale(self, scale: float) -> None:
        scale = round(min(MAX_SCALE, max(MIN_SCALE, scale)) / STEP) * STEP
        if scale != self.scale:
            self.scale = scale
            self.apply()

    def bigger(self) -> None:
        self.set_scale(self.scale + STEP)

    def smaller(self) -> None:
        self.set_scale(self.scale - STEP)

    def reset_scale(self) -> None:
        self.set_scale(MIN_SCALE)

    def restore(self, scale: float, high_contrast: bool) -> None:
        """Back to the given look; the (slow) style sheet is only re-applied when something changed."""
        if (scale, high_contrast) != (self.scale, self.high_contrast):
            self.scale, self.high_contrast = scale, high_contrast
            self.apply()

    def set_high_contrast(self, on: bool) -> None:
        if on != self.high_contrast:
            self.high_contrast = on
            self.apply()

    def install_shortcuts(self, window: QWidget) -> None:
        """Ctrl+= and Ctrl++ bigger, Ctrl+- smaller, Ctrl+0 normal size, anywhere in the window."""
        zoom_in = QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomIn)
        zoom_out = QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomOut)
        wanted = [
            ([*zoom_in, QKeySequence("Ctrl+=")], self.bigger),
            ([*zoom_out, QKeySequence("Ctrl+-")], self.smaller),
            ([QKeySequence("Ctrl+0")], self.reset_scale),
        ]
        for sequences, slot in wanted:
            seen: set[str] = set()
            for keys in sequences:
                # One shortcut per distinct sequence: two for the same keys would be ambiguous and do nothing.
                if keys.isEmpty() or keys.toString() in seen:
                    continue
                seen.add(keys.toString())
                shortcut = QShortcut(keys, window)
                # Window context: a second window's shortcut (tests, a future print preview) never makes the
                # keys ambiguous.
                shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
                shortcut.activated.connect(slot)
                self._shortcuts.append(shortcut)


class DisplayControls(QWidget):
    """"A−" "A+" and a "High contrast" toggle, for the header. Text always says what the state is."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("displayControls")
        self.theme = theme
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self.smaller_button = QPushButton("A−", self)
        self.bigger_button = QPushButton("A+", self)
        self.contrast_button = QPushButton(self)
        self.contrast_button.setCheckable(True)
        self.contrast_button.setChecked(theme.high_contrast)
        for button in (self.smaller_button, self.bigger_button, self.contrast_button):
            button.setMinimumSize(48, 48)
            row.addWidget(button)
        self.smaller_button.clicked.connect(theme.smaller)
        self.bigger_button.clicked.connect(theme.bigger)
        self.contrast_button.toggled.connect(theme.set_high_contrast)
        theme.changed.connect(self._sync)
        self.retranslate()

    def _sync(self) -> None:
        self.contrast_button.blockSignals(True)
        self.contrast_button.setChecked(self.theme.high_contrast)
        self.contrast_button.blockSignals(False)
        self.smaller_button.setEnabled(self.theme.scale > MIN_SCALE)
        self.bigger_button.setEnabled(self.theme.scale < MAX_SCALE)
        self.retranslate()

    def retranslate(self) -> None:
        size = self.tr("Text size now: %1%").replace("%1", str(round(self.theme.scale * 100)))
        self.smaller_button.setAccessibleName(self.tr("Smaller text"))
        self.smaller_button.setAccessibleDescription(size)
        self.smaller_button.setToolTip(self.tr("Smaller text (Ctrl and minus)"))
        self.bigger_button.setAccessibleName(self.tr("Bigger text"))
        self.bigger_button.setAccessibleDescription(size)
        self.bigger_button.setToolTip(self.tr("Bigger text (Ctrl and plus)"))
        # The label says on or off in words: the pressed look is not the only sign.
        on = self.theme.high_contrast
        self.contrast_button.setText(self.tr("High contrast: on") if on else self.tr("High contrast: off"))
        self.contrast_button.setAccessibleName(self.contrast_button.text())
        self.contrast_button.setAccessibleDescription(self.tr("White text on black, for poor sight"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class HeaderFit(QObject):
    """Keeps the display controls in the header row when they fit, else on a slim row just under it
    (narrow portrait screens, long translations), so no header button is ever squeezed."""

    def __init__(self, header: QWidget, bar: QWidget, controls: list[QWidget], before: QWidget) -> None:
        super().__init__(header)
        self.header, self.bar, self.controls, self.before = header, bar, controls, before
        self.in_header = True
        header.installEventFilter(self)
        bar.hide()

    def _needed(self) -> int:
        """Width the header row needs with the controls in it."""
        row = self.header.layout()
        assert row is not None
        spacing = max(0, row.spacing())
        extra = 0 if self.in_header else sum(c.sizeHint().width() + spacing for c in self.controls if not
                                             c.isHidden())
        # The title may give way on a narrow screen (Ignored width), but the controls should not push it out.
        title = self.header.findChild(QLabel, "headerTitle")
        return row.sizeHint().width() + extra + (title.sizeHint().width() if title is not None else 0)

    def refit(self) -> None:
        fits = self._needed() + 16 <= self.header.width()  # a little slack: borders grow in high contrast
        if fits == self.in_header:
            return
        row, bar_row = self.header.layout(), self.bar.layout()
        assert isinstance(row, QHBoxLayout) and isinstance(bar_row, QHBoxLayout)
        for control in self.controls:
            (row if self.in_header else bar_row).removeWidget(control)
        if fits:
            at = row.indexOf(self.before)
            for control in reversed(self.controls):
                control.setParent(self.header)
                row.insertWidget(at, control)
        else:
            for control in self.controls:
                control.setParent(self.bar)
                bar_row.addWidget(control)
        for control in self.controls:
            control.setVisible(bool(control.property("wanted")))
        self.in_header = fits
        self.bar.setVisible(not fits)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        refit_on = (QEvent.Type.Resize, QEvent.Type.LayoutRequest, QEvent.Type.StyleChange,
                    QEvent.Type.FontChange, QEvent.Type.LanguageChange)
        if watched is self.header and event.type() in refit_on:
            QTimer.singleShot(0, self, self.refit)  # after the header's own layout has caught up
        return False
