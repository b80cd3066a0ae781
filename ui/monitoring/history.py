"""Every delivery report of an offer (or of all an application's offers), newest first, as cards.

A grant holder's story is the point of monitoring (DESIGN §2.2: statistics mean little outside a
narrative), so each report is drawn whole: date, status, the quantity so far against the promise,
the story and the evidence, wrapped to the width of the list. The cards are painted by a delegate
(plain text through QTextLayout, never markup); the row's display text says the same for a screen
reader.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPalette, QPen
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, \
    QWidget

from svassessor.models import Delivery
from svassessor.monitoring import ApplicationProgress, OfferProgress
from svassessor.monitoring.words import amount, of, when
from ui.commands.deliveries import status_word
from ui.widgets.table_model import ROW_ROLE, Column, ListTableModel
from ui.monitoring.paint import status_colour, status_tint, text_layout
from ui.text import one_line, tr
from ui.theme import secondary_text


@dataclass(frozen=True)
class HistoryRow:
    offer: OfferProgress
    delivery: Delivery
    show_offer: bool  # on an application's list, each card names its offer


def history_rows(item: ApplicationProgress | OfferProgress | None) -> list[HistoryRow]:
    """The reports to show for a chosen row, newest first."""
    if isinstance(item, OfferProgress):
        return [HistoryRow(item, d, False) for d in reversed(item.history)]
    if isinstance(item, ApplicationProgress):
        rows = [HistoryRow(o, d, True) for o in item.offers for d in o.history]
        return sorted(rows, key=lambda r: (r.delivery.on, r.delivery.recorded_at), reverse=True)
    return []


def quantity_words(row: HistoryRow) -> str:
    d, o = row.delivery, row.offer
    if d.quantity is None:
        return tr("no number given")
    if o.promised is None:
        return tr("{n} so far").format(n=amount(d.quantity, o.unit))
    return tr("{n} so far").format(n=of(d.quantity, o.promised, o.unit))


def spoken(row: HistoryRow) -> str:
    """The whole card in one sentence, for a screen reader and a tooltip."""
    d = row.delivery
    parts = [when(d.on), status_word(d.status), quantity_words(row)]
    if row.show_offer:
        parts.insert(0, tr("Offer {n}").format(n=row.offer.number))
    text = ", ".join(parts) + "."
    if d.story:
        text += " " + tr("Story: {s}").format(s=d.story)
    if d.evidence:
        text += " " + tr("Evidence: {e}").format(e=d.evidence)
    if names := file_names(row):
        text += " " + tr("Files: {names}").format(names=names)
    return text


def file_names(row: HistoryRow) -> str:
    """'register.pdf, photo.jpg', or '' when the report has no files."""
    return ", ".join(f.filename for f in row.offer.files_of(row.delivery))


class HistoryModel(ListTableModel[HistoryRow]):
    columns = (Column(tr("Report"), lambda r: r, spoken),)


class _Card:
    """Where each part of a card goes, for one width: shared by sizeHint and paint so they agree."""

    PAD = 10
    GAP = 4

    def __init__(self, row: HistoryRow, font: QFont, width: float):
        self.row = row
        self.bold, self.small = QFont(font), QFont(font)
        self.bold.setBold(True)
        self.small.setPointSizeF(max(font.pointSizeF() * 0.9, 7))
        self.caption = QFont(self.small)
        self.caption.setBold(True)
        self.font = font
        inner = width - 2 * self.PAD
        self.line = QFontMetricsF(self.bold).height() + 6
        self.caption_h = QFontMetricsF(self.caption).height()
        d = row.delivery
        self.offer = text_layout(tr("Offer {n}: {d}").format(n=row.offer.number, d=one_line(
            row.offer.offer.description, 200)), self.small, inner) if row.show_offer else None
        self.story = text_layout(d.story, font, inner) if d.story.strip() else None
        self.evidence = text_layout(d.evidence, font, inner) if d.evidence.strip() else None
        names = file_names(row)
        self.files = text_layout(names, self.small, inner) if names else None
        height = self.PAD + self.line
        if self.offer:
            height += self.offer[1] + self.GAP
        for part in (self.story, self.evidence, self.files):
            if part:
                height += self.GAP + self.caption_h + part[1]
        if not self.story and not self.evidence:
            height += self.GAP + self.caption_h
        self.footer = QFontMetricsF(self.small).height()
        self.height = height + self.GAP + self.footer + self.PAD


class HistoryDelegate(QStyledItemDelegate):
    MARGIN = 4

    def __init__(self, view: QListView):
        super().__init__(view)
        self.view = view

    def _card(self, option: QStyleOptionViewItem, index: QModelIndex) -> _Card:
        width = self.view.viewport().width() - 2 * self.MARGIN
        return _Card(index.data(ROW_ROLE), option.font, max(width, 200))

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        card = self._card(option, index)
        return QSize(self.view.viewport().width(), int(card.height) + 2 * self.MARGIN)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        card = self._card(option, index)
        row: HistoryRow = card.row
        d = row.delivery
        palette = option.palette
        box = QRectF(option.rect).adjusted(self.MARGIN, self.MARGIN, -self.MARGIN, -self.MARGIN)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = selected and bool(option.state & QStyle.StateFlag.State_HasFocus)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        edge = palette.color(QPalette.ColorRole.Highlight) if selected else palette.color(QPalette.ColorRole.Mid)
        painter.setPen(QPen(edge, 2.5 if focused else 2 if selected else 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(box, 6, 6)
        # a stripe in the status colour down the left edge
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(status_colour(d.status))
        painter.drawRoundedRect(QRectF(box.left() + 1, box.top() + 1, 5, box.height() - 2), 2, 2)

        text = palette.color(QPalette.ColorRole.Text)
        muted = secondary_text()
        x, y = box.left() + card.PAD, box.top() + card.PAD
        inner = box.width() - 2 * card.PAD
        fm = QFontMetricsF(card.bold)
        painter.setFont(card.bold)
        painter.setPen(text)
        date_text = when(d.on)
        painter.drawText(QPointF(x, y + fm.ascent() + 3), date_text)
        cx = x + fm.horizontalAdvance(date_text) + 10
        word = status_word(d.status)
        chip = QRectF(cx, y, QFontMetricsF(card.small).horizontalAdvance(word) + 14, card.line - 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(status_tint(d.status))
        painter.drawRoundedRect(chip, chip.height() / 2, chip.height() / 2)
        painter.setFont(card.small)
        painter.setPen(text)
        painter.drawText(chip, int(Qt.AlignmentFlag.AlignCenter), word)
        painter.setFont(card.font)
        painter.setPen(text)
        left, right = chip.right() + 10, box.right() - card.PAD
        painter.drawText(QRectF(left, y, max(right - left, 0), card.line),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         QFontMetricsF(card.font).elidedText(quantity_words(row), Qt.TextElideMode.ElideRight,
                                                             max(right - left, 0)))
        y += card.line
        if card.offer:
            painter.setPen(muted)
            card.offer[0].draw(painter, QPointF(x, y))
            y += card.offer[1] + card.GAP
        parts = [(tr("Story"), card.story), (tr("Evidence"), card.evidence)]
        if not card.story and not card.evidence:
            parts = [(tr("No story or evidence given"), None)]
        if card.files:
            parts.append((tr("Files"), card.files))
        for caption, part in parts:
            if part is None and (card.story or card.evidence):
                continue
            y += card.GAP
            painter.setFont(card.caption)
            painter.setPen(muted)
            painter.drawText(QRectF(x, y, inner, card.caption_h), int(Qt.AlignmentFlag.AlignLeft), caption)
            y += card.caption_h
            if part is not None:
                painter.setPen(text)
                part[0].draw(painter, QPointF(x, y))
                y += part[1]
        y += card.GAP
        painter.setFont(card.small)
        painter.setPen(muted)
        who = tr("Recorded by {name}").format(name=one_line(d.recorded_by, 60))
        painter.drawText(QRectF(x, y, inner, card.footer), int(Qt.AlignmentFlag.AlignRight),
                         QFontMetricsF(card.small).elidedText(who, Qt.TextElideMode.ElideRight, inner))
        painter.restore()


class HistoryList(QListView):
    """The list of cards; it re-lays its cards out when its width changes, since wrapping depends on it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model_ = HistoryModel(self)
        self.setModel(self.model_)
        self.setItemDelegate(HistoryDelegate(self))
        self.setObjectName("history")
        self.setAccessibleName(tr("Delivery reports, newest first"))
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSpacing(0)

    def show_rows(self, rows: list[HistoryRow], keep: str | None = None) -> None:
        """Show these reports, keeping the report with id `keep` (or the one chosen before) current."""
        keep = keep or (self.current().delivery.id if self.current() else None)
        self.model_.set_rows(rows)
        found = self.model_.find(lambda r: r.delivery.id == keep) if keep else -1
        if found < 0 and rows:
            found = 0
        if found >= 0:
            self.setCurrentIndex(self.model_.index(found, 0))

    def current(self) -> HistoryRow | None:
        index = self.currentIndex()
        return self.model_.row(index.row()) if index.isValid() else None

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()
