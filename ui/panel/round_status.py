"""The round's status: where it stands, what that stage allows, and a move one stage on or back.

Moving asks the core (`MoveStatusCommand`, undoable). Before anyone tries, the line under the stages
says what the next stage still lacks, in the core's words (`move_checks`): a hard problem (nothing
scored yet) the core refuses outright; work left behind (assessments not submitted, applications
unscored or undecided) the chair is shown, counted, and asked to confirm before moving on anyway.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from svassessor.models import ROUND_STATUSES, RoundStatus
from svassessor.panel.actions import move_checks
from svassessor.round_status import ALLOWS
from ui.commands.base import push
from ui.commands.panel import MoveStatusCommand, status_label
from ui.context import AppContext
from ui.panel.state import PanelState
from ui.text import plain_label, tr
from ui.theme import secondary_text


class RoundStatusControl(QWidget):
    def __init__(self, ctx: AppContext, state: PanelState, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.state = ctx, state
        self.setObjectName("roundStatus")
        self.stages = QLabel(self)
        self.stages.setObjectName("stages")
        self.stages.setTextFormat(Qt.TextFormat.RichText)  # our own stage names only, never user text
        self.stages.setAccessibleName(tr("Round status"))
        self.allows = plain_label("", self, name="allows")
        self.hint = plain_label("", self, name="nextNeeds")
        self.back = QPushButton(self)
        self.back.setObjectName("statusBack")
        self.back.clicked.connect(lambda: self.move(-1))
        self.forward = QPushButton(self)
        self.forward.setObjectName("statusForward")
        self.forward.clicked.connect(lambda: self.move(1))
        self._needs = QTimer(self, singleShot=True, interval=120, timeout=self.show_next_needs)
        words = QVBoxLayout()
        words.setSpacing(1)
        words.addWidget(self.stages)
        words.addWidget(self.allows)
        words.addWidget(self.hint)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(words, 1)
        layout.addWidget(self.back)
        layout.addWidget(self.forward)
        state.changed.connect(self.refresh)

    def target(self, step: int) -> RoundStatus | None:
        if not self.state.status:
            return None
        index = ROUND_STATUSES.index(self.state.status) + step  # type: ignore[arg-type]
        return ROUND_STATUSES[index] if 0 <= index < len(ROUND_STATUSES) else None

    def refresh(self) -> None:
        status = self.state.status
        if not status or self.ctx.store is None or self.state.round is None:
            self.stages.clear()
            self.allows.clear()
            for button in (self.back, self.forward):
                button.hide()
            return
        parts = []
        for stage in ROUND_STATUSES:
            name = status_label(stage)
            parts.append(f"<b>[ {name} ]</b>" if stage == status else name)
        self.stages.setText(tr("Round status: ") + " › ".join(parts))
        # In a read-only file the greyed forms say why here too, not only in their tooltips.
        self.allows.setText(" ".join(filter(None, (tr("Now: {allows}.").format(allows=ALLOWS[status]),  # type: ignore[index]
                                                   self.ctx.read_only_reason))))
        ahead, behind = self.target(1), self.target(-1)
        self.forward.setVisible(ahead is not None)
        self.back.setVisible(behind is not None)
        if ahead is not None:
            self.forward.setText(tr("Move to {status} →").format(status=status_label(ahead)))
            self.ctx.enable_edit(self.forward, True, ALLOWS[ahead])  # what it lacks follows in a moment
        self.hint.clear()
        # What the next stage lacks takes a count over every application (20 ms at 2,000): told a
        # moment after the window has shown the round, never holding up the matrix's first paint.
        self._needs.start()
        if behind is not None:
            self.back.setText(tr("← Back to {status}").format(status=status_label(behind)))
            self.ctx.enable_edit(self.back, True, ALLOWS[behind])  # off, saying why, in a read-only file
        palette = self.hint.palette()
        palette.setColor(self.hint.foregroundRole(), secondary_text())
        self.hint.setPalette(palette)
        self.allows.setPalette(palette)

    def show_next_needs(self) -> None:
        """Say what the next stage still needs or leaves behind (the core's own sentences), or that it is ready."""
        ahead = self.target(1)
        if ahead is None or self.ctx.store is None or self.state.round is None:
            self.hint.clear()
            return
        check = move_checks(self.ctx.store, self.state.round)[ahead]
        self.ctx.enable_edit(self.forward, True, check.sentence or ALLOWS[ahead])
        self.hint.setText(tr("Before {status}: {left}.").format(status=status_label(ahead), left=check.sentence)
                          if check.sentence else tr("Ready to move to {status}.").format(status=status_label(ahead)))

    def move(self, step: int) -> bool:
        """Move the round one stage on (1) or back (−1); the core says why when it cannot.

        Work left behind is named, counted, and moved past only when the chair confirms.
        """
        target = self.target(step)
        if target is None or self.ctx.store is None or self.state.round is None:
            return False
        if self.ctx.refuse_if_read_only():
            return False
        check = move_checks(self.ctx.store, self.state.round).get(target)
        force = False
        if check is not None and check.problem is None and check.work_left:
            if not self.confirm(target, list(check.work_left)):
                return False
            force = True
        return push(self.ctx, MoveStatusCommand(self.ctx, target, force=force))

    def confirm(self, target: RoundStatus, work: list[str]) -> bool:
        """Ask before moving on with work left behind; Cancel is the default, so Enter changes nothing."""
        box = move_question(self.window(), self.state.round.name if self.state.round else "", target, work)
        box.exec()
        clicked = box.clickedButton()
        return clicked is not None and clicked.objectName() == "moveAnyway"


def move_question(parent: QWidget | None, round_name: str, target: RoundStatus, work: list[str]) -> QMessageBox:
    """The question asked before moving on with work left: each count on its own line."""
    name = status_label(target)
    box = QMessageBox(QMessageBox.Icon.Question, tr("Move to {status}?").format(status=name),
                      tr("Round '{round}' still has work left before {status}:").format(round=round_name, status=name),
                      QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("moveQuestion")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText("\n".join(f"• {line[:1].upper()}{line[1:]}." for line in work) + "\n\n"
                           + tr("In {status}: {allows}.").format(status=name, allows=ALLOWS[target]))
    move = box.addButton(tr("&Move to {status} anyway").format(status=name), QMessageBox.ButtonRole.AcceptRole)
    move.setObjectName("moveAnyway")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    cancel.setObjectName("moveCancel")
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    return box
