"""The ranking with the budget line: funded above it, below the line under it, the cut-off and what is left.

The line is laid across the table just above the cut-off row (the first eligible application the
money left cannot fund), as a panel draws it on paper. Under a what-if weight the same table shows
the scenario's ranking, each row's move, and who crosses the line, tinted. Many rows can be selected
(Shift+arrows, Ctrl+A, Ctrl+click) and decided in one step; the current row is the one the decision
form shows, and a refresh keeps the selection.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svassessor.panel.summary import funding_line_robustness
from svassessor.scoring.ranking import BudgetLine as EngineLine
from ui.workers import Job, worker_store
from ui.widgets.fit import text_width
from ui.panel.ranking_model import RankingModel
from ui.panel.state import PanelState
from ui.panel.whatif import WhatIfSlider
from ui.widgets.table_model import ROW_ROLE
from ui.panel.words import percent
from ui.text import plain_label, pounds, tr
from ui.theme import warning_colour


class BudgetLine:
    """The budget line across a table: a dashed rule above row `row` and a tag saying what is left.

    Child widgets of the table's viewport, moved when the table scrolls or its columns resize; not a
    `paintEvent` override, because PySide6 6.12 on Python 3.11 drops a reference to the return value
    of every Python override of a C++ virtual, and a ranking scrolled for a while would abort Python.
    """

    def __init__(self, table: QTableView, tag_column: int):
        self.table, self.tag_column = table, tag_column
        self.row = -1
        viewport = table.viewport()
        self.rule = QFrame(viewport)
        self.rule.setObjectName("budgetLine")
        self.tag = QLabel(viewport)
        self.tag.setObjectName("budgetLineTag")
        self.tag.setTextFormat(Qt.TextFormat.PlainText)
        for widget in (self.rule, self.tag):
            widget.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            widget.hide()
        self.restyle()
        table.verticalScrollBar().valueChanged.connect(self.place)
        table.horizontalScrollBar().valueChanged.connect(self.place)
        table.horizontalHeader().sectionResized.connect(self.place)
        table.horizontalHeader().geometriesChanged.connect(self.place)

    def restyle(self) -> None:
        colour = warning_colour().name()
        self.rule.setStyleSheet(f"QFrame#budgetLine {{ border: none; border-top: 3px dashed {colour}; }}")
        self.tag.setStyleSheet(f"QLabel#budgetLineTag {{ background: {colour}; color: palette(base); "
                               "border-radius: 3px; padding: 0px 5px; font-weight: bold; }")

    def show_at(self, row: int, text: str) -> None:
        self.row = row
        self.tag.setText(text)
        self.tag.adjustSize()
        self.place()

    def place(self, *_: object) -> None:
        table = self.table
        y = table.rowViewportPosition(self.row) if self.row >= 0 else -1
        visible = self.row >= 0 and 0 <= y <= table.viewport().height()
        self.rule.setVisible(visible)
        self.tag.setVisible(visible and bool(self.tag.text()))
        if not visible:
            return
        width = table.viewport().width()
        self.rule.setGeometry(0, y - 1, width, 3)
        right = min(width, table.columnViewportPosition(self.tag_column) + table.columnWidth(self.tag_column))
        self.tag.move(max(0, right - self.tag.width() - 4), y - self.tag.height() // 2)
        self.rule.raise_()
        self.tag.raise_()


class RankingView(QWidget):
    applicationChosen = Signal(str)
    selectionChanged = Signal()  # the rows chosen for a decision in one step

    def __init__(self, state: PanelState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.setObjectName("ranking")
        self.budget = plain_label("", self, name="budgetSummary")
        self.budget.setAccessibleName(tr("Budget line"))
        font = self.budget.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.budget.setFont(font)
        self.whatif = WhatIfSlider(self)
        self.whatif.weightChanged.connect(state.set_sv_weight)
        self.crossing = plain_label("", self, name="crossing")
        self.test_line = QPushButton(tr("&Test the funding line"), self)
        self.test_line.setObjectName("testFundingLine")
        self.test_line.setToolTip(tr("Rank the round again leaving out each assessor, with each application's "
                                     "assessors resampled and across the social value weights the rubric allows: "
                                     "how firmly each application sits on its side of the line"))
        self.test_line.clicked.connect(self.test_funding_line)
        self.firmness = plain_label("", self, name="firmness")
        self.firmness.setWordWrap(True)
        self.job: Job | None = None
        self.model = RankingModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("rankingTable")
        self.table.setAccessibleName(tr("Ranking with the budget line"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        for column, width in enumerate((48, 52, 84, 300, 64, 64, 64, 90, 110, 250, 72, 150)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.selectionChanged.emit())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)  # the window adds the actions
        self.line = BudgetLine(self.table, RankingModel.DECISION)
        layout = self.rows_layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 0)
        layout.addWidget(self.budget)
        layout.addWidget(self.whatif)
        layout.addWidget(self.crossing)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_line, 0, Qt.AlignmentFlag.AlignTop)
        test_row.addWidget(self.firmness, 1)
        layout.addLayout(test_row)
        layout.addWidget(self.table, 1)
        state.changed.connect(self.refresh)
        state.whatIfChanged.connect(self._show_rows)

    def add_bar(self, bar: QWidget) -> None:
        """Put a row of actions on the selection just above the table."""
        self.rows_layout.insertWidget(self.rows_layout.indexOf(self.table), bar)

    def refresh(self) -> None:
        state = self.state
        if state.rubric is not None and state.summary is not None:
            self.whatif.set_rubric(state.rubric, state.summary.sv_weight)
            if state.sv_weight is not None:
                self.whatif.slider.setValue(round(state.sv_weight))
        self.table.setColumnHidden(RankingModel.COST, state.summary is None or state.summary.kind != "tender")
        self._show_rows()

    def _show_rows(self) -> None:
        state = self.state
        current, chosen = self.current(), self.selected_ids()
        self.model.set_rows(state.rank_rows())
        self._fit_reference()
        scenario = state.scenario
        self.table.setColumnHidden(RankingModel.MOVE, scenario is None)
        self.table.setColumnHidden(RankingModel.SHARE, state.robustness is None)
        self.firmness.setText(self._firmness_words())
        line = scenario.budget if scenario else state.summary.budget if state.summary else None
        rows = self.model.rows()
        self.line.show_at(next((i for i, r in enumerate(rows) if r.at_cut_off), -1),
                          tr("budget line · {left} left").format(left=pounds(line.left))
                          if line is not None and line.left is not None else "")
        self.budget.setText(self._budget_words(line))
        self.crossing.setText(self._crossing_words())
        self.crossing.setVisible(scenario is not None)
        self._reselect(current, chosen)

    def _fit_reference(self) -> None:
        """The reference column as wide as the longest reference: -1769 and -1776 never both read '360G-LBF…'."""
        references = [r.standing.candidate.reference for r in self.model.rows()]
        width = max(text_width(self.table, references), text_width(self.table, [tr("Ref")], bold=True, header=True))
        self.table.horizontalHeader().resizeSection(RankingModel.REF, width)

    def _budget_words(self, line: EngineLine | None) -> str:
        """The budget line in words; who is not eligible and why in the engine's own sentence."""
        if line is None:
            return ""
        rows = {r.id: r for r in self.model.rows()}
        if line.total is None:
            text = tr("No budget set for this round: the ranking is shown without a line.")
        else:
            cut = rows.get(line.cut_off) if line.cut_off else None
            funded = sum(1 for r in rows.values() if r.status == "funded")
            text = tr("Budget {total}: {n} funded for {allocated}, {left} left.").format(
                total=pounds(line.total), n=funded, allocated=pounds(line.allocated), left=pounds(line.left))
            if cut is not None:
                text += " " + tr("Cut-off at rank {rank}, {ref} ({amount}: more than is left).").format(
                    rank=cut.rank, ref=cut.standing.candidate.reference, amount=pounds(cut.standing.cost))
            elif any(r.status == "funded" for r in rows.values()):
                text += " " + tr("Every eligible application fits.")
        return " ".join(filter(None, (text, line.not_eligible_words())))

    def test_funding_line(self) -> None:
        """Re-rank the round under the robustness scenarios off the UI thread, then show each one's share."""
        ctx, state = self.state.ctx, self.state
        if ctx.store is None or ctx.path is None or state.round is None or self.job is not None:
            return
        path, actor, round_ = ctx.path, ctx.store.actor, state.round

        def work(progress, cancelled):
            with worker_store(path, actor=actor, readonly=True) as store:
                return funding_line_robustness(store, round_, progress=progress)

        self.job = Job(work, parent=self, title=tr("Test the funding line"),
                       label=tr("Ranking the round again under each scenario…"), cancellable=False)
        self.job.succeeded.connect(state.set_robustness)
        self.job.failed.connect(lambda sentence: self.firmness.setText(sentence))
        self.job.finished.connect(self._tested)
        self.test_line.setEnabled(False)
        self.job.start()

    def _tested(self) -> None:
        self.job = None
        self.test_line.setEnabled(True)

    def _firmness_words(self) -> str:
        """The marginal applications and how the shares were made, in the core's sentence."""
        found, state = self.state.robustness, self.state
        if found is None or state.summary is None:
            return ""
        refs = {s.candidate.id: s.candidate.reference for s in state.summary.ranking}
        marginal = [refs[a] for a in found.marginal if a in refs]
        head = (tr("Marginal, to discuss first: {refs}.").format(refs=", ".join(marginal)) if marginal
                else tr("No application is marginal: each is funded in every re-ranking or in none."))
        stale = " " + tr("Scores or decisions have changed since: test again.") if state.robustness_stale else ""
        return f"{head} {found.how}{stale}"

    def _crossing_words(self) -> str:
        scenario, state = self.state.scenario, self.state
        if scenario is None or state.summary is None:
            return ""
        refs = {s.candidate.id: s.candidate.reference for s in state.summary.ranking}
        gained = ", ".join(refs[a] for a in scenario.newly_funded) or tr("nobody")
        lost = ", ".join(refs[a] for a in scenario.no_longer_funded) or tr("nobody")
        return tr("At {w} social value: now funded {gained}; no longer funded {lost}.").format(
            w=percent(scenario.sv_weight), gained=gained, lost=lost)

    def current(self) -> str | None:
        index = self.table.currentIndex()
        row = index.siblingAtColumn(0).data(ROW_ROLE) if index.isValid() else None
        return row.id if row is not None else None

    def selected_ids(self) -> list[str]:
        """The applications selected, in the order shown."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.row(i).id for i in rows]

    def select(self, application_id: str) -> None:
        """Make this application the current row; a row already current keeps the selection around it."""
        if application_id == self.current():
            return
        found = self.model.find(lambda r: r.id == application_id)
        if found >= 0:
            blocked = self.table.selectionModel().blockSignals(True)
            self.table.selectRow(found)
            self.table.selectionModel().blockSignals(blocked)
            self.table.scrollTo(self.model.index(found, 0))
            self.selectionChanged.emit()

    def select_many(self, application_ids: list[str]) -> None:
        """Select these applications, the first of them current."""
        if application_ids:
            self._reselect(application_ids[0], application_ids)
            self.applicationChosen.emit(application_ids[0])

    def _reselect(self, current: str | None, chosen: list[str]) -> None:
        """After the rows were read again: the same current row and the same selection."""
        model, selection = self.model, self.table.selectionModel()
        wanted = set(chosen)
        items = QItemSelection()
        for i, row in enumerate(model.rows()):
            if row.id in wanted:
                items.select(model.index(i, 0), model.index(i, model.columnCount() - 1))
        found = model.find(lambda r: r.id == current) if current else -1
        blocked = selection.blockSignals(True)
        if found >= 0:
            selection.setCurrentIndex(model.index(found, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
        selection.select(items, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        selection.blockSignals(blocked)
        if found >= 0:
            self.table.scrollTo(model.index(found, 0))
        self.table.viewport().update()
        self.selectionChanged.emit()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.siblingAtColumn(0).data(ROW_ROLE) if current.isValid() else None
        if row is not None:
            self.applicationChosen.emit(row.id)
