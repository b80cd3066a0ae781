"""Assessors and conflicts: the round's people (add, rename, role, interests, remove) and the
conflicts grid (tick to declare with a reason, untick to withdraw; or import them from a file).

Every change is one undo command on the file's stack, so Edit > Undo (or Undo here) takes it back,
and the core audits it. The core says what is refused (removing someone who has scored, a conflict
without a reason, an import with a bad row) and the sentence is shown here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svassessor.importing.problems import ImportRejected
from svassessor.models import Application, Assessor, Round
from ui.commands.base import push
from ui.commands.setup import (
    AddPersonCommand,
    DeclareConflictCommand,
    ImportConflictsCommand,
    RemovePersonCommand,
    RenamePersonCommand,
    SetInterestsCommand,
    SetRoleCommand,
    WithdrawConflictCommand,
    setup_events,
)
from ui.context import AppContext
from ui.dialogs.conflict_grid import FIXED, ConflictGridModel, TickDelegate
from ui.dialogs.setup_input import SetupInputDialog
from ui.text import plain_label, tr
from ui.widgets.form_text import mute, warn
from ui.widgets.table_model import Column, ListTableModel
from ui.widgets.tables import read_only_rows
from ui.widgets.undo import undo_bar


@dataclass(frozen=True)
class PersonRow:
    person: Assessor
    begun: int  # applications they have scored something of
    submitted: int

    @property
    def work(self) -> str:
        if self.person.role == "chair" and not self.begun:
            return tr("does not score")
        return tr("{begun} begun, {submitted} submitted").format(begun=self.begun, submitted=self.submitted)


class PeopleModel(ListTableModel[PersonRow]):
    columns = (
        Column("Name", lambda r: r.person.name),
        Column("Role", lambda r: tr("Chair") if r.person.role == "chair" else tr("Assessor")),
        Column("Interests", lambda r: r.person.interests or "—", tooltip=lambda r: r.person.interests or None),
        Column("Scoring", lambda r: r.work),
        Column("Conflicts", lambda r: len(r.person.conflicts), right=True),
    )


class AssessorsDialog(QDialog):
    def __init__(self, ctx: AppContext, round_: Round, parent: QWidget | None = None):
        super().__init__(parent)
        assert ctx.store is not None
        self.ctx = ctx
        self.store = ctx.store
        self.round = round_
        self.input: SetupInputDialog | None = None  # the small dialog open now, for tests to drive
        self.setWindowTitle(tr("Assessors and conflicts of “{round}”").format(round=round_.name))
        self.setObjectName("assessorsDialog")

        # the people ------------------------------------------------------------------------------
        self.people_model = PeopleModel(self)
        self.people = QTableView(self)
        read_only_rows(self.people, self.people_model, name="peopleTable", accessible_name=tr("The round's people"))
        self.people.horizontalHeader().setStretchLastSection(False)
        self.people.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.people.selectionModel().currentRowChanged.connect(lambda *_: self._selection_changed())
        self.people.activated.connect(lambda _i: self.rename())
        make = partial(self.ctx.edit_button, self)
        self.add_button = make(tr("&Add…"), "addPerson", self.add, tr("Add an assessor or a chair"))
        self.rename_button = make(tr("Re&name…"), "renamePerson", self.rename, tr("Correct their name"))
        self.role_button = make(tr("Make &chair"), "setRole", self.toggle_role,
                                tr("A chair compares, moderates and decides; an assessor scores"))
        self.interests_button = make(tr("&Interests…"), "setInterests", self.edit_interests,
                                     tr("What they know and care about, for matching and spotting conflicts"))
        self.remove_button = make(tr("Re&move"), "removePerson", self.remove,
                                  tr("Take them off the panel (refused once they have scored)"))
        person_buttons = QVBoxLayout()
        for button in (self.add_button, self.rename_button, self.role_button, self.interests_button,
                       self.remove_button):
            person_buttons.addWidget(button)
        person_buttons.addStretch(1)
        people_box = QGroupBox(tr("People"), self)
        people_row = QHBoxLayout(people_box)
        people_row.addWidget(self.people, 1)
        people_row.addLayout(person_buttons)

        # the conflicts ---------------------------------------------------------------------------
        self.grid_model = ConflictGridModel(self)
        self.grid_model.editable = not ctx.read_only
        self.grid_model.toggled.connect(self._toggled)
        self.filter = QSortFilterProxyModel(self)
        self.filter.setSourceModel(self.grid_model)
        self.filter.setFilterKeyColumn(-1)
        self.filter.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.grid = QTableView(self)
        self.grid.setObjectName("conflictGrid")
        self.grid.setAccessibleName(tr("Conflicts of interest: applications by person"))
        self.grid.setModel(self.filter)
        self.grid.setItemDelegate(TickDelegate(self.grid))
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setTabKeyNavigation(False)
        self.grid.setWordWrap(False)
        self.grid.setAlternatingRowColors(True)
        self.grid.verticalHeader().hide()
        self.grid.activated.connect(self._edit_reason)  # Enter, or a double click
        self.search = QLineEdit(self)
        self.search.setObjectName("findApplication")
        self.search.setAccessibleName(tr("Find an application"))
        self.search.setPlaceholderText(tr("Find by reference, organisation or reason"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.filter.setFilterFixedString)
        self.import_button = make(tr("&Import from a file…"), "importConflicts", self.import_file,
                                  tr("Declare conflicts listed in a CSV or XLSX file with the columns "
                                     "assessor, reference, reason (all or nothing)"))
        self.grid_note = plain_label(tr("Tick a box: that person must not open or score the application (you give the "
                                        "reason). Untick it to withdraw; Enter on a ticked box changes the reason."),
                                     self, name="gridNote")
        mute(self.grid_note)
        find_row = QHBoxLayout()
        find_row.addWidget(self.search, 1)
        find_row.addWidget(self.import_button)
        conflicts_box = QGroupBox(tr("Conflicts of interest"), self)
        conflicts = QVBoxLayout(conflicts_box)
        conflicts.addLayout(find_row)
        conflicts.addWidget(self.grid, 1)
        conflicts.addWidget(self.grid_note)

        # refusals, undo and close ----------------------------------------------------------------
        self.problem = plain_label("", self, name="problem")
        warn(self.problem)
        self.problem.hide()
        self.report = QPlainTextEdit(self)
        self.report.setObjectName("importReport")
        self.report.setAccessibleName(tr("Problems in the conflicts file"))
        self.report.setReadOnly(True)
        self.report.setMaximumHeight(self.fontMetrics().lineSpacing() * 7)
        self.report.hide()
        self.summary = plain_label("", self, name="setupSummary")
        bottom = undo_bar(ctx, self, self.summary)

        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setObjectName("assessorsSplit")
        split.addWidget(people_box)
        split.addWidget(conflicts_box)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.report)
        layout.addLayout(bottom)

        events = setup_events(ctx)
        events.peopleChanged.connect(self._load_people)
        events.conflictsChanged.connect(self._load_conflicts)
        self.grid_model.set_applications(self.store.applications.for_round(round_))
        self._load_people()
        self.resize(1080, 720)
        split.setSizes([220, 480])

    # reading the core ----------------------------------------------------------------------------
    def _load_people(self) -> None:
        """Who is on the panel changed: the people's table and the grid's columns."""
        self.grid_model.set_people(self.store.assessors.for_round(self.round))
        self._fit_grid()
        self._load_conflicts()

    def _load_conflicts(self) -> None:
        """Conflicts changed: the ticks, and the counts in the people's table."""
        infos = self.store.assessors.conflicts(self.round)
        self.grid_model.set_reasons({(c.assessor_id, c.application_id): c.reason for c in infos})
        chosen = self.current()
        people = self.store.assessors.for_round(self.round)
        self.people_model.set_rows([self._row(p) for p in people])
        self.people.resizeColumnsToContents()
        self.people.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        row = self.people_model.find(lambda r: chosen is not None and r.person.id == chosen.id)
        self.people.selectRow(row if row >= 0 else 0)
        self._selection_changed()
        assessors = sum(p.role == "assessor" for p in people)
        self.summary.setText(tr("{people} people ({assessors} assessors); {conflicts} conflicts declared; "
                                "{applications} applications").format(
            people=len(people), assessors=assessors, conflicts=len(infos),
            applications=len(self.grid_model.applications)))

    def _row(self, person: Assessor) -> PersonRow:
        statuses = self.store.assessments.statuses(self.round, person).values()
        return PersonRow(person, sum(1 for _status, scored in statuses if scored),
                         sum(1 for status, _scored in statuses if status == "submitted"))

    def _fit_grid(self) -> None:
        """References whole, organisations readable; the people share the width left (scrolling sideways
        once there are too many to show each at a readable width)."""
        header = self.grid.horizontalHeader()
        header.setMinimumSectionSize(120)
        self.grid.resizeColumnToContents(0)
        header.resizeSection(1, 220)
        for column in range(FIXED, self.grid_model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    # the people ----------------------------------------------------------------------------------
    def current(self) -> Assessor | None:
        index = self.people.currentIndex()
        return self.people_model.row(index.row()).person if index.isValid() else None

    def _selection_changed(self) -> None:
        person = self.current()
        for button in (self.rename_button, self.role_button, self.interests_button, self.remove_button):
            self.ctx.enable_edit(button, person is not None, button.toolTip())
        if person is not None:
            self.role_button.setText(tr("Make &assessor") if person.role == "chair" else tr("Make &chair"))

    def _open_input(self, dialog: SetupInputDialog) -> None:
        self.input = dialog
        dialog.finished.connect(lambda _r: self._input_closed(dialog))
        dialog.open()

    def _input_closed(self, dialog: SetupInputDialog) -> None:
        if self.input is dialog:
            self.input = None
        dialog.deleteLater()

    def add(self) -> None:
        dialog = SetupInputDialog(self.ctx, title=tr("Add to the panel"), name="addPersonDialog", parent=self,
                                  intro=tr("Add someone to “{round}”.").format(round=self.round.name))
        name = dialog.line(tr("&Name:"), tr("Name"), name="personName")
        role = dialog.role()
        interests = dialog.line(tr("&Interests:"), tr("Interests"), name="personInterests",
                                placeholder=tr("optional, e.g. older people, food poverty, Handsworth"))
        dialog.make = lambda: AddPersonCommand(self.ctx, self.round, name=name.text(), role=role.currentData(),
                                               interests=interests.text())
        self._open_input(dialog)

    def rename(self) -> None:
        person = self.current()
        if person is None:
            return
        dialog = SetupInputDialog(self.ctx, title=tr("Rename"), name="renamePersonDialog", parent=self,
                                  intro=tr("Their scores, highlights and conflicts stay theirs."))
        name = dialog.line(tr("&Name:"), tr("New name"), person.name, name="personName")
        dialog.make = lambda: RenamePersonCommand(self.ctx, self.round, person, name.text())
        self._open_input(dialog)

    def edit_interests(self) -> None:
        person = self.current()
        if person is None:
            return
        dialog = SetupInputDialog(self.ctx, title=tr("Interests of {name}").format(name=person.name),
                                  name="interestsDialog", parent=self,
                                  intro=tr("What they know and care about: for matching them to applications, and "
                                           "for spotting conflicts."))
        interests = dialog.line(tr("&Interests:"), tr("Interests"), person.interests, name="personInterests")
        dialog.make = lambda: SetInterestsCommand(self.ctx, self.round, person, interests.text())
        self._open_input(dialog)

    def toggle_role(self) -> None:
        person = self.current()
        if person is not None:
            self._push(SetRoleCommand(self.ctx, self.round, person, "assessor" if person.role == "chair" else "chair"))

    def remove(self) -> None:
        person = self.current()
        if person is not None:
            self._push(RemovePersonCommand(self.ctx, self.round, person))

    # the conflicts -------------------------------------------------------------------------------
    def _toggled(self, person: Assessor, application: Application, ticked: bool) -> None:
        if ticked:
            self.ask_reason(person, application)
        else:
            reason = self.grid_model.reasons.get((person.id, application.id), "")
            self._push(WithdrawConflictCommand(self.ctx, self.round, person, application, reason))

    def _edit_reason(self, index) -> None:
        source = self.filter.mapToSource(index)
        person = self.grid_model.person_at(source.column())
        if person is not None and self.grid_model.reason(source) is not None:
            self.ask_reason(person, self.grid_model.applications[source.row()])

    def ask_reason(self, person: Assessor, application: Application) -> None:
        """Ask why `person` must not assess `application`; OK declares the conflict (a reason is required)."""
        current = self.grid_model.reasons.get((person.id, application.id), "")
        dialog = SetupInputDialog(
            self.ctx, title=tr("Conflict of interest"), name="reasonDialog", parent=self,
            intro=tr("Why must {name} not open or score {ref} ({org})?").format(
                name=person.name, ref=application.reference, org=application.organisation.name))
        reason = dialog.line(tr("&Reason:"), tr("Reason for the conflict"), current, name="reason",
                             placeholder=tr("e.g. trustee of the applicant"))
        dialog.make = lambda: DeclareConflictCommand(self.ctx, self.round, person, application, reason.text())
        self._open_input(dialog)

    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Import conflicts of interest"), "",
                                              tr("Spreadsheets (*.csv *.xlsx)"))
        if path:
            self.import_conflicts(Path(path))

    def import_conflicts(self, path: Path) -> None:
        command = ImportConflictsCommand(self.ctx, self.round, path)
        if self._push(command):
            self.summary.setText(tr("{n} conflicts declared or changed from {file}. ").format(
                n=command.count, file=path.name) + self.summary.text())

    # one place for refusals ----------------------------------------------------------------------
    def _push(self, command) -> bool:
        self.problem.hide()
        self.report.hide()
        if push(self.ctx, command):
            return True
        error = command.error
        self.problem.setText(str(error) if error is not None else self.ctx.read_only_reason)
        self.problem.show()
        if isinstance(error, ImportRejected) and len(error.problems) > 1:
            self.report.setPlainText("\n".join(p.sentence() for p in error.problems))
            self.report.show()
        return False
