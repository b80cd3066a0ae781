"""The chart of delivered against promised by theme, as inline SVG for the self-contained HTML page.

A share of the promise (not raw numbers) is drawn because a theme's measures come in different units;
each bar carries its figures in words, and the page repeats them in a table for screen readers.
"""

from __future__ import annotations

from html import escape

from svassessor.monitoring.words import percent
from svassessor.register.content import CHART_TITLE, ChartRow, chart_scale

WIDTH = 880
LEFT = 16
RIGHT = 130
THEME_H = 30
ROW_H = 46
BAR_H = 16
TOP = 28

PROMISE = "#5f6b7a"
BAR = "#1d6fb8"
SHORT = "#b35900"
INK = "#1f2933"
GRID = "#d5dae1"
TRACK = "#dfe4ea"


def _text(x: float, y: float, content: str, *, size: int = 13, weight: str = "normal", fill: str = INK,
          anchor: str = "start") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" fill="{fill}" '
            f'text-anchor="{anchor}" stroke="#fff" stroke-width="5" stroke-linejoin="round" paint-order="stroke">'
            f'{escape(content)}</text>')  # a white halo keeps the gridlines from running through the words


def chart_svg(rows: list[ChartRow], *, chart_id: str = "chart") -> str:
    """An SVG with a title and description; bars short of the promise are drawn in a second colour."""
    if not rows:
        return f'<p id="{chart_id}-empty">No commitment with a number promised has been reported on yet.</p>'
    scale = chart_scale(rows)
    track = WIDTH - LEFT - RIGHT
    themes = list(dict.fromkeys(r.theme for r in rows))
    height = TOP + len(themes) * THEME_H + len(rows) * ROW_H + 10

    def x_of(share: float) -> float:
        return LEFT + track * share / scale

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart" '
             f'font-family="system-ui, -apple-system, \'Segoe UI\', Roboto, sans-serif">',
             f'<title id="{chart_id}-title">{escape(CHART_TITLE)}</title>',
             f'<desc id="{chart_id}-desc">{escape(_description(rows))}</desc>']
    steps = int(scale / 0.5)
    for i in range(steps + 1):
        share = i * 0.5
        x = x_of(share)
        parts.append(f'<line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{height - 8}" stroke="{GRID}" '
                     f'stroke-width="1"/>')
        parts.append(_text(x, TOP - 12, percent(share), size=11, fill=PROMISE, anchor="middle"))
    y = TOP
    for theme in themes:
        parts.append(_text(LEFT, y + 20, theme, size=14, weight="bold"))
        y += THEME_H
        for row in (r for r in rows if r.theme == theme):
            parts.append(_text(LEFT, y + 13, f"{row.label}: {row.caption}", size=13))
            bar_y = y + 20
            colour = BAR if (row.share or 0) >= 1 else SHORT
            parts.append(f'<rect x="{LEFT}" y="{bar_y}" width="{x_of(1.0) - LEFT:.1f}" height="{BAR_H}" '
                         f'fill="{TRACK}"/>')
            parts.append(f'<rect x="{LEFT}" y="{bar_y + 2}" width="{max(x_of(row.drawn) - LEFT, 1):.1f}" '
                         f'height="{BAR_H - 4}" fill="{colour}"/>')
            if (row.share or 0) > scale:
                parts.append(_text(x_of(scale) + 4, bar_y + BAR_H - 2, "▶ off scale", size=11, fill=PROMISE))
            y += ROW_H
    x = x_of(1.0)
    parts.append(f'<line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{height - 8}" stroke="{INK}" '
                 f'stroke-width="1.5"/>')
    parts.append(_text(x + 4, height - 12, "promised", size=11, fill=INK))
    parts.append("</svg>")
    return "".join(parts)


def _description(rows: list[ChartRow]) -> str:
    """The chart in words, for screen readers: one sentence per bar."""
    return " ".join(f"{r.theme}, {r.label}: {r.caption}." for r in rows)
