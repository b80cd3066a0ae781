"""The line at the top of the window that says what to do next to get a round going, with the button
that does it: make a round, add its people, choose who you are, open the panel.

It takes the place of a bare "read only": a chair setting up their first round is told how to go on.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from ui.context import AppContext
from ui.text import plain_label, tr
from ui.theme import warning_background

Slot = Callable[[], object]


class NextStep(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("nextStep")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.text = plain_label("", self, name="nextStepText")
        self.text.setAccessibleName("")
        self.button = QPushButton(self)
        self.button.setObjectName("nextStepButton")
        self.button.setAutoDefault(False)
        self._slot: Slot | None = None
        self.button.clicked.connect(lambda: self._slot() if self._slot else None)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        self.hide()

    def show_for(self, ctx: AppContext, *, new_round: Slot, add_people: Slot, who: Slot, open_panel: Slot) -> bool:
        """Show the next step for the context's file, round and person; False (hidden) when there is none."""
        if ctx.store is None:
            self.hide()
            return False
        tip = ctx.read_only_reason
        if ctx.round is None:
            self.show_step(tr("{file} holds no rounds yet: make the first one.").format(
                file=ctx.path.name if ctx.path else ""), tr("&New round…"), new_round, enabled=not tip, tip=tip)
            return True
        round_ = ctx.round.name
        if not any(p.role == "assessor" for p in ctx.store.assessors.for_round(ctx.round)):
            self.show_step(tr("“{round}” has no assessors yet, so no one can score it: add the people who score and "
                              "chair it, with their conflicts of interest.").format(round=round_),
                           tr("Add &assessors…"), add_people, enabled=not tip, tip=tip)
        elif ctx.person is None:
            self.show_step(tr("Choose who you are among the people of “{round}”: your name goes on every change "
                              "you make.").format(round=round_), tr("&Who are you…"), who)
        elif ctx.person.role == "chair":
            self.show_step(tr("You are chairing “{round}”: the assessors score; you compare, moderate and decide "
                              "in the panel.").format(round=round_), tr("Open the &panel"), open_panel)
        elif ctx.round.status == "setup":
            self.show_step(tr("“{round}” is being set up: scoring starts when the chair moves it on to scoring, in "
                              "the panel.").format(round=round_), tr("Open the &panel"), open_panel)
        else:
            self.hide()
            return False
        return True

    def show_step(self, text: str, button: str = "", slot: Slot | None = None,
                  *, enabled: bool = True, tip: str = "") -> None:
        """Say `text`; with `button`, offer it (disabled, with `tip` saying why, when not `enabled`)."""
        self.text.setText(text)
        self.text.setAccessibleName(text)
        self._slot = slot
        self.button.setText(button)
        self.button.setAccessibleName(button.replace("&", ""))
        self.button.setVisible(bool(button))
        self.button.setEnabled(enabled)
        self.button.setToolTip(tip)
        self.restyle()
        self.show()

    def restyle(self) -> None:
        palette = self.palette()
        palette.setColor(self.backgroundRole(), warning_background())
        self.setPalette(palette)
        self.setAutoFillBackground(True)
