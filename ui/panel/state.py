"""What every panel view shows, read from the core in one place and refreshed when something changes.

One `summarise` per change: after a moderation, a decision, a status move or an assessor's score the
whole summary is recomputed (a moderated score can reorder the ranking and move the budget line, so
nothing less is correct) and every view redraws from the new one. The what-if scenario is derived
from the summary's combined scores without reading the file again, so the slider stays live.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from svassessor.errors import NotAllowed, SvAssessorError
from svassessor.models import Assessor, Decision, Round
from svassessor.panel.actions import DECISION_STATUSES, current_status
from svassessor.panel.comparison import Comparison, RankRow, Tally, ranking_rows, reweigh, tally
from svassessor.repository.facts import Facts
from svassessor.panel.summary import summarise
from svassessor.rubric.model import Rubric
from svassessor.scoring.ranking import WhatIf
from svassessor.scoring.robustness import Robustness
from svassessor.scoring.summary import RoundSummary
from ui.commands.panel import panel_events
from ui.context import AppContext


class PanelState(QObject):
    changed = Signal()  # a new summary: everything may have moved
    whatIfChanged = Signal()  # the ranking shown changed weight

    def __init__(self, ctx: AppContext, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.round: Round | None = None
        self.rubric: Rubric | None = None
        self.summary: RoundSummary | None = None
        self.comparison: Comparison | None = None
        self.decisions: dict[str, Decision] = {}
        self.tally: Tally | None = None
        self.assessors: dict[str, Assessor] = {}
        self.sv_weight: float | None = None  # the what-if weight, None = the round's own
        self.scenario: WhatIf | None = None
        self.base_rows: list[RankRow] = []  # the round's own ranking, as rows
        self.base_by_id: dict[str, RankRow] = {}
        self.decide_problem = ""  # why nothing can be decided now, in the core's words ("" when it can)
        self.robustness: Robustness | None = None  # the funding line's last test, kept until the round changes
        self.robustness_stale = False  # scores, decisions or the status changed since that test
        self._later = QTimer(self, singleShot=True, interval=250, timeout=self.refresh)
        events = panel_events(ctx)
        # Bound methods, not lambdas: Qt drops the connections when this object goes.
        events.moderated.connect(self._changed)
        events.decided.connect(self._changed)
        events.statusMoved.connect(self._changed)
        ctx.sessionChanged.connect(self.refresh)
        ctx.scoreChanged.connect(self._score_changed)

    def _changed(self, *_: object) -> None:
        self.refresh()

    def _score_changed(self, *_: object) -> None:
        # Assessors may still be scoring in the other window: coalesce a burst of key presses.
        self._later.start()

    @property
    def tender(self) -> bool:
        """A tender round: what an application asks is its bid price, not an amount requested."""
        return self.rubric is not None and self.rubric.kind == "tender"

    @property
    def status(self) -> str:
        return self.round.status if self.round else ""

    def refresh(self) -> None:
        """Read the round again and summarise it (the one place the panel reads the core)."""
        self._later.stop()
        ctx = self.ctx
        if ctx.store is None or ctx.round is None:
            self.round = self.summary = self.comparison = self.tally = self.scenario = None
            self.base_rows, self.base_by_id = [], {}
            self.decide_problem = ""
            self.changed.emit()
            return
        store = ctx.store
        if self.round is not None and self.round.id != ctx.round.id:
            self.sv_weight = None  # a what-if belongs to the round it was asked of
            self.robustness = None  # and so does a test of its funding line
        self.robustness_stale = self.robustness is not None
        try:
            self.round = ctx.round.model_copy(update={"status": current_status(store, ctx.round)})
            self.rubric = store.rounds.rubric(self.round)
            self.summary = summarise(store, self.round)
            self.comparison = Comparison(self.summary, self.rubric, Facts(store).moderated(self.round))
            decisions = store.panel.decisions(self.round)
            self.decisions = {d.application_id: d for d in decisions}
            self.tally = tally(self.round.budget, decisions, len(self.summary.ranking))
            self.assessors = {a.id: a for a in store.assessors.for_round(self.round)}
            self.base_rows = ranking_rows(self.summary, self.decisions, shares=self._shares())
            self.base_by_id = {r.id: r for r in self.base_rows}
            self.scenario = self._scenario()
            self.decide_problem = self._decide_problem()
        except SvAssessorError as error:
            ctx.report(error)
        self.changed.emit()

    def _shares(self) -> dict[str, float] | None:
        return self.robustness.shares if self.robustness is not None else None

    def set_robustness(self, found: Robustness) -> None:
        """Show a fresh test of the funding line beside the ranking (computed off the UI thread)."""
        self.robustness, self.robustness_stale = found, False
        if self.summary is not None:
            self.base_rows = ranking_rows(self.summary, self.decisions, shares=found.shares)
            self.base_by_id = {r.id: r for r in self.base_rows}
        self.whatIfChanged.emit()

    def _decide_problem(self) -> str:
        """The core's refusal of a decision at the round's stage, asked before anyone tries."""
        assert self.ctx.store is not None and self.round is not None
        try:
            self.ctx.store.panel.require_status(self.round, *DECISION_STATUSES)
        except NotAllowed as refused:
            return str(refused)
        return ""

    def set_sv_weight(self, weight: float | None) -> None:
        """Show the ranking under another social value weight (None: the round's own)."""
        self.sv_weight = weight
        try:
            self.scenario = self._scenario()
        except SvAssessorError as error:
            self.ctx.report(error)
            self.scenario = None
        self.whatIfChanged.emit()

    def _scenario(self) -> WhatIf | None:
        if self.sv_weight is None or self.summary is None or self.rubric is None or self.round is None \
                or self.sv_weight == self.summary.sv_weight:
            return None
        return reweigh(self.rubric, self.summary, self.round.budget, self.sv_weight)

    def rank_rows(self) -> list[RankRow]:
        """The ranking shown: the what-if scenario's, or the round's own."""
        if self.summary is None:
            return []
        if self.scenario is None:
            return self.base_rows
        return ranking_rows(self.summary, self.decisions, self.scenario, self._shares())

    def assessor_name(self, assessor_id: str) -> str:
        found = self.assessors.get(assessor_id)
        return found.name if found else assessor_id
