"""Who reviews what, one undo command each: an automatic run, and one pair ticked or unticked by hand.

Each wraps one core call; undo puts back the round's assignment rows as they were (captured when the
command first ran), so an automatic run is undone whole. People are found by name when a command runs.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from svassessor.assignment import Pair
from svassessor.models import Application, Assessor, Round
from svassessor.repository.assignments import AssignmentView
from ui.commands.base import context_events
from ui.commands.setup import SetupCommand
from ui.context import AppContext
from ui.text import tr


class AssignmentEvents(QObject):
    """The assignment changed; the grid redraws from the core."""

    changed = Signal()


def assignment_events(ctx: AppContext) -> AssignmentEvents:
    return context_events(ctx, AssignmentEvents)


class AssignCommand(SetupCommand):
    """Assign the round automatically (balanced, never conflicted, within the cap, from a seed)."""

    def __init__(self, ctx: AppContext, round_: Round, *, per_application: int, cap: int | None, seed: int,
                 interests: bool, replace: bool):
        super().__init__(ctx, tr("Assign {n} reviewers per application").format(n=per_application), round_)
        self.per_application, self.cap, self.seed = per_application, cap, seed
        self.interests, self.replace = interests, replace
        self.before: frozenset[Pair] = self.store.assignments.saved(round_)
        self.after: frozenset[Pair] = frozenset()
        self.view: AssignmentView | None = None  # what the first run made, with its sentence

    def _do(self) -> None:
        if self._first:
            self.view = self.store.assignments.assign(
                self.round, per_application=self.per_application, max_per_assessor=self.cap, seed=self.seed,
                interests=self.interests, replace=self.replace)
            self.after = self.store.assignments.saved(self.round)
        else:
            self.store.assignments.restore(self.round, self.after)
        assignment_events(self.ctx).changed.emit()

    def _undo(self) -> None:
        self.store.assignments.restore(self.round, self.before)
        assignment_events(self.ctx).changed.emit()


class ToggleAssignmentCommand(SetupCommand):
    """Assign one application to one person by hand, or take it off their list."""

    def __init__(self, ctx: AppContext, round_: Round, person: Assessor, application: Application, assigned: bool):
        text = tr("Assign {ref} to {name}") if assigned else tr("Take {ref} off {name}'s list")
        super().__init__(ctx, text.format(ref=application.reference, name=person.name), round_)
        self.name, self.application, self.assigned = person.name, application, assigned

    def _do(self) -> None:
        self._set(self.assigned)

    def _undo(self) -> None:
        self._set(not self.assigned)

    def _set(self, assigned: bool) -> None:
        person = self.person(self.name)
        if assigned:
            self.store.assignments.add(self.round, person, self.application)
        else:
            self.store.assignments.remove(self.round, person, self.application)
        assignment_events(self.ctx).changed.emit()
