"""The conflicts grid: one row per application, one ticked column per person on the panel (see
`ui.widgets.person_grid`), the reason written in each ticked cell; and the tick's look both grids share."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from svassessor.models import Application, Assessor
from ui.text import one_line, tooltip, tr
from ui.theme import blend, is_dark
from ui.widgets.person_grid import FIXED, Index, PersonGridModel

__all__ = ["FIXED", "ConflictGridModel", "TickDelegate"]


class ConflictGridModel(PersonGridModel):
    """A tick declares a conflict of interest (True) or withdraws it (False); the cell shows the reason."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.reasons: dict[tuple[str, str], str] = {}  # (person id, application id): reason

    def set_reasons(self, reasons: dict[tuple[str, str], str]) -> None:
        self.reasons = dict(reasons)
        self.cells_changed()

    def reason(self, index: Index) -> str | None:
        person = self.person_at(index.column())
        if person is None or not 0 <= index.row() < len(self.applications):
            return None
        return self.reasons.get((person.id, self.applications[index.row()].id))

    def cell(self, person: Assessor, application: Application, role: int) -> Any:
        reason = self.reasons.get((person.id, application.id))
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if reason is not None else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            return one_line(reason, 60) if reason is not None else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            if reason is None:
                return tooltip(tr("{name} may score {ref}: tick to declare a conflict of interest").format(
                    name=person.name, ref=application.reference))
            return tooltip(tr("{name} must not open or score {ref}: {reason}").format(
                name=person.name, ref=application.reference, reason=reason))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            state = tr("conflict: {reason}").format(reason=reason) if reason is not None else tr("no conflict")
            return f"{person.name}, {application.reference}: {state}"
        return None


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
