"""Status colours and shapes, the progress bar delegate and wrapped plain text, shared by the monitoring views.

A status is never told by colour alone: each has its own mark (a full dot for delivered, a ring for on
track, a triangle for at risk, a cross for missed, a dashed ring for not yet reported) and its word
beside it. Bars are painted by a delegate from two roles of the model, so a thousand offers cost no
widgets; the cell's display text (the percentage) is what a screen reader reads.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap, QTextLayout, \
    QTextOption
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.theme import blend, is_dark

SHARE_ROLE = Qt.ItemDataRole.UserRole + 20  # float | None: delivered as a share of the promise
STATUS_ROLE = Qt.ItemDataRole.UserRole + 21  # a monitoring Status, for the bar's colour

_COLOURS = {  # light, dark: the same hues as the panel's chart, so "green" means done everywhere
    "delivered": ("#1b7f4c", "#57e389"),
    "on_track": ("#1f65b5", "#78aeed"),
    "at_risk": ("#b36b00", "#f0a35e"),
    "missed": ("#c0262d", "#ff7b72"),
    "not_reported": ("#6b6e73", "#9a9ca0"),
}


def status_colour(status: str) -> QColor:
    light, dark = _COLOURS.get(status, _COLOURS["not_reported"])
    return QColor(dark if is_dark() else light)


def status_tint(status: str) -> QColor:
    """A quiet background for a status chip, readable under the palette's text colour."""
    base = QApplication.palette().color(QPalette.ColorRole.Base)
    return blend(base, status_colour(status), 0.22 if not is_dark() else 0.32)


@cache
def _status_icon(status: str, dark: bool) -> QIcon:
    size = 14
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = status_colour(status)
    pen = QPen(colour, 1.8)
    painter.setPen(pen)
    c, r = size / 2, size / 2 - 2.5
    circle = QRectF(c - r, c - r, 2 * r, 2 * r)
    if status == "delivered":
        painter.setBrush(colour)
        painter.drawEllipse(circle)
    elif status == "on_track":
        painter.drawEllipse(circle)
        painter.setBrush(colour)
        painter.drawEllipse(QPointF(c, c), r * 0.4, r * 0.4)
    elif status == "at_risk":
        path = QPainterPath(QPointF(c, c - r))
        path.lineTo(c + r, c + r * 0.85)
        path.lineTo(c - r, c + r * 0.85)
        path.closeSubpath()
        painter.setBrush(colour)
        painter.drawPath(path)
    elif status == "missed":
        pen.setWidthF(2.4)
        painter.setPen(pen)
        painter.drawLine(QPointF(c - r * 0.8, c - r * 0.8), QPointF(c + r * 0.8, c + r * 0.8))
        painter.drawLine(QPointF(c - r * 0.8, c + r * 0.8), QPointF(c + r * 0.8, c - r * 0.8))
    else:
        pen.setStyle(Qt.PenStyle.DotLine)
        painter.setPen(pen)
        painter.drawEllipse(circle)
    painter.end()
    return QIcon(pixmap)


def status_icon(status: str) -> QIcon:
    return _status_icon(status, is_dark())


def draw_bar(painter: QPainter, rect: QRectF, share: float | None, status: str, *, scale: float = 1.0) -> None:
    """A track with the share filled in the status colour; beyond the promise, the bar ends in a notch.

    `scale` is the share the full width stands for (1.0: the promise fills the track).
    """
    palette = QApplication.palette()
    track = blend(palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text), 0.12)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(track)
    painter.drawRoundedRect(rect, 3, 3)
    if share is not None and share > 0:
        filled = QRectF(rect)
        filled.setWidth(rect.width() * min(share / scale, 1.0))
        painter.setBrush(status_colour(status))
        painter.drawRoundedRect(filled, 3, 3)
        if share > scale:  # more than the track can show: a white notch says "goes on"
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Base), 2))
            x = rect.right() - 5
            painter.drawLine(QPointF(x, rect.top() + 2), QPointF(x + 3, rect.center().y()))
            painter.drawLine(QPointF(x + 3, rect.center().y()), QPointF(x, rect.bottom() - 2))
    painter.restore()


class ProgressDelegate(QStyledItemDelegate):
    """Paints the share of a promise as a bar with the percentage beside it (no widget per cell)."""

    TEXT_WIDTH = 48

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        share, status = index.data(SHARE_ROLE), index.data(STATUS_ROLE)
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if status is None:
            return
        rect = QRectF(option.rect).adjusted(6, 0, -6, 0)
        bar = QRectF(rect.left(), rect.center().y() - 5, max(rect.width() - self.TEXT_WIDTH - 6, 10), 10)
        draw_bar(painter, bar, share, status)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setPen(option.palette.color(role))
        painter.drawText(QRectF(bar.right() + 6, rect.top(), self.TEXT_WIDTH, rect.height()),
                         int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(max(hint.width(), 160), hint.height())


def text_layout(text: str, font: QFont, width: float) -> tuple[QTextLayout, float]:
    """Plain text laid out to a width (a long unbroken word wraps anywhere); returns it and its height.

    Never markup: the characters a grant holder typed are the characters drawn.
    """
    layout = QTextLayout(text.replace("\r\n", "\n").replace("\n", "\u2028"), font)  # keep the writer's line breaks
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    height = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(width, 10))
        line.setPosition(QPointF(0, height))
        height += line.height()
    layout.endLayout()
    return layout, height
