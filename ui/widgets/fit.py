"""Columns as wide as what they hold: a reference is shown whole, never cut to "360G-ALW…".

Measured from the texts themselves with the view's font, not by Qt's resize-to-contents, which looks
at the first thousand rows only and re-measures as the view scrolls, so a long reference further
down a 2,000-row round would still be cut and the columns would jump.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QStyle, QWidget

SLACK = 6  # pixels: rounding in the style's own measuring, and a little air before the next column


def text_width(view: QWidget, texts: Iterable[str], *, bold: bool = False, header: bool = False) -> int:
    """Pixels a cell (or, with `header`, a header section) of `view` needs to show the widest text whole."""
    font = QFont(view.font())
    font.setBold(bold)
    widest = max((QFontMetrics(font).horizontalAdvance(t) for t in texts), default=0)
    style = view.style()
    if header:
        margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, view)
    else:  # the item delegate's text margin, on each side
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    return widest + 2 * margin + SLACK
