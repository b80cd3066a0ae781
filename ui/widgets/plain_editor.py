"""A plain-text box whose every edit is saved at once through the undo stack.

Its own undo is off: Ctrl+Z goes to the window's undo stack, which already holds each edit (typing
merges into one step per sitting, a sitting being the time between focusing the box and leaving it).
Text is never interpreted as markup, and what is typed is exactly what is saved.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QWidget


class PlainEditor(QPlainTextEdit):
    edited = Signal(str)  # the whole text, after a change the user made
    finished = Signal()  # Esc, or Enter when `enter_finishes`

    def __init__(self, parent: QWidget | None = None, *, name: str, placeholder: str = "",
                 enter_finishes: bool = False, lines: int = 3, max_lines: int | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(name)
        self.setPlaceholderText(placeholder)
        self.setUndoRedoEnabled(False)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(self.wordWrapMode().WrapAtWordBoundaryOrAnywhere)
        self.enter_finishes = enter_finishes
        self.sitting = 0
        self._quiet = False
        line = self.fontMetrics().lineSpacing()
        self.setMinimumHeight(line * lines + 12)
        if max_lines:
            self.setMaximumHeight(line * max_lines + 12)
        self.textChanged.connect(self._changed)

    def set_text_quietly(self, text: str) -> None:
        """Show saved text (after an undo, or another application) without saving it again."""
        if text == self.text():
            return
        position = self.textCursor().position()
        self._quiet = True
        try:
            self.setPlainText(text)
        finally:
            self._quiet = False
        cursor = self.textCursor()
        cursor.setPosition(min(position, self.document().characterCount() - 1))
        self.setTextCursor(cursor)

    def text(self) -> str:
        """Exactly what is in the box: toPlainText() would turn no-break spaces into spaces."""
        return self.document().toRawText().replace("\u2029", "\n")

    def _changed(self) -> None:
        if not self._quiet:
            self.edited.emit(self.text())

    def focusInEvent(self, event) -> None:
        self.sitting += 1
        super().focusInEvent(event)

    def event(self, event: QEvent) -> bool:
        # Let Undo and Redo reach the window's actions instead of this box's own (switched off) undo.
        if event.type() == QEvent.Type.ShortcutOverride and _is_undo_redo(event):
            event.ignore()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.finished.emit()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.enter_finishes \
                and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.finished.emit()
            return
        super().keyPressEvent(event)

    def move_to_end(self) -> None:
        self.moveCursor(QTextCursor.MoveOperation.End)


def _is_undo_redo(event: QKeyEvent) -> bool:
    return event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)


class UndoPassThrough(QObject):
    """The same pass-through for a line edit (the search box) or any other text widget."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and _is_undo_redo(event):
            event.ignore()
            return True
        return False
