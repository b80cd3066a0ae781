"""Round settings…: change a round's name, budget, dates, social value weight, funder, part of the UK and,
for a tender, the day its award notice is published (its standstill's first day).

The rubric was frozen into the round when it was made, so it is shown, not offered. OK makes one
undoable change (Edit > Undo puts every setting back); the core checks it whole, and a refusal is
shown in the dialog, which stays open.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from svassessor.errors import SvAssessorError
from svassessor.models import Round
from ui.commands.base import push
from ui.commands.setup import RoundSettings, RoundSettingsCommand
from ui.context import AppContext
from ui.dialogs.round_form import RoundForm
from ui.widgets.form_text import warn
from ui.text import plain_label, tr
from ui.widgets.hint_label import HintLabel


class RoundSettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, round_: Round, parent: QWidget | None = None):
        super().__init__(parent)
        assert ctx.store is not None
        self.ctx = ctx
        self.round = round_
        self.setWindowTitle(tr("Settings of “{round}”").format(round=round_.name))
        self.setObjectName("roundSettings")
        rubric = ctx.store.rounds.rubric(round_)
        frozen = HintLabel(tr("{name}, version {version} (frozen into the round when it was made)").format(
            name=rubric.name, version=rubric.version), self, name="frozenRubric")
        frozen.setAccessibleName(tr("Rubric"))
        self.form = RoundForm(frozen, award=True, parent=self)
        self.form.set_rubric(rubric)
        self.form.show_round(round_)
        self.problem = plain_label("", self, name="problem")
        warn(self.problem)
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        ctx.enable_edit(buttons.button(QDialogButtonBox.StandardButton.Ok))
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(620, self.sizeHint().height())

    def _save(self) -> None:
        try:
            settings = self.form.settings()
        except SvAssessorError as error:
            self._show(str(error))
            return
        if settings == RoundSettings.of(self.round):
            self.accept()
            return
        command = RoundSettingsCommand(self.ctx, self.round, settings)
        if not push(self.ctx, command):
            self._show(command.problem)
            return
        self.accept()

    def _show(self, message: str) -> None:
        self.form.check_funder()
        self.problem.setText(message)
        self.problem.setVisible(bool(message))
