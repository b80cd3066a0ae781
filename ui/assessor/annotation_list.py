"""This assessor's highlights on the open application: jump to each passage, write its note, remove it."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout, QHeaderView, QPushButton, QTableView, QVBoxLayout, QWidget,
)

from svassessor.models import Annotation, Application
from svassessor.rubric.model import Rubric
from ui.assessor.annotations_model import AnnotationsModel
from ui.text import plain_label, tr
from ui.widgets.plain_editor import PlainEditor
from ui.widgets.tables import read_only_rows


class _Table(QTableView):
    activatedRow = Signal(int)
    deleteRow = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        row = self.currentIndex().row()
        if row >= 0 and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activatedRow.emit(row)
            return
        if row >= 0 and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.deleteRow.emit(row)
            return
        super().keyPressEvent(event)


class AnnotationList(QWidget):
    jumpRequested = Signal(object)  # Annotation
    removeRequested = Signal(object)  # Annotation
    noteEdited = Signal(object, str, int)  # Annotation, note, sitting
    noteFinished = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = AnnotationsModel(self)
        self.editable = True  # False when the file is open read-only: notes shown, not written
        self.table = _Table(self)
        read_only_rows(self.table, self.model, name="annotations", accessible_name=tr("Your highlights"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.activatedRow.connect(lambda r: self.jumpRequested.emit(self.model.row(r)))
        self.table.doubleClicked.connect(lambda i: self.jumpRequested.emit(self.model.row(i.row())))
        self.table.deleteRow.connect(lambda r: self.removeRequested.emit(self.model.row(r)))
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

        self.empty = plain_label(tr("No highlights yet. Select a passage in the text and press a tag key "
                                    "(shown on the tag buttons above the text)."))
        self.note = PlainEditor(self, name=tr("Note on the highlight"), enter_finishes=True, lines=2, max_lines=3,
                                placeholder=tr("Note on this highlight (Enter to go back to the text)"))
        self.note.setEnabled(False)
        self.note.edited.connect(self._note_edited)
        self.note.finished.connect(self.noteFinished)
        self.remove = QPushButton(tr("Remove highlight"), self)
        self.remove.setAccessibleName(tr("Remove highlight"))
        self.remove.setToolTip(tr("Remove the selected highlight (Delete)"))
        self.remove.setEnabled(False)
        self.remove.clicked.connect(lambda: self.current() and self.removeRequested.emit(self.current()))

        below = QHBoxLayout()
        below.addWidget(self.note, 1)
        below.addWidget(self.remove, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(below)

    def set_annotations(self, rubric: Rubric | None, application: Application | None,
                        annotations: list[Annotation], *, select: str = "") -> None:
        keep = select or (self.current().id if self.current() else "")
        self.model.set_context(rubric, application)
        order = {n.id: i for i, n in enumerate(application.narrative)} if application else {}
        self.model.set_annotations(annotations, order)
        self.empty.setVisible(not annotations)
        row = self.model.find(lambda a: a.id == keep) if keep else -1
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        self._current_changed()

    def current(self) -> Annotation | None:
        row = self.table.currentIndex().row()
        return self.model.row(row) if 0 <= row < self.model.rowCount() else None

    def edit_note(self) -> None:
        if self.current() is not None:
            self.note.setFocus()
            self.note.move_to_end()

    def _current_changed(self, *_: object) -> None:
        annotation = self.current()
        self.note.setEnabled(annotation is not None)
        self.note.setReadOnly(not self.editable)
        self.remove.setEnabled(annotation is not None and self.editable)
        self.note.set_text_quietly(annotation.note if annotation else "")

    def _note_edited(self, text: str) -> None:
        annotation = self.current()
        if annotation is not None:
            self.noteEdited.emit(annotation, text, self.note.sitting)
