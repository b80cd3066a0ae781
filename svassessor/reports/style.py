"""The look shared by every PDF: colours, paragraph styles, table styles, figures as people read them.

One place, so the panel pack, the assessments and the letters read as one family of documents.
Rounding happens here and only here: the engine's exact values are formatted for the eye.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import TableStyle

from svassessor.money import money_text
from svassessor.reports.fonts import BOLD, SANS, register

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#616e7c")
RULE = colors.HexColor("#cbd2d9")
BAND = colors.HexColor("#f2f4f7")
ACCENT = colors.HexColor("#1d4e89")
FUNDED = colors.HexColor("#e3f1e6")
INELIGIBLE_INK = colors.HexColor("#8a8f98")
LINE = colors.HexColor("#c62828")
FLAG = colors.HexColor("#fdecea")

register()


def _style(name: str, **kw: Any) -> ParagraphStyle:
    base = {"fontName": SANS, "fontSize": 9, "leading": 12, "textColor": INK}
    return ParagraphStyle(name, **{**base, **kw})


BODY = _style("body", spaceAfter=4)
SMALL = _style("small", fontSize=7.5, leading=9.5)
SMALL_MUTED = _style("small-muted", fontSize=7.5, leading=9.5, textColor=MUTED)
CELL = _style("cell", fontSize=8, leading=10)
CELL_CENTRE = _style("cell-centre", fontSize=8, leading=10, alignment=TA_CENTER)
CELL_HEAD = _style("cell-head", fontName=BOLD, fontSize=7.5, leading=9.5, textColor=colors.white)
CELL_HEAD_RIGHT = _style("cell-head-right", fontName=BOLD, fontSize=7.5, leading=9.5, textColor=colors.white,
                         alignment=TA_RIGHT)
CELL_HEAD_CENTRE = _style("cell-head-centre", fontName=BOLD, fontSize=7.5, leading=9.5, textColor=colors.white,
                          alignment=TA_CENTER)
TITLE = _style("title", fontName=BOLD, fontSize=26, leading=32, textColor=ACCENT, spaceAfter=6)
SUBTITLE = _style("subtitle", fontSize=14, leading=19, textColor=INK, spaceAfter=18)
H1 = _style("h1", fontName=BOLD, fontSize=15, leading=19, textColor=ACCENT, spaceBefore=0, spaceAfter=8)
H2 = _style("h2", fontName=BOLD, fontSize=10.5, leading=14, textColor=INK, spaceBefore=8, spaceAfter=3)
LABEL = _style("label", fontName=BOLD, fontSize=8, leading=10, textColor=MUTED)
QUOTE = _style("quote", fontSize=8.5, leading=11.5, leftIndent=10, textColor=INK)
TOC_1 = _style("toc1", fontName=BOLD, fontSize=10, leading=15, leftIndent=0)
TOC_2 = _style("toc2", fontSize=8.5, leading=11.5, leftIndent=14)
LETTER = _style("letter", fontSize=10.5, leading=15, spaceAfter=9)
LETTER_HEAD = _style("letter-head", fontSize=9, leading=12, textColor=MUTED, alignment=TA_RIGHT)


def grid(*extra: tuple) -> TableStyle:
    """A data table: dark header row, hairline rules, text aligned to the top.

    Plain-string cells (figures: far cheaper to lay out than paragraphs, which matters at 200
    applications) are set in the body font at 8 points.
    """
    return TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), SANS),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("LEADING", (0, 0), (-1, -1), 10),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("FONTSIZE", (0, 0), (-1, 0), 7.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        *extra,
    ])


money = money_text  # £12,480 or £12,480.50; an en dash when there is no amount


def points(value: float | None, digits: int = 1) -> str:
    """A score or total for display (the exact value stays in the file); an en dash when none."""
    return "–" if value is None else f"{value:.{digits}f}"


def level(value: float | None) -> str:
    """A criterion score as given: 3, or 2.67 for a mean of several assessors."""
    if value is None:
        return "–"
    return f"{value:g}" if float(value).is_integer() else f"{value:.2f}"


STATUS_WORDS = {"funded": "Within budget", "below_line": "Below the line", "not_eligible": "Not eligible",
                None: "No budget line"}
DECISION_WORDS = {"fund": "Fund", "reserve": "Reserve", "decline": "Decline"}
