"""How every read-only list of rows in the window behaves: whole rows selected, nothing edited in
place, and Tab leaving the table (arrows move within it) so the keyboard is never trapped."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QTableView


def read_only_rows(table: QTableView, model: QAbstractItemModel, *, name: str, accessible_name: str,
                   wrap: bool = False, alternating: bool = True) -> None:
    table.setObjectName(name)
    table.setAccessibleName(accessible_name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setWordWrap(wrap)
    table.setAlternatingRowColors(alternating)
    table.verticalHeader().hide()
