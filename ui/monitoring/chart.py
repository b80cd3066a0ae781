"""Delivered against promised, by theme: one bar per measure and unit, the promise drawn as a line.

Painted with QPainter rather than QtCharts because the labels are typed text (an offer's unit) and
QtCharts draws axis labels as rich text; here every label is plain. The rows, shares and captions are
the register's own (`chart_rows`, `chart_scale`), so the window and the published register agree.
The roll-up table "By theme" holds the same figures and is the keyboard route to them.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from svassessor.monitoring import RoundProgress
from svassessor.monitoring.words import percent
from svassessor.register.content import CHART_TITLE, ChartRow, chart_rows, chart_scale
from ui.monitoring.paint import draw_bar, status_colour
from ui.text import tr
from ui.theme import blend, secondary_text

ROW = 26
HEAD = 24


class DeliveryChart(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("deliveryChart")
        self.setAccessibleName(tr("Chart of delivered against promised, by theme"))
        self.rows: list[ChartRow] = []
        self.scale = 1.0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_progress(self, progress: RoundProgress | None) -> None:
        self.rows = chart_rows(progress) if progress is not None else []
        self.scale = chart_scale(self.rows)
        self.setAccessibleDescription("; ".join(f"{r.theme}, {r.label}: {r.caption}" for r in self.rows)
                                      or tr("Nothing promised with a number yet"))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        themes = len({r.theme for r in self.rows})
        return QSize(700, 60 + HEAD * themes + ROW * len(self.rows) + 56)

    def minimumSizeHint(self) -> QSize:
        return QSize(420, 160)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text, muted = palette.color(QPalette.ColorRole.Text), secondary_text()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        bold = QFont(self.font())
        bold.setBold(True)
        fm = QFontMetricsF(self.font())
        painter.setFont(bold)
        painter.setPen(text)
        painter.drawText(QRectF(12, 8, self.width() - 24, 22), int(Qt.AlignmentFlag.AlignLeft), tr(CHART_TITLE))
        if not self.rows:
            painter.setPen(muted)
            painter.setFont(self.font())
            painter.drawText(QRectF(12, 36, self.width() - 24, 22), int(Qt.AlignmentFlag.AlignLeft),
                             tr("No commitment with a number promised yet."))
            return
        label_w = min(max(fm.horizontalAdvance(r.label) for r in self.rows) + 28, self.width() * 0.3)
        caption_w = min(max(fm.horizontalAdvance(r.caption) for r in self.rows) + 16, self.width() * 0.3)
        left, right = 12 + label_w, self.width() - 12 - caption_w
        top, bottom = 40.0, 40.0 + HEAD * len({r.theme for r in self.rows}) + ROW * len(self.rows)

        def x(share: float) -> float:
            return left + (right - left) * share / self.scale

        # grid every 25% (50% when the axis is long), the promise as a darker dashed line
        step = 0.25 if self.scale <= 1.5 else 0.5
        grid = blend(palette.color(QPalette.ColorRole.Base), text, 0.12)
        painter.setFont(self.font())
        tick = 0.0
        while tick <= self.scale + 1e-9:
            promise = abs(tick - 1.0) < 1e-9
            pen = QPen(blend(palette.color(QPalette.ColorRole.Base), text, 0.55) if promise else grid,
                       1.5 if promise else 1)
            if promise:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(x(tick), top - 4), QPointF(x(tick), bottom))
            painter.setPen(text if promise else muted)
            label = tr("{p} = promise").format(p=percent(tick)) if promise else percent(tick)
            painter.drawText(QRectF(x(tick) - 60, bottom + 4, 120, 18), int(Qt.AlignmentFlag.AlignHCenter), label)
            tick += step

        y = top
        theme = None
        for row in self.rows:
            if row.theme != theme:
                theme = row.theme
                painter.setFont(bold)
                painter.setPen(text)
                painter.drawText(QRectF(12, y, self.width() - 24, HEAD), int(Qt.AlignmentFlag.AlignVCenter),
                                 fm.elidedText(theme, Qt.TextElideMode.ElideRight, self.width() - 24))
                y += HEAD
            painter.setFont(self.font())
            painter.setPen(text)
            painter.drawText(QRectF(24, y, label_w - 28, ROW), int(Qt.AlignmentFlag.AlignVCenter),
                             fm.elidedText(row.label, Qt.TextElideMode.ElideRight, label_w - 28))
            draw_bar(painter, QRectF(left, y + 6, right - left, ROW - 12), row.share,
                     "delivered" if (row.share or 0) >= 1 else "on_track", scale=self.scale)
            painter.setPen(text)
            painter.drawText(QRectF(right + 10, y, caption_w, ROW), int(Qt.AlignmentFlag.AlignVCenter),
                             fm.elidedText(row.caption, Qt.TextElideMode.ElideRight, caption_w - 10))
            y += ROW
        # the promise again, over the bars, so every bar can be read against it
        pen = QPen(text, 1.5, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(x(1.0), top - 4), QPointF(x(1.0), bottom))
        # what the two bar colours mean, in words beside each swatch
        lx, ly = 24.0, bottom + 28
        for status, words in (("delivered", tr("promise met or passed")), ("on_track", tr("not yet met"))):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(status_colour(status))
            painter.drawRoundedRect(QRectF(lx, ly + 4, 12, 10), 2, 2)
            painter.setPen(muted)
            painter.drawText(QRectF(lx + 18, ly, 300, 18), int(Qt.AlignmentFlag.AlignVCenter), words)
            lx += 18 + fm.horizontalAdvance(words) + 24
        painter.end()
