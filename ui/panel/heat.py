"""Heat colours for the comparison matrix, readable in light and dark, and the marks drawn on a cell.

A diverging ramp, orange (lowest level) through the page colour (the middle of the scale) to blue
(highest level): the two hues stay apart for the common colour-vision deficiencies, and the middle
is neutral, so a chair's eye goes to the strong and the weak. Each colour is the hue blended into the
page at most about half-way, so the palette's own text colour stays readable on every cell. Brushes
are cached per step (the view asks for thousands of cells while scrolling) and per theme.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QApplication

from ui.theme import blend, is_dark

STEPS = 16
LOW_LIGHT, HIGH_LIGHT = QColor("#e66100"), QColor("#1f65b5")
LOW_DARK, HIGH_DARK = QColor("#ff8f3a"), QColor("#5b9cf0")


def heat_brush(fraction: float | None) -> QBrush | None:
    """The cell brush for a score at `fraction` of its scale (0 lowest, 1 highest); None when unscored."""
    if fraction is None:
        return None
    step = min(STEPS, max(0, round(fraction * STEPS)))
    return _brush(step, is_dark(), QApplication.palette().color(QPalette.ColorRole.Base).rgb())


@cache
def _brush(step: int, dark: bool, base_rgb: int) -> QBrush:
    base = QColor.fromRgb(base_rgb)
    middle = STEPS / 2
    distance = (step - middle) / middle  # −1 … 1
    hue = (HIGH_DARK if distance > 0 else LOW_DARK) if dark else (HIGH_LIGHT if distance > 0 else LOW_LIGHT)
    strength = abs(distance) * (0.62 if dark else 0.5)
    return QBrush(blend(base, hue, strength))


def flag_colour(moderated: bool) -> QColor:
    """The corner mark of a criterion the assessors disagree on: strong until moderated, then quiet."""
    if moderated:
        return QColor("#9a9ca0") if is_dark() else QColor("#6b6e73")
    return QColor("#ff6b6b") if is_dark() else QColor("#c01c28")


def moderated_colour() -> QColor:
    return QColor("#57e389") if is_dark() else QColor("#1b7f4c")
