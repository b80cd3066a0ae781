"""The round's status: where it stands, what that stage allows, and a move one stage on or back.

Moving asks the core (`MoveStatusCommand`, undoable); when the next stage lacks what it needs the
core refuses and says why, and the same reason is shown beside the button before anyone tries.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from svassessor.models import ROUND_STATUSES, RoundStatus
from svassessor.panel.actions import move_problems
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
        """Say what the next stage still needs (from the core's own preconditions), or that it is ready."""
        ahead = self.target(1)
        if ahead is None or self.ctx.store is None or self.state.round is None:
            self.hint.clear()
            return
        problem = move_problems(self.ctx.store, self.state.round).get(ahead)
        self.ctx.enable_edit(self.forward, True, problem or ALLOWS[ahead])
        self.hint.setText(tr("Before {status}: {problem}.").format(status=status_label(ahead), problem=problem)
                          if problem else tr("Ready to move to {status}.").format(status=status_label(ahead)))

    def move(self, step: int) -> bool:
        """Move the round one stage on (1) or back (−1); the core says why when it cannot."""
        target = self.target(step)
        if target is None or self.ctx.store is None:
            return False
        return push(self.ctx, MoveStatusCommand(self.ctx, target))
