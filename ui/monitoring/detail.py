"""The chosen commitment (or application) in full: the promise, the figures so far, and every report.

Everything here is words the core already wrote (`offer_line`, `proxy_line`, `tally_line`,
`status_line`); the £ proxy appears only in its own line, which starts with "£ proxy, not the score".
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFormLayout, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from svassessor.monitoring import ApplicationProgress, OfferProgress
from svassessor.monitoring.words import amount
from svassessor.register.content import offer_line, proxy_line, status_line, tally_line, totals_proxy_line
from svassessor.money import money_text as money
from ui.commands.deliveries import status_word
from ui.context import AppContext
from ui.monitoring.history import HistoryList, history_rows
from ui.text import one_line, plain_label, tr
from ui.theme import secondary_text
from ui.widgets.attachments import AttachmentList


class DetailPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("monitoringDetail")
        self.item: ApplicationProgress | OfferProgress | None = None
        self.where = plain_label("", self, name="detailWhere", selectable=True)
        self.title = plain_label("", self, name="detailTitle", selectable=True)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.title.setFont(font)
        self.facts = QFormLayout()
        self.facts.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.facts.setHorizontalSpacing(14)
        self.facts.setVerticalSpacing(4)
        self.record_button = QPushButton(tr("&Record delivery…"), self)
        self.record_button.setObjectName("recordDelivery")
        self.amend_button = QPushButton(tr("&Amend report…"), self)
        self.amend_button.setObjectName("amendDelivery")
        self.remove_button = QPushButton(tr("Re&move report"), self)
        self.remove_button.setObjectName("removeDelivery")
        buttons = QHBoxLayout()
        for button in (self.record_button, self.amend_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.reports = plain_label(tr("Reports, newest first"), self, name="reportsHeading")
        bold = QFont(self.reports.font())
        bold.setBold(True)
        self.reports.setFont(bold)
        self.history = HistoryList(self)
        self.files_heading = plain_label(tr("Files kept with this report (Enter opens one)"), self,
                                         name="reportFilesHeading")
        self.files = AttachmentList(ctx, self, name="reportFiles", label=tr("Files kept with the chosen report "
                                                                          "(Enter opens one)"),
                                    empty=tr("No files kept with this report."))
        self.files.setMaximumHeight(90)
        self.history.selectionModel().currentRowChanged.connect(lambda *_: self._show_files())
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.where)
        layout.addWidget(self.title)
        layout.addLayout(self.facts)
        layout.addLayout(buttons)
        layout.addWidget(line)
        layout.addWidget(self.reports)
        layout.addWidget(self.history, 1)
        layout.addWidget(self.files_heading)
        layout.addWidget(self.files)

    def show_item(self, item: ApplicationProgress | OfferProgress | None, keep_delivery: str | None = None) -> None:
        """Show a commitment or an application (None: a hint to choose one), keeping a report chosen."""
        self.item = item
        while self.facts.rowCount():
            self.facts.removeRow(0)
        if isinstance(item, OfferProgress):
            self._offer(item)
        elif isinstance(item, ApplicationProgress):
            self._application(item)
        else:
            self.where.setText("")
            self.title.setText(tr("Choose a funded project or one of its commitments on the left."))
        self.history.show_rows(history_rows(item), keep_delivery)
        self.reports.setText(tr("Reports, newest first") if self.history.model_.rowCount()
                             else tr("No reports yet: record the first with Record delivery (Ctrl+N)."))
        self.enable_buttons()
        self._show_files()

    def enable_buttons(self) -> None:
        """Record needs a commitment, amend and remove a report; in a read-only file all three are off,
        saying why (the context's own sentence), whatever is chosen."""
        offer = isinstance(self.item, OfferProgress)
        report = self.history.current() is not None
        self.ctx.enable_edit(self.record_button, offer, "" if offer else tr("Choose one commitment first"))
        self.ctx.enable_edit(self.amend_button, report)
        self.ctx.enable_edit(self.remove_button, report)

    def _show_files(self) -> None:
        """List the chosen report's files; the list hides while no report is chosen."""
        row = self.history.current()
        self.files.show_attachments(list(row.offer.files_of(row.delivery)) if row else [])
        self.files.setVisible(row is not None)
        self.files_heading.setVisible(row is not None)

    def _fact(self, label: str, value: str, name: str = "") -> QLabel:
        shown = plain_label(value, self, name=name, selectable=True)
        caption = plain_label(label, self, wrap=False)
        palette = caption.palette()
        palette.setColor(caption.foregroundRole(), secondary_text())
        caption.setPalette(palette)
        self.facts.addRow(caption, shown)
        return shown

    def _offer(self, o: OfferProgress) -> None:
        self.where.setText(f"{o.reference} · {one_line(o.organisation, 80)} · " + tr("commitment {n}").format(n=o.number))
        self.title.setText(o.offer.description)
        self._fact(tr("Status"), status_word(o.status), "factStatus")
        self._fact(tr("Delivered"), offer_line(o), "factSoFar")
        self._fact(tr("Promised"), amount(o.promised, o.unit) if o.promised is not None else tr("No number promised"))
        self._fact(tr("Counted as"), f"{o.label} · {o.theme}")
        self._fact(tr("For whom"), o.offer.beneficiary_group or tr("No beneficiary group named"))
        self._fact(tr("Where"), o.offer.place or tr("No place named"))
        self._fact(tr("By when"), o.offer.timeframe or tr("No timeframe given"))
        if o.offer.evidence:
            self._fact(tr("Evidence offered"), o.offer.evidence)
        if (proxy := proxy_line(o)) is not None:
            self._fact(tr("£ proxy"), proxy, "factProxy")

    def _application(self, a: ApplicationProgress) -> None:
        app = a.application
        self.where.setText(f"{app.reference} · {one_line(app.organisation.name, 80)}")
        self.title.setText(app.title)
        self._fact(tr("Awarded"), money(a.decision.amount_awarded))
        self._fact(tr("Commitments"), status_line(a.totals), "factStatus")
        for tally in a.totals.tallies:
            self._fact(one_line(tally.label, 50), tally_line(tally))
        if (proxy := totals_proxy_line(a.totals)) is not None:
            self._fact(tr("£ proxy"), proxy, "factProxy")
