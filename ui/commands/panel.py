"""The chair's actions, one undo command each: moderate, decide one application or many, move the round.

Each wraps one core call; undo puts back exactly what the first run replaced (a moderation or
decision restored with its own id, who and when, or removed when there was none), through the audit
log like any change. The panel's views listen to `PanelEvents` (kept on the context, one per open
file) and refresh from the core in one place.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QObject, Signal

from svassessor.models import Application, Decision, DecisionKind, Moderation, RoundStatus
from svassessor.panel.actions import DecisionChoice, current_status, decide_many, remove_decision, \
    remove_moderation, restore_decision, restore_decisions, restore_moderation
from ui.commands.base import CoreCommand, context_events
from ui.context import AppContext
from ui.text import pounds, tr


class PanelEvents(QObject):
    """What the panel's commands changed; the panel window refreshes from these."""

    moderated = Signal(str, str)  # application id, criterion id
    decided = Signal(str)  # application id
    statusMoved = Signal(str)  # the round's new status
    reveal = Signal(str, str)  # after undo or redo: application id, criterion id ("" for a decision)
    revealMany = Signal(list)  # after undo or redo of a step on many: their application ids


def panel_events(ctx: AppContext) -> PanelEvents:
    return context_events(ctx, PanelEvents)


def status_label(status: str) -> str:
    return {"setup": tr("Setup"), "scoring": tr("Scoring"), "moderation": tr("Moderation"),
            "decided": tr("Decided"), "monitoring": tr("Monitoring")}.get(status, status)


def decision_label(decision: str) -> str:
    return {"fund": tr("Fund"), "reserve": tr("Reserve"), "decline": tr("Decline")}.get(decision, decision)


class PanelCommand(CoreCommand):
    """A `CoreCommand` for the chair, who needs a round and a file but need not be one of its assessors:
    the panel acts as the store's actor (the person named on every audit event)."""

    def __init__(self, ctx: AppContext, text: str):
        super().__init__(ctx, text, needs_assessor=False)
        self.events = panel_events(ctx)


class ModerateCommand(PanelCommand):
    """Agree the panel's score for one criterion of one application, with its rationale."""

    def __init__(self, ctx: AppContext, application: Application, criterion_id: str, score: float, rationale: str):
        title = ctx.rubric.criterion(criterion_id).title if ctx.rubric else criterion_id
        super().__init__(ctx, tr("Agree {criterion} of {ref}: {score:g}").format(
            criterion=title, ref=application.reference, score=score))
        self.application = application
        self.criterion_id = criterion_id
        self.score = score
        self.rationale = rationale
        self.before: Moderation | None = None

    def _do(self) -> None:
        replaced = self.store.panel.moderate(self.round, self.application, self.criterion_id, score=self.score,
                                             rationale=self.rationale)
        if self._first:
            self.before = replaced  # what undo puts back, however often this is redone
        self.events.moderated.emit(self.application.id, self.criterion_id)

    def _undo(self) -> None:
        if self.before is None:
            remove_moderation(self.store, self.round, self.application.id, self.criterion_id)
        else:
            restore_moderation(self.store, self.round, self.before)
        self.events.moderated.emit(self.application.id, self.criterion_id)

    def _reveal(self) -> None:
        self.events.reveal.emit(self.application.id, self.criterion_id)


class DecideCommand(PanelCommand):
    """Record the panel's decision on one application: fund (with the amount), reserve or decline."""

    def __init__(self, ctx: AppContext, application: Application, decision: DecisionKind,
                 amount_awarded: Decimal | None, feedback: str):
        text = tr("Decide {ref}: {decision}").format(ref=application.reference, decision=decision_label(decision))
        if decision == "fund":
            text += f" {pounds(amount_awarded)}"
        super().__init__(ctx, text)
        self.application = application
        self.decision: DecisionKind = decision
        self.amount_awarded = amount_awarded
        self.feedback = feedback
        self.before: Decision | None = None

    def _do(self) -> None:
        replaced = self.store.panel.decide(self.round, self.application, decision=self.decision,
                                           amount_awarded=self.amount_awarded, feedback=self.feedback)
        if self._first:
            self.before = replaced
        self.events.decided.emit(self.application.id)

    def _undo(self) -> None:
        if self.before is None:
            remove_decision(self.store, self.round, self.application.id)
        else:
            restore_decision(self.store, self.round, self.before)
        self.events.decided.emit(self.application.id)

    def _reveal(self) -> None:
        self.events.reveal.emit(self.application.id, "")


class DecideManyCommand(PanelCommand):
    """Decide many applications in one step (one core transaction, all or none); undo puts each back as
    it was, decided or not."""

    def __init__(self, ctx: AppContext, choices: list[DecisionChoice], text: str):
        super().__init__(ctx, text)
        self.choices = list(choices)
        self.before: list[Decision | None] = []

    def _do(self) -> None:
        if self._first:
            now = {d.application_id: d for d in self.store.panel.decisions(self.round)}
            before = [now.get(c.application_id) for c in self.choices]
        decide_many(self.store, self.round, self.choices)
        if self._first:
            self.before = before  # what undo puts back, however often this is redone
        self.events.decided.emit(self.choices[0].application_id if self.choices else "")

    def _undo(self) -> None:
        restore_decisions(self.store, self.round, [c.application_id for c in self.choices],
                          [d for d in self.before if d is not None])
        self.events.decided.emit(self.choices[0].application_id if self.choices else "")

    def _reveal(self) -> None:
        self.events.revealMany.emit([c.application_id for c in self.choices])


class MoveStatusCommand(PanelCommand):
    """Move the round one stage on or back; undo moves it back to where it was.

    `force` moves on although work is left behind (the chair confirmed the counts); without it the
    core refuses such a move and names them.
    """

    def __init__(self, ctx: AppContext, target: RoundStatus, *, force: bool = False):
        super().__init__(ctx, tr("Move the round to {status}").format(status=status_label(target)))
        self.target: RoundStatus = target
        self.force = force
        self.before: RoundStatus = current_status(self.store, self.round)

    def _do(self) -> None:
        self._move(self.target, force=self.force)

    def _undo(self) -> None:
        self._move(self.before, force=True)  # back to where the round was: nothing new is left behind

    def _move(self, status: RoundStatus, *, force: bool = False) -> None:
        updated = self.store.rounds.set_status(self.round, status, force=force)
        if self.ctx.round is not None and self.ctx.round.id == updated.id:
            # The assessor's window reads the status from the context (read only outside scoring);
            # the panel refreshes on the same signal.
            self.ctx.round = updated
            self.ctx.sessionChanged.emit()
        else:
            self.events.statusMoved.emit(status)


class OverrideExplanationCommand(PanelCommand):
    """Let an explanation the summaries' checker questioned stand as written, with the chair's reason."""

    def __init__(self, ctx: AppContext, application: Application, criterion_id: str, kind: str, reason: str):
        super().__init__(ctx, tr("Let the explanation of {ref} {criterion} stand").format(
            ref=application.reference, criterion=criterion_id))
        self.application, self.criterion_id, self.kind, self.reason = application, criterion_id, kind, reason

    def _do(self) -> None:
        self.store.overrides.override(self.round, self.application, self.criterion_id, self.kind, self.reason)
        self.events.moderated.emit(self.application.id, self.criterion_id)

    def _undo(self) -> None:
        self.store.overrides.withdraw(self.round, self.application, self.criterion_id, self.kind)
        self.events.moderated.emit(self.application.id, self.criterion_id)
