"""The monitoring window: each funded offer followed to what was delivered (DESIGN §2.8, §3 Delivery).

Top: the round and its headline figures. Left: funded projects and their commitments, promise beside
delivery with a status mark and a bar; under them the round rolled up by theme, beneficiary group and
place, and a chart. Right: the chosen commitment in full with every report, its story and evidence,
and the buttons to record, amend or remove a report (each one undoable command).

The picture is the core's `load_progress` and is reloaded in one place (`reload`) after every change:
one report moves an offer, its application, its theme, group and place and the headline, so all of
them are affected; a round in monitoring holds tens of offers, so this is cheap.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from svassessor.errors import SvAssessorError
from svassessor.export_formats import export
from svassessor.models import Round
from svassessor.monitoring import STATUS_WORDS, OfferProgress, RoundProgress, load_progress
from svassessor.monitoring.words import when
from svassessor.register.content import headline
from ui.commands.base import push
from ui.commands.deliveries import RemoveDeliveryCommand, delivery_events
from ui.context import AppContext
from ui.monitoring.chart import DeliveryChart
from ui.monitoring.delivery_dialog import DeliveryDialog
from ui.monitoring.detail import DetailPanel
from ui.monitoring.import_dialog import ImportReturnsDialog
from ui.monitoring.paint import ProgressDelegate, status_colour
from ui.monitoring.progress_model import ITEM_ROLE, PROGRESS_COLUMN, ProgressModel
from ui.monitoring.rollups import RollupTable
from ui.text import plain_label, tr
from ui.theme import show_warning
from ui.widgets.undo import undo_actions


class MonitoringWindow(QMainWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setObjectName("monitoringWindow")
        self.ctx = ctx
        self.round: Round | None = None
        self.progress: RoundProgress | None = None
        self.dialog: DeliveryDialog | None = None
        self._sized = False

        self.title = plain_label("", self, wrap=False, name="monitoringTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = plain_label("", self, name="monitoringSubtitle")
        self.rounds = QComboBox(self)
        self.rounds.setObjectName("monitoringRound")
        self.rounds.setAccessibleName(tr("Round in monitoring"))
        self.rounds.activated.connect(lambda _i: self.show_round(self.rounds.currentData()))
        self.figures = QHBoxLayout()
        self.figures.setSpacing(8)
        self.message = plain_label("", self, name="monitoringProblem")
        self.message.setAccessibleName(tr("Message"))
        self.message.setContentsMargins(10, 6, 10, 6)
        self.message.hide()
        self._message_timer = QTimer(self, singleShot=True, interval=12000, timeout=self.message.hide)

        self.model = ProgressModel(self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("commitments")
        self.tree.setAccessibleName(tr("Funded projects and their commitments"))
        self.tree.setModel(self.model)
        self.tree.setItemDelegateForColumn(PROGRESS_COLUMN, ProgressDelegate(self.tree))
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.selectionModel().currentRowChanged.connect(self._current_changed)
        self.tree.activated.connect(lambda _i: self.record())

        self.by_theme = RollupTable(tr("Theme"), "byTheme", self)
        self.by_group = RollupTable(tr("Beneficiary group"), "byGroup", self)
        self.by_place = RollupTable(tr("Place"), "byPlace", self)
        self.chart = DeliveryChart(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("rollupTabs")
        for widget, label in ((self.by_theme, tr("By &theme")), (self.by_group, tr("By beneficiary &group")),
                              (self.by_place, tr("By &place")), (self.chart, tr("C&hart by theme"))):
            self.tabs.addTab(widget, label)

        self.detail = DetailPanel(ctx, self)
        self.detail.record_button.clicked.connect(self.record)
        self.detail.amend_button.clicked.connect(self.amend)
        self.detail.remove_button.clicked.connect(self.remove)
        self.detail.history.selectionModel().currentRowChanged.connect(self._report_changed)
        self.detail.history.activated.connect(lambda _i: self.amend())

        left = QSplitter(Qt.Orientation.Vertical, self)
        left.addWidget(self.tree)
        left.addWidget(self.tabs)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 2)
        self.split = QSplitter(Qt.Orientation.Horizontal, self)
        self.split.addWidget(left)
        self.split.addWidget(self.detail)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        self.split.setChildrenCollapsible(False)
        self.left = left

        top = QHBoxLayout()
        heading = QVBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.subtitle)
        top.addLayout(heading, 1)
        top.addWidget(QLabel(tr("R&ound:"), self, buddy=self.rounds))
        top.addWidget(self.rounds)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(10, 8, 10, 4)
        layout.addLayout(top)
        layout.addLayout(self.figures)
        layout.addWidget(self.message)
        layout.addWidget(self.split, 1)
        self.setCentralWidget(central)

        self._actions()
        events = delivery_events(ctx)
        events.changed.connect(self._changed)
        events.reveal.connect(self.reveal)
        ctx.problem.connect(self.show_problem)
        ctx.sessionChanged.connect(self._session_changed)
        for first, second in ((self.rounds, self.tree), (self.tree, self.tabs.tabBar()),
                              (self.tabs.tabBar(), self.by_theme), (self.by_theme, self.detail.record_button),
                              (self.detail.record_button, self.detail.amend_button),
                              (self.detail.amend_button, self.detail.remove_button),
                              (self.detail.remove_button, self.detail.history),
                              (self.detail.history, self.detail.files)):
            self.setTabOrder(first, second)
        self.resize(1500, 940)
        self._session_changed()

    # menus and keys -------------------------------------------------------------------------------
    def _actions(self) -> None:
        bar = self.menuBar()

        def add(menu, name: str, text: str, keys: list, slot, tip: str = "") -> QAction:
            action = QAction(text, self)
            action.setObjectName(name)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setStatusTip(tip)
            action.triggered.connect(lambda _=False: slot())
            menu.addAction(action)
            self.addAction(action)
            return action

        file_menu = bar.addMenu(tr("&File"))
        file_menu.setToolTipsVisible(True)  # only a changing action's reason it is off carries a tooltip
        self.import_action = add(file_menu, "importReturns", tr("&Import grant holders' returns…"), ["Ctrl+I"],
                                 self.import_returns, tr("Record deliveries from a CSV or XLSX, checked first"))
        file_menu.addSeparator()
        add(file_menu, "exportRegisterPdf", tr("Export the commitments register as &PDF…"), ["Ctrl+P"],
            lambda: self._ask_export("register-pdf"), tr("The register a funder publishes, as a PDF"))
        add(file_menu, "exportRegisterHtml", tr("Export the commitments register as a &web page…"), ["Ctrl+Shift+P"],
            lambda: self._ask_export("register-html"))
        file_menu.addSeparator()
        add(file_menu, "closeMonitoring", tr("&Close"), ["Ctrl+W"], self.close)

        edit = bar.addMenu(tr("&Edit"))
        edit.addActions(undo_actions(self.ctx, self, names=("monitoringUndo", "monitoringRedo")))

        delivery = bar.addMenu(tr("&Delivery"))
        delivery.setToolTipsVisible(True)
        self.record_action = add(delivery, "recordDelivery", tr("&Record delivery…"), ["Ctrl+N"], self.record,
                                 tr("Record what the chosen commitment has delivered so far"))
        self.amend_action = add(delivery, "amendDelivery", tr("&Amend report…"), ["Ctrl+E"], self.amend)
        self.remove_action = add(delivery, "removeDelivery", tr("Re&move report"), ["Ctrl+Delete"], self.remove)

        go = bar.addMenu(tr("&Go"))
        add(go, "goCommitments", tr("&Commitments"), ["Ctrl+1"], self.tree.setFocus)
        add(go, "goReports", tr("&Reports"), ["Ctrl+2"], self.detail.history.setFocus)
        for n, (name, widget, label) in enumerate((("goTheme", self.by_theme, tr("By &theme")),
                                                   ("goGroup", self.by_group, tr("By beneficiary &group")),
                                                   ("goPlace", self.by_place, tr("By &place")),
                                                   ("goChart", self.chart, tr("C&hart"))), start=3):
            add(go, name, label, [f"Ctrl+{n}"], lambda w=widget: self._show_tab(w))

    def _show_tab(self, widget: QWidget) -> None:
        self.tabs.setCurrentWidget(widget)
        (widget if widget is not self.chart else self.tabs.tabBar()).setFocus()

    # the round -------------------------------------------------------------------------------------
    def _session_changed(self) -> None:
        """Offer the file's rounds in monitoring; show the session's round if it is one, else the latest."""
        self.rounds.clear()
        store = self.ctx.store
        infos = [i for i in store.rounds.list() if i.status == "monitoring"] if store is not None else []
        for info in infos:
            self.rounds.addItem(info.name, info.name)
        wanted = self.ctx.round.name if self.ctx.round and self.ctx.round.status == "monitoring" else None
        name = wanted or (infos[-1].name if infos else None)
        if name is None:
            self.show_round(None)
            self.show_problem(tr("No round in this file is in monitoring yet: a round is followed up here once "
                                 "it has been decided and moved to monitoring."))
            return
        self.rounds.setCurrentIndex(self.rounds.findData(name))
        self.show_round(name)

    def show_round(self, name: str | None) -> None:
        self.round = self.ctx.store.rounds.get(name) if name and self.ctx.store else None
        read_only = tr("read-only") if self.ctx.read_only else ""
        self.setWindowTitle(" — ".join(filter(None, (tr("Monitoring"), self.round.name if self.round else "",
                                                     read_only))))
        self.reload()
        self._choose_first()

    def _choose_first(self) -> None:
        """Open on the first commitment that needs attention (at risk or missed), else the first."""
        if self.progress is None:
            return
        offers = self.progress.offers
        pick = next((o for o in offers if o.status in ("at_risk", "missed")), offers[0] if offers else None)
        if pick is not None:
            self.select_offer(pick.offer.id)
        self.tree.setFocus()

    def reload(self, keep_delivery: str | None = None) -> None:
        """The one place the picture is read from the core and handed to every view."""
        try:
            self.progress = load_progress(self.ctx.store, self.round) if self.round and self.ctx.store else None
        except SvAssessorError as error:
            self.progress = None
            self.show_problem(str(error))
        self.model.set_progress(self.progress)
        self.tree.expandAll()
        self._fit_columns()
        p = self.progress
        self.by_theme.set_groups(p.by_theme if p else ())
        self.by_group.set_groups(p.by_group if p else ())
        self.by_place.set_groups(p.by_place if p else ())
        self.chart.set_progress(self.progress)
        self._headline()
        self.detail.show_item(self.tree.currentIndex().data(ITEM_ROLE), keep_delivery)
        self._enable()

    def _fit_columns(self) -> None:
        header = self.tree.header()
        header.setStretchLastSection(False)
        for column in range(1, self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PROGRESS_COLUMN, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(PROGRESS_COLUMN, 170)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the commitment gets the width left

    def _headline(self) -> None:
        while self.figures.count():
            item = self.figures.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        p = self.progress
        if self.round is None or p is None:
            self.title.setText(tr("Monitoring"))
            self.subtitle.setText("")
            return
        self.title.setText(self.round.name)
        self.subtitle.setText(" ".join(filter(None, (
            tr("Funded commitments beside what was delivered · latest report {day}.").format(day=when(p.as_of)),
            self.ctx.read_only_reason))))
        statuses = {label: status for status, label in STATUS_WORDS.items()}
        for label, value in headline(p):
            box = plain_label(f"{value}\n{tr(label)}", self, wrap=False, name="figure")
            box.setAccessibleName(f"{tr(label)}: {value}")
            box.setAlignment(Qt.AlignmentFlag.AlignCenter)
            # a status figure carries its status colour down its left edge, as the report cards do
            edge = f"border-left: 5px solid {status_colour(statuses[label]).name()};" if label in statuses else ""
            box.setStyleSheet("QLabel#figure { border: 1px solid palette(mid); border-radius: 6px; "
                              f"padding: 4px 14px; background: palette(base); {edge} }}")
            self.figures.addWidget(box)
        self.figures.addStretch(1)

    # selection -----------------------------------------------------------------------------------
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.detail.show_item(current.data(ITEM_ROLE))
        self._enable()

    def _report_changed(self, *_: object) -> None:
        self._enable()

    def _enable(self) -> None:
        """What can be done to the chosen commitment or report; in a read-only file nothing that changes
        it, whatever is chosen (the context disables and says why; its refusal stays behind)."""
        offer = isinstance(self.detail.item, OfferProgress)
        report = self.detail.history.current() is not None
        for action, on in ((self.record_action, offer), (self.amend_action, report), (self.remove_action, report),
                           (self.import_action, True)):
            self.ctx.enable_edit(action, on)
        self.detail.enable_buttons()

    def select_offer(self, offer_id: str) -> None:
        index = self.model.offer_index(offer_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    # the three actions: each gathers, then one command ---------------------------------------------
    def record(self) -> None:
        if self.ctx.refuse_if_read_only():  # Enter on a commitment still asks: say why not
            return
        offer = self.detail.item
        if not isinstance(offer, OfferProgress) or self.round is None:
            self.show_problem(tr("Choose one commitment first, then record what it has delivered."))
            return
        self._open_dialog(DeliveryDialog(self.ctx, self.round, offer, None, self))

    def amend(self) -> None:
        row = self.detail.history.current()
        if row is None or self.round is None or self.ctx.refuse_if_read_only():
            return
        self._open_dialog(DeliveryDialog(self.ctx, self.round, row.offer, row.delivery, self))

    def _open_dialog(self, dialog: DeliveryDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
        dialog.open()  # window-modal, without a nested event loop

    def _dialog_closed(self, dialog: DeliveryDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
        self.activateWindow()
        self.tree.setFocus() if dialog.saved is None else self.detail.history.setFocus()

    def remove(self) -> None:
        row = self.detail.history.current()
        if row is None or self.round is None:
            return
        if push(self.ctx, RemoveDeliveryCommand(self.ctx, self.round, row.delivery, row.offer.reference)):
            self.ctx.done.emit(tr("Report removed; Undo (Ctrl+Z) puts it back."))
            self.statusBar().showMessage(tr("Report removed; Undo (Ctrl+Z) puts it back."), 10000)

    def import_returns(self) -> ImportReturnsDialog | None:
        """Open the returns import for the round shown (window-modal; it records through one command)."""
        if self.round is None or self.ctx.refuse_if_read_only():
            return None
        dialog = ImportReturnsDialog(self.ctx, self.round, self)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()
        return dialog

    def _changed(self, _offer_id: str, delivery_id: str) -> None:
        self.reload(delivery_id or None)

    def reveal(self, offer_id: str, delivery_id: str) -> None:
        """After undo or redo: show the commitment that changed, and the report if it is still there."""
        self.select_offer(offer_id)
        self.detail.show_item(self.tree.currentIndex().data(ITEM_ROLE), delivery_id or None)
        self._enable()

    # export ------------------------------------------------------------------------------------------
    def _ask_export(self, fmt: str) -> None:
        suffix, kind = (".pdf", tr("PDF (*.pdf)")) if fmt == "register-pdf" else (".html", tr("Web page (*.html)"))
        default = f"{self.round.name if self.round else 'register'} commitments register{suffix}"
        path, _ = QFileDialog.getSaveFileName(self, tr("Export the commitments register"), default, kind)
        if path:
            self.export_register(fmt, Path(path))

    def export_register(self, fmt: str, path: Path) -> bool:
        """Write the register (a few pages for a small round, so it runs here with a busy cursor)."""
        if self.round is None or self.ctx.store is None:
            return False
        from PySide6.QtGui import QGuiApplication

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            said = export(self.ctx.store, self.round, fmt, path)
        except (SvAssessorError, OSError) as error:
            self.show_problem(str(error))
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.statusBar().showMessage(said, 10000)
        return True

    # the one place problems are shown ----------------------------------------------------------------
    def show_problem(self, message: str) -> None:
        if not message:
            return
        show_warning(self.message, message)
        self._message_timer.start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._sized:  # first show: most width to the list, enough to the reports to read a story
            self._sized = True
            width = self.split.width()
            self.split.setSizes([int(width * 0.6), width - int(width * 0.6)])
            # the list as tall as its rows (between a third and two thirds), the roll-ups the rest
            height = self.left.height()
            rows = self.model.rowCount() + sum(self.model.rowCount(self.model.index(r, 0))
                                               for r in range(self.model.rowCount()))
            wanted = self.tree.header().height() + rows * max(self.tree.sizeHintForRow(0), 1) + 8
            tree = min(max(wanted, height // 3), height * 2 // 3)
            self.left.setSizes([tree, height - tree])

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.dialog is not None:
            self.dialog.reject()
        super().closeEvent(event)
