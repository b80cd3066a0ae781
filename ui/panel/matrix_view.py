"""The comparison view: the heat-coloured matrix with its flags, agreement for the round, and a legend.

Model/view only: one `QTableView` over `ComparisonModel`, with fixed row heights and column widths so
that Qt never measures 50,000 cells, and no Python delegate: the two marks (a triangle where the
assessors' spread reaches the rubric's threshold, a dot where the panel has agreed a score) are
cached icons Qt draws itself, which is both faster and safe from a PySide6 6.12 reference-count bug
in Python overrides of C++ virtuals (see `heat._mark_icon`).
F8 and Shift+F8 walk the criteria still to discuss.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from svassessor.panel.comparison import agreement_level
from ui.widgets.fit import text_width
from ui.panel.heat import MARK_SIZE, legend_pixmap
from ui.panel.matrix_model import APP_ROLE, CRITERION_ROLE, ComparisonModel
from ui.panel.state import PanelState
from ui.panel.words import number
from ui.text import plain_label, tr


class ComparisonView(QWidget):
    cellChosen = Signal(str, str)  # application id, criterion id ("" outside the criteria)

    def __init__(self, state: PanelState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.setObjectName("comparison")
        self.model = ComparisonModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("comparisonTable")
        self.table.setAccessibleName(tr("Comparison matrix"))
        self.table.setAccessibleDescription(tr(
            "Applicants in rank order against criteria; each cell is the panel's score, F8 moves to the next "
            "criterion the assessors disagree on"))
        self.table.setModel(self.model)
        self.table.setIconSize(MARK_SIZE)  # the flag and agreed marks, drawn by Qt (see heat._mark_icon)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setCornerButtonEnabled(False)
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no measuring of 2,000 rows
        vertical.setDefaultSectionSize(26)
        vertical.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        horizontal = self.table.horizontalHeader()
        horizontal.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        horizontal.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignVCenter)
        horizontal.setHighlightSections(True)
        self.table.selectionModel().currentChanged.connect(self._current_changed)
        self.model.modelAboutToBeReset.connect(self._remember)
        self.model.modelReset.connect(self._restore)
        self._kept: tuple[str, str] | None = None

        self.agreement = plain_label("", self, name="agreement")
        self.agreement.setAccessibleName(tr("Agreement between assessors"))
        self.flags = plain_label("", self, name="flagCount", wrap=False)
        self.legend = QLabel(self)
        self.legend.setObjectName("legend")
        self.legend.setAccessibleName(tr("Legend"))
        self.legend.setToolTip(tr("Cell colour: the panel's score on the criterion's scale, orange low, blue high. "
                                  "Triangle: assessors disagree by the rubric's threshold or more (grey once "
                                  "agreed). Dot: the panel has agreed a score."))
        self.restyle()
        top = QHBoxLayout()
        top.setContentsMargins(8, 6, 8, 2)
        top.addWidget(self.agreement, 1)
        top.addWidget(self.legend)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        flags_row = QHBoxLayout()
        flags_row.setContentsMargins(8, 0, 8, 4)
        flags_row.addWidget(self.flags)
        layout.addLayout(flags_row)
        layout.addWidget(self.table, 1)
        state.changed.connect(self.refresh)

    def restyle(self) -> None:
        """Draw the legend in the theme's colours (again after a change of theme)."""
        words = (tr("Lowest"), tr("Highest"), tr("to discuss"), tr("agreed by the panel"))
        self.legend.setPixmap(legend_pixmap(words, self.font(), self.palette().color(self.foregroundRole())))

    # refresh ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        state = self.state
        names = {a: state.assessor_name(a) for a in state.assessors}
        first = self.model.matrix is None or (
            state.comparison is not None and self.model.matrix.columns != state.comparison.columns)
        self.model.set_comparison(state.comparison, names)
        if first:
            self._size_columns()
        self._fit_row_headers()
        summary = state.summary
        if summary is None:
            self.agreement.clear()
            self.flags.clear()
            return
        alpha = summary.alpha
        level = agreement_level(alpha)
        if level == "none":
            self.agreement.setText(tr("Agreement: {note}").format(note=alpha.note or tr("not enough scores yet")))
        else:
            meaning = {"good": tr("assessors agree well"),
                       "fair": tr("fair agreement: conclusions are tentative"),
                       "low": tr("assessors often disagree: discuss the flagged criteria")}[level]
            self.agreement.setText(tr("Agreement (Krippendorff's alpha, ordinal) {ordinal}, interval {interval}: "
                                      "{meaning}").format(ordinal=number(alpha.ordinal, 3),
                                                          interval=number(alpha.interval, 3), meaning=meaning))
        open_flags = sum(1 for f in summary.flags if not f.moderated)
        self.flags.setText(tr("{open} criteria to discuss, {agreed} agreed (F8: next to discuss)").format(
            open=open_flags, agreed=len(summary.flags) - open_flags))

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        criteria = len(self.model.matrix.columns) if self.model.matrix else 0
        # Fixed widths, never measured from 2,000 rows; a short rubric gets wider criteria.
        header.resizeSection(0, 160)
        width = 74 if criteria <= 12 else 62
        for column in range(1, criteria + 1):
            header.resizeSection(column, width)
        for offset, tail_width in enumerate((54, 54, 58, 60, 110)):
            header.resizeSection(criteria + 1 + offset, tail_width)

    def _fit_row_headers(self) -> None:
        """Row headers as wide as the longest rank and reference (bold: the current row's is), never elided.

        Qt sizes a header from its first and last hundred sections only; a long reference in the
        middle of a large round would otherwise be cut.
        """
        m = self.model.matrix
        if m is None:
            return
        labels = [self.model.row_label(row) for row in range(len(m.rows))]
        header = self.table.verticalHeader()
        header.setMinimumWidth(text_width(header, labels, bold=True, header=True))

    def _remember(self) -> None:
        index = self.table.currentIndex()
        self._kept = (index.data(APP_ROLE), index.data(CRITERION_ROLE) or "") if index.isValid() else None

    def _restore(self) -> None:
        if self._kept is not None:
            self.select(*self._kept, announce=False)

    # navigation ---------------------------------------------------------------------------------
    def select(self, application_id: str, criterion_id: str = "", *, announce: bool = True) -> None:
        """Make this cell current (the application's organisation when no criterion is given)."""
        m = self.model.matrix
        if m is None or application_id not in m.row_of:
            return
        column = self.model.column_of(criterion_id) if criterion_id else self.table.currentIndex().column()
        index = self.model.index(m.row_of[application_id], max(0, column))
        blocked = self.table.selectionModel().blockSignals(not announce)
        self.table.setCurrentIndex(index)
        self.table.selectionModel().blockSignals(blocked)
        self.table.scrollTo(index)

    def next_flag(self, step: int = 1) -> bool:
        """Move to the next (or previous) criterion still to discuss, in rank order; False when none is left."""
        m, summary = self.model.matrix, self.state.summary
        if m is None or summary is None:
            return False
        ids = [c.id for c in m.columns]
        cells = sorted((m.row_of[f.application], ids.index(f.criterion)) for f in summary.flags if not f.moderated)
        if not cells:
            return False
        here = self.table.currentIndex()
        position = (here.row(), (self.model.criterion_column(here.column()) or -1)) if here.isValid() else (-1, -1)
        ahead = [c for c in cells if c > position] if step > 0 else [c for c in reversed(cells) if c < position]
        row, c = (ahead or (cells if step > 0 else cells[::-1]))[0]
        index = self.model.index(row, c + 1)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.cellChosen.emit(current.data(APP_ROLE), current.data(CRITERION_ROLE) or "")
