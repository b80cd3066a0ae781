"""Drawings for the PDF register: delivered against promised by theme, and one progress bar per offer.

The same rows and scale as the HTML chart (`content.chart_rows`), drawn with reportlab.graphics: a
grey band to 100% is the promise, the bar over it is what has been delivered so far, orange where it
falls short.
Labels are rubric and unit text, cleaned and shortened to fit by `fonts.fit`.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from svassessor.monitoring.model import Status
from svassessor.monitoring.words import percent
from svassessor.register.content import ChartRow, chart_scale
from svassessor.reports.fonts import BOLD, SANS, fit
from svassessor.reports.style import INK, MUTED, RULE

TRACK = colors.HexColor("#dfe4ea")
BAR = colors.HexColor("#1d6fb8")
SHORT = colors.HexColor("#b35900")
STATUS_COLOURS: dict[Status, colors.Color] = {
    "delivered": colors.HexColor("#2e7d32"), "on_track": colors.HexColor("#1d6fb8"),
    "at_risk": colors.HexColor("#c77700"), "missed": colors.HexColor("#c62828"),
    "not_reported": colors.HexColor("#90a4ae")}
STATUS_INK: dict[Status, str] = {"delivered": "#1b5e20", "on_track": "#0d47a1", "at_risk": "#6d4300",
                                 "missed": "#8e1b1b", "not_reported": "#37474f"}

_THEME_H, _ROW_H, _BAR_H, _TOP, _RIGHT = 18, 27, 9, 18, 50


def _box(x: float, y: float, width: float, height: float, fill: colors.Color) -> Rect:
    """A filled rectangle with no outline."""
    box = Rect(x, y, width, height)
    box.fillColor, box.strokeColor = fill, None
    return box


def chart(rows: list[ChartRow], width: float) -> Drawing:
    """Bars grouped under their theme, with a gridline every 50% and the promise line at 100%."""
    themes = list(dict.fromkeys(r.theme for r in rows))
    height = _TOP + len(themes) * _THEME_H + len(rows) * _ROW_H + 12
    drawing = Drawing(width, height)
    if not rows:
        drawing.add(String(width / 2, height / 2, "No commitment with a number promised has been reported on yet.",
                           fontName=SANS, fontSize=8, fillColor=MUTED, textAnchor="middle"))
        return drawing
    scale = chart_scale(rows)
    track = width - _RIGHT

    def x_of(share: float) -> float:
        return track * share / scale

    for i in range(int(scale / 0.5) + 1):
        x = x_of(i * 0.5)
        drawing.add(Line(x, 8, x, height - _TOP + 4, strokeColor=RULE, strokeWidth=0.5))
        drawing.add(String(x, height - _TOP + 8, percent(i * 0.5), fontName=SANS, fontSize=6.5, fillColor=MUTED,
                           textAnchor="middle"))
    y = height - _TOP
    for theme in themes:
        y -= _THEME_H
        title = fit(theme, width, font=BOLD, size=8.5)
        drawing.add(_box(0, y + 3, stringWidth(title, BOLD, 8.5) + 3, 10, colors.white))
        drawing.add(String(0, y + 5, title, fontName=BOLD, fontSize=8.5, fillColor=INK))
        for row in (r for r in rows if r.theme == theme):
            y -= _ROW_H
            text = fit(f"{row.label}: {row.caption}", width, size=7.5)
            # keeps the gridlines from running through the words
            drawing.add(_box(0, y + _BAR_H + 3, stringWidth(text, SANS, 7.5) + 3, 9, colors.white))
            drawing.add(String(0, y + _BAR_H + 5, text, fontName=SANS, fontSize=7.5, fillColor=INK))
            drawing.add(_box(0, y + 1, x_of(1.0), _BAR_H, TRACK))
            colour = BAR if (row.share or 0) >= 1 else SHORT
            drawing.add(_box(0, y + 2.5, max(x_of(row.drawn), 0.8), _BAR_H - 3, colour))
            if (row.share or 0) > scale:
                drawing.add(String(x_of(scale) + 3, y + 2.5, "▶ off scale", fontName=SANS, fontSize=6.5,
                                   fillColor=MUTED))
    x = x_of(1.0)
    drawing.add(Line(x, 8, x, height - _TOP + 4, strokeColor=INK, strokeWidth=1))
    drawing.add(String(x + 3, 0, "promised", fontName=SANS, fontSize=6.5, fillColor=INK))
    return drawing


def progress_bar(share: float | None, status: Status, width: float) -> Drawing:
    """A thin bar: the promise as a grey band, what was delivered over it in the status colour."""
    drawing = Drawing(width, 7)
    drawing.add(_box(0, 0, width, 6, TRACK))
    filled = min(share or 0.0, 1.0) * width
    if filled > 0:
        drawing.add(_box(0, 0, filled, 6, STATUS_COLOURS[status]))
    return drawing

