"""Undo and Redo, the same everywhere: one key set (the platform's, and Ctrl+Y beside Redo where the platform
does not already use it), for the three windows' Edit menus and the set-up dialogs' button rows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QToolButton, QWidget

from ui.context import AppContext
from ui.text import tr


def redo_keys() -> list[QKeySequence]:
    keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
    return keys if QKeySequence("Ctrl+Y") in keys else [*keys, QKeySequence("Ctrl+Y")]


def undo_actions(ctx: AppContext, parent: QWidget, names: tuple[str, str] = ("undo", "redo"),
                 tips: tuple[str, str] = ("", "")) -> tuple[QAction, QAction]:
    """The undo stack's Undo and Redo as actions of `parent` (their keys work wherever it has focus)."""
    undo = ctx.undo_stack.createUndoAction(parent, tr("&Undo"))
    undo.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
    redo = ctx.undo_stack.createRedoAction(parent, tr("&Redo"))
    redo.setShortcuts(redo_keys())
    for action, name, tip in zip((undo, redo), names, tips, strict=True):
        action.setObjectName(name)
        if tip:
            action.setStatusTip(tip)
        parent.addAction(action)
    return undo, redo


def undo_bar(ctx: AppContext, dialog: QDialog, middle: QWidget | None = None) -> QHBoxLayout:
    """A dialog's bottom row: Undo and Redo buttons, `middle` (a summary line) or space, and Close."""
    row = QHBoxLayout()
    for action in undo_actions(ctx, dialog, names=("dialogUndo", "dialogRedo")):
        tool = QToolButton(dialog)
        tool.setDefaultAction(action)
        tool.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        row.addWidget(tool)
    if middle is None:
        row.addStretch(1)
    else:
        row.addWidget(middle, 1)
    close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    close.rejected.connect(dialog.reject)
    row.addWidget(close)
    return row
