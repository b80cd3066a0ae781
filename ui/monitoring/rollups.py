"""The round rolled up by theme, beneficiary group or place: one table each, from the core's `Group`s.

Each group shows one line per measure and unit (the core's `Tally`: people are never added to hours),
with its statuses and, when the rubric gives one, the £ proxy in its own column headed as a proxy.
Nothing is summed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from svassessor.monitoring import PROXY_LABEL, Group, Tally
from svassessor.monitoring.words import percent, pounds
from svassessor.register.content import count, status_line, tally_line
from ui.widgets.table_model import Column, ListTableModel
from ui.monitoring.paint import SHARE_ROLE, STATUS_ROLE, ProgressDelegate
from ui.text import one_line, tr
from ui.widgets.tables import read_only_rows


@dataclass(frozen=True)
class RollupRow:
    group: Group
    tally: Tally | None  # None for a group whose offers count nothing
    first: bool  # the group's first line carries its name, count, statuses and proxy


def rollup_rows(groups: tuple[Group, ...]) -> list[RollupRow]:
    rows: list[RollupRow] = []
    for group in groups:
        tallies = group.totals.tallies or (None,)
        rows += [RollupRow(group, t, i == 0) for i, t in enumerate(tallies)]
    return rows


def _first(text):
    return lambda r: text(r) if r.first else ""


def _proxy(r: RollupRow) -> str:
    t = r.group.totals
    if not r.first or t.proxy_promised is None:
        return ""
    return tr("{d} of {p}").format(d=pounds(t.proxy_delivered), p=pounds(t.proxy_promised))


class RollupModel(ListTableModel[RollupRow]):
    columns = (
        Column(tr("Group"), _first(lambda r: one_line(r.group.label, 80))),
        Column(tr("Commitments"), _first(lambda r: count(r.group.totals.offers))),
        Column(tr("Status"), _first(lambda r: status_line(r.group.totals))),
        Column(tr("What is counted"), lambda r: one_line(r.tally.label, 60) if r.tally else "–"),
        Column(tr("Delivered of promised"), lambda r: tally_line(r.tally) if r.tally else "–"),
        Column(tr("Progress"), lambda r: percent(r.tally.share) if r.tally else ""),
        Column(PROXY_LABEL, _proxy, right=True),
    )
    PROGRESS, PROXY = 5, 6

    def __init__(self, heading: str, parent: QObject | None = None):
        super().__init__(parent)
        self.heading = heading

    def has_proxy(self) -> bool:
        return any(r.group.totals.proxy_promised is not None for r in self._rows)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if section == 0 and orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.heading
        return super().headerData(section, orientation, role)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == self.PROGRESS and role in (SHARE_ROLE, STATUS_ROLE):
            tally = self._rows[index.row()].tally
            if tally is None or tally.share is None:
                return None
            if role == SHARE_ROLE:
                return tally.share
            return "delivered" if tally.share >= 1 else "on_track"  # colour only: met the promise, or not yet
        return super().data(index, role)

    def font(self, row: RollupRow, column: int) -> Any:
        if column == 0 and row.first:
            font = QFont()
            font.setBold(True)
            return font
        return None


class RollupTable(QTableView):
    def __init__(self, heading: str, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.model_ = RollupModel(heading, self)
        read_only_rows(self, self.model_, name=name, accessible_name=tr("Progress by {what}").format(
            what=heading.lower()), alternating=False)
        self.setItemDelegateForColumn(RollupModel.PROGRESS, ProgressDelegate(self))
        self.setShowGrid(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RollupModel.PROGRESS, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)

    def set_groups(self, groups: tuple[Group, ...]) -> None:
        self.model_.set_rows(rollup_rows(groups))
        self.setColumnHidden(RollupModel.PROXY, not self.model_.has_proxy())
