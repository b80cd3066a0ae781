"""How the panel shows numbers and statuses: rounding happens here, only when shown (DESIGN §4)."""

from __future__ import annotations

from svassessor.scoring.ranking import Status
from ui.text import tr


def number(value: float | None, decimals: int = 2) -> str:
    """A number as a chair reads it: 3, 2.67, 0.5; '—' for none."""
    if value is None:
        return "—"
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def score_text(value: float | None, decimals: int = 2) -> str:
    """A score in a table cell: empty when not scored (never 0), fixed decimals so columns line up."""
    return "" if value is None else f"{value:.{decimals}f}" if decimals == 1 else number(value, decimals)


def line_label(status: Status | None) -> str:
    return {"funded": tr("Funded"), "below_line": tr("Below the line"), "not_eligible": tr("Not eligible"),
            None: tr("No budget set")}[status]


def percent(value: float) -> str:
    return f"{number(value, 1)}%"
