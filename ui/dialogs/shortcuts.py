"""Help > Keyboard shortcuts: every key the window answers to, read from its actions."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ui.actions import keys_text
from ui.text import tr

EXTRA = (
    (tr("Reading"), "Shift+arrows, Shift+Ctrl+arrows", tr("Select a passage of the application text")),
    (tr("Reading"), "Tab, Shift+Tab", tr("Move between the parts of the window")),
    (tr("Lists"), "Up, Down, Home, End", tr("Move in a list; the list opens what you move to")),
    (tr("Highlights"), "Enter, Delete", tr("In your highlights: jump to the passage; remove the highlight")),
    (tr("Comments"), "Esc", tr("Leave a comment or note box (everything typed is already saved)")),
    (tr("Notes"), "Enter, Shift+Enter", tr("In a note: go back to the text; a new line")),
)


class ShortcutsDialog(QDialog):
    def __init__(self, groups: list[tuple[str, list[QAction]]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Keyboard shortcuts"))
        self.setObjectName("shortcuts")
        tree = QTreeWidget(self)
        tree.setObjectName("shortcutList")
        tree.setAccessibleName(tr("Keyboard shortcuts"))
        tree.setHeaderLabels([tr("Keys"), tr("What it does")])
        tree.setRootIsDecorated(True)
        for title, actions in groups:
            group = QTreeWidgetItem(tree, [title.replace("&", "")])
            for action in actions:
                if action.shortcuts():
                    QTreeWidgetItem(group, [keys_text(action), action.statusTip() or action.text().replace("&", "")])
        extras: dict[str, QTreeWidgetItem] = {}
        for title, keys, what in EXTRA:
            group = extras.get(title) or QTreeWidgetItem(tree, [title])
            extras[title] = group
            QTreeWidgetItem(group, [keys, what])
        tree.expandAll()
        tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tree)
        layout.addWidget(buttons)
        self.resize(720, 640)
