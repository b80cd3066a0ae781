"""Moderate one criterion of one application: what each assessor gave and said, then the agreed score.

The panel gathers the agreed level and a rationale and makes one call (`ModerateCommand`); the core
refuses an empty rationale or a round not in moderation, and the refusal is shown where problems are
shown. Comments come from the assessors' own sheets, read for this one application when it is chosen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from svassessor.models import Application
from ui.commands.base import push
from ui.commands.panel import ModerateCommand
from ui.context import AppContext
from ui.panel.state import PanelState
from ui.panel.words import number
from ui.text import one_line, plain_label, tr
from ui.theme import secondary_text


class ModerationPanel(QGroupBox):
    def __init__(self, ctx: AppContext, state: PanelState, parent: QWidget | None = None):
        super().__init__(tr("Moderate a criterion"), parent)
        self.ctx, self.state = ctx, state
        self.setObjectName("moderation")
        self.application: Application | None = None
        self.criterion_id = ""
        self.heading = plain_label("", self, name="moderationHeading")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.scores = plain_label("", self, name="assessorScores", selectable=True)
        self.scores.setAccessibleName(tr("What each assessor gave"))
        self.level = QComboBox(self)
        self.level.setObjectName("agreedScore")
        self.level.setAccessibleName(tr("Agreed score"))
        self.rationale = QPlainTextEdit(self)
        self.rationale.setObjectName("rationale")
        self.rationale.setAccessibleName(tr("Rationale for the agreed score"))
        self.rationale.setPlaceholderText(tr("Required: why the panel agreed this score, in a sentence or two"))
        self.rationale.setTabChangesFocus(True)
        self.rationale.setFixedHeight(72)
        self.agree = QPushButton(tr("&Agree score"), self)
        self.agree.setObjectName("agreeScore")
        self.agree_tip = tr("Record the panel's score and rationale (Ctrl+Return)")
        self.agree.clicked.connect(self.submit)
        self.hint = plain_label("", self, name="moderationHint")
        form = QFormLayout()
        form.addRow(tr("Agreed &score"), self.level)
        form.addRow(tr("Rationa&le"), self.rationale)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.scores)
        layout.addLayout(form)
        layout.addWidget(self.agree)
        layout.addWidget(self.hint)
        self.show_cell(None, "")

    def show_cell(self, application: Application | None, criterion_id: str) -> None:
        """Show the criterion `criterion_id` of `application` (nothing, when either is missing)."""
        self.application, self.criterion_id = application, criterion_id
        state = self.state
        comparison = state.comparison
        ready = application is not None and bool(criterion_id) and comparison is not None \
            and application.id in comparison.row_of and state.rubric is not None
        # Each of these changes the file when agreed: in a read-only file they are off, saying why.
        open_ = ready and state.status == "moderation"
        self.ctx.enable_edit(self.level, open_)
        self.ctx.enable_edit(self.rationale, open_)
        self.ctx.enable_edit(self.agree, open_, self.agree_tip)
        if not ready:
            self.heading.setText(tr("Choose a criterion in the comparison (F8: the next one to discuss)."))
            self.scores.clear()
            self.level.clear()
            self.rationale.clear()
            self.hint.clear()
            return
        assert application is not None and comparison is not None and state.rubric is not None
        criterion = state.rubric.criterion(criterion_id)
        column = [c.id for c in comparison.columns].index(criterion_id)
        detail = comparison.detail(comparison.row_of[application.id], column)
        self.heading.setText(f"{application.reference} · {criterion.title}")
        self.scores.setText(self._scores_text(application, detail))
        scale = state.rubric.scale_for(criterion_id)
        self.level.clear()
        for level in scale.levels:
            self.level.addItem(f"{level.value} — {level.label}", float(level.value))
            self.level.setItemData(self.level.count() - 1, level.descriptor, Qt.ItemDataRole.ToolTipRole)
        start = detail.moderated if detail.moderated is not None else detail.combined
        if start is not None:
            nearest = min(range(len(scale.levels)), key=lambda i: abs(scale.levels[i].value - start))
            self.level.setCurrentIndex(nearest)
        moderation = next((m for m in self._moderations() if m.criterion_id == criterion_id), None)
        self.rationale.setPlainText(moderation.rationale if moderation else "")
        self.agree.setText(tr("Change the &agreed score") if moderation else tr("&Agree score"))
        self.hint.setText("" if state.status == "moderation" else tr(
            "Scores are agreed while the round is in moderation; it is in {status}.").format(status=state.status))
        palette = self.hint.palette()
        palette.setColor(self.hint.foregroundRole(), secondary_text())
        self.hint.setPalette(palette)

    def _moderations(self):
        if self.ctx.store is None or self.state.round is None or self.application is None:
            return []
        return [m for m in self.ctx.store.panel.moderations(self.state.round)
                if m.application_id == self.application.id]

    def _scores_text(self, application: Application, detail) -> str:
        store, state = self.ctx.store, self.state
        lines = []
        for assessor_id, score in sorted(detail.scores, key=lambda s: state.assessor_name(s[0])):
            sheet = store.assessments.get(application.id, assessor_id) if store else None
            given = sheet.scores.get(self.criterion_id) if sheet else None
            comment = f" — “{one_line(given.comment, 160)}”" if given and given.comment else ""
            confidence = tr(" (confidence {n})").format(n=given.confidence) if given and given.confidence else ""
            lines.append(f"{state.assessor_name(assessor_id)}: {number(score)}{confidence}{comment}")
        if not lines:
            lines.append(tr("No assessor has scored this yet."))
        if detail.spread is not None:
            lines.append(tr("Spread {spread}{flag}; assessors' {aggregate} {before}").format(
                spread=number(detail.spread), flag=tr(", to discuss") if detail.flagged else "",
                aggregate=tr(detail.aggregate), before=number(detail.before_moderation)))
        if detail.moderated is not None:
            lines.append(tr("Agreed by the panel: {score}").format(score=number(detail.moderated)))
        return "\n".join(lines)

    def submit(self) -> bool:
        """Agree the chosen score with the rationale typed: one command, refused by the core if incomplete."""
        if self.application is None or not self.criterion_id or self.level.currentIndex() < 0:
            return False
        return push(self.ctx, ModerateCommand(self.ctx, self.application, self.criterion_id,
                                              float(self.level.currentData()), self.rationale.toPlainText().strip()))
