"""File > New round: a name, a rubric (one we ship or a YAML file), a budget, the funder; one core call."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
    QVBoxLayout, QWidget,
)

from svassessor.errors import SvAssessorError
from svassessor.models import Round
from svassessor.rubric.loader import load_rubric, shipped_rubrics
from svassessor.store import Store
from ui.text import plain_label, tr

OTHER = "__file__"


class NewRoundDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.created: Round | None = None
        self.setWindowTitle(tr("New round"))
        self.setObjectName("newRound")
        self.name = QLineEdit(self)
        self.name.setAccessibleName(tr("Round name"))
        self.name.setPlaceholderText(tr("e.g. Neighbourhood Fund 2027"))
        self.rubric = QComboBox(self)
        self.rubric.setAccessibleName(tr("Rubric"))
        for rubric_id, path in sorted(shipped_rubrics().items()):
            try:
                label = load_rubric(path).name
            except SvAssessorError:
                continue
            self.rubric.addItem(tr("{name} (shipped)").format(name=label), str(path))
        self.rubric.addItem(tr("A rubric YAML file…"), OTHER)
        self.rubric.activated.connect(self._maybe_pick_file)
        self.budget = QLineEdit(self)
        self.budget.setAccessibleName(tr("Budget in pounds"))
        self.budget.setPlaceholderText(tr("optional, e.g. 90000"))
        self.funder_name = self._line(tr("Funder name"), tr("optional, e.g. Example Community Foundation"))
        self.funder_org_id = self._line(tr("Funder org-id"), tr("optional, from org-id.guide, e.g. GB-CHC-1234567"))
        self.prefix = self._line(tr("360Giving prefix"), tr("optional, e.g. 360G-EXAMPLE"))
        self.funder_org_id.setToolTip(tr("Who the funder is in 360Giving data (Funding Org:Identifier): a country "
                                         "code, a register's code and the funder's number in it."))
        self.prefix.setToolTip(tr("The prefix 360Giving gave the funder, put before this round's own references "
                                  "to make grant identifiers. Grants imported from 360Giving keep their own."))
        self.problem = plain_label("")
        self.problem.setObjectName("problem")
        self.problem.hide()
        browse = QPushButton(tr("&Browse…"), self)
        browse.clicked.connect(self._pick_file)
        row = QHBoxLayout()
        row.addWidget(self.rubric, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow(tr("&Name:"), self.name)
        rubric_label = QLabel(tr("&Rubric:"), self)  # a row that is a layout gets no buddy by itself
        rubric_label.setBuddy(self.rubric)
        form.addRow(rubric_label, row)
        form.addRow(tr("&Budget (£):"), self.budget)
        form.addRow(tr("&Funder:"), self.funder_name)
        form.addRow(tr("Funder's &org-id:"), self.funder_org_id)
        form.addRow(tr("360Giving &prefix:"), self.prefix)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def _line(self, name: str, placeholder: str) -> QLineEdit:
        line = QLineEdit(self)
        line.setAccessibleName(name)
        line.setPlaceholderText(placeholder)
        return line

    def _maybe_pick_file(self, index: int) -> None:
        if self.rubric.itemData(index) == OTHER:
            self._pick_file()

    def _pick_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Choose a rubric"), "", tr("Rubric (*.yaml *.yml)"))
        if path:
            self.rubric.insertItem(0, Path(path).name, path)
            self.rubric.setCurrentIndex(0)

    def _create(self) -> None:
        path = self.rubric.currentData()
        if path == OTHER:
            self._show(tr("Choose a rubric file first."))
            return
        text = self.budget.text().strip().replace(",", "").lstrip("£")
        try:
            budget = Decimal(text) if text else None
        except InvalidOperation:
            self._show(tr("The budget should be an amount in pounds, like 90000."))
            return
        try:
            yaml_text = Path(path).read_text(encoding="utf-8")
            self.created = self.store.rounds.create(
                name=self.name.text(), rubric_yaml=yaml_text, rubric_filename=Path(path).name, budget=budget,
                funder_name=self.funder_name.text(), funder_org_id=self.funder_org_id.text(),
                funder_identifier=self.prefix.text())
        except SvAssessorError as error:
            self._show(str(error))
            return
        except OSError as error:
            self._show(tr("The rubric file could not be read: {e}").format(e=error.strerror or error))
            return
        self.accept()

    def _show(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()
