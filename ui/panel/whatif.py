"""The social value weight slider: the ranking re-ranked live under another weight (DESIGN §2.5, §4).

Dragging re-ranks as the handle moves (the scenario is derived from the summary already in hand, no
file read); a short delay coalesces a fast drag on a 2,000-application round. Keys: the slider takes
arrows and Page Up/Down (5 points), and the preset buttons give the field's common weights. A preset
the rubric cannot take is off, and where no weight would change anything (a rubric that is all
social value) every control is off and the core's sentence says why.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QVBoxLayout, QWidget

from svassessor.panel.comparison import sv_weight_range
from svassessor.rubric.model import Rubric
from svassessor.scoring.weights import fixed_weight
from ui.panel.words import percent
from ui.text import plain_label, tr

PRESETS = (10, 20, 30)


class WhatIfSlider(QWidget):
    weightChanged = Signal(object)  # float percent, or None for the round's own weight

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("whatIf")
        self.own: float = 0.0
        caption = QLabel(tr("What if social value weighed"), self)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setObjectName("svWeight")
        self.slider.setAccessibleName(tr("Social value weight, percent"))
        self.slider.setRange(0, 100)
        self.slider.setSingleStep(1)
        self.slider.setPageStep(5)
        self.slider.setTickInterval(10)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setMinimumWidth(260)
        caption.setBuddy(self.slider)
        self.value = plain_label("", self, wrap=False, name="svWeightValue")
        self.value.setMinimumWidth(150)
        self.why = plain_label("", self, name="whatIfFixed")
        self.why.hide()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        layout = QHBoxLayout()
        outer.addLayout(layout)
        outer.addWidget(self.why)
        layout.addWidget(caption)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.value)
        self.presets: list[QPushButton] = []
        for weight in PRESETS:
            button = QPushButton(f"{weight}%", self)
            button.setObjectName(f"preset{weight}")
            button.setAccessibleName(tr("Social value weight {n} percent").format(n=weight))
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, w=weight: self.slider.setValue(w))
            layout.addWidget(button)
            self.presets.append(button)
        self.reset = QPushButton(tr("Round's own"), self)
        self.reset.setObjectName("ownWeight")
        self.reset.setAutoDefault(False)
        self.reset.clicked.connect(lambda: self.slider.setValue(round(self.own)))
        layout.addWidget(self.reset)
        self._timer = QTimer(self, singleShot=True, interval=60, timeout=self._emit)
        self.slider.valueChanged.connect(self._moved)

    def set_rubric(self, rubric: Rubric, own: float) -> None:
        """The weights this rubric allows, starting at the round's own; none, saying why, when it is fixed."""
        fixed = fixed_weight(rubric)
        low, high = sv_weight_range(rubric) if fixed is None else (0.0, 100.0)  # off, its handle where it stays
        self.own = own
        blocked = self.slider.blockSignals(True)
        self.slider.setRange(int(low), int(high))
        self.slider.setValue(round(own))
        self.slider.blockSignals(blocked)
        self.slider.setEnabled(fixed is None)
        self.slider.setToolTip(fixed or "")
        for button, weight in zip(self.presets, PRESETS, strict=True):
            button.setEnabled(fixed is None and low <= weight <= high)
            button.setToolTip(fixed or ("" if button.isEnabled() else tr(
                "Rubric '{rubric}' allows a social value weight of {low}% to {high}%").format(
                rubric=rubric.id, low=f"{low:g}", high=f"{high:g}")))
        self.why.setText(fixed or "")
        self.why.setVisible(fixed is not None)
        self._label()

    def _moved(self, _value: int) -> None:
        self._label()
        self._timer.start()

    def weight(self) -> float | None:
        value = float(self.slider.value())
        return None if value == round(self.own) else value

    def _label(self) -> None:
        weight = self.weight()
        self.value.setText(tr("{w} (the round's own)").format(w=percent(self.own)) if weight is None
                           else tr("{w} (round: {own})").format(w=percent(weight), own=percent(self.own)))
        self.reset.setEnabled(weight is not None)

    def _emit(self) -> None:
        self.weightChanged.emit(self.weight())
