"""Heat colours for the comparison matrix, readable in light and dark, and the marks drawn on a cell.

A diverging ramp, orange (lowest level) through the page colour (the middle of the scale) to blue
(highest level): the two hues stay apart for the common colour-vision deficiencies, and the middle
is neutral, so a chair's eye goes to the strong and the weak. Each colour is the hue blended into the
page at most about half-way, so the palette's own text colour stays readable on every cell. Brushes
are cached per step (the view asks for thousands of cells while scrolling) and per theme.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPainterPath, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

from ui.theme import blend, is_dark

STEPS = 16
MARK_SIZE = QSize(20, 12)
LOW_LIGHT, HIGH_LIGHT = QColor("#e66100"), QColor("#1f65b5")
LOW_DARK, HIGH_DARK = QColor("#ff8f3a"), QColor("#5b9cf0")


class CellLook:
    """Everything a cell's paint needs from the theme, looked up once per theme, not once per cell.

    `brush(fraction)` and `icon(flag, moderated)` are what `data()` returns for 1,000 visible cells on
    every full repaint; asking the palette each time was a third of the paint.
    """

    def __init__(self) -> None:
        dark, base = is_dark(), QApplication.palette().color(QPalette.ColorRole.Base).rgb()
        self.brushes = tuple(_brush(step, dark, base) for step in range(STEPS + 1))
        self.icons = {(flag, moderated): _mark_icon(flag, moderated, dark)
                      for flag in (0, 1, 2) for moderated in (False, True)}

    def brush(self, fraction: float | None) -> QBrush | None:
        if fraction is None:
            return None
        return self.brushes[min(STEPS, max(0, round(fraction * STEPS)))]

    def icon(self, flag: int, moderated: bool) -> QIcon:
        return self.icons[flag, moderated]


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


@cache
def _mark_icon(flag: int, moderated: bool, dark: bool) -> QIcon:
    """The cell's marks as a small icon Qt draws itself: a triangle where the assessors' spread is at or
    over the threshold (red until the panel has agreed a score, then grey), a dot where it has.

    An icon through DecorationRole, not a Python delegate: PySide6 6.12 with Python 3.11 takes one
    reference too many from the return value of every Python override of a C++ virtual (a delegate's
    `paint`, a `paintEvent`), and a few thousand cell paints later None is freed and Python aborts.
    """
    width, height, ratio = MARK_SIZE.width(), MARK_SIZE.height(), 2
    pixmap = QPixmap(width * ratio, height * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if flag:
        path = QPainterPath(QPointF(1, height - 1.5))
        path.lineTo(6, 1.5)
        path.lineTo(11, height - 1.5)
        path.closeSubpath()
        painter.fillPath(path, flag_colour(flag == 2))
    if moderated:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(moderated_colour())
        painter.drawEllipse(QPointF(width - 5, height / 2), 3.5, 3.5)
    painter.end()
    return QIcon(pixmap)


def legend_pixmap(words: tuple[str, str, str, str], font: QFont, text: QColor) -> QPixmap:
    """The matrix legend drawn once (lowest → highest heat, the flag, the agreed dot), for a QLabel."""
    from PySide6.QtGui import QFontMetrics

    low, high, flag_words, agreed_words = words
    metrics = QFontMetrics(font)
    width = sum(metrics.horizontalAdvance(w) for w in words) + 9 * 16 + 120
    height, ratio = 22, 2
    pixmap = QPixmap(width * ratio, height * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setFont(font)
    painter.setPen(text)
    baseline = height / 2 + metrics.ascent() / 2 - 1
    x = 0.0
    painter.drawText(QPointF(x, baseline), low)
    x += metrics.horizontalAdvance(low) + 6
    for step in range(9):
        brush = heat_brush(step / 8)
        if brush is not None:
            painter.fillRect(int(x), 3, 16, height - 6, brush)
        x += 16
    painter.drawText(QPointF(x + 6, baseline), high)
    x += metrics.horizontalAdvance(high) + 24
    for icon, words_ in ((_mark_icon(1, False, is_dark()), flag_words), (_mark_icon(0, True, is_dark()), agreed_words)):
        painter.drawPixmap(int(x), int((height - MARK_SIZE.height()) / 2), icon.pixmap(MARK_SIZE))
        x += MARK_SIZE.width() + 4
        painter.drawText(QPointF(x, baseline), words_)
        x += metrics.horizontalAdvance(words_) + 18
    painter.end()
    return pixmap
