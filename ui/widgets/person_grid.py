"""A grid of applications (rows: reference and organisation, in natural order) against the people on the
panel (one ticked column each): what the conflicts grid and the assignment grid share.

A tick the user gives or takes away is not kept here: the model asks (`toggled`) and the dialog makes
the core call, then the model reads again from the core. Subclasses say what a person's cell shows
(`cell`), whether it can be ticked (`tickable`) and what a person's header adds (`person_header`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from svassessor.models import Application, Assessor
from ui.text import one_line, tooltip, tr

Index = QModelIndex | QPersistentModelIndex
FIXED = 2  # reference, organisation; then one column per person


class PersonGridModel(QAbstractTableModel):
    toggled = Signal(object, object, bool)  # person, application, ticked

    def __init__(self, parent=None):
        super().__init__(parent)
        self.applications: list[Application] = []
        self.people: list[Assessor] = []
        self.editable = True

    def set_people(self, people: list[Assessor]) -> None:
        self.beginResetModel()
        self.people = list(people)
        self.endResetModel()

    def set_applications(self, applications: list[Application]) -> None:
        self.beginResetModel()
        self.applications = list(applications)
        self.endResetModel()

    def person_at(self, column: int) -> Assessor | None:
        return self.people[column - FIXED] if FIXED <= column < FIXED + len(self.people) else None

    def cells_changed(self) -> None:
        """Every person's cell (and header) may read differently now."""
        if self.applications and self.people:
            self.dataChanged.emit(self.index(0, FIXED), self.index(len(self.applications) - 1, self.columnCount() - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, FIXED, max(FIXED, self.columnCount() - 1))

    # what subclasses say ---------------------------------------------------------------------------
    def cell(self, person: Assessor, application: Application, role: int) -> Any:
        raise NotImplementedError

    def tickable(self, person: Assessor, application: Application) -> bool:
        return True

    def person_header(self, person: Assessor, name: str) -> str:
        return name

    # Qt's side -----------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.applications)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else FIXED + len(self.people)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        person = self.person_at(index.column())
        if person is not None and self.editable and 0 <= index.row() < len(self.applications) \
                and self.tickable(person, self.applications[index.row()]):
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
        return None if person is None else self.cell(person, application, role)

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
        return self.person_header(person, name)
