"""The assignment grid: one row per application (reference and organisation, in natural order), one
column per person on the panel, a tick where they review it; a conflicted cell says so and cannot be
ticked (its reason in the tooltip). Each column's header carries the person's load.

Above it, the automatic run: reviews per application, a cap, a seed, whether to prefer interests, and
whether to start again or keep what is there; "Assign" makes one undoable command. A tick given or
taken away is one undoable command too. The grid holds no rules: it asks (`toggled`), the dialog
pushes the command, the core decides, and the grid is read again from the core.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svassessor.models import Application, Assessor, Round
from svassessor.repository.assignments import AssignmentView
from ui.commands.assignment import AssignCommand, ToggleAssignmentCommand, assignment_events
from ui.commands.base import push
from ui.commands.setup import setup_events
from ui.context import AppContext
from ui.dialogs.conflict_grid import TickDelegate
from ui.text import plain_label, tooltip, tr
from ui.theme import muted_colour
from ui.widgets.form_text import mute, warn
from ui.widgets.person_grid import FIXED, PersonGridModel
from ui.widgets.undo import undo_bar


class AssignmentGridModel(PersonGridModel):
    """A tick assigns the application to the person (True) or takes it off their list (False); a conflicted
    pair is shown as such and cannot be ticked."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.pairs: frozenset[tuple[str, str]] = frozenset()  # (person id, application id) assigned
        self.explicit = False
        self.load: dict[str, int] = {}  # person's name → applications they review
        self.conflicts: dict[tuple[str, str], str] = {}  # (person id, application id): reason

    def set_panel(self, people: list[Assessor], applications: list[Application]) -> None:
        self.beginResetModel()
        self.people, self.applications = list(people), list(applications)
        self.endResetModel()

    def set_state(self, view: AssignmentView, conflicts: dict[tuple[str, str], str]) -> None:
        self.pairs, self.explicit, self.load, self.conflicts = view.pairs, view.explicit, view.load, conflicts
        self.cells_changed()

    def tickable(self, person: Assessor, application: Application) -> bool:
        return (person.id, application.id) not in self.conflicts

    def cell(self, person: Assessor, application: Application, role: int) -> Any:
        reason = self.conflicts.get((person.id, application.id))
        assigned = (person.id, application.id) in self.pairs
        if reason is not None:
            if role == Qt.ItemDataRole.DisplayRole:
                return tr("conflict")
            if role == Qt.ItemDataRole.ForegroundRole:
                return muted_colour()
            if role == Qt.ItemDataRole.ToolTipRole:
                return tooltip(tr("{name} must not open or score {ref}: {reason}").format(
                    name=person.name, ref=application.reference, reason=reason))
        elif role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if assigned and self.explicit else Qt.CheckState.Unchecked
        elif role == Qt.ItemDataRole.ToolTipRole:
            text = tr("{name} reviews {ref}: untick to take it off their list") if assigned and self.explicit \
                else tr("Tick to have {name} review {ref}")
            return tooltip(text.format(name=person.name, ref=application.reference))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            state = tr("conflict: {reason}").format(reason=reason) if reason is not None else \
                tr("assigned") if assigned and self.explicit else tr("not assigned")
            return f"{person.name}, {application.reference}: {state}"
        return None

    def person_header(self, person: Assessor, name: str) -> str:
        return tr("{name}\n{n} assigned").format(name=name, n=self.load.get(person.name, 0)) if self.explicit \
            else name


class AssignmentDialog(QDialog):
    def __init__(self, ctx: AppContext, round_: Round, parent: QWidget | None = None):
        super().__init__(parent)
        assert ctx.store is not None
        self.ctx, self.store, self.round = ctx, ctx.store, round_
        self.setWindowTitle(tr("Assignment of “{round}”").format(round=round_.name))
        self.setObjectName("assignmentDialog")

        # the automatic run -----------------------------------------------------------------------
        self.per_application = self._spin("perApplication", 1, 20, 3, tr("Reviews per application"))
        self.cap = self._spin("cap", 0, 100000, 0, tr("The most applications any one assessor reviews"))
        self.cap.setSpecialValueText(tr("no cap"))
        self.seed = self._spin("seed", 0, 2 ** 31 - 1, 0,
                               tr("Decides between equally good assignments: the same seed, the same assignment"))
        self.interests = QCheckBox(tr("Prefer matching &interests"), self)
        self.interests.setObjectName("interests")
        self.interests.setChecked(True)
        self.replace = QCheckBox(tr("Start a&gain"), self)
        self.replace.setObjectName("replace")
        self.replace.setToolTip(tr("Without it, the assignments already made are kept and filled around"))
        self.assign_button = ctx.edit_button(self, tr("A&ssign"), "assign", self.assign,
                                             tr("Assign automatically: balanced, never to a conflicted assessor, "
                                                "within the cap; a chair only by hand"))
        controls = QHBoxLayout()
        for label, field in ((tr("&Reviews per application:"), self.per_application), (tr("&Cap per assessor:"),
                                                                                        self.cap),
                             (tr("S&eed:"), self.seed)):
            text = QLabel(label, self)
            text.setBuddy(field)
            controls.addWidget(text)
            controls.addWidget(field)
        for widget in (self.interests, self.replace):
            controls.addWidget(widget)
        controls.addStretch(1)
        controls.addWidget(self.assign_button)

        # the grid --------------------------------------------------------------------------------
        self.model = AssignmentGridModel(self)
        self.model.editable = not ctx.read_only
        self.model.toggled.connect(self._toggled)
        self.filter = QSortFilterProxyModel(self)
        self.filter.setSourceModel(self.model)
        self.filter.setFilterKeyColumn(-1)
        self.filter.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.grid = QTableView(self)
        self.grid.setObjectName("assignmentGrid")
        self.grid.setAccessibleName(tr("Assignment: applications by person"))
        self.grid.setModel(self.filter)
        self.grid.setItemDelegate(TickDelegate(self.grid))
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setWordWrap(False)
        self.grid.setAlternatingRowColors(True)
        self.grid.verticalHeader().hide()
        self.search = QLineEdit(self)
        self.search.setObjectName("findApplication")
        self.search.setPlaceholderText(tr("Find by reference or organisation"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.filter.setFilterFixedString)

        # the sentence, refusals, undo and close --------------------------------------------------
        self.sentence = plain_label("", self, name="assignmentSentence")
        mute(self.sentence)
        self.problem = plain_label("", self, name="problem")
        warn(self.problem)
        self.problem.hide()
        bottom = undo_bar(ctx, self)

        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.search)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.sentence)
        layout.addWidget(self.problem)
        layout.addLayout(bottom)

        assignment_events(ctx).changed.connect(self._load)
        events = setup_events(ctx)
        events.peopleChanged.connect(self._load_panel)
        events.conflictsChanged.connect(self._load)
        self._load_panel()
        self.resize(1280, 760)

    def _spin(self, name: str, low: int, high: int, value: int, tip: str) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setObjectName(name)
        spin.setRange(low, high)
        spin.setValue(value)
        spin.setToolTip(tip)
        spin.setAccessibleName(tip)
        return spin

    # reading the core ----------------------------------------------------------------------------
    def _load_panel(self) -> None:
        self.model.set_panel(self.store.assessors.for_round(self.round), self.store.applications.for_round(self.round))
        header = self.grid.horizontalHeader()
        header.setMinimumSectionSize(100)
        self.grid.resizeColumnToContents(0)
        header.resizeSection(1, 200)
        for column in range(FIXED, self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self._load()

    def _load(self) -> None:
        view = self.store.assignments.view(self.round)
        self.model.set_state(view, {(c.assessor_id, c.application_id): c.reason
                                    for c in self.store.assessors.conflicts(self.round)})
        self.grid.horizontalHeader().setMinimumHeight(self.fontMetrics().lineSpacing() * 2 + 8)
        self.sentence.setText(view.sentence)

    # changing ------------------------------------------------------------------------------------
    def assign(self) -> None:
        command = AssignCommand(self.ctx, self.round, per_application=self.per_application.value(),
                                cap=self.cap.value() or None, seed=self.seed.value(),
                                interests=self.interests.isChecked(), replace=self.replace.isChecked())
        if self._push(command) and command.view is not None:
            self.sentence.setText(command.view.sentence)

    def _toggled(self, person: Assessor, application: Application, ticked: bool) -> None:
        self._push(ToggleAssignmentCommand(self.ctx, self.round, person, application, ticked))

    def _push(self, command) -> bool:
        self.problem.hide()
        if push(self.ctx, command):
            return True
        self.problem.setText(str(command.error) if command.error is not None else self.ctx.read_only_reason)
        self.problem.show()
        return False
