"""File > New round: the round's settings and its rubric (one we ship, or a file of the user's own).

A rubric file is checked the moment it is chosen, and again on OK (the user may have fixed it in
their editor meanwhile): its problems are listed in the dialog one `FILE:LINE: field: problem` line
each, as the core words them, so the author can go straight to the line. One core call makes the
round; the dialog closes only when it is made.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget,
)

from svassessor.errors import NotAllowed, RubricError, SvAssessorError
from svassessor.models import Round
from svassessor.rubric.loader import load_rubric, shipped_rubrics
from svassessor.rubric.model import Rubric
from svassessor.scoring.weights import round_weight_problem
from svassessor.store import Store
from ui.dialogs.round_form import RoundForm
from ui.widgets.form_text import mute, warn
from ui.text import menu_text, plain_label, tr
from ui.widgets.hint_label import HintLabel

OTHER = "__file__"
FIRST_CHOICE = "small_grants"  # offered first: the general grants rubric (the others are for a charter, and tenders)


class NewRoundDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.created: Round | None = None
        self.setWindowTitle(tr("New round"))
        self.setObjectName("newRound")
        self.rubric = QComboBox(self)
        self.rubric.setObjectName("rubric")
        self.rubric.setAccessibleName(tr("Rubric"))
        for path in shipped_rubrics().values():
            self.rubric.addItem(tr("{name} (shipped)").format(name=menu_text(load_rubric(path).name)), str(path))
        self.rubric.addItem(tr("A rubric file of your own…"), OTHER)
        self.rubric.setCurrentIndex(max(0, self.rubric.findData(str(shipped_rubrics().get(FIRST_CHOICE, "")))))
        self.rubric.activated.connect(self._maybe_pick_file)
        self.rubric.currentIndexChanged.connect(lambda _i: self._rubric_changed())
        browse = QPushButton(tr("&Browse…"), self)
        browse.setObjectName("browseRubric")
        browse.setAccessibleName(tr("Choose a rubric file of your own"))
        browse.clicked.connect(self._pick_file)
        row = QWidget(self)
        row.setFocusProxy(self.rubric)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.rubric, 1)
        line.addWidget(browse)
        self.about_rubric = HintLabel("", self, name="aboutRubric")
        mute(self.about_rubric)
        self.rubric_problems = QPlainTextEdit(self)
        self.rubric_problems.setObjectName("rubricProblems")
        self.rubric_problems.setAccessibleName(tr("Problems in the rubric file"))
        self.rubric_problems.setReadOnly(True)
        self.rubric_problems.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.rubric_problems.setMaximumHeight(self.fontMetrics().lineSpacing() * 9)
        self.form = RoundForm(row, under_rubric=(self.about_rubric, self.rubric_problems), parent=self)
        self.name = self.form.name
        self.budget = self.form.budget
        self.funder_name, self.funder_org_id, self.prefix = self.form.funder_name, self.form.funder_org_id, \
            self.form.prefix
        self.problem = plain_label("", self, name="problem")
        warn(self.problem)
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("&Make the round"))
        buttons.accepted.connect(self._create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self._rubric_changed()
        self.resize(620, self.sizeHint().height())

    # the rubric ----------------------------------------------------------------------------------
    def _maybe_pick_file(self, index: int) -> None:
        if self.rubric.itemData(index) == OTHER:
            self._pick_file()

    def _pick_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Choose a rubric"), "", tr("Rubric (*.yaml *.yml)"))
        if path:
            self.choose_rubric_file(Path(path))

    def choose_rubric_file(self, path: Path) -> None:
        """Offer `path` as the rubric, checked at once: its problems, if any, are listed below the form."""
        index = self.rubric.findData(str(path))
        if index < 0:
            self.rubric.insertItem(0, menu_text(path.name), str(path))
            self.rubric.setItemData(0, str(path), Qt.ItemDataRole.ToolTipRole)
            index = 0
        self.rubric.setCurrentIndex(index)
        self._rubric_changed()

    def _rubric_changed(self) -> Rubric | None:
        """Check the chosen rubric; say what it is, or list its problems. Returns it when it is sound."""
        path = self.rubric.currentData()
        self.form.set_row_visible(self.rubric_problems, False)
        self.problem.hide()
        if path == OTHER:
            self.about_rubric.setText(tr("Choose a rubric file with Browse…"))
            self.form.set_rubric(None)
            return None
        try:
            rubric = load_rubric(path)
        except RubricError as error:
            self.about_rubric.setText(tr("{file} cannot be used as it is ({n} problems): fix these lines and choose "
                                         "it again.").format(file=Path(path).name, n=len(error.problems)))
            # The lines as the core words them, the file named as the author's editor names it.
            self.rubric_problems.setPlainText("\n".join(p.replace(str(path), Path(path).name, 1)
                                                        for p in error.problems))
            self.form.set_row_visible(self.rubric_problems, True)
            self.form.set_rubric(None)
            return None
        criteria = len(rubric.criteria)
        kind = tr("a tender rubric") if rubric.kind == "tender" else tr("a grant rubric")
        self.about_rubric.setText(tr("{name}, version {version}: {kind}, {themes} themes, {criteria} criteria.")
                                  .format(name=rubric.name, version=rubric.version, kind=kind,
                                          themes=len(rubric.themes), criteria=criteria))
        self.form.set_rubric(rubric)
        return rubric

    # making the round ----------------------------------------------------------------------------
    def _create(self) -> None:
        rubric = self._rubric_changed()
        if rubric is None:
            self._show(tr("Choose a rubric file first.") if self.rubric.currentData() == OTHER else
                       tr("The rubric file has problems (listed above): fix them, or choose another rubric."))
            return
        path = Path(self.rubric.currentData())
        try:
            settings = self.form.settings()
            if problem := round_weight_problem(rubric, settings.sv_weight):
                raise NotAllowed(problem[:1].upper() + problem[1:] + ".")
            created = self.store.rounds.create(
                name=settings.name, rubric_yaml=path.read_text(encoding="utf-8"), rubric_filename=path.name,
                budget=settings.budget, opens=settings.opens, closes=settings.closes,
                funder_name=settings.funder_name, funder_org_id=settings.funder_org_id,
                funder_identifier=settings.funder_identifier, nation=settings.nation)
            if settings.sv_weight is not None or settings.retain_until is not None:
                created = self.store.rounds.update(created, sv_weight=settings.sv_weight,
                                                   retain_until=settings.retain_until)
            if settings.anonymised:
                created = self.store.rounds.update(created, anonymised=True, reveal_at=settings.reveal_at)
        except SvAssessorError as error:
            self._show(str(error))
            return
        except OSError as error:
            self._show(tr("The rubric file could not be read: {e}").format(e=error.strerror or error))
            return
        self.created = created
        self.accept()

    def _show(self, message: str) -> None:
        self.form.check_funder()
        self.problem.setText(message)
        self.problem.show()
