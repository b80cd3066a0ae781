"""The ranking as a table: rank, movement under a what-if, scores, amount, the budget line and the decision."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from svassessor.panel.comparison import RankRow
from ui.commands.panel import decision_label
from ui.widgets.table_model import Column, Index, ListTableModel
from ui.panel.words import line_label, number, score_text
from ui.text import pounds, tr
from ui.theme import blend, is_dark, muted_colour, status_icon


def _movement(r: RankRow) -> str:
    if r.was_rank is None:
        return ""
    moved = r.was_rank - r.rank
    return f"▲{moved}" if moved > 0 else f"▼{-moved}" if moved < 0 else "="


def _line(r: RankRow) -> str:
    text = line_label(r.status)
    if r.crossed == "newly_funded":
        text += tr(" — now above the line")
    elif r.crossed == "no_longer_funded":
        text += tr(" — falls below the line")
    return text


def _line_tip(r: RankRow) -> str | None:
    if r.reason:
        return tr("Not eligible — {reason}").format(reason=r.reason)
    if r.at_cut_off:
        return tr("The cut-off: the first eligible application the budget left cannot fund")
    return None


def _decision(r: RankRow) -> str:
    if r.decision is None:
        return ""
    text = decision_label(r.decision.decision)
    return f"{text} {pounds(r.decision.amount_awarded)}" if r.decision.decision == "fund" else text


def _share(r: RankRow) -> str:
    return "" if r.funded_share is None else f"{r.funded_share * 100:.0f}%"


def _who(r: RankRow) -> str:
    return f"{r.standing.candidate.reference}\n{r.standing.candidate.organisation}"


def _priority(r: RankRow) -> str:
    return f"+{number(r.standing.priority_points)}" if r.standing.priority_points else ""


class RankingModel(ListTableModel[RankRow]):
    columns = (
        Column(tr("Rank"), lambda r: r.rank, right=True),
        Column(tr("Move"), _movement, tooltip=lambda r: tr("Rank at the round's own weight: {n}").format(n=r.was_rank)
               if r.was_rank else None),
        Column(tr("Ref"), lambda r: r.standing.candidate.reference, tooltip=_who),
        Column(tr("Organisation"), lambda r: r.standing.candidate.organisation, tooltip=_who),
        Column(tr("Total"), lambda r: score_text(r.standing.total.total, 1), right=True),
        Column(tr("Priority"), _priority, right=True,
               tooltip=lambda r: r.standing.priority.label if r.standing.priority else None),
        Column(tr("Score"), lambda r: score_text(r.standing.ranking_score, 1), right=True,
               tooltip=lambda r: tr("Ranking score: the total (tenders: the price, quality and social value mix) "
                                    "plus priority points")),
        Column(tr("Amount"), lambda r: pounds(r.standing.cost), right=True,
               tooltip=lambda r: tr("What funding it takes: the amount awarded once decided, else the amount "
                                    "requested (tenders: the price)")),
        Column(tr("£ per SV point"), lambda r: pounds(r.sv_point_cost.quantize(1)) if r.sv_point_cost else "",
               right=True, tooltip=lambda r: tr("What each extra point of social value costs over the cheapest bid")),
        Column(tr("Budget line"), _line, tooltip=_line_tip),
        Column(tr("Funded in"), _share, right=True,
               tooltip=lambda r: tr("Funded in {share} of the re-rankings of the funding line test").format(
                   share=_share(r)) if r.funded_share is not None else None),
        Column(tr("Decision"), _decision, tooltip=lambda r: r.decision.feedback if r.decision else None),
    )
    MOVE, REF, COST, LINE, SHARE, DECISION = 1, 2, 8, 9, 10, 11

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid() and 0 <= index.row() < len(self._rows):
            return self.background(self._rows[index.row()])
        if role == Qt.ItemDataRole.AccessibleTextRole and index.isValid():
            return super().data(index, Qt.ItemDataRole.DisplayRole)
        return super().data(index, role)

    def background(self, row: RankRow) -> Any:
        """Rows that cross the line under a what-if stand out; nothing else is tinted."""
        if row.crossed is None:
            return None
        base = QApplication.palette().color(QPalette.ColorRole.Base)
        hue = QColor("#2ec27e") if row.crossed == "newly_funded" else QColor("#e66100")
        return blend(base, hue, 0.35 if is_dark() else 0.22)

    def decoration(self, row: RankRow, column: int) -> Any:
        if column != self.LINE:
            return None
        return status_icon({"funded": "submitted", "below_line": "not_started", "not_eligible": "conflict"}
                           .get(row.status or "", "not_started"))

    def foreground(self, row: RankRow, column: int) -> Any:
        return muted_colour() if row.status == "not_eligible" else None

    def font(self, row: RankRow, column: int) -> Any:
        """A marginal application's share in bold: funded in some re-rankings, not others."""
        if column == self.SHARE and row.funded_share is not None and 0 < row.funded_share < 1:
            font = QApplication.font()
            font.setBold(True)
            return font
        return None
