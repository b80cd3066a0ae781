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

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QToolButton,
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
from ui.text import one_line, plain_label, tooltip, tr
from ui.theme import muted_colour
from ui.widgets.form_text import mute, warn

Index = QModelIndex | QPersistentModelIndex
FIXED = 2  # reference, organisation; then one column per person


class AssignmentGridModel(QAbstractTableModel):
    toggled = Signal(object, object, bool)  # person, application, ticked (True: assign; False: take off)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.applications: list[Application] = []
        self.people: list[Assessor] = []
        self.pairs: frozenset[tuple[str, str]] = frozenset()  # (person id, application id) assigned
        self.explicit = False
        self.load: dict[str, int] = {}  # person's name → applications they review
        self.conflicts: dict[tuple[str, str], str] = {}  # (person id, application id): reason
        self.editable = True

    def set_panel(self, people: list[Assessor], applications: list[Application]) -> None:
        self.beginResetModel()
        self.people, self.applications = list(people), list(applications)
        self.endResetModel()

    def set_state(self, view: AssignmentView, conflicts: dict[tuple[str, str], str]) -> None:
        self.pairs, self.explicit, self.load, self.conflicts = view.pairs, view.explicit, view.load, conflicts
        if self.applications and self.people:
            self.dataChanged.emit(self.index(0, FIXED), self.index(len(self.applications) - 1, self.columnCount() - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, FIXED, max(FIXED, self.columnCount() - 1))

    def person_at(self, column: int) -> Assessor | None:
        return self.people[column - FIXED] if FIXED <= column < FIXED + len(self.people) else None

    # Qt's side -----------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.applications)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else FIXED + len(self.people)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        person = self.person_at(index.column())
        if person is not None and self.editable and 0 <= index.row() < len(self.applications) \
                and (person.id, self.applications[index.row()].id) not in self.conflicts:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.applications):
            return None
        application, column = self.applications[index.row()], index.column()
        if column == 0:
            return application.reference if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) \
                else None
        if column == 1:
            if role == Qt.ItemDataRole.DisplayRole:
                return one_line(application.organisation.name, 80)
            if role == Qt.ItemDataRole.ToolTipRole:
                return tooltip(f"{application.organisation.name}\n{application.title}")
            return None
        person = self.person_at(column)
        if person is None:
            return None
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

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        person = self.person_at(index.column())
        if role != Qt.ItemDataRole.CheckStateRole or person is None or not 0 <= index.row() < len(self.applications):
            return False
        self.toggled.emit(person, self.applications[index.row()], Qt.CheckState(value) == Qt.CheckState.Checked)
        return False  # the core decides; the grid is redrawn from it

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role not in (Qt.ItemDataRole.DisplayRole,
                                                                     Qt.ItemDataRole.ToolTipRole):
            return None
        if section == 0:
            return tr("Reference")
        if section == 1:
            return tr("Organisation")
        person = self.person_at(section)
        if person is None:
            return None
        name = tr("{name} (chair)").format(name=person.name) if person.role == "chair" else person.name
        if not self.explicit:
            return name
        return tr("{name}\n{n} assigned").format(name=name, n=self.load.get(person.name, 0))


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
        self.assign_button = QPushButton(tr("A&ssign"), self)
        self.assign_button.setObjectName("assign")
        self.assign_button.setAutoDefault(False)
        self.assign_button.clicked.connect(self.assign)
        ctx.enable_edit(self.assign_button, tip=tr("Assign automatically: balanced, never to a conflicted assessor, "
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
        bottom = QHBoxLayout()
        for action in (ctx.undo_stack.createUndoAction(self, tr("&Undo")),
                       ctx.undo_stack.createRedoAction(self, tr("&Redo"))):
            undoing = action.text().startswith(tr("&Undo"))
            action.setShortcuts(QKeySequence.keyBindings(
                QKeySequence.StandardKey.Undo if undoing else QKeySequence.StandardKey.Redo))
            self.addAction(action)
            tool = QToolButton(self)
            tool.setDefaultAction(action)
            tool.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            bottom.addWidget(tool)
        bottom.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        bottom.addWidget(close)

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
