"""Three charts on one page: how totals are spread, what each pound buys in social value, where assessors disagree.

Only counts are made here (how many applications fall in a band, how many criteria were flagged);
every total, part score and spread plotted is the engine's. Colours follow the ranking table:
green within budget, blue below the line, grey not eligible.
"""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph

from svassessor.reports.data import RoundData
from svassessor.reports.document import BODY_W, Heading
from svassessor.reports.fonts import SANS, printable
from svassessor.reports.style import H1, H2, INK, MUTED, RULE, SMALL_MUTED

GREEN = colors.HexColor("#43a047")
BLUE = colors.HexColor("#5b8bd0")
GREY = colors.HexColor("#b0b7c0")
AMBER = colors.HexColor("#f2b544")
RED = colors.HexColor("#d9534f")
_GROUPS = (("funded", "Within budget", GREEN), ("below_line", "Below the line", BLUE),
           ("not_eligible", "Not eligible", GREY), (None, "No budget line", BLUE))
LABEL_POINTS_UP_TO = 25  # beyond this many applications, references on the scatter would overprint


def _axis_fonts(chart: VerticalBarChart | HorizontalBarChart | LinePlot) -> None:
    for axis in (chart.categoryAxis if hasattr(chart, "categoryAxis") else chart.xValueAxis,
                 chart.valueAxis if hasattr(chart, "valueAxis") else chart.yValueAxis):
        axis.labels.fontName = SANS
        axis.labels.fontSize = 7
        axis.labels.fillColor = INK
        axis.strokeColor = RULE


def _legend(x: float, y: float, pairs: list[tuple[colors.Color, str]]) -> Legend:
    legend = Legend()
    legend.x, legend.y = x, y  # type: ignore[assignment]  # any number; the stubs say int
    legend.fontName, legend.fontSize = SANS, 7
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.dx = legend.dy = 7
    legend.deltax = 80
    legend.colorNamePairs = pairs
    legend.strokeColor = None
    return legend


def _present(data: RoundData) -> list[tuple[str | None, str, colors.Color]]:
    statuses = set(data.summary.budget.status.values())
    return [g for g in _GROUPS if g[0] in statuses]


def distribution(data: RoundData) -> Drawing:
    """Totals in bands of ten points, stacked by where each application stands against the budget line."""
    groups = _present(data)
    status = data.summary.budget.status
    counts = {g[0]: [0] * 10 for g in groups}
    for standing in data.summary.ranking:
        total = standing.total.total
        if total is not None:
            counts[status.get(standing.candidate.id)][min(int(total // 10), 9)] += 1
    drawing = Drawing(BODY_W, 170)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 32, 28, BODY_W - 50, 112  # type: ignore[assignment]  # any number; the stubs say int
    chart.data = [counts[g[0]] for g in groups] or [[0] * 10]
    chart.categoryAxis.categoryNames = [f"{10 * i}–{10 * i + 9}" if i < 9 else "90–100" for i in range(10)]
    chart.categoryAxis.style = "stacked"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueStep = max(1, -(-max(map(sum, zip(*chart.data))) // 5))
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = RULE
    chart.barWidth = 6
    for i, group in enumerate(groups):
        chart.bars[i].fillColor = group[2]
        chart.bars[i].strokeColor = None
    _axis_fonts(chart)
    drawing.add(chart)
    drawing.add(String(chart.x + chart.width / 2, 6, "Total (out of 100)", fontName=SANS, fontSize=7,
                       fillColor=MUTED, textAnchor="middle"))
    drawing.add(String(4, chart.y + chart.height + 8, "Applications", fontName=SANS, fontSize=7, fillColor=MUTED))
    drawing.add(_legend(BODY_W - 260, 162, [(g[2], g[1]) for g in groups]))
    return drawing


def value_for_money(data: RoundData) -> Drawing:
    """Amount (awarded, else asked for) against the social value part score; one dot per application."""
    groups = _present(data)
    status = data.summary.budget.status
    points: dict[str | None, list[tuple[float, float, str]]] = {g[0]: [] for g in groups}
    for standing in data.summary.ranking:
        value, cost = standing.total.social_value, standing.cost
        if value is not None and cost is not None:
            points[status.get(standing.candidate.id)].append((float(cost), value, standing.candidate.reference))
    series = [(g, sorted(points[g[0]])) for g in groups if points[g[0]]]
    drawing = Drawing(BODY_W, 190)
    if not series:
        drawing.add(String(BODY_W / 2, 90, "No application has both an amount and a social value score yet.",
                           fontName=SANS, fontSize=8, fillColor=MUTED, textAnchor="middle"))
        return drawing
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 40, 28, BODY_W - 60, 132  # type: ignore[assignment]  # any number; the stubs say int
    plot.data = [[(x, y) for x, y, _ in s] for _, s in series]
    plot.joinedLines = 0
    for i, (group, _) in enumerate(series):
        plot.lines[i].symbol = makeMarker("FilledCircle", size=6, fillColor=group[2], strokeColor=colors.white)
        plot.lines[i].strokeWidth = 0
    highest = max(x for _, s in series for x, _, _ in s)
    plot.xValueAxis.valueMin = 0
    plot.xValueAxis.valueMax = highest * 1.08
    plot.xValueAxis.labelTextFormat = lambda v: f"£{v / 1000:,.0f}k" if v >= 1000 else f"£{v:,.0f}"
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax, plot.yValueAxis.valueStep = 0, 100, 20
    plot.yValueAxis.visibleGrid = 1
    plot.yValueAxis.gridStrokeColor = RULE
    _axis_fonts(plot)
    drawing.add(plot)
    if sum(len(s) for _, s in series) <= LABEL_POINTS_UP_TO:
        span_x = plot.xValueAxis.valueMax - plot.xValueAxis.valueMin
        for _, s in series:
            for x, y, reference in s:
                drawing.add(String(plot.x + plot.width * x / span_x + 4, plot.y + plot.height * y / 100 + 2,
                                   printable(reference), fontName=SANS, fontSize=5.5, fillColor=MUTED))
    drawing.add(String(plot.x + plot.width / 2, 6, "Amount (awarded, else requested)", fontName=SANS, fontSize=7,
                       fillColor=MUTED, textAnchor="middle"))
    drawing.add(String(4, plot.y + plot.height + 10, "Social value score (out of 100)", fontName=SANS, fontSize=7,
                       fillColor=MUTED))
    drawing.add(_legend(BODY_W - 260, 182, [(g[2], g[1]) for g, _ in series]))
    return drawing


def disagreement(data: RoundData) -> Drawing:
    """Per criterion: how many applications had assessors agree, differ a little, or differ enough to discuss."""
    rubric = data.rubric
    threshold = rubric.moderation.spread_threshold
    criteria = rubric.criteria
    agree, differ, flagged = [0] * len(criteria), [0] * len(criteria), [0] * len(criteria)
    for app in data.applications:
        for i, criterion in enumerate(criteria):
            spread = data.spread(app.id, criterion.id)
            if spread is None:
                continue
            if data.flagged(app.id, criterion.id):
                flagged[i] += 1
            elif spread == 0:
                agree[i] += 1
            else:
                differ[i] += 1
    bar_height = 13
    height = 58 + bar_height * len(criteria)
    drawing = Drawing(BODY_W, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 175, 26, BODY_W - 195, bar_height * len(criteria)  # type: ignore[assignment]  # any number; the stubs say int
    chart.data = [list(reversed(series)) for series in (agree, differ, flagged)]
    chart.categoryAxis.categoryNames = [_short(c.title) for c in reversed(criteria)]
    chart.categoryAxis.style = "stacked"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueStep = max(1, -(-max(map(sum, zip(*chart.data)), default=1) // 5))
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = RULE
    for i, colour in enumerate((GREEN, AMBER, RED)):
        chart.bars[i].fillColor = colour
        chart.bars[i].strokeColor = None
    _axis_fonts(chart)
    drawing.add(chart)
    drawing.add(String(chart.x + chart.width / 2, 6, "Applications scored by two or more assessors", fontName=SANS,
                       fontSize=7, fillColor=MUTED, textAnchor="middle"))
    drawing.add(_legend(BODY_W - 330, height - 8, [
        (GREEN, "All gave the same"), (AMBER, f"Spread under {threshold:g}"),
        (RED, f"Spread {threshold:g}+: to discuss")]))
    return drawing


def _short(title: str, limit: int = 42) -> str:
    title = printable(title).replace("\n", " ")
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def charts(data: RoundData) -> list[Flowable]:
    """The charts page."""
    scored = sum(1 for s in data.summary.ranking if s.total.total is not None)
    unscored = len(data.summary.ranking) - scored
    note = (f" {unscored} application{'s' * (unscored != 1)} with no score yet "
            f"{'are' if unscored != 1 else 'is'} left out." if unscored else "")
    return [
        PageBreak(),
        Heading("Charts", H1, toc="Charts", outline="Charts"),
        KeepTogether([Paragraph("How the totals are spread", H2),
                      Paragraph(f"Number of applications in each band of total score.{note}", SMALL_MUTED),
                      distribution(data)]),
        KeepTogether([Paragraph("Amount against social value", H2),
                      Paragraph("Each dot is one application: further up offers more social value, further right "
                                "costs more.", SMALL_MUTED),
                      value_for_money(data)]),
        KeepTogether([Paragraph("Where assessors disagree", H2),
                      Paragraph("For each criterion, the spread (highest minus lowest) of the assessors' scores. "
                                f"A spread of {data.rubric.moderation.spread_threshold:g} or more is flagged for "
                                "discussion.", SMALL_MUTED),
                      disagreement(data)]),
    ]
