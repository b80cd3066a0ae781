"""What every command shares: the context, and turning a refused change into a message."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand

from svassessor.errors import SvAssessorError
from svassessor.models import Round
from ui.context import AppContext


Events = TypeVar("Events", bound=QObject)


def context_events(ctx: AppContext, kind: type[Events]) -> Events:
    """The context's one `kind` of command events, made on first use: a child of the context (so it
    goes with it, and no module global is needed) that the windows listen to."""
    name = kind.__name__
    found = ctx.findChild(kind, name)
    if found is None:
        found = kind(ctx)
        found.setObjectName(name)
    return found


class CoreCommand(QUndoCommand):
    """A user action on the core. Subclasses write `_do` and `_undo`.

    When the core refuses the change (a `SvAssessorError`), the user is told and the command marks itself
    obsolete, so QUndoStack drops it: nothing half-done is left on the stack.
    """

    def __init__(self, ctx: AppContext, text: str, *, needs_assessor: bool = True, round_: Round | None = None):
        """`needs_assessor=False` for the chair's and monitoring's actions, made as the store's actor;
        `round_` when the action is on another round than the one the main window works on."""
        super().__init__(text)
        assert ctx.store is not None and (round_ or ctx.round) is not None
        assert ctx.assessor is not None or not needs_assessor
        self.ctx = ctx
        self.store = ctx.store
        self.round = round_ or ctx.round
        self.assessor = ctx.assessor
        self.ok = False
        self._first = True

    def redo(self) -> None:
        try:
            self._do()
            self.ok = True
        except SvAssessorError as error:
            self.ok = False
            self.setObsolete(True)
            self.ctx.report(error)
            return
        if not self._first:
            self._reveal()
        self._first = False

    def undo(self) -> None:
        try:
            self._undo()
        except SvAssessorError as error:
            self.setObsolete(True)
            self.ctx.report(error)
            return
        self._reveal()

    def _do(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError

    def _reveal(self) -> None:
        """Undo and redo show the user what they changed."""


def push(ctx: AppContext, command: CoreCommand) -> bool:
    """Run a command through the undo stack; False when the core refused it."""
    if ctx.refuse_if_read_only():  # nothing to push: the file cannot take the change
        return False
    ctx.undo_stack.push(command)
    return command.ok
