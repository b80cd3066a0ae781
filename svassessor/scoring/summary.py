"""The whole round in one call, and its stable JSON shape for `svassessor summary --json`.

`summarise_round` combines the panel's scores once and derives everything the comparison view, the
panel pack and the command line show: ranking, budget line, spread flags, agreement, each assessor's
own totals, their normalisation, tender cost per social value point and any what-if weights.

`summary_json(summary)` returns (documented here because scripts depend on it; keys never change,
new keys may be added):

    kind          "grant" | "tender"
    sv_weight     social value share used, percent
    ranking       list, best first, of
        reference, organisation
        total            assessed total 0–100 (no price, no priority points), null if nothing scored
        priority_points  points of the one matching priority (0 if none)
        priority         that priority's id, or null
        ranking_score    overall + priority_points, null if not scored
        rank             1, 2, …
        funded           true only when status is "funded"
        status           "funded" | "below_line" | "not_eligible" | null (eligible, but no budget set)
        reason           why it is not eligible, as a sentence (the same everywhere), else null
        meets_threshold  false when any criterion is below its pass mark
        threshold_failures  criterion ids below their pass mark
        coverage         share of criteria scored, 0–1 (below 1: a partial total)
        social_value, quality  part scores 0–100 or null
        price_score      tenders: lowest bid / this bid × 100; null for grants
        overall          what is ranked before priority points: total (grants), price+quality+social value (tenders)
        amount           what funding it takes: awarded, else price (tenders) or amount requested
        sv_point_cost    tenders: £ per extra social value point over the cheapest bid, else null
    budget        {total, allocated, left, cut_off (reference or null), not_eligible (how many are not
                  eligible and why, as a sentence; "" when every application is eligible)};
                  total/left null with no budget
    flags         list of {reference, criterion, spread, scores {assessor id: score}, moderated}
    alpha         {ordinal, interval, note}: alpha values or null, and the reason in words when null
    what_if       list of {sv_weight, ranking [references], newly_funded [references],
                  no_longer_funded [references]}

With `summary --robustness`, `robustness_json` adds (see scoring/robustness.py for the scenarios):

    robustness    {scenarios (count), applications: [{reference, funded_share 0–1}] in ranking order,
                  marginal: [reference] (funded in some scenarios, not others), how (one sentence)}

Floats are exact (no rounding); money is a JSON number (an integer when whole pounds).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any, Literal

from svassessor.rubric.model import Rubric
from svassessor.scoring.agreement import Agreement, round_agreement
from svassessor.scoring.inputs import Candidate, Conflicts, Moderated, Plan, Scores, plan
from svassessor.scoring.normalise import Normalisation, normalise
from svassessor.scoring.panel import Flag, Panel, combine
from svassessor.scoring.ranking import BudgetLine, WhatIf, budget_line, rank, what_if
from svassessor.scoring.robustness import Robustness
from svassessor.scoring.standing import Standing, evaluate
from svassessor.scoring.tender import sv_point_costs
from svassessor.scoring.totals import Total, score_total


@dataclass(frozen=True)
class RoundSummary:
    kind: Literal["grant", "tender"]
    sv_weight: float  # social value share used, percent
    quality_weight: float  # percent
    price_weight: float  # percent, tenders only (0 for grants)
    ranking: tuple[Standing, ...]  # best first
    budget: BudgetLine
    flags: tuple[Flag, ...]
    alpha: Agreement
    sv_point_costs: dict[str, Decimal | None]  # tenders: application id → £ per extra point; empty for grants
    what_if: tuple[WhatIf, ...]
    panel: Panel  # combined scores per criterion (the comparison matrix) and each assessor's raw scores
    plan: Plan  # the weights used
    normalise_after: int

    @cached_property
    def assessor_totals(self) -> dict[str, dict[str, Total]]:
        """Application id → assessor id → that assessor's own total (for drill-down), computed on first use."""
        return {
            app: {assessor: score_total(self.plan, sheet) for assessor, sheet in sheets.items()}
            for app, sheets in self.panel.own.items()
        }

    @cached_property
    def normalisation(self) -> Normalisation:
        """The assessors' own totals normalised (shown beside them), computed on first use."""
        raw = {app: {a: t.total for a, t in row.items()} for app, row in self.assessor_totals.items()}
        return normalise(raw, self.normalise_after)


def summarise_round(
    rubric: Rubric,
    candidates: Sequence[Candidate],
    scores: Scores,
    *,
    moderated: Moderated,
    conflicts: Conflicts,
    budget: Decimal | None,
    sv_weight: float | None = None,
    what_if_weights: Iterable[float] = (),
) -> RoundSummary:
    """Summarise a round; `sv_weight` (percent) overrides the rubric's social value weight.

    Per-assessor totals and their normalisation are computed on first access: the comparison view
    does not need them to open, and they are a third of the work for a 2,000-application round.
    """
    weights = plan(rubric, sv_weight)
    panel = combine(rubric, [c.id for c in candidates], scores, moderated=moderated, conflicts=conflicts)
    ranking = rank(evaluate(weights, rubric.priorities, candidates, panel.combined), rubric.tie_break)
    line = budget_line(ranking, budget, kind=rubric.kind)
    costs = (
        sv_point_costs(candidates, {s.candidate.id: s.total.social_value for s in ranking})
        if rubric.kind == "tender"
        else {}
    )
    return RoundSummary(
        kind=rubric.kind,
        sv_weight=weights.sv_weight,
        quality_weight=weights.quality_weight,
        price_weight=weights.price_weight,
        ranking=ranking,
        budget=line,
        flags=panel.flags,
        alpha=round_agreement(rubric, panel.values),
        sv_point_costs=costs,
        what_if=what_if(rubric, candidates, panel.combined, budget, what_if_weights, line),
        panel=panel,
        plan=weights,
        normalise_after=rubric.moderation.normalise_after,
    )


def _money(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def summary_json(summary: RoundSummary) -> dict[str, Any]:
    """The stable JSON shape documented in this module's docstring."""
    reference = {s.candidate.id: s.candidate.reference for s in summary.ranking}
    line = summary.budget
    ranking = []
    for position, s in enumerate(summary.ranking, start=1):
        app = s.candidate.id
        status = line.status.get(app)
        ranking.append(
            {
                "reference": s.candidate.reference,
                "organisation": s.candidate.organisation,
                "total": s.total.total,
                "priority_points": s.priority_points,
                "priority": s.priority.id if s.priority else None,
                "ranking_score": s.ranking_score,
                "rank": position,
                "funded": status == "funded",
                "status": status,
                "reason": line.reasons.get(app),
                "meets_threshold": s.meets_threshold,
                "threshold_failures": list(s.threshold_failures),
                "coverage": s.total.coverage,
                "social_value": s.total.social_value,
                "quality": s.total.quality,
                "price_score": s.price_score,
                "overall": s.overall,
                "amount": _money(s.cost),
                "sv_point_cost": _money(summary.sv_point_costs.get(app)),
            }
        )
    return {
        "kind": summary.kind,
        "sv_weight": summary.sv_weight,
        "ranking": ranking,
        "budget": {
            "total": _money(line.total),
            "allocated": _money(line.allocated),
            "left": _money(line.left),
            "cut_off": reference[line.cut_off] if line.cut_off else None,
            "not_eligible": line.not_eligible_words(),
        },
        "flags": [
            {
                "reference": reference[f.application],
                "criterion": f.criterion,
                "spread": f.spread,
                "scores": f.scores,
                "moderated": f.moderated,
            }
            for f in summary.flags
        ],
        "alpha": {"ordinal": summary.alpha.ordinal, "interval": summary.alpha.interval, "note": summary.alpha.note},
        "what_if": [
            {
                "sv_weight": w.sv_weight,
                "ranking": [s.candidate.reference for s in w.ranking],
                "newly_funded": [reference[a] for a in w.newly_funded],
                "no_longer_funded": [reference[a] for a in w.no_longer_funded],
            }
            for w in summary.what_if
        ],
    }


def robustness_json(found: Robustness, summary: RoundSummary) -> dict[str, Any]:
    """The `robustness` key of `summary --robustness --json` (documented in this module's docstring)."""
    reference = {s.candidate.id: s.candidate.reference for s in summary.ranking}
    return {
        "scenarios": found.scenarios,
        "applications": [{"reference": reference[s.candidate.id], "funded_share": found.shares[s.candidate.id]}
                         for s in summary.ranking],
        "marginal": [reference[app] for app in found.marginal],
        "how": found.how,
    }
