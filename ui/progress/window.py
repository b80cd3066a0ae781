"""The chair's progress view (DESIGN §13 step 6, issue 15): who has done what, what is short, who to chase.

Top: the round's reviews submitted and missing. Then one row per assessor (assigned, begun, submitted
with a bar, to go, last worked), the applications still short of reviews, and the chase list with
"Copy chase list", which puts the core's text on the clipboard for an e-mail (the status line says
so). Everything is read from the core in `refresh`, after a merge, a submission or a score, and on F5.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication, QHBoxLayout, QHeaderView, QLabel, QMainWindow, QPlainTextEdit, QPushButton, QSplitter, QTableView,
    QVBoxLayout, QWidget,
)

from svassessor.errors import SvAssessorError
from svassessor.panel.progress import RoundProgress, round_progress
from svassessor.repository.progress import review_facts
from ui.context import AppContext
from ui.progress.models import SUBMITTED_COLUMN, AssessorsModel, ShortModel, SubmittedDelegate
from ui.text import plain_label, tr
from ui.theme import show_warning
from ui.widgets.tables import read_only_rows


class ProgressWindow(QMainWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setObjectName("progressWindow")
        self.ctx = ctx
        self.progress: RoundProgress | None = None

        self.summary = plain_label(name="progressSummary")
        font = self.summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.summary.setFont(font)
        self.message = plain_label(name="progressMessage")
        self.message.hide()
        self._message_timer = QTimer(self, singleShot=True, interval=12000, timeout=self.message.hide)

        self.assessors = AssessorsModel(self)
        self.assessor_table = QTableView(self)
        read_only_rows(self.assessor_table, self.assessors, name="progressAssessors",
                       accessible_name=tr("Assessors' progress"))
        self.assessor_table.setItemDelegateForColumn(SUBMITTED_COLUMN, SubmittedDelegate(self.assessor_table))
        header = self.assessor_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SUBMITTED_COLUMN, QHeaderView.ResizeMode.Stretch)

        self.short = ShortModel(self)
        self.short_title = plain_label(name="shortTitle")
        self.short_table = QTableView(self)
        read_only_rows(self.short_table, self.short, name="progressShort",
                       accessible_name=tr("Applications short of reviews"))
        header = self.short_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self.chase = QPlainTextEdit(self)
        self.chase.setObjectName("chaseText")
        self.chase.setAccessibleName(tr("Who to chase"))
        self.chase.setReadOnly(True)
        self.chase.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.copy_button = QPushButton(tr("&Copy chase list"), self)
        self.copy_button.setObjectName("copyChase")
        self.copy_button.setToolTip(tr("Put the list of who to chase on the clipboard, to paste into an e-mail"))
        self.copy_button.clicked.connect(self.copy_chase)
        self.refresh_button = QPushButton(tr("&Refresh"), self)
        self.refresh_button.clicked.connect(self.refresh)

        self.setCentralWidget(self._layout())
        self.statusBar()  # the message line: made now, so the first message shows at once
        self.resize(1200, 860)
        refresh = QAction(tr("Refresh"), self)
        refresh.setShortcuts([QKeySequence(QKeySequence.StandardKey.Refresh), QKeySequence("F5")])
        refresh.triggered.connect(self.refresh)
        self.addAction(refresh)

        self._later = QTimer(self, singleShot=True, interval=400, timeout=self.refresh)
        ctx.sessionChanged.connect(self.refresh)
        ctx.workMerged.connect(self.refresh)
        ctx.assessmentChanged.connect(self._soon)
        ctx.scoreChanged.connect(self._soon)
        self.refresh()

    def _layout(self) -> QWidget:
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self._title(plain_label(tr("Assessors"), self, name="assessorsTitle")))
        top_layout.addWidget(self.assessor_table)
        middle = QWidget(self)
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(self._title(self.short_title))
        middle_layout.addWidget(self.short_table)
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self._title(plain_label(tr("Who to chase"), self, name="chaseTitle")), 1)
        row.addWidget(self.refresh_button)
        row.addWidget(self.copy_button)
        bottom_layout.addLayout(row)
        bottom_layout.addWidget(self.chase)
        split = QSplitter(Qt.Orientation.Vertical, self)
        for part in (top, middle, bottom):
            split.addWidget(part)
        split.setChildrenCollapsible(False)
        split.setSizes([230, 380, 200])
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)
        return central

    @staticmethod
    def _title(label: QLabel) -> QLabel:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        return label

    def _soon(self, *_: object) -> None:
        # Someone may be scoring in the main window: one read after a burst of key presses.
        self._later.start()

    def refresh(self) -> None:
        """Read the round's progress again (the one place this view reads the core)."""
        self._later.stop()
        ctx = self.ctx
        if ctx.store is None or ctx.round is None:
            self.progress = None
            self._show(None)
            return
        try:
            round_ = ctx.store.rounds.by_id(ctx.round.id)
            self.progress = round_progress(review_facts(ctx.store, round_), round_name=round_.name,
                                           today=ctx.store.clock.today())
        except SvAssessorError as error:
            self.show_problem(str(error))
            return
        self._show(self.progress)

    def _show(self, found: RoundProgress | None) -> None:
        self.setWindowTitle(tr("Progress — {round}").format(round=found.round_name) if found else tr("Progress"))
        self.assessors.today = found.today if found else None
        self.assessors.set_rows(found.assessors if found else [])
        short = found.short if found else []
        self.short.set_rows(short)
        self.chase.setPlainText(found.chase if found else "")
        self.copy_button.setEnabled(found is not None)
        if found is None:
            self.summary.setText(tr("Open a round to see its progress."))
            self.short_title.setText("")
            return
        self.summary.setText(tr("{submitted} of {due} reviews submitted, {missing} missing — {round}, "
                                "{today}").format(submitted=found.submitted, due=found.due, missing=found.missing,
                                                  round=found.round_name, today=found.today.isoformat()))
        self.short_title.setText(
            tr("Applications short of reviews: {n} of {m}").format(n=len(short), m=len(found.applications))
            if short else tr("No application is short of reviews."))

    def copy_chase(self) -> None:
        """Put the chase text on the clipboard, and say so."""
        if self.progress is None:
            return
        QApplication.clipboard().setText(self.progress.chase)
        behind = sum(1 for p in self.progress.assessors if p.to_go > 0)
        self.statusBar().showMessage(
            tr("The chase list is on the clipboard ({n} assessor(s) with reviews to go): paste it into an "
               "e-mail.").format(n=behind) if behind else
            tr("On the clipboard: every assessor has submitted all their assigned reviews."), 15000)

    def show_problem(self, text: str) -> None:
        show_warning(self.message, text)
        self._message_timer.start()
