"""A wrapped line of guidance under a field, as tall as its text at the width it is given.

A word-wrapped QLabel asks a form for the height its text needs at a narrow width of its own choosing,
so in a QFormLayout a one-line hint gets two or three lines of room and floats in the middle of them.
This label asks for the height at the width it actually has.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

GUESS = 400  # the width assumed before the form has given one


class HintLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None, *, name: str = ""):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setText(text)
        if name:
            self.setObjectName(name)

    def sizeHint(self) -> QSize:
        width = self._width()
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        """Never shorter than the text at its width, so a dialog grows to show a sentence whole."""
        return QSize(super().minimumSizeHint().width(), self.heightForWidth(self._width()))

    def _width(self) -> int:
        return self.width() if self.width() > GUESS // 2 else GUESS

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()  # the height it needs changed with the width
