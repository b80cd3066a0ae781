"""Screening an application for eligibility, as one undo command: answers, a decision, an overrule.

The core (`store.screenings.screen`) checks and audits the change; undo puts back what the officer had
recorded before (`restore`), captured when the command was made, and redo what the first run recorded.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QObject, Signal

from svassessor.eligibility.result import Decision, Screening
from svassessor.models import Round
from svassessor.repository.screenings import ByRules
from ui.commands.base import context_events
from ui.commands.setup import SetupCommand
from ui.context import AppContext
from ui.text import tr


class EligibilityEvents(QObject):
    """An application's screening changed (its id); the eligibility screen and the window refresh from it."""

    screened = Signal(str)


def eligibility_events(ctx: AppContext) -> EligibilityEvents:
    return context_events(ctx, EligibilityEvents)


class ScreenCommand(SetupCommand):
    """Answer screening questions and/or decide one application's eligibility (`decision` None: answers only)."""

    def __init__(self, ctx: AppContext, round_: Round, application_id: str, reference: str, *,
                 decision: Decision | ByRules | None = None, reason: str = "",
                 answers: Mapping[str, bool] | None = None):
        text = {None: tr("Answer screening questions for {ref}"), "eligible": tr("Mark {ref} eligible"),
                "ineligible": tr("Mark {ref} not eligible"), "rules": tr("Let the rules decide {ref}")}[decision]
        super().__init__(ctx, text.format(ref=reference), round_)
        self.application_id = application_id
        self.decision, self.reason, self.answers = decision, reason, dict(answers or {})
        self.before: Screening | None = self.store.screenings.record(application_id)
        self.after: Screening | None = None

    def _do(self) -> None:
        if self.after is None:
            self.store.screenings.screen(self.round, self.application_id, decision=self.decision, reason=self.reason,
                                         answers=self.answers)
            self.after = self.store.screenings.record(self.application_id)
        else:
            self.store.screenings.restore(self.round, self.application_id, self.after)
        eligibility_events(self.ctx).screened.emit(self.application_id)

    def _undo(self) -> None:
        self.store.screenings.restore(self.round, self.application_id, self.before)
        eligibility_events(self.ctx).screened.emit(self.application_id)
