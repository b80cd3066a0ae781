"""The right pane: this assessor's scores on the open application, one criterion at a time in full.

The list at the top shows every criterion and what was given; below it the current criterion with
its question, guidance and every level's descriptor, the comment and the confidence. Keys 0–9 give a
level, N (or minus) marks *not scored*; Alt+N and Alt+P move to the next or previous unscored.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QPushButton, QScrollArea,
    QTableView, QVBoxLayout, QWidget,
)

from svassessor.models import Application, Assessment
from ui.commands.assessment import SubmitCommand
from ui.commands.base import push
from ui.commands.scores import CommentCommand, OverallCommentCommand, mark_not_scored, set_confidence, set_score
from ui.context import AppContext
from ui.assessor.applications_model import progress_of
from ui.assessor.criteria_model import CriteriaModel, CriterionRow, criterion_rows, level_for_key
from ui.text import plain_label, tr
from ui.theme import secondary_text
from ui.assessor.levels import LevelChooser
from ui.widgets.plain_editor import PlainEditor
from ui.assessor.scoring_others import others_text
from ui.widgets.tables import read_only_rows


class ScoringPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("scoringPanel")
        self.application: Application | None = None
        self.assessment: Assessment | None = None

        self.status = plain_label(name="assessmentStatus")
        self.status.setAccessibleName(tr("Assessment status"))
        bold = self.status.font()
        bold.setBold(True)
        self.status.setFont(bold)
        self.submit_button = QPushButton(tr("Submit assessment"), self)
        self.submit_button.setObjectName("submit")
        self.submit_button.setAccessibleName(tr("Submit assessment"))
        self.submit_button.setToolTip(tr("Submit when every criterion is scored or marked not scored (Ctrl+Enter)"))
        self.submit_button.clicked.connect(self.submit)
        self.reopen_button = QPushButton(tr("Reopen"), self)
        self.reopen_button.setAccessibleName(tr("Reopen assessment"))
        self.reopen_button.setToolTip(tr("Take the submitted assessment back to draft to change it"))
        self.reopen_button.clicked.connect(self.reopen)

        self.model = CriteriaModel(self)
        self.table = QTableView(self)
        read_only_rows(self.table, self.model, name="criteria", accessible_name=tr("Criteria"), alternating=False)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(3, 90)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())

        self.title = plain_label(name="criterionTitle")
        title_font = self.title.font()
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.1)
        self.title.setFont(title_font)
        self.question = plain_label(name="criterionQuestion")
        self.guidance = plain_label(name="criterionGuidance")
        self.levels = LevelChooser(self)
        self.levels.chosen.connect(self._level_chosen)
        self.others = plain_label(name="otherAssessors")
        self.confidence = QComboBox(self)
        self.confidence.setObjectName("confidence")
        self.confidence.setAccessibleName(tr("Confidence"))
        self.confidence.setToolTip(tr("How sure you are of this score (Alt+1 to Alt+5)"))
        self.confidence.addItem(tr("— not given"), None)
        for n, text in ((1, tr("1 · low")), (2, "2"), (3, "3"), (4, "4"), (5, tr("5 · high"))):
            self.confidence.addItem(text, n)
        self.confidence.activated.connect(lambda i: self.set_confidence(self.confidence.itemData(i)))
        self.comment = PlainEditor(self, name=tr("Comment on this criterion"), lines=3, max_lines=5,
                                   placeholder=tr("Why this score? Point to the evidence (F2). Esc goes back "
                                                  "to the criteria."))
        self.comment.edited.connect(self._comment_edited)
        self.comment.finished.connect(lambda: self.table.setFocus())
        self.overall = PlainEditor(self, name=tr("Overall comment"), lines=2, max_lines=4,
                                   placeholder=tr("Overall comment on the application (Alt+O)"))
        self.overall.edited.connect(self._overall_edited)
        self.overall.finished.connect(lambda: self.table.setFocus())
        self.previous_button = QPushButton(tr("◀ Previous unscored"), self)
        self.previous_button.setAccessibleName(tr("Previous unscored criterion"))
        self.previous_button.setToolTip("Alt+P")
        self.previous_button.clicked.connect(lambda: self.unscored(-1))
        self.next_button = QPushButton(tr("Next unscored ▶"), self)
        self.next_button.setAccessibleName(tr("Next unscored criterion"))
        self.next_button.setToolTip("Alt+N")
        self.next_button.clicked.connect(lambda: self.unscored(1))
        self._layout()
        self.restyle()

        ctx.scoreChanged.connect(self._score_changed)
        ctx.assessmentChanged.connect(self._assessment_changed)

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.reopen_button)
        top.addWidget(self.submit_button)

        detail = QWidget(self)
        detail.setObjectName("criterionDetail")
        inner = QVBoxLayout(detail)
        inner.setContentsMargins(2, 4, 8, 4)
        inner.addWidget(self.title)
        inner.addWidget(self.question)
        inner.addWidget(self.guidance)
        inner.addSpacing(4)
        inner.addWidget(self.levels)
        inner.addWidget(self.others)
        inner.addStretch(1)
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("criterionScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(detail)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its radio buttons take focus instead

        nav = QHBoxLayout()
        nav.addWidget(self.previous_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)

        self.body = QWidget(self)  # hidden while no application is open: no stale descriptors
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.table)
        body.addLayout(nav)
        body.addWidget(self.scroll, 1)
        # The comment and confidence stay in view below the descriptors: they are written for every criterion.
        form = QFormLayout()
        form.setContentsMargins(0, 4, 0, 0)
        comment_label = QLabel(tr("Comment (F2):"))
        comment_label.setBuddy(self.comment)
        form.addRow(comment_label, self.comment)
        confidence_label = QLabel(tr("&Confidence:"))
        confidence_label.setBuddy(self.confidence)
        form.addRow(confidence_label, self.confidence)
        body.addLayout(form)
        overall_label = QLabel(tr("Overall (Alt+O):"))
        overall_label.setBuddy(self.overall)
        form.addRow(overall_label, self.overall)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 6)
        layout.addLayout(top)
        layout.addWidget(self.body, 1)

    def restyle(self) -> None:
        palette = self.guidance.palette()
        palette.setColor(self.guidance.foregroundRole(), secondary_text())
        self.guidance.setPalette(palette)
        if self.current() is not None:
            self._show_current()

    # showing -------------------------------------------------------------------------------------
    def set_session(self) -> None:
        """A new round or assessor: the rubric's scale may differ."""
        self.show_application(None)

    def show_application(self, application: Application | None) -> None:
        previous = self.current()
        self.application = application
        ctx = self.ctx
        self.assessment = (ctx.store.assessments.get(application.id, ctx.assessor.id)
                           if application and ctx.assessor and ctx.store else None)
        rows = criterion_rows(ctx.rubric, self.assessment) if application and ctx.rubric else []
        self.model.set_rows(rows)
        line = self.table.verticalHeader().defaultSectionSize()
        header = self.table.horizontalHeader().sizeHint().height()
        self.table.setFixedHeight(min(12, max(len(rows), 1)) * line + header + 2 * self.table.frameWidth())
        self.setEnabled(application is not None)
        self.body.setVisible(application is not None)
        # Keep the same criterion when moving between applications: an assessor often scores across.
        row = self.model.find(lambda r: previous is not None and r.criterion.id == previous.criterion.id)
        self.select_row(row if row >= 0 else self._first_unscored())
        self.overall.set_text_quietly(self.assessment.overall_comment if self.assessment else "")
        self._show_status()

    def _first_unscored(self) -> int:
        found = self.model.find(lambda r: not r.done)
        return found if found >= 0 else 0

    def current(self) -> CriterionRow | None:
        row = self.table.currentIndex().row()
        return self.model.row(row) if 0 <= row < self.model.rowCount() else None

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(self.model.index(row, 0))
        self._show_current()
        self.scroll.verticalScrollBar().setValue(0)  # a new criterion starts at its question

    def reveal(self, criterion_id: str) -> None:
        self.select_row(self.model.find(lambda r: r.criterion.id == criterion_id))

    def _show_current(self) -> None:
        row = self.current()
        editable = self._editable()
        if row is None:
            for label in (self.title, self.question, self.guidance, self.others):
                label.setText("")
            self.comment.set_text_quietly("")
            self.comment.setEnabled(False)
            self.confidence.setEnabled(False)
            return
        self.title.setText(f"{row.theme} › {row.criterion.title}")
        self.question.setText(row.criterion.question)
        self.guidance.setText(tr("Look for: {text}").format(text=row.criterion.guidance) if row.criterion.guidance
                              else "")
        self.guidance.setVisible(bool(row.criterion.guidance))
        if self.levels.values != [float(v) for v in row.scale.values]:
            self.levels.set_scale(row.scale)
        self.levels.show_score(row.score)
        self.levels.setEnabled(editable)
        self.comment.set_text_quietly(row.score.comment if row.score else "")
        self.comment.setReadOnly(not editable)
        self.comment.setEnabled(True)
        confidence = row.score.confidence if row.score else None
        self.confidence.setCurrentIndex(self.confidence.findData(confidence) if confidence else 0)
        self.confidence.setEnabled(editable)
        self.others.setText(others_text(self.ctx, self.application, self.assessment, row))
        self.others.setVisible(bool(self.others.text()))

    def _show_status(self) -> None:
        assessment, rows = self.assessment, self.model.rows()
        done = sum(1 for r in rows if r.done)
        if self.application is None:
            self.status.setText(tr("No application open"))
        elif assessment is not None and assessment.status == "submitted":
            self.status.setText(tr("Submitted · {done} of {n} criteria").format(done=done, n=len(rows)))
        else:
            self.status.setText(tr("Draft · {done} of {n} criteria scored").format(done=done, n=len(rows)))
        submitted = assessment is not None and assessment.status == "submitted"
        can = self.ctx.can_score and self.application is not None
        self.submit_button.setVisible(not submitted)
        self.submit_button.setEnabled(can)
        self.reopen_button.setVisible(submitted)
        self.reopen_button.setEnabled(can)
        self.overall.setReadOnly(not self._editable())
        self.previous_button.setEnabled(self._editable())
        self.next_button.setEnabled(self._editable())

    def _editable(self) -> bool:
        return (self.ctx.can_score and self.application is not None
                and not (self.assessment is not None and self.assessment.status == "submitted"))

    # refreshing what changed ---------------------------------------------------------------------
    def _reload(self) -> None:
        self.assessment = self.ctx.store.assessments.get(self.application.id, self.ctx.assessor.id)

    def _score_changed(self, application_id: str, criterion_id: str) -> None:
        if self.application is None or application_id != self.application.id:
            return
        self._reload()
        scores = self.assessment.scores if self.assessment else {}
        row = self.model.find(lambda r: r.criterion.id == criterion_id)
        if row >= 0:
            old = self.model.row(row)
            self.model.replace(row, CriterionRow(old.criterion, old.theme, old.scale, scores.get(criterion_id)))
        current = self.current()
        if current is not None and current.criterion.id == criterion_id:
            self._show_current()
        self._show_status()

    def _assessment_changed(self, application_id: str) -> None:
        if self.application is not None and application_id == self.application.id:
            self._reload()
            self.overall.set_text_quietly(self.assessment.overall_comment if self.assessment else "")
            self._show_current()
            self._show_status()

    def progress(self) -> tuple[str, int] | None:
        return progress_of(self.assessment)

    # the assessor's actions ----------------------------------------------------------------------
    def _can_act(self) -> bool:
        if self.application is None:
            self.ctx.report(tr("Open an application first."))
            return False
        if self.ctx.refuse_if_read_only():
            return False
        if not self.ctx.can_score:
            self.ctx.report(tr("This round is not being scored, so its scores are read only."))
            return False
        if self.assessment is not None and self.assessment.status == "submitted":
            self.ctx.report(tr("You have submitted this assessment; reopen it (Reopen button) to change it."))
            return False
        return self.current() is not None

    def score_key(self, digit: int) -> None:
        row = self.current()
        if not self._can_act() or row is None:
            return
        level = level_for_key(row.scale, digit)
        if level is None:
            keys = ", ".join(str(k) for k in range(10) if level_for_key(row.scale, k))
            self.ctx.report(tr("{d} is not a level of this scale; use {keys}.").format(d=digit, keys=keys))
            return
        self._level_chosen(float(level.value))

    def _level_chosen(self, value: float | None) -> None:
        row = self.current()
        if not self._can_act() or row is None or self.application is None:
            self.levels.show_score(row.score if row else None)
            return
        if value is None:
            if not (row.score and row.score.not_scored):
                push(self.ctx, mark_not_scored(self.ctx, self.application.id, row.criterion.id))
        elif not (row.score and row.score.score == value and not row.score.not_scored):
            level = row.scale.level(value)
            push(self.ctx, set_score(self.ctx, self.application.id, row.criterion.id, value,
                                     f"{value:g} {level.label if level else ''}".strip()))
        self.levels.show_score(self.current().score if self.current() else None)
        if (frame := self.levels.chosen_frame()) is not None:
            self.scroll.ensureWidgetVisible(frame)  # show the assessor what they just gave

    def mark_not_scored(self) -> None:
        self._level_chosen(None)

    def set_confidence(self, confidence: int | None) -> None:
        row = self.current()
        if not self._can_act() or row is None or self.application is None:
            return
        if (row.score.confidence if row.score else None) != confidence:
            push(self.ctx, set_confidence(self.ctx, self.application.id, row.criterion.id, confidence))
        self._show_current()

    def _comment_edited(self, text: str) -> None:
        row = self.current()
        if row is None or self.application is None or not self._can_act():
            self._show_current()  # a refused edit: show what is saved
            return
        push(self.ctx, CommentCommand(self.ctx, self.application.id, row.criterion.id, text,
                                      sitting=self.comment.sitting))

    def _overall_edited(self, text: str) -> None:
        if self.application is None or not self._can_act():
            self.overall.set_text_quietly(self.assessment.overall_comment if self.assessment else "")
            return
        push(self.ctx, OverallCommentCommand(self.ctx, self.application.id, text, sitting=self.overall.sitting))

    def step(self, delta: int) -> None:
        row = self.table.currentIndex().row()
        self.select_row(max(0, min(self.model.rowCount() - 1, row + delta)))

    def unscored(self, direction: int) -> bool:
        """Go to the next (1) or previous (-1) criterion neither scored nor marked, wrapping round."""
        n = self.model.rowCount()
        here = max(self.table.currentIndex().row(), 0)
        for k in range(1, n + 1):
            row = (here + direction * k) % n
            if not self.model.row(row).done:
                self.select_row(row)
                return True
        if not n:
            self.ctx.report("")
        elif self.assessment is not None and self.assessment.status == "submitted":
            self.ctx.report(tr("Every criterion is scored or marked, and this assessment is submitted."))
        else:
            self.ctx.report(tr("Every criterion is scored or marked: submit with Ctrl+Enter."))
        return False

    def focus_comment(self) -> None:
        self.comment.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.comment.move_to_end()

    def focus_overall(self) -> None:
        self.overall.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.overall.move_to_end()

    def submit(self) -> None:
        if self.application is None or not self.ctx.can_score:
            self.ctx.report(tr("There is no assessment to submit here."))
            return
        if push(self.ctx, SubmitCommand(self.ctx, self.application.id)):
            self.ctx.done.emit(tr("Submitted {ref}. Ctrl+PgDown opens the next application; Ctrl+Z takes it "
                                  "back.").format(ref=self.application.reference))
        else:
            first = self.model.find(lambda r: not r.done)
            if first >= 0:
                self.select_row(first)
                self.table.setFocus()

    def reopen(self) -> None:
        if self.application is not None and self.ctx.can_score:
            push(self.ctx, SubmitCommand(self.ctx, self.application.id, reopen=True))


