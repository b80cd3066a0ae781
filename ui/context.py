"""The application context: the open file, the round, who is at the keyboard, the undo stack.

Views, dialogs and commands are handed this object; nothing reaches for a module global. Commands
change the core through it and announce what changed with its signals, so each view refreshes only
what is affected (one application's row, one criterion, one application's highlights).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QPushButton, QWidget

from svassessor.errors import SvAssessorError
from svassessor.models import Assessor, Round
from svassessor.rubric.model import Rubric
from svassessor.store import Store
from ui.settings import Settings
from ui.text import tr


class AppContext(QObject):
    scoreChanged = Signal(str, str)  # application id, criterion id
    assessmentChanged = Signal(str)  # application id: status or overall comment
    annotationsChanged = Signal(str, str)  # application id, annotation id
    sessionChanged = Signal()  # another file, round or assessor
    workMerged = Signal()  # assessors' returned files brought new work into the open file
    problem = Signal(str)  # one sentence for the user: something was refused
    done = Signal(str)  # one sentence for the user: something worth confirming went through
    # Undo and redo ask the window to show what they changed: application id, criterion id or "".
    revealRequested = Signal(str, str)

    def __init__(self, settings: Settings, parent: QObject | None = None):
        super().__init__(parent)
        self.settings = settings
        self.store: Store | None = None
        self.path: Path | None = None
        self.round: Round | None = None
        self.person: Assessor | None = None  # who is at the keyboard: one of the round's assessors or its chair
        self.assessor: Assessor | None = None  # whom the scoring panel scores as: the person, when an assessor
        self.rubric: Rubric | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setObjectName("undoStack")

    # the session -----------------------------------------------------------------------------
    def open_file(self, path: Path, *, read_only: bool = False) -> None:
        """Open a .svdb file (closing the one open before); choose a round and assessor next.

        Read-only takes no lock and makes no backup, so it works while another person has the file open;
        the core refuses every write to it.
        """
        identity = self.settings.identity
        store = Store.open(path, actor=identity[0] if identity else "svassessor", readonly=read_only)
        self.close_file()
        self.store, self.path = store, Path(path)
        self.settings.add_recent(Path(path))

    def close_file(self) -> None:
        self.undo_stack.clear()
        if self.store is not None:
            self.store.close()
        self.store = self.path = self.round = self.person = self.assessor = self.rubric = None

    def set_session(self, round_: Round, person: Assessor | None) -> None:
        """Work on this round as this person (None: no one chosen, read only).

        An assessor scores; a chair does not score (the panel is theirs), so the scoring panel has no
        one to score as. Either way the person's name goes on every change they make.
        """
        assert self.store is not None and self.path is not None
        self.undo_stack.clear()  # an undo must never reach into another round or person's work
        self.round = round_
        self.rubric = self.store.rounds.rubric(round_)
        self.settings.set_round_for(self.path, round_.name)
        self._set_person(person)
        self.sessionChanged.emit()

    def _set_person(self, person: Assessor | None) -> None:
        self.person = person
        self.assessor = person if person is not None and person.role == "assessor" else None
        if person is not None and self.store is not None and self.path is not None and self.round is not None:
            self.store.actor = person.name
            self.settings.set_identity(person.name, person.role)
            self.settings.set_assessor_for(self.path, self.round.name, person.name)

    def round_changed(self, round_: Round) -> None:
        """The round's settings (or status) changed: keep the new copy, remember its name, redraw."""
        if self.round is None or self.round.id != round_.id or self.path is None:
            return
        self.round = round_
        self.settings.set_round_for(self.path, round_.name)
        self.sessionChanged.emit()

    def people_changed(self) -> None:
        """The round's people or conflicts changed: read the person at the keyboard again (their role,
        name and conflicts), or no one when they were removed; redraw."""
        if self.store is None or self.round is None:
            return
        if self.person is not None:
            people = self.store.assessors.for_round(self.round)
            same = [p for p in people if p.id == self.person.id] or [p for p in people if p.name == self.person.name]
            self._set_person(same[0] if same else None)
        self.sessionChanged.emit()

    @property
    def read_only(self) -> bool:
        """Whether the open file was opened read-only (File > Open read-only): nothing can be changed."""
        return self.store is not None and self.store.database.readonly

    @property
    def can_score(self) -> bool:
        return (self.assessor is not None and self.round is not None and self.round.status == "scoring"
                and not self.read_only)

    @property
    def read_only_reason(self) -> str:
        """Why nothing in the open file can be changed, in one sentence ("" when it can be).

        The one place this is worded: a control that would change the file carries it as its tooltip
        (`enable_edit`), and a change tried anyway is refused with it (`refuse_if_read_only`).
        """
        if not self.read_only:
            return ""
        return tr("{file} is open read-only: nothing in it can be changed.").format(
            file=self.path.name if self.path else "")

    def enable_edit(self, control: QWidget | QAction, enabled: bool = True, tip: str = "") -> None:
        """Enable a control that would change the file when `enabled`, with `tip` as its tooltip.

        In a read-only file the control is disabled whatever `enabled` says, and its tooltip says why, so
        no one has to click to be told no. The refusal on click (`refuse_if_read_only`) stays behind it.
        """
        reason = self.read_only_reason
        control.setEnabled(enabled and not reason)
        control.setToolTip(reason or tip)

    def edit_button(self, parent: QWidget, text: str, name: str, slot: Callable[[], object], tip: str) -> QPushButton:
        """A button that changes the file: named for tests, never the dialog's default, off in a read-only file."""
        button = QPushButton(text, parent)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        self.enable_edit(button, tip=tip)
        return button

    def refuse_if_read_only(self) -> bool:
        """True (and a sentence for the user) when the open file cannot be changed."""
        if self.read_only:
            self.report(self.read_only_reason + " " + tr("Open it with File > Open once no one else has it open."))
            return True
        return False

    def is_conflicted(self, application_id: str) -> bool:
        return self.assessor is not None and application_id in self.assessor.conflicts

    # errors: the one place a user-facing problem is handed to the window --------------------------
    def report(self, error: SvAssessorError | str) -> None:
        self.problem.emit(str(error))
