"""Light and dark: follow the system, or a choice the user made (View > Theme, or SVASSESSOR_THEME).

Tag colours come from the rubric; a highlight is the tag colour blended into the page so that text
stays readable in both themes, with an underline in the full colour so tags stay distinguishable.
"""

from __future__ import annotations

import os
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QStyleFactory

THEMES = ("system", "light", "dark")
ENV = "SVASSESSOR_THEME"


def wanted_theme(setting: str) -> str:
    """The theme to use: the environment overrides the setting; 'system' asks the platform."""
    choice = os.environ.get(ENV, "").strip().lower() or setting
    if choice not in ("light", "dark"):
        scheme = QGuiApplication.styleHints().colorScheme()
        choice = "dark" if scheme == Qt.ColorScheme.Dark else "light"
    return choice


def apply_theme(app: QApplication, setting: str) -> str:
    """Style the application; returns 'light' or 'dark'."""
    theme = wanted_theme(setting)
    fusion = QStyleFactory.create("Fusion")
    app.setStyle(fusion)
    app.setPalette(dark_palette() if theme == "dark" else fusion.standardPalette())
    app.setProperty("svassessorTheme", theme)
    status_icon.cache_clear()
    return theme


def is_dark() -> bool:
    return QApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128


def dark_palette() -> QPalette:
    p = QPalette()
    window, base, alt, text = QColor("#202124"), QColor("#17181a"), QColor("#26282b"), QColor("#e8e8e8")
    for role, colour in (
        (QPalette.ColorRole.Window, window), (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base), (QPalette.ColorRole.AlternateBase, alt),
        (QPalette.ColorRole.Text, text), (QPalette.ColorRole.Button, QColor("#2d2f33")),
        (QPalette.ColorRole.ButtonText, text), (QPalette.ColorRole.ToolTipBase, QColor("#2d2f33")),
        (QPalette.ColorRole.ToolTipText, text), (QPalette.ColorRole.PlaceholderText, QColor("#9a9ca0")),
        (QPalette.ColorRole.Highlight, QColor("#3d7bd9")), (QPalette.ColorRole.HighlightedText, QColor("#ffffff")),
        (QPalette.ColorRole.Link, QColor("#8ab4f8")), (QPalette.ColorRole.BrightText, QColor("#ff8a80")),
        (QPalette.ColorRole.Light, QColor("#3a3c40")), (QPalette.ColorRole.Midlight, QColor("#303236")),
        (QPalette.ColorRole.Mid, QColor("#4a4c50")), (QPalette.ColorRole.Dark, QColor("#111214")),
        (QPalette.ColorRole.Shadow, QColor("#000000")),
    ):
        p.setColor(role, colour)
    muted = QColor("#8a8c90")
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, muted)
    return p


def blend(under: QColor, over: QColor, amount: float) -> QColor:
    return QColor.fromRgbF(*(u + (o - u) * amount for u, o in zip(under.getRgbF()[:3], over.getRgbF()[:3])))


def highlight_colour(tag_colour: str) -> QColor:
    """A tag's highlight background, readable under the palette's text colour."""
    base = QApplication.palette().color(QPalette.ColorRole.Base)
    return blend(base, QColor(tag_colour), 0.42 if is_dark() else 0.28)


def accent_colour(tag_colour: str) -> QColor:
    """A tag's colour for underlines and swatches, lifted in dark mode so it shows on a dark page."""
    colour = QColor(tag_colour)
    return colour.lighter(140) if is_dark() else colour


def warning_colour() -> QColor:
    return QColor("#f0a35e") if is_dark() else QColor("#a04500")


def warning_background() -> QColor:
    """The message banner: amber, quiet enough to read text on in either theme."""
    base = QApplication.palette().color(QPalette.ColorRole.Base)
    return blend(base, QColor("#e69f00"), 0.35 if is_dark() else 0.3)


def show_warning(label: QLabel, message: str) -> None:
    """Show a problem in a window's amber banner: readable text on amber in either theme."""
    palette = label.palette()
    palette.setColor(label.foregroundRole(), palette.color(QPalette.ColorRole.Text))
    palette.setColor(label.backgroundRole(), warning_background())
    label.setPalette(palette)
    label.setAutoFillBackground(True)
    label.setText("⚠  " + message)
    label.show()


def muted_colour() -> QColor:
    return QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)


def secondary_text() -> QColor:
    """Text that matters less (guidance, hints), still comfortably readable."""
    palette = QApplication.palette()
    return blend(palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base), 0.3)


def swatch(colour: QColor, size: int = 12) -> QIcon:
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(colour)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    painter.end()
    return QIcon(pixmap)


@cache
def status_icon(status: str) -> QIcon:
    """A dot per status: hollow (not started), half (in progress), full (submitted), barred (conflict)."""
    size, dark = 14, is_dark()
    colours = {"not_started": "#9a9ca0", "in_progress": "#e69f00" if dark else "#b36b00",
               "submitted": "#4cc38a" if dark else "#1b7f4c", "conflict": "#9a9ca0"}
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor(colours.get(status, "#9a9ca0"))
    pen = painter.pen()
    pen.setColor(colour)
    pen.setWidthF(1.6)
    painter.setPen(pen)
    r, c = size / 2 - 2.5, size / 2
    circle = QRectF(c - r, c - r, 2 * r, 2 * r)
    painter.drawEllipse(circle)
    if status == "submitted":
        painter.setBrush(colour)
        painter.drawEllipse(circle)
    elif status == "in_progress":
        painter.setBrush(colour)
        painter.drawPie(circle, 90 * 16, 180 * 16)
    elif status == "conflict":
        painter.drawLine(QPointF(c - r * 0.7, c + r * 0.7), QPointF(c + r * 0.7, c - r * 0.7))
    painter.end()
    return QIcon(pixmap)
