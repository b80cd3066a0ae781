"""Amount requested (tenders: price) against social value score, one point per application (DESIGN §2.6).

Three series by the budget line (funded, below the line, not eligible), told apart by marker shape as
well as colour. Up to 40 points carry their reference; hovering any point names it in full. The same
figures are in the ranking table, which is the keyboard route to them; the chart's accessible
description says so.
"""

from __future__ import annotations

from PySide6.QtCharts import QChart, QChartView, QScatterSeries, QValueAxis
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from svassessor.panel.comparison import ChartPoint, chart_points
from ui.panel.state import PanelState
from ui.panel.words import line_label, number
from ui.text import pounds, tooltip, tr
from ui.theme import is_dark

LABEL_LIMIT = 40
SERIES = (  # status, light colour, dark colour, marker
    ("funded", "#1b7f4c", "#57e389", QScatterSeries.MarkerShape.MarkerShapeCircle),
    ("below_line", "#1f65b5", "#78aeed", QScatterSeries.MarkerShape.MarkerShapeRectangle),
    ("not_eligible", "#a04500", "#f0a35e", QScatterSeries.MarkerShape.MarkerShapeTriangle),
    (None, "#6b6e73", "#9a9ca0", QScatterSeries.MarkerShape.MarkerShapeRotatedRectangle),
)


class ChartView(QChartView):
    def __init__(self, state: PanelState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.setObjectName("chart")
        self.setAccessibleName(tr("Chart of amount against social value"))
        self.setAccessibleDescription(tr("Each application's amount requested against its social value score; "
                                         "the ranking table lists the same figures"))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.points: dict[str, list[ChartPoint]] = {}
        self.current: str | None = None
        self.chosen: QScatterSeries | None = None
        self._stale = True
        state.changed.connect(self._changed)
        state.whatIfChanged.connect(self._changed)

    def _changed(self) -> None:
        # Drawn when seen (the window calls `shown`): 2,000 points for a hidden tab would slow every
        # moderation. Not a showEvent override: see `heat._mark_icon` on PySide6 6.12 and overrides.
        self._stale = True
        if self.isVisible():
            self.refresh()

    def shown(self) -> None:
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        summary = self.state.summary
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        palette = QApplication.palette()
        text, base = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
        chart.setBackgroundBrush(base)
        chart.setBackgroundRoundness(0)
        chart.setTitleBrush(text)
        chart.legend().setLabelColor(text)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.setBackgroundBrush(base)
        if summary is None:
            self.setChart(chart)
            return
        tender = summary.kind == "tender"
        title = tr("Price against social value score") if tender else tr("Amount requested against social value score")
        scenario = self.state.scenario
        if scenario is not None:
            title = tr("{title}, funded as if social value were weighted {weight}%").format(
                title=title, weight=number(scenario.sv_weight))
        chart.setTitle(title)
        points = chart_points(summary, scenario)
        label = len(points) <= LABEL_LIMIT
        self.points = {}
        dark = is_dark()
        for status, light, dark_colour, shape in SERIES:
            mine = [p for p in points if p.status == status]
            if not mine:
                continue
            series = QScatterSeries()
            series.setName(line_label(status))
            series.setMarkerShape(shape)
            series.setMarkerSize(13)
            colour = QColor(dark_colour if dark else light)
            series.setColor(colour)
            series.setBorderColor(base)
            for p in mine:
                series.append(float(p.x) / 1000, p.y)  # £ thousands: axis labels stay short
            if label:
                series.setPointLabelsVisible(True)
                series.setPointLabelsFormat("@label")
                series.setPointLabelsColor(text)
                font = QFont(self.font())
                font.setPointSizeF(font.pointSizeF() * 0.85)
                series.setPointLabelsFont(font)
                for i, p in enumerate(mine):
                    series.setPointConfiguration(i, {QScatterSeries.PointConfiguration.LabelFormat:
                                                     f"  {p.reference}"})
            series.hovered.connect(lambda point, shown, s=status: self._hover(s, point, shown))
            self.points[str(status)] = mine
            chart.addSeries(series)
        self.chosen = QScatterSeries()  # a ring around the application chosen elsewhere in the window
        self.chosen.setName(tr("Chosen"))
        self.chosen.setMarkerSize(26)
        self.chosen.setColor(Qt.GlobalColor.transparent)
        self.chosen.setBorderColor(palette.color(QPalette.ColorRole.Highlight))
        pen = self.chosen.pen()
        pen.setWidthF(2.5)
        pen.setColor(palette.color(QPalette.ColorRole.Highlight))
        self.chosen.setPen(pen)
        chart.addSeries(self.chosen)
        x_axis, y_axis = QValueAxis(), QValueAxis()
        x_axis.setTitleText(tr("Price (£ thousands)") if tender else tr("Amount requested (£ thousands)"))
        y_axis.setTitleText(tr("Social value score (0–100)"))
        x_axis.setLabelFormat("%.0f")
        y_axis.setLabelFormat("%d")
        y_axis.setRange(0, 100)
        y_axis.setTickCount(6)
        if points:
            xs = [float(p.x) / 1000 for p in points]
            pad = max(0.5, (max(xs) - min(xs)) * 0.08)
            x_axis.setRange(max(0.0, min(xs) - pad), max(xs) + pad * 2.5)
            x_axis.applyNiceNumbers()
        for axis, side in ((x_axis, Qt.AlignmentFlag.AlignBottom), (y_axis, Qt.AlignmentFlag.AlignLeft)):
            axis.setLabelsColor(text)
            axis.setTitleBrush(text)
            axis.setGridLineColor(palette.color(QPalette.ColorRole.Mid))
            axis.setLinePenColor(palette.color(QPalette.ColorRole.Mid))
            chart.addAxis(axis, side)
            for series in chart.series():
                series.attachAxis(axis)
        self.setChart(chart)
        for marker in chart.legend().markers(self.chosen):
            marker.setVisible(False)
        self.set_current(self.current)

    def set_current(self, application_id: str | None) -> None:
        """Ring the chosen application's point (nothing when it has no amount or no social value score)."""
        self.current = application_id
        if self.chosen is None:
            return
        self.chosen.clear()
        for mine in self.points.values():
            for p in mine:
                if p.application == application_id:
                    self.chosen.append(float(p.x) / 1000, p.y)

    def _hover(self, status: str | None, point: QPointF, shown: bool) -> None:
        if not shown:
            QToolTip.hideText()
            return
        for p in self.points.get(str(status), []):
            if abs(float(p.x) / 1000 - point.x()) < 5e-4 and abs(p.y - point.y()) < 1e-6:
                text = tr("{ref} · {org}\n{amount}, social value {sv}\n{line}").format(
                    ref=p.reference, org=p.organisation, amount=pounds(p.x), sv=number(p.y, 1),
                    line=line_label(p.status))
                QToolTip.showText(self.cursor().pos(), tooltip(text), self)
                return
