"""Funded applications and their offers as a two-level tree: the promise beside what was delivered.

The model wraps a `RoundProgress` from the core and never adds anything up itself: an application's
line is the core's `totals`, an offer's share is the core's `share`. A delivery changes figures, not
the shape (the same applications and offers), so `set_progress` swaps the data and announces changed
cells: selection, expansion and scroll position survive an edit, an undo and a redo.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics

from svassessor.monitoring import ApplicationProgress, OfferProgress, RoundProgress
from svassessor.monitoring.words import amount, of, percent
from svassessor.register.content import offer_line, status_line
from svassessor.money import money_text as money
from ui.commands.deliveries import status_word
from ui.monitoring.paint import SHARE_ROLE, STATUS_ROLE, status_icon
from ui.text import one_line, tooltip, tr

Index = QModelIndex | QPersistentModelIndex
ITEM_ROLE = Qt.ItemDataRole.UserRole + 22  # the ApplicationProgress or OfferProgress of the row
_TOP = 0  # internalId of an application row; an offer row's is its application's row + 1


@dataclass(frozen=True)
class TreeColumn:
    """One column, said once for both kinds of row."""

    header: str
    application: Callable[[ApplicationProgress], str]
    offer: Callable[[OfferProgress], str]
    tip: Callable[[OfferProgress], str | None] | None = None
    right: bool = False


def short_date(day: date | None) -> str:
    """'20 Nov 2025': a date that fits a column."""
    return "–" if day is None else f"{day.day} {day:%b %Y}"


def _so_far(o: OfferProgress) -> str:
    if o.promised is None:
        return tr("{n}; no number promised").format(n=amount(o.delivered, o.unit))
    return of(o.delivered, o.promised, o.unit)


COLUMNS = (
    TreeColumn(tr("Commitment"),
               lambda a: f"{a.application.reference}  {one_line(a.application.organisation.name, 60)}",
               lambda o: f"{o.number}. {one_line(o.offer.description, 100)}",
               tip=lambda o: o.offer.description),
    TreeColumn(tr("Status"), lambda a: status_line(a.totals), lambda o: status_word(o.status)),
    TreeColumn(tr("Progress"), lambda a: "", lambda o: percent(o.share), tip=offer_line),
    TreeColumn(tr("Delivered of promised"), lambda a: tr("{money} awarded").format(
        money=money(a.decision.amount_awarded)), _so_far, tip=offer_line, right=True),
    TreeColumn(tr("Latest report"), lambda a: short_date(max((o.latest.on for o in a.offers if o.latest), default=None)),
               lambda o: short_date(o.latest.on if o.latest else None)),
)
PROGRESS_COLUMN = 2


class ProgressModel(QAbstractItemModel):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.progress: RoundProgress | None = None

    def set_progress(self, progress: RoundProgress | None) -> None:
        """Show a new picture; a reset only when the applications or offers themselves differ."""
        old = self.progress
        if old is not None and progress is not None and _shape(old) == _shape(progress):
            self.progress = progress
            last = len(COLUMNS) - 1
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, last))
            for row in range(self.rowCount()):
                parent = self.index(row, 0)
                self.dataChanged.emit(self.index(0, 0, parent), self.index(self.rowCount(parent) - 1, last, parent))
            return
        self.beginResetModel()
        self.progress = progress
        self.endResetModel()

    # finding rows -------------------------------------------------------------------------------
    def item(self, index: Index) -> ApplicationProgress | OfferProgress | None:
        if not index.isValid() or self.progress is None:
            return None
        if index.internalId() == _TOP:
            return self.progress.applications[index.row()]
        return self.progress.applications[index.internalId() - 1].offers[index.row()]

    def offer_index(self, offer_id: str) -> QModelIndex:
        if self.progress is not None:
            for a_row, application in enumerate(self.progress.applications):
                for o_row, offer in enumerate(application.offers):
                    if offer.offer.id == offer_id:
                        return self.index(o_row, 0, self.index(a_row, 0))
        return QModelIndex()

    # Qt's side ----------------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if self.progress is None or not 0 <= column < len(COLUMNS):
            return QModelIndex()
        if not parent.isValid():
            ok = 0 <= row < len(self.progress.applications)
            return self.createIndex(row, column, _TOP) if ok else QModelIndex()
        if parent.internalId() != _TOP:
            return QModelIndex()
        offers = self.progress.applications[parent.row()].offers
        return self.createIndex(row, column, parent.row() + 1) if 0 <= row < len(offers) else QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if self.progress is None:
            return 0
        if not parent.isValid():
            return len(self.progress.applications)
        if parent.internalId() == _TOP and parent.column() == 0:
            return len(self.progress.applications[parent.row()].offers)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item(index)
        if item is None or not 0 <= index.column() < len(COLUMNS):
            return None
        column = COLUMNS[index.column()]
        is_offer = isinstance(item, OfferProgress)
        if role == Qt.ItemDataRole.DisplayRole:
            return column.offer(item) if is_offer else column.application(item)  # type: ignore[arg-type]
        if role == ITEM_ROLE:
            return item
        if role == Qt.ItemDataRole.ToolTipRole:
            if is_offer and column.tip is not None:
                return tooltip(column.tip(item))  # type: ignore[arg-type]
            return None if is_offer else tooltip(item.application.title)  # type: ignore[union-attr]
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 1 and is_offer:
            return status_icon(item.status)  # type: ignore[union-attr]
        if role == Qt.ItemDataRole.TextAlignmentRole and column.right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.SizeHintRole and index.column() == 0:
            return QSize(-1, QFontMetrics(QFont()).height() + 10)  # room to read, and for the bar
        if role == Qt.ItemDataRole.FontRole and not is_offer:
            font = QFont()
            font.setBold(True)
            return font
        if index.column() == PROGRESS_COLUMN and is_offer:
            if role == SHARE_ROLE:
                return item.share  # type: ignore[union-attr]
            if role == STATUS_ROLE:
                return item.status  # type: ignore[union-attr]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(COLUMNS):
            return tr(COLUMNS[section].header)
        return None


def _shape(progress: RoundProgress) -> list[tuple[str, tuple[str, ...]]]:
    return [(a.application.id, tuple(o.offer.id for o in a.offers)) for a in progress.applications]
