"""The panel's screens as plain data: comparison matrix, ranking with its line, what-if, tally, chart.

Everything here is read from a `RoundSummary`, so the window shows the engine's numbers and never
recomputes them. The matrix is built for 2,000 applications × 25 criteria: construction is one pass
over the ranking, and every cell is answered in O(1) from the summary's own dictionaries, so a view
that asks only for the cells on screen stays fast however long the round is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from svassessor.models import Decision, DecisionKind
from svassessor.rubric.model import Rubric
from svassessor.scoring.agreement import Agreement
from svassessor.scoring.inputs import Moderated
from svassessor.scoring.panel import Flag, before_moderation
from svassessor.scoring.ranking import Status, WhatIf, what_if
from svassessor.scoring.standing import Standing
from svassessor.scoring.summary import RoundSummary
from svassessor.scoring.weights import what_if_range

Crossing = Literal["newly_funded", "no_longer_funded"]


@dataclass(frozen=True, slots=True)
class CriterionColumn:
    id: str
    title: str
    theme: str  # the theme's title
    part: Literal["quality", "social_value"]
    low: float
    high: float
    pass_mark: float | None


@dataclass(frozen=True, slots=True)
class CellDetail:
    """One application's one criterion: what each assessor gave and what the panel uses."""

    application: str
    criterion: str
    combined: float | None  # what the ranking uses: moderated, else the mean (or median)
    scores: tuple[tuple[str, float], ...]  # (assessor id, raw score), non-conflicted, scored only
    before_moderation: float | None  # the assessors' mean (or median) before any moderation
    aggregate: Literal["mean", "median"]
    spread: float | None  # max − min, with two scores or more
    flagged: bool  # spread at or over the rubric's threshold
    moderated: float | None  # the panel's agreed score
    below_pass_mark: bool


class Comparison:
    """Applicants (rank order) × criteria (rubric order): the matrix the comparison view shows."""

    def __init__(self, summary: RoundSummary, rubric: Rubric, moderated: Moderated):
        self.summary = summary
        self.aggregate = rubric.moderation.aggregate
        self.columns = tuple(
            CriterionColumn(c.id, c.title, theme.title, theme.part, s.min, s.max, c.pass_mark)
            for theme in rubric.themes for c in theme.criteria for s in (c.scale or rubric.scale,))
        self.rows: tuple[Standing, ...] = summary.ranking
        self._ids = tuple(c.id for c in self.columns)
        self._spans = tuple(c.high - c.low for c in self.columns)
        combined = summary.panel.combined
        self._combined = [combined.get(s.candidate.id, {}) for s in self.rows]
        self._flags = {(f.application, f.criterion): f for f in summary.flags}
        self._moderated = moderated
        self.row_of = {s.candidate.id: i for i, s in enumerate(self.rows)}

    def application(self, row: int) -> str:
        return self.rows[row].candidate.id

    def value(self, row: int, column: int) -> float | None:
        """The combined score the ranking used (None = nobody has scored it)."""
        return self._combined[row].get(self._ids[column])

    def fraction(self, row: int, column: int) -> float | None:
        """Where the combined score sits on its criterion's scale, 0 (lowest level) to 1 (highest)."""
        value = self._combined[row].get(self._ids[column])
        return None if value is None else (value - self.columns[column].low) / self._spans[column]

    def flag(self, row: int, column: int) -> Flag | None:
        return self._flags.get((self.rows[row].candidate.id, self._ids[column]))

    def moderated(self, row: int, column: int) -> float | None:
        return self._moderated.get(self.rows[row].candidate.id, {}).get(self._ids[column])

    def detail(self, row: int, column: int) -> CellDetail:
        """Everything behind one cell (built when asked: the drill-down, not the paint)."""
        app, cid = self.rows[row].candidate.id, self._ids[column]
        sheets = self.summary.panel.own.get(app, {})
        scores = tuple((a, v) for a, sheet in sheets.items() if (v := sheet.get(cid)) is not None)
        values = [v for _, v in scores]
        before = before_moderation(values, self.aggregate) if values else None
        combined = self.value(row, column)
        mark = self.columns[column].pass_mark
        return CellDetail(
            application=app, criterion=cid, combined=combined, scores=scores, before_moderation=before,
            aggregate=self.aggregate, spread=max(values) - min(values) if len(values) > 1 else None,
            flagged=(app, cid) in self._flags, moderated=self.moderated(row, column),
            below_pass_mark=cid in self.rows[row].threshold_failures and mark is not None)


@dataclass(frozen=True, slots=True)
class RankRow:
    rank: int
    standing: Standing
    status: Status | None  # the budget line's: funded, below_line, not_eligible, None (no budget)
    reason: str | None  # why not eligible
    decision: Decision | None  # the panel's recorded decision
    at_cut_off: bool  # the budget line is drawn just above this row
    was_rank: int | None  # under a what-if: the rank at the round's own weight
    crossed: Crossing | None  # under a what-if: which side of the line it moved to
    sv_point_cost: Decimal | None  # tenders: £ per extra social value point over the cheapest bid
    funded_share: float | None = None  # once the funding line is tested: share of re-rankings that fund it

    @property
    def id(self) -> str:
        return self.standing.candidate.id


def ranking_rows(summary: RoundSummary, decisions: Mapping[str, Decision], scenario: WhatIf | None = None,
                 shares: Mapping[str, float] | None = None) -> list[RankRow]:
    """The ranking as shown: the round's own, or a what-if scenario marked against it; with each one's funded
    share when the funding line has been tested (`scoring.robustness`)."""
    ranking, line = (summary.ranking, summary.budget) if scenario is None else (scenario.ranking, scenario.budget)
    base_rank = {s.candidate.id: i for i, s in enumerate(summary.ranking, start=1)} if scenario else {}
    gained = set(scenario.newly_funded) if scenario else set()
    lost = set(scenario.no_longer_funded) if scenario else set()
    rows = []
    for position, standing in enumerate(ranking, start=1):
        app = standing.candidate.id
        rows.append(RankRow(
            rank=position, standing=standing, status=line.status.get(app), reason=line.reasons.get(app),
            decision=decisions.get(app), at_cut_off=app == line.cut_off, was_rank=base_rank.get(app),
            crossed="newly_funded" if app in gained else "no_longer_funded" if app in lost else None,
            sv_point_cost=summary.sv_point_costs.get(app), funded_share=shares.get(app) if shares else None))
    return rows


def reweigh(rubric: Rubric, summary: RoundSummary, budget: Decimal | None, sv_weight: float) -> WhatIf:
    """The round under another social value weight, from the summary's combined scores (no re-read)."""
    candidates = [s.candidate for s in summary.ranking]
    return what_if(rubric, candidates, summary.panel.combined, budget, (sv_weight,), summary.budget)[0]


def sv_weight_range(rubric: Rubric) -> tuple[float, float]:
    """The social value weights a what-if may use: 0–100 for grants; tenders keep price fixed.

    A rubric whose weight cannot move (all social value) gives its own weight at both ends, so no
    preset or slider offers a weight that would change nothing; `scoring.weights.fixed_weight` says why.
    """
    limits = what_if_range(rubric)
    return limits if limits is not None else (rubric.social_value_share, rubric.social_value_share)


@dataclass(frozen=True, slots=True)
class Tally:
    """The panel's decisions against the budget: the running total a chair watches while deciding."""

    budget: Decimal | None
    awarded: Decimal
    left: Decimal | None  # negative when the awards overspend the budget
    counts: dict[DecisionKind, int]
    undecided: int

    @property
    def over_budget(self) -> bool:
        return self.left is not None and self.left < 0


def tally(budget: Decimal | None, decisions: Sequence[Decision], applications: int) -> Tally:
    awarded = sum((d.amount_awarded or Decimal(0) for d in decisions if d.decision == "fund"), Decimal(0))
    counts: dict[DecisionKind, int] = {"fund": 0, "reserve": 0, "decline": 0}
    for d in decisions:
        counts[d.decision] += 1
    return Tally(budget, awarded, None if budget is None else budget - awarded, counts,
                 applications - len(decisions))


@dataclass(frozen=True, slots=True)
class ChartPoint:
    application: str
    reference: str
    organisation: str
    x: Decimal  # amount requested (grants) or bid price (tenders)
    y: float  # social value part, 0–100
    status: Status | None
    priority_points: float


def chart_points(summary: RoundSummary, scenario: WhatIf | None = None) -> list[ChartPoint]:
    """Amount requested (or price) against social value score, for every application with both.

    Under a what-if weight each point takes its side of that scenario's budget line: the scores do
    not move, but who is funded does, and the chart must not tell the chair otherwise.
    """
    tender = summary.kind == "tender"
    status = (summary.budget if scenario is None else scenario.budget).status
    points = []
    for s in summary.ranking:
        x = s.candidate.price if tender else s.candidate.amount
        y = s.total.social_value
        if x is not None and y is not None:
            points.append(ChartPoint(s.candidate.id, s.candidate.reference, s.candidate.organisation, x, y,
                                     status.get(s.candidate.id), s.priority_points))
    return points


def agreement_level(agreement: Agreement) -> Literal["none", "good", "fair", "low"]:
    """Krippendorff's conventional reading of alpha: ≥ 0.800 reliable, ≥ 0.667 tentative, else low."""
    if agreement.ordinal is None:
        return "none"
    if agreement.ordinal >= 0.8:
        return "good"
    return "fair" if agreement.ordinal >= 0.667 else "low"
