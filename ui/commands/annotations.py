"""Highlighting a passage, changing its note, removing it."""

from __future__ import annotations

from typing import Any

from svassessor.models import Annotation
from ui.commands.base import CoreCommand
from ui.context import AppContext
from ui.text import one_line, tr

NOTE_ID = 1003


class AddAnnotationCommand(CoreCommand):
    def __init__(self, ctx: AppContext, annotation: Annotation):
        label = next((t.label for t in ctx.rubric.tags if t.id == annotation.tag), annotation.tag) if ctx.rubric else ""
        super().__init__(ctx, tr("Highlight as {tag}: “{quote}”").format(tag=label, quote=one_line(annotation.quote, 30)))
        self.annotation = annotation

    def _do(self) -> None:
        self.annotation = self.store.annotations.add(self.round, self.assessor, self.annotation)
        self.ctx.annotationsChanged.emit(self.annotation.application_id, self.annotation.id)

    def _undo(self) -> None:
        self.store.annotations.remove(self.assessor, self.annotation.id)
        self.ctx.annotationsChanged.emit(self.annotation.application_id, "")

    def _reveal(self) -> None:
        self.ctx.revealRequested.emit(self.annotation.application_id, "")


class RemoveAnnotationCommand(CoreCommand):
    def __init__(self, ctx: AppContext, annotation: Annotation):
        super().__init__(ctx, tr("Remove highlight “{quote}”").format(quote=one_line(annotation.quote, 30)))
        self.annotation = annotation

    def _do(self) -> None:
        self.annotation = self.store.annotations.remove(self.assessor, self.annotation.id)
        self.ctx.annotationsChanged.emit(self.annotation.application_id, "")

    def _undo(self) -> None:
        self.annotation = self.store.annotations.add(self.round, self.assessor, self.annotation)
        self.ctx.annotationsChanged.emit(self.annotation.application_id, self.annotation.id)

    def _reveal(self) -> None:
        self.ctx.revealRequested.emit(self.annotation.application_id, "")


class NoteCommand(CoreCommand):
    """Typing a highlight's note; keystrokes in one sitting merge into one undo step."""

    def __init__(self, ctx: AppContext, annotation: Annotation, note: str, *, sitting: int = 0):
        super().__init__(ctx, tr("Type note"))
        self.annotation = annotation
        self.note = note
        self.sitting = sitting
        self.old: str | None = None

    def id(self) -> int:
        return NOTE_ID

    def mergeWith(self, other: Any) -> bool:
        if not (isinstance(other, NoteCommand) and other.ok and other.sitting == self.sitting
                and other.annotation.id == self.annotation.id):
            return False
        self.note = other.note
        return True

    def _do(self) -> None:
        old = self.store.annotations.update_note(self.assessor, self.annotation.id, self.note)
        if self.old is None:
            self.old = old
        self.ctx.annotationsChanged.emit(self.annotation.application_id, self.annotation.id)

    def _undo(self) -> None:
        self.store.annotations.update_note(self.assessor, self.annotation.id, self.old or "")
        self.ctx.annotationsChanged.emit(self.annotation.application_id, self.annotation.id)

    def _reveal(self) -> None:
        self.ctx.revealRequested.emit(self.annotation.application_id, "")
