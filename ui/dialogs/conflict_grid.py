"""The conflicts grid: one row per application (reference and organisation, in natural order), one
ticked column per person on the panel, the reason written in each ticked cell.

A tick the user gives or takes away is not kept here: the model asks (`toggled`) and the dialog
makes the core call, then the model reads the conflicts again from the core.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from svassessor.models import Application, Assessor
from ui.text import one_line, tooltip, tr
from ui.theme import blend, is_dark

Index = QModelIndex | QPersistentModelIndex
FIXED = 2  # reference, organisation; then one column per person


class ConflictGridModel(QAbstractTableModel):
    toggled = Signal(object, object, bool)  # person, application, ticked (True: declare; False: withdraw)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.applications: list[Application] = []
        self.people: list[Assessor] = []
        self.reasons: dict[tuple[str, str], str] = {}  # (person id, application id): reason
        self.editable = True

    def set_people(self, people: list[Assessor]) -> None:
        self.beginResetModel()
        self.people = list(people)
        self.endResetModel()

    def set_applications(self, applications: list[Application]) -> None:
        self.beginResetModel()
        self.applications = list(applications)
        self.endResetModel()

    def set_reasons(self, reasons: dict[tuple[str, str], str]) -> None:
        self.reasons = dict(reasons)
        if self.applications and self.people:
            self.dataChanged.emit(self.index(0, FIXED), self.index(len(self.applications) - 1, self.columnCount() - 1))

    def person_at(self, column: int) -> Assessor | None:
        return self.people[column - FIXED] if FIXED <= column < FIXED + len(self.people) else None

    def reason(self, index: Index) -> str | None:
        person = self.person_at(index.column())
        if person is None or not 0 <= index.row() < len(self.applications):
            return None
        return self.reasons.get((person.id, self.applications[index.row()].id))

    # Qt's side -----------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.applications)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else FIXED + len(self.people)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() >= FIXED and self.editable:
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
        reason = self.reason(index)
        person = self.person_at(column)
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if reason is not None else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            return one_line(reason, 60) if reason is not None else ""
        if role == Qt.ItemDataRole.ToolTipRole and person is not None:
            if reason is None:
                return tooltip(tr("{name} may score {ref}: tick to declare a conflict of interest").format(
                    name=person.name, ref=application.reference))
            return tooltip(tr("{name} must not open or score {ref}: {reason}").format(
                name=person.name, ref=application.reference, reason=reason))
        if role == Qt.ItemDataRole.AccessibleTextRole and person is not None:
            state = tr("conflict: {reason}").format(reason=reason) if reason is not None else tr("no conflict")
            return f"{person.name}, {application.reference}: {state}"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        person = self.person_at(index.column())
        if role != Qt.ItemDataRole.CheckStateRole or person is None or not 0 <= index.row() < len(self.applications):
            return False
        ticked = Qt.CheckState(value) == Qt.CheckState.Checked
        self.toggled.emit(person, self.applications[index.row()], ticked)
        return False  # the core decides; the grid is redrawn from it

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return tr("Reference")
        if section == 1:
            return tr("Organisation")
        person = self.person_at(section)
        if person is None:
            return None
        return tr("{name} (chair)").format(name=person.name) if person.role == "chair" else person.name


class TickDelegate(QStyledItemDelegate):
    """Draws each box so that an empty one shows on every row in a dark theme too.

    The style outlines a box in a shade of the window colour, which in the dark palette is the colour
    of the list itself: an empty box would vanish on every other row, and a chair could not see where
    to tick.
    """

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        if is_dark():
            palette = QPalette(option.palette)
            palette.setColor(QPalette.ColorRole.Window, blend(palette.color(QPalette.ColorRole.Window),
                                                              palette.color(QPalette.ColorRole.Text), 0.45))
            option.palette = palette
