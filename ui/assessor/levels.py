"""Every level of a criterion's scale with its descriptor, the key that gives it, and *not scored*."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QButtonGroup, QFrame, QRadioButton, QVBoxLayout, QWidget

from svassessor.models import CriterionScore
from svassessor.rubric.model import Scale
from ui.assessor.criteria_model import key_for
from ui.text import menu_text, plain_label, tr
from ui.theme import blend

NOT_SCORED = -1


class LevelChooser(QWidget):
    """Radio buttons with the descriptor under each; emits the chosen level's value, or None for not scored."""

    chosen = Signal(object)  # float value, or None for *not scored*

    def __init__(self, parent: QWidget | None = None, *, not_scored_key: str = "N"):
        super().__init__(parent)
        self.setObjectName("levels")
        self.group = QButtonGroup(self)
        self.group.idClicked.connect(self._clicked)
        self.frames: list[QFrame] = []
        self.values: list[float] = []
        self.not_scored_key = not_scored_key
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(3)
        # Fusion draws radio circles from the window colour, which vanish on a dark page; draw our own.
        self.setStyleSheet(
            "QRadioButton::indicator { width: 12px; height: 12px; border-radius: 8px;"
            " border: 2px solid palette(mid); background: palette(base); }"
            "QRadioButton::indicator:checked { background: palette(highlight); border-color: palette(highlight); }"
            "QRadioButton::indicator:focus { border-color: palette(highlight); }"
            "QRadioButton:focus { text-decoration: underline; }")

    def set_scale(self, scale: Scale) -> None:
        for frame in self.frames:
            frame.deleteLater()
        for button in self.group.buttons():
            self.group.removeButton(button)
        self.frames, self.values = [], []
        for index, level in enumerate(scale.levels):
            key = key_for(scale, index)
            label = f"{level.value:g} · {level.label}"
            if key is not None and key != f"{level.value:g}":
                label += "   " + tr("(key {key})").format(key=key)
            self._add(index, label, level.descriptor)
            self.values.append(float(level.value))
        self._add(NOT_SCORED, tr("Not scored   (key {key})").format(key=self.not_scored_key),
                  tr("You cannot judge this from the application. Not the same as 0: it is left out of totals."))

    def _add(self, button_id: int, label: str, descriptor: str) -> None:
        frame = QFrame(self)
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame.setAutoFillBackground(True)
        button = QRadioButton(menu_text(label), frame)
        button.setAccessibleName(label)
        button.setAccessibleDescription(descriptor)
        font = button.font()
        font.setBold(True)
        button.setFont(font)
        text = plain_label(descriptor, frame)
        text.setContentsMargins(24, 0, 0, 0)
        text.setForegroundRole(QPalette.ColorRole.WindowText)
        inner = QVBoxLayout(frame)
        inner.setContentsMargins(8, 5, 8, 6)
        inner.setSpacing(1)
        inner.addWidget(button)
        inner.addWidget(text)
        self.group.addButton(button, button_id)
        self.layout_.addWidget(frame)
        self.frames.append(frame)

    def show_score(self, score: CriterionScore | None) -> None:
        """Mark the level given (without emitting `chosen`)."""
        chosen = None
        if score is not None and score.not_scored:
            chosen = NOT_SCORED
        elif score is not None and score.score is not None and float(score.score) in self.values:
            chosen = self.values.index(float(score.score))
        self.group.blockSignals(True)
        self.group.setExclusive(False)
        for button in self.group.buttons():
            button.setChecked(self.group.id(button) == chosen)
        self.group.setExclusive(True)
        self.group.blockSignals(False)
        palette = self.palette()
        base, tint = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Highlight)
        for frame, button in zip(self.frames, self.group.buttons()):
            is_chosen = self.group.id(button) == chosen
            frame_palette = frame.palette()
            frame_palette.setColor(QPalette.ColorRole.Window, blend(base, tint, 0.22) if is_chosen else base)
            frame.setPalette(frame_palette)

    def chosen_frame(self) -> QFrame | None:
        button = self.group.checkedButton()
        return self.frames[self.group.buttons().index(button)] if button is not None else None

    def _clicked(self, button_id: int) -> None:
        self.chosen.emit(None if button_id == NOT_SCORED else self.values[button_id])

    def focus_chosen(self) -> None:
        button = self.group.checkedButton() or (self.group.buttons()[0] if self.group.buttons() else None)
        if button:
            button.setFocus(Qt.FocusReason.ShortcutFocusReason)
