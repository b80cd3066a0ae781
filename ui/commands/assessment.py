"""Submitting an assessment (after the completeness check the core makes), and reopening it."""

from __future__ import annotations

from ui.commands.base import CoreCommand
from ui.context import AppContext
from ui.text import tr


class SubmitCommand(CoreCommand):
    def __init__(self, ctx: AppContext, application_id: str, *, reopen: bool = False):
        super().__init__(ctx, tr("Reopen assessment") if reopen else tr("Submit assessment"))
        self.application_id = application_id
        self.reopen = reopen

    def _submit(self) -> None:
        self.store.assessments.submit(self.round, self.assessor, self.application_id)

    def _reopen(self) -> None:
        self.store.assessments.reopen(self.round, self.assessor, self.application_id)

    def _do(self) -> None:
        (self._reopen if self.reopen else self._submit)()
        self.ctx.assessmentChanged.emit(self.application_id)

    def _undo(self) -> None:
        (self._submit if self.reopen else self._reopen)()
        self.ctx.assessmentChanged.emit(self.application_id)

    def _reveal(self) -> None:
        self.ctx.revealRequested.emit(self.application_id, "")
