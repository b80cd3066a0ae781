"""The line at the top of the window that says what to do next to get a round going, with the button
that does it: make a round, add its people, choose who you are, open the panel.

It takes the place of a bare "read only": a chair setting up their first round is told how to go on.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from ui.text import plain_label
from ui.theme import warning_background


class NextStep(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("nextStep")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.text = plain_label("", self, name="nextStepText")
        self.text.setAccessibleName("")
        self.button = QPushButton(self)
        self.button.setObjectName("nextStepButton")
        self.button.setAutoDefault(False)
        self._slot: Callable[[], object] | None = None
        self.button.clicked.connect(lambda: self._slot() if self._slot else None)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        self.hide()

    def show_step(self, text: str, button: str = "", slot: Callable[[], object] | None = None,
                  *, enabled: bool = True, tip: str = "") -> None:
        """Say `text`; with `button`, offer it (disabled, with `tip` saying why, when not `enabled`)."""
        self.text.setText(text)
        self.text.setAccessibleName(text)
        self._slot = slot
        self.button.setText(button)
        self.button.setAccessibleName(button.replace("&", ""))
        self.button.setVisible(bool(button))
        self.button.setEnabled(enabled)
        self.button.setToolTip(tip)
        self.restyle()
        self.show()

    def restyle(self) -> None:
        palette = self.palette()
        palette.setColor(self.backgroundRole(), warning_background())
        self.setPalette(palette)
        self.setAutoFillBackground(True)
