"""Panel > Check the summaries: every explanation the assessment summaries' checker questions, before they go.

The core asks the questions (`svassessor.summaries.checker`); here the chair sees each one with what is
written, goes to it to fix the rationale in the moderation form, or lets it stand with a reason (an
undoable, audited override). The list reads the core again after every change.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QInputDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svassessor.errors import SvAssessorError
from svassessor.summaries import checked
from svassessor.summaries.checker import LABELS, Question
from ui.commands.base import push
from ui.commands.panel import OverrideExplanationCommand, panel_events
from ui.context import AppContext
from ui.text import one_line, plain_label, tr
from ui.widgets.table_model import Column, ListTableModel

Row = tuple[Question, str, str]  # the question, the criterion's title, and what is written now


class QuestionsModel(ListTableModel[Row]):
    columns = (
        Column(tr("Reference"), lambda r: r[0].reference),
        Column(tr("Criterion"), lambda r: r[1], tooltip=lambda r: r[0].criterion_id),
        Column(tr("Question"), lambda r: LABELS[r[0].kind], tooltip=lambda r: r[0].sentence),
        Column(tr("What is written"), lambda r: one_line(r[2], 160) if r[2] else tr("(nothing)"),
               tooltip=lambda r: r[2] or None),
    )


class SummariesCheckDialog(QDialog):
    goTo = Signal(str, str)  # application id, criterion id: the panel shows it in the moderation form

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(tr("Check the assessment summaries"))
        self.setObjectName("summariesCheck")
        self.words = plain_label("", self, name="summariesVerdict")
        self.words.setWordWrap(True)
        self.model = QuestionsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("summaryQuestions")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        for column in range(3):
            self.table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _: self.go_to())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.go_button = QPushButton(tr("&Go to it"), self)
        self.go_button.setToolTip(tr("Show this criterion in the moderation form, to write what was missing"))
        self.override_button = QPushButton(tr("Let it &stand…"), self)
        self.override_button.setToolTip(tr("Keep the explanation as written, with your reason (recorded)"))
        for button in (self.go_button, self.override_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.go_button.clicked.connect(self.go_to)
        self.override_button.clicked.connect(self.let_stand)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.words)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(1180, 560)
        panel_events(ctx).moderated.connect(self.refresh)  # moderations and overrides, done, undone or redone
        self.refresh()

    def refresh(self, *_: object) -> None:
        ctx = self.ctx
        if ctx.store is None or ctx.round is None:
            return
        try:
            data, found, asked = checked(ctx.store, ctx.round)
        except SvAssessorError as error:
            self.words.setText(str(error))
            return
        written = {(s.application.id, p.criterion.id): " ".join(p.explanation) for s in found for p in s.criteria}
        titles = {c.id: c.title for c in data.rubric.criteria}
        self.model.set_rows([(q, titles.get(q.criterion_id, q.criterion_id),
                              written.get((q.application_id, q.criterion_id), "")) for q in asked])
        if not found:
            self.words.setText(tr("No application is decided yet: the summaries are checked once the panel decides."))
        elif not asked:
            self.words.setText(tr("Every explanation in the {n} summaries explains its score: they can be "
                                  "exported (File > Export, Assessment summaries).").format(n=len(found)))
        else:
            self.words.setText(tr("{n} explanations to fix or let stand before the {m} summaries can be written. "
                                  "Go to one to write what was missing in the moderation form, or let it stand "
                                  "with your reason.").format(n=len(asked), m=len(found)))
        if self.model.rowCount():
            self.table.selectRow(0)
        for button in (self.go_button, self.override_button):
            button.setEnabled(bool(asked))

    def _current(self) -> Question | None:
        index = self.table.currentIndex()
        return self.model.row(index.row())[0] if index.isValid() else None

    def go_to(self) -> None:
        if (question := self._current()) is not None:
            self.goTo.emit(question.application_id, question.criterion_id)

    def let_stand(self) -> None:
        question, ctx = self._current(), self.ctx
        if question is None or ctx.store is None:
            return
        reason, ok = QInputDialog.getMultiLineText(
            self, tr("Let the explanation stand"),
            tr("{sentence}\nWhy does it stand as written? (kept with the round's record)").format(
                sentence=question.sentence))
        if not ok or not reason.strip():
            return
        application = ctx.store.applications.by_id(question.application_id)
        push(ctx, OverrideExplanationCommand(ctx, application, question.criterion_id, question.kind, reason))
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
