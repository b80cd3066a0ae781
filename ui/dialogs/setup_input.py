"""A small dialog for one set-up change: a few fields, then one undo command on OK.

Used for adding a person, renaming them, their interests and a conflict's reason. The dialog
closes only when the core took the change; a refusal (a blank reason, a name already taken) is shown
in it in the core's sentence, with what was typed left as it was.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from svassessor.models import Role
from ui.commands.base import push
from ui.commands.setup import SetupCommand
from ui.context import AppContext
from ui.widgets.form_text import warn
from ui.text import plain_label, tr


class SetupInputDialog(QDialog):
    def __init__(self, ctx: AppContext, *, title: str, intro: str, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setObjectName(name)
        self.make: Callable[[], SetupCommand] | None = None  # the command OK pushes, made from the fields
        self.form = QFormLayout()
        self.problem = plain_label("", self, name="problem")
        warn(self.problem)
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if intro:
            layout.addWidget(plain_label(intro, self, name="intro"))
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def line(self, label: str, accessible: str, text: str = "", placeholder: str = "", name: str = "") -> QLineEdit:
        field = QLineEdit(text, self)
        field.setAccessibleName(accessible)
        field.setPlaceholderText(placeholder)
        field.setObjectName(name)
        self.form.addRow(label, field)
        return field

    def role(self, role: Role = "assessor") -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName("role")
        combo.setAccessibleName(tr("Role"))
        combo.addItem(tr("Assessor: scores the applications"), "assessor")
        combo.addItem(tr("Chair: compares, moderates and decides"), "chair")
        combo.setCurrentIndex(max(0, combo.findData(role)))
        self.form.addRow(tr("&Role:"), combo)
        return combo

    def _ok(self) -> None:
        assert self.make is not None
        command = self.make()
        if push(self.ctx, command):
            self.accept()
            return
        self.problem.setText(command.problem or self.ctx.read_only_reason)
        self.problem.show()
