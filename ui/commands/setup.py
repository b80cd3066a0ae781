"""Setting a round up, one undo command each: its settings, its people, their conflicts of interest.

Each wraps one core call (importing conflicts from a file is one call too); undo calls the inverse
with what was captured the first time. People are found by name when a command runs, not held as
objects: a person removed and put back by undo is a new row, and the commands above it on the stack
must still find them.

A refusal the first time a command runs is kept in `error` for the dialog that made it, which
shows it beside the input and stays open; a refusal on a later undo or redo goes to the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from svassessor.errors import SvAssessorError
from svassessor.models import Application, Assessor, Role, Round, RoundStatus
from ui.commands.base import CoreCommand, context_events
from ui.context import AppContext
from ui.text import tr


class SetupEvents(QObject):
    """What the set-up commands changed; the dialogs and the window refresh from these."""

    roundChanged = Signal()
    peopleChanged = Signal()
    conflictsChanged = Signal()


def setup_events(ctx: AppContext) -> SetupEvents:
    return context_events(ctx, SetupEvents)


@dataclass(frozen=True)
class RoundSettings:
    """A round's settings as the Round settings dialog edits them (the rubric is frozen, so not here)."""

    name: str
    budget: Decimal | None
    opens: date | None
    closes: date | None
    sv_weight: float | None
    funder_name: str | None
    funder_org_id: str | None
    funder_identifier: str | None
    nation: str | None = None
    standstill_from: date | None = None  # a tender's: the day its contract award notice is published
    anonymised: bool = False
    reveal_at: RoundStatus | None = None
    retain_until: date | None = None  # the day after which its personal data is to be erased

    @classmethod
    def of(cls, round_: Round) -> RoundSettings:
        return cls(round_.name, round_.budget, round_.opens, round_.closes, round_.sv_weight, round_.funder_name,
                   round_.funder_org_id, round_.funder_identifier, round_.nation, round_.standstill_from,
                   round_.anonymised, round_.reveal_at, round_.retain_until)


class SetupCommand(CoreCommand):
    """A chair's change to a round's set-up, made as the store's actor on `round_`."""

    def __init__(self, ctx: AppContext, text: str, round_: Round):
        super().__init__(ctx, text, needs_assessor=False, round_=round_)
        self.events = setup_events(ctx)
        self.error: SvAssessorError | None = None  # why the core refused the first run

    def redo(self) -> None:
        if not self._first:
            super().redo()
            return
        try:
            self._do()
        except SvAssessorError as error:
            self.error = error
            self.setObsolete(True)
            return
        self.ok = True
        self._first = False

    @property
    def problem(self) -> str:
        return "" if self.error is None else str(self.error)

    def person(self, name: str) -> Assessor:
        return self.store.assessors.get(self.round, name)


class RoundSettingsCommand(SetupCommand):
    """Change a round's name, budget, dates, social value weight, funder, part of the UK and standstill in one
    audited step."""

    def __init__(self, ctx: AppContext, round_: Round, after: RoundSettings):
        super().__init__(ctx, tr("Change the settings of “{round}”").format(round=round_.name), round_)
        self.before = RoundSettings.of(round_)
        self.after = after

    def _do(self) -> None:
        self._apply(self.after)

    def _undo(self) -> None:
        self._apply(self.before)

    def _apply(self, settings: RoundSettings) -> None:
        updated = self.store.rounds.update(
            self.round, name=settings.name, budget=settings.budget, opens=settings.opens, closes=settings.closes,
            sv_weight=settings.sv_weight, funder_name=settings.funder_name, funder_org_id=settings.funder_org_id,
            funder_identifier=settings.funder_identifier, nation=settings.nation,
            standstill_from=settings.standstill_from, anonymised=settings.anonymised, reveal_at=settings.reveal_at,
            retain_until=settings.retain_until)
        self.round = updated
        self.ctx.round_changed(updated)
        self.events.roundChanged.emit()


class AddPersonCommand(SetupCommand):
    """Add an assessor or a chair to the round."""

    def __init__(self, ctx: AppContext, round_: Round, *, name: str, role: Role, interests: str):
        super().__init__(ctx, tr("Add {name} to the panel").format(name=name.strip()), round_)
        self.name, self.role, self.interests = name.strip(), role, interests.strip()

    def _do(self) -> None:
        self.store.assessors.add(self.round, name=self.name, role=self.role, interests=self.interests)
        self.events.peopleChanged.emit()

    def _undo(self) -> None:
        self.store.assessors.remove(self.round, self.person(self.name))
        self.events.peopleChanged.emit()


class RemovePersonCommand(SetupCommand):
    """Take someone off the panel (the core refuses while they have work in the round); undo puts them
    back with their role, interests and conflicts."""

    def __init__(self, ctx: AppContext, round_: Round, person: Assessor):
        super().__init__(ctx, tr("Remove {name} from the panel").format(name=person.name), round_)
        self.name, self.role, self.interests = person.name, person.role, person.interests
        self.conflicts = [(c.application_id, c.reason) for c in self.store.assessors.conflicts(round_)
                          if c.assessor_id == person.id]

    def _do(self) -> None:
        self.store.assessors.remove(self.round, self.person(self.name))
        self.events.peopleChanged.emit()
        self.events.conflictsChanged.emit()

    def _undo(self) -> None:
        person = self.store.assessors.add(self.round, name=self.name, role=self.role, interests=self.interests)
        for application_id, reason in self.conflicts:
            person = self.store.assessors.declare_conflict(
                person, self.store.applications.by_id(application_id), reason=reason)
        self.events.peopleChanged.emit()
        self.events.conflictsChanged.emit()


class RenamePersonCommand(SetupCommand):
    def __init__(self, ctx: AppContext, round_: Round, person: Assessor, new_name: str):
        super().__init__(ctx, tr("Rename {old} to {new}").format(old=person.name, new=new_name.strip()), round_)
        self.old, self.new = person.name, new_name.strip()

    def _do(self) -> None:
        self._rename(self.old, self.new)

    def _undo(self) -> None:
        self._rename(self.new, self.old)

    def _rename(self, old: str, new: str) -> None:
        self.store.assessors.rename(self.round, self.person(old), new)
        self.events.peopleChanged.emit()
        self.events.conflictsChanged.emit()


class SetRoleCommand(SetupCommand):
    def __init__(self, ctx: AppContext, round_: Round, person: Assessor, role: Role):
        label = tr("chair") if role == "chair" else tr("assessor")
        super().__init__(ctx, tr("Make {name} {role}").format(name=person.name, role=label), round_)
        self.name, self.before, self.after = person.name, person.role, role

    def _do(self) -> None:
        self._set(self.after)

    def _undo(self) -> None:
        self._set(self.before)

    def _set(self, role: Role) -> None:
        self.store.assessors.set_role(self.round, self.person(self.name), role)
        self.events.peopleChanged.emit()


class SetInterestsCommand(SetupCommand):
    def __init__(self, ctx: AppContext, round_: Round, person: Assessor, interests: str):
        super().__init__(ctx, tr("Change the interests of {name}").format(name=person.name), round_)
        self.name, self.before, self.after = person.name, person.interests, interests.strip()

    def _do(self) -> None:
        self._set(self.after)

    def _undo(self) -> None:
        self._set(self.before)

    def _set(self, interests: str) -> None:
        self.store.assessors.set_interests(self.round, self.person(self.name), interests)
        self.events.peopleChanged.emit()


class DeclareConflictCommand(SetupCommand):
    """Record that someone must not open or score an application, and why (or give a new reason)."""

    def __init__(self, ctx: AppContext, round_: Round, person: Assessor, application: Application, reason: str):
        super().__init__(ctx, tr("Declare a conflict: {name} and {ref}").format(
            name=person.name, ref=application.reference), round_)
        self.name, self.application, self.reason = person.name, application, reason
        self.before = self.store.assessors.conflict_reason(person, application.id)  # None: no conflict yet

    def _do(self) -> None:
        self.store.assessors.declare_conflict(self.person(self.name), self.application, reason=self.reason)
        self.events.conflictsChanged.emit()

    def _undo(self) -> None:
        if self.before is None:
            self.store.assessors.withdraw_conflict(self.person(self.name), self.application)
        else:
            self.store.assessors.declare_conflict(self.person(self.name), self.application, reason=self.before)
        self.events.conflictsChanged.emit()


class WithdrawConflictCommand(SetupCommand):
    def __init__(self, ctx: AppContext, round_: Round, person: Assessor, application: Application, reason: str):
        super().__init__(ctx, tr("Withdraw the conflict: {name} and {ref}").format(
            name=person.name, ref=application.reference), round_)
        self.name, self.application, self.reason = person.name, application, reason

    def _do(self) -> None:
        self.store.assessors.withdraw_conflict(self.person(self.name), self.application)
        self.events.conflictsChanged.emit()

    def _undo(self) -> None:
        self.store.assessors.declare_conflict(self.person(self.name), self.application, reason=self.reason)
        self.events.conflictsChanged.emit()


class ImportConflictsCommand(SetupCommand):
    """Declare the conflicts listed in a CSV or XLSX file (all or nothing); undo withdraws those it added
    and gives back the reasons it replaced."""

    def __init__(self, ctx: AppContext, round_: Round, path: Path):
        super().__init__(ctx, tr("Import conflicts from {file}").format(file=path.name), round_)
        self.path = path
        self.count = 0
        self.before: dict[tuple[str, str], str] = {}  # (person's name, application id): reason
        self.after: dict[tuple[str, str], str] = {}

    def _do(self) -> None:
        if self._first:
            self.before = self._declared()
            from svassessor.importing.conflicts import import_conflicts  # off the window's start-up path

            self.count = import_conflicts(self.store, self.round, self.path)
            self.after = {k: r for k, r in self._declared().items() if self.before.get(k) != r}
        else:  # the file may have changed since: put back what it gave the first time
            self._declare(self.after)
        self.events.conflictsChanged.emit()

    def _undo(self) -> None:
        for name, application_id in self.after.keys() - self.before.keys():
            self.store.assessors.withdraw_conflict(self.person(name), self.store.applications.by_id(application_id))
        self._declare({k: self.before[k] for k in self.after.keys() & self.before.keys()})
        self.events.conflictsChanged.emit()

    def _declare(self, reasons: dict[tuple[str, str], str]) -> None:
        if reasons:
            self.store.assessors.declare_conflicts(
                (self.person(name), self.store.applications.by_id(application_id), reason)
                for (name, application_id), reason in reasons.items())

    def _declared(self) -> dict[tuple[str, str], str]:
        return {(c.assessor, c.application_id): c.reason for c in self.store.assessors.conflicts(self.round)}
