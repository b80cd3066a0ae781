"""Who is scoring: your name and role (remembered), and which of the round's assessors you score as."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget,
)

from svassessor.models import Assessor
from ui.text import plain_label, tr

ADD_ME = "__add_me__"


class WhoAreYouDialog(QDialog):
    """Returns (name, role, assessor name or ADD_ME); the caller makes the one core call if ADD_ME."""

    def __init__(self, assessors: list[Assessor], *, name: str = "", role: str = "assessor",
                 chosen: str | None = None, round_name: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Who is scoring?"))
        self.setObjectName("whoAreYou")
        intro = plain_label(tr("Your name goes on every change you make (the file keeps an audit log). Choose the "
                               "assessor of “{round}” whose scores you are giving.").format(round=round_name))
        self.name = QLineEdit(name, self)
        self.name.setObjectName("yourName")
        self.name.setAccessibleName(tr("Your name"))
        self.role = QComboBox(self)
        self.role.setAccessibleName(tr("Your role"))
        self.role.addItem(tr("Assessor"), "assessor")
        self.role.addItem(tr("Panel chair"), "chair")
        self.role.setCurrentIndex(max(0, self.role.findData(role)))
        self.assessor = QComboBox(self)
        self.assessor.setObjectName("scoreAs")
        self.assessor.setAccessibleName(tr("Score as"))
        for person in assessors:
            label = person.name if person.role == "assessor" else tr("{name} (chair)").format(name=person.name)
            self.assessor.addItem(label, person.name)
        self.assessor.addItem(tr("Add me to this round as a new assessor"), ADD_ME)
        names = [a.name for a in assessors]
        preferred = chosen if chosen in names else name if name in names else None
        first_assessor = next((a.name for a in assessors if a.role == "assessor"), None)
        index = self.assessor.findData(preferred or first_assessor or ADD_ME)
        self.assessor.setCurrentIndex(max(0, index))

        form = QFormLayout()
        form.addRow(tr("Your &name:"), self.name)
        form.addRow(tr("Your &role:"), self.role)
        form.addRow(tr("&Score as:"), self.assessor)
        self.problem = plain_label("")
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(480, self.sizeHint().height())

    def _accept(self) -> None:
        if not self.name.text().strip():
            self.problem.setText(tr("Please give your name: it goes on every change you make."))
            self.problem.show()
            self.name.setFocus()
            return
        self.accept()

    def answer(self) -> tuple[str, str, str]:
        return self.name.text().strip(), self.role.currentData(), self.assessor.currentData()
