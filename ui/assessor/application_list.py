"""The left pane: the round, who is scoring, and the applications with this assessor's progress."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHeaderView, QLineEdit, QStyle, QTreeView, QVBoxLayout, QWidget,
)

from svassessor.models import Application
from ui.context import AppContext
from ui.widgets.fit import text_width
from ui.assessor.applications_model import (
    CONFLICT, IN_PROGRESS, NOT_STARTED, STATUSES, SUBMITTED, ApplicationFilter, ApplicationRow, ApplicationsModel,
    progress_of, row_for, status_label,
)
from ui.widgets.table_model import ROW_ROLE
from ui.text import plain_label, tr
from ui.widgets.plain_editor import UndoPassThrough


ORGANISATION_CHARACTERS = 12  # no column is narrower than this many average characters: the organisation stays readable


class ApplicationList(QWidget):
    applicationChosen = Signal(object)  # ApplicationRow, or None
    roundChosen = Signal(str)  # round name

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("applicationList")
        self.rounds = QComboBox(self)
        self.rounds.setObjectName("rounds")
        self.rounds.setAccessibleName(tr("Round"))
        self.rounds.activated.connect(lambda i: self.roundChosen.emit(self.rounds.itemData(i)))
        self.who = plain_label(name="scoringAs")
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setAccessibleName(tr("Search applications"))
        self.search.setPlaceholderText(tr("Search reference, organisation, title, area (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(UndoPassThrough(self.search))
        self.search.returnPressed.connect(self.focus_first)
        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("statusFilter")
        self.status_filter.setAccessibleName(tr("Show applications by status"))
        self.status_filter.addItem(tr("All applications"), None)
        for status in STATUSES:
            self.status_filter.addItem(status_label(status), status)

        self.model = ApplicationsModel(self)
        self.proxy = ApplicationFilter(self)
        self.proxy.setSourceModel(self.model)
        self.search.textChanged.connect(self.proxy.set_search)
        self.status_filter.currentIndexChanged.connect(
            lambda i: self.proxy.set_status(self.status_filter.itemData(i)))
        self.view = QTreeView(self)
        self.view.setObjectName("applications")
        self.view.setAccessibleName(tr("Applications"))
        self.view.setModel(self.proxy)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTabKeyNavigation(False)  # Tab leaves the table: no keyboard trap
        self.view.setAllColumnsShowFocus(True)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(ApplicationsModel.REFERENCE_COLUMN, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(ApplicationsModel.ORGANISATION_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ApplicationsModel.STATUS_COLUMN, QHeaderView.ResizeMode.Fixed)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.summary = plain_label(name="roundProgress")
        self.summary.setAccessibleName(tr("Progress in this round"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 6)
        layout.addWidget(self.rounds)
        layout.addWidget(self.who)
        layout.addWidget(self.search)
        layout.addWidget(self.status_filter)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)

        ctx.scoreChanged.connect(lambda app_id, _c: self.refresh_row(app_id))
        ctx.assessmentChanged.connect(self.refresh_row)

    # filling -------------------------------------------------------------------------------------
    def load(self) -> None:
        """Fill from the context's round, as its assessor sees it."""
        ctx = self.ctx
        self.rounds.clear()
        if ctx.store is None or ctx.round is None:
            self.model.set_rows([])
            return
        for info in ctx.store.rounds.list():
            self.rounds.addItem(tr("{name} ({status})").format(name=info.name, status=info.status), info.name)
        self.rounds.setCurrentIndex(self.rounds.findData(ctx.round.name))
        if ctx.assessor is None:
            self.who.setText(tr("Read only: you are not an assessor of this round"))
        else:
            role = tr("chair") if ctx.assessor.role == "chair" else tr("assessor")
            self.who.setText(tr("Scoring as {name} ({role})").format(name=ctx.assessor.name, role=role))
        total = len(ctx.rubric.criteria) if ctx.rubric else 0
        progress = ctx.store.assessments.statuses(ctx.round, ctx.assessor) if ctx.assessor else {}
        self.model.set_rows([row_for(a, total=total, conflicted=ctx.is_conflicted(a.id), progress=progress.get(a.id))
                             for a in ctx.store.anonymity.as_seen_by(ctx.round, ctx.person)])
        self._fit_columns()
        self._summarise()

    def _fit_columns(self) -> None:
        """The reference as wide as the longest one and progress as wide as "10 of 10"; the organisation
        takes the rest but never less than a readable width (a narrower pane scrolls sideways instead)."""
        view, header, rows = self.view, self.view.header(), self.model.rows()
        heads = [text_width(header, [self.model.headerData(c, Qt.Orientation.Horizontal)], bold=True, header=True)
                 for c in range(self.model.columnCount())]
        most = max((r.total for r in rows), default=0)
        icon = view.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, view) + 4
        header.setMinimumSectionSize(view.fontMetrics().averageCharWidth() * ORGANISATION_CHARACTERS)
        header.resizeSection(ApplicationsModel.REFERENCE_COLUMN,
                             max(heads[0], text_width(view, [r.application.reference for r in rows])))
        header.resizeSection(ApplicationsModel.STATUS_COLUMN, max(heads[2], icon + text_width(
            view, [tr("conflict"), tr("{done} of {total}").format(done=most, total=most)])))

    def needed_width(self) -> int:
        """The pane width that shows every column whole: reference, a readable organisation, progress."""
        header = self.view.header()
        columns = sum(header.minimumSectionSize() if c == ApplicationsModel.ORGANISATION_COLUMN else header.sectionSize(c)
                      for c in range(self.model.columnCount()))
        return columns + self.view.verticalScrollBar().sizeHint().width() + 2 * self.view.frameWidth() + 8

    def refresh_row(self, application_id: str) -> None:
        """One application's progress changed: redraw its row only."""
        i = self.model.find(lambda r: r.id == application_id)
        ctx = self.ctx
        if i < 0 or ctx.store is None or ctx.assessor is None:
            return
        old = self.model.row(i)
        assessment = ctx.store.assessments.get(application_id, ctx.assessor.id)
        self.model.replace(i, row_for(old.application, total=old.total, conflicted=old.status == CONFLICT,
                                      progress=progress_of(assessment)))
        self._summarise()

    def _summarise(self) -> None:
        rows = self.model.rows()
        count = {s: sum(1 for r in rows if r.status == s) for s in STATUSES}
        text = tr("{sub} of {n} submitted · {prog} in progress · {new} not started").format(
            sub=count[SUBMITTED], n=len(rows) - count[CONFLICT], prog=count[IN_PROGRESS], new=count[NOT_STARTED])
        if count[CONFLICT]:
            text += " · " + tr("{c} conflicted").format(c=count[CONFLICT])
        self.summary.setText(text)

    # choosing ------------------------------------------------------------------------------------
    def current(self) -> ApplicationRow | None:
        return self.view.currentIndex().data(ROW_ROLE)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.applicationChosen.emit(current.data(ROW_ROLE) if current.isValid() else None)

    def select(self, application_id: str) -> bool:
        source = self.model.find(lambda r: r.id == application_id)
        if source < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(source, 0))
        if not index.isValid():  # filtered out: clear the filter rather than hide where the change went
            self.search.clear()
            self.status_filter.setCurrentIndex(0)
            index = self.proxy.mapFromSource(self.model.index(source, 0))
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(index)
        return True

    def step(self, delta: int) -> None:
        row = self.view.currentIndex().row()
        self._go_to(max(0, min(self.proxy.rowCount() - 1, row + delta)) if row >= 0 else 0)

    def _go_to(self, row: int) -> None:
        index = self.proxy.index(row, 0)
        if index.isValid():
            self.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def focus_first(self) -> None:
        """From the search box to the first application it found."""
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._go_to(0)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def application(self, application_id: str) -> Application | None:
        i = self.model.find(lambda r: r.id == application_id)
        return self.model.row(i).application if i >= 0 else None
