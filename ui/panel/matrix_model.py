"""The comparison matrix as a Qt model: applicants (rank order) × criteria, then the totals.

Every cell is answered from `svassessor.panel.comparison.Comparison`, which reads the engine's summary in
O(1) per cell, so the model holds no per-cell objects and a 2,000 × 25 round resets instantly; the
view asks only for what is on screen. Columns: organisation, one per criterion (the combined score,
heat-coloured, with marks for a spread flag and a moderated score), total, social value part,
priority points (their own column, never folded into the total), ranking score, pass marks missed.
"""

from __future__ import annotations

import textwrap
from functools import cache
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from svassessor.panel.comparison import Comparison
from ui.panel.heat import CellLook
from ui.panel.words import number, score_text
from ui.text import tooltip, tr
from ui.theme import warning_colour

Index = QModelIndex | QPersistentModelIndex
APP_ROLE = int(Qt.ItemDataRole.UserRole) + 20  # application id
CRITERION_ROLE = int(Qt.ItemDataRole.UserRole) + 21  # criterion id, or None outside the criteria
MARK_ROLE = int(Qt.ItemDataRole.UserRole) + 22  # bits: FLAG_OPEN, FLAG_DISCUSSED, MODERATED (an int, see below)
VALUE_ROLE = int(Qt.ItemDataRole.UserRole) + 23  # the exact number shown, for tests and sorting
# A cell's marks for tests and screen readers, as bits (an icon shows them; see `heat._mark_icon`).
FLAG_OPEN, FLAG_DISCUSSED, MODERATED = 1, 2, 4
CENTRE = int(Qt.AlignmentFlag.AlignCenter)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
TAIL = ("total", "social_value", "priority", "ranking", "pass")
# Plain ints: `data()` runs for every role of every visible cell on each paint, and comparing ints is
# several times cheaper than comparing Qt's enum members; roles nobody answers return at once.
R = Qt.ItemDataRole
DISPLAY, BACKGROUND, ALIGN, TIP, ACCESSIBLE, FOREGROUND, FONT, DECORATION = (
    int(R.DisplayRole), int(R.BackgroundRole), int(R.TextAlignmentRole), int(R.ToolTipRole),
    int(R.AccessibleTextRole), int(R.ForegroundRole), int(R.FontRole), int(R.DecorationRole))
ANSWERED = frozenset({DISPLAY, BACKGROUND, ALIGN, TIP, ACCESSIBLE, FOREGROUND, FONT, DECORATION, APP_ROLE,
                      CRITERION_ROLE, MARK_ROLE, VALUE_ROLE})


@cache
def _below_pass_mark() -> QFont:
    font = QFont(QApplication.font())
    font.setBold(True)
    font.setUnderline(True)
    return font


class ComparisonModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.matrix: Comparison | None = None
        self.names: dict[str, str] = {}  # assessor id → name, for the drill-down
        self._criteria = 0
        self._columns = 0
        self.look = CellLook()

    def set_comparison(self, matrix: Comparison | None, names: dict[str, str]) -> None:
        self.beginResetModel()
        self.matrix, self.names = matrix, names
        self._criteria = len(matrix.columns) if matrix else 0
        self._columns = 1 + self._criteria + len(TAIL) if matrix else 0
        self.look = CellLook()  # the theme may have changed since
        self.endResetModel()

    # geometry -------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self.matrix is None else len(self.matrix.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self.matrix is None else 1 + self._criteria + len(TAIL)

    def criterion_column(self, column: int) -> int | None:
        """The index into the matrix's criteria of a model column, or None."""
        return column - 1 if 1 <= column <= self._criteria else None

    def column_of(self, criterion_id: str) -> int:
        assert self.matrix is not None
        return 1 + next(i for i, c in enumerate(self.matrix.columns) if c.id == criterion_id)

    def tail(self, column: int) -> str | None:
        offset = column - 1 - self._criteria
        return TAIL[offset] if 0 <= offset < len(TAIL) else None

    # cells ----------------------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        m = self.matrix
        role = int(role)
        if m is None or role not in ANSWERED or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if not 0 <= row < len(m.rows) or not 0 <= column < self._columns:
            return None
        if role == APP_ROLE:
            return m.application(row)
        if 1 <= column <= self._criteria:
            return self._criterion_data(m, row, column - 1, role)
        if role == CRITERION_ROLE:
            return None
        return self._other_data(m, row, column, role)

    def _criterion_data(self, m: Comparison, row: int, c: int, role: int) -> Any:
        if role == DISPLAY:
            return score_text(m.value(row, c))
        if role == BACKGROUND:
            return self.look.brush(m.fraction(row, c))
        if role == ALIGN:
            return CENTRE
        if role == DECORATION or role == MARK_ROLE:
            moderated = m.moderated(row, c) is not None
            flag = 0 if m.flag(row, c) is None else FLAG_DISCUSSED if moderated else FLAG_OPEN
            if role == DECORATION:
                return self.look.icon(flag, moderated)
            return flag | (MODERATED if moderated else 0)
        if role == CRITERION_ROLE:
            return m.columns[c].id
        if role == FONT and m.columns[c].id in m.rows[row].threshold_failures:
            return _below_pass_mark()  # bold and underlined: no colour that could clash with the heat
        if role == VALUE_ROLE:
            return m.value(row, c)
        if role == TIP:
            return tooltip(self.cell_words(row, c))
        if role == ACCESSIBLE:
            return self.cell_words(row, c).replace("\n", "; ")
        return None

    def cell_words(self, row: int, c: int) -> str:
        """The drill-down in words: each assessor's raw score, the spread, what the panel uses."""
        assert self.matrix is not None
        m = self.matrix
        column, detail = m.columns[c], m.detail(row, c)
        lines = [f"{m.rows[row].candidate.reference} · {column.title}"]
        for assessor, score in sorted(detail.scores, key=lambda s: self.names.get(s[0], s[0])):
            lines.append(f"  {self.names.get(assessor, assessor)}: {number(score)}")
        if not detail.scores:
            lines.append(tr("  Not scored by anyone yet"))
        if detail.spread is not None:
            lines.append(tr("Spread {spread}").format(spread=number(detail.spread))
                         + (tr(" — at or over the threshold: to discuss") if detail.flagged else ""))
        if detail.moderated is not None:
            lines.append(tr("Agreed by the panel: {score} (the assessors' {aggregate} was {before})").format(
                score=number(detail.moderated), aggregate=tr(detail.aggregate), before=number(detail.before_moderation)))
        elif detail.combined is not None:
            lines.append(tr("Panel score ({aggregate}): {score}").format(aggregate=tr(detail.aggregate),
                                                                         score=number(detail.combined)))
        if detail.below_pass_mark:
            lines.append(tr("Below the pass mark of {mark}").format(mark=number(column.pass_mark)))
        return "\n".join(lines)

    def _other_data(self, m: Comparison, row: int, column: int, role: int) -> Any:
        standing = m.rows[row]
        name = self.tail(column)
        if role == DISPLAY:
            if column == 0:
                return standing.candidate.organisation
            if name == "total":
                text = score_text(standing.total.total, 1)
                return text if standing.total.complete or standing.total.total is None else text + " *"
            if name == "social_value":
                return score_text(standing.total.social_value, 1)
            if name == "priority":
                return f"+{number(standing.priority_points)}" if standing.priority_points else ""
            if name == "ranking":
                return score_text(standing.ranking_score, 1)
            if name == "pass":
                titles = {c.id: c.title for c in m.columns}
                return ", ".join(titles.get(f, f) for f in standing.threshold_failures)
        if role == VALUE_ROLE:
            return {"total": standing.total.total, "social_value": standing.total.social_value,
                    "priority": standing.priority_points, "ranking": standing.ranking_score}.get(name or "")
        if role == ALIGN and name in ("total", "social_value", "priority", "ranking"):
            return RIGHT
        if role == FOREGROUND and name == "pass":
            return warning_colour()
        if role == TIP:
            return tooltip(self._tail_tip(m, row, name))
        return None

    def _tail_tip(self, m: Comparison, row: int, name: str | None) -> str | None:
        s = m.rows[row]
        if name is None:
            return f"{s.candidate.organisation}\n{s.candidate.reference}"
        if name == "total" and not s.total.complete and s.total.total is not None:
            return tr("Partial: {scored} of {criteria} criteria scored").format(scored=s.total.scored,
                                                                               criteria=s.total.criteria)
        if name == "priority" and s.priority is not None:
            return tr("+{points} for {label}: shown beside the total, added only to the ranking score").format(
                points=number(s.priority_points), label=s.priority.label)
        if name == "pass" and s.threshold_failures:
            return tr("Does not meet threshold: not eligible for funding whatever its rank")
        return None

    # headers --------------------------------------------------------------------------------------
    def row_label(self, row: int) -> str:
        """A row's header: its rank and its whole reference."""
        assert self.matrix is not None
        return f"{row + 1:>3}  {self.matrix.rows[row].candidate.reference}"

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        m = self.matrix
        role = int(role)
        if m is None or role not in (DISPLAY, TIP):
            return None
        if orientation == Qt.Orientation.Vertical:
            if not 0 <= section < len(m.rows):
                return None
            if role == DISPLAY:
                return self.row_label(section)
            if role == TIP:
                candidate = m.rows[section].candidate
                return tooltip(tr("Rank {n}: {reference}\n{org}").format(
                    n=section + 1, reference=candidate.reference, org=candidate.organisation))
            return None
        c = self.criterion_column(section)
        if role == DISPLAY:
            if section == 0:
                return tr("Organisation")
            if c is not None:
                lines = textwrap.wrap(m.columns[c].title, 10, break_long_words=False)
                return "\n".join(lines[:3]) + ("…" if len(lines) > 3 else "")
            return {"total": tr("Total"), "social_value": tr("Social\nvalue"), "priority": tr("Priority\npoints"),
                    "ranking": tr("Ranking\nscore"), "pass": tr("Fails\npass mark")}.get(self.tail(section) or "")
        if role == TIP and c is not None:
            column = m.columns[c]
            part = tr("social value") if column.part == "social_value" else tr("quality")
            text = tr("{title}\nTheme: {theme} ({part})\nScale {low}–{high}").format(
                title=column.title, theme=column.theme, part=part, low=number(column.low), high=number(column.high))
            if column.pass_mark is not None:
                text += "\n" + tr("Pass mark {mark}").format(mark=number(column.pass_mark))
            return tooltip(text)
        if role == TIP and self.tail(section) == "total":
            return tooltip(tr("The assessed total, 0–100, from the panel's scores (* = not every criterion scored)"))
        return None
