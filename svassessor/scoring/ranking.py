"""Ranking with the rubric's tie-break, the budget line, and the what-if of other social value weights.

Ranking: by ranking score (overall + priority points) descending; applications with no score last.
Ties go through rubric.tie_break in order, then reference ascending in natural order (`-177` before
`-1769`; always the final fallback, so the order never depends on input order). Two scores within
`TIE` (1e-9 points) of each other are a tie: float arithmetic cannot tell them apart (2 + 3 + 1 and
3 + 1 + 2 may differ in the 15th digit), and the rubric's tie-break, not rounding noise, must decide
between applications a chair would call equal.
The scores themselves are kept and reported exactly.

Budget line: walk the ranking; fund each application that meets threshold, has a score and whose cost
(awarded if set, else price for tenders, amount requested for grants) fits in what is left. The first
eligible application that does not fit is the cut-off: it and every eligible one after it are below
the line, even a smaller one that would fit. Funding strictly in rank order is the rule a panel can
defend when challenged; skipping ahead would let a lower-ranked bid overtake because it is cheaper.
The line never overspends. With no budget nothing is funded and no line is drawn.

Not eligible: one reason per application, as a sentence (`REASONS`), the first that applies of: below
a pass mark, not scored, no price (tenders) or no amount (grants). The command line, the pack and the
window all show this sentence, so a chair hears one reason wherever they look.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cmp_to_key
from typing import Any, Literal

from svassessor.references import reference_key
from svassessor.rubric.model import Rubric, TieBreak
from svassessor.scoring.inputs import Candidate, plan
from svassessor.scoring.standing import Standing, evaluate

TIE = 1e-9
Status = Literal["funded", "below_line", "not_eligible"]
Reason = Literal["below_pass_mark", "not_scored", "no_price", "no_amount"]
REASONS: dict[Reason, str] = {
    "below_pass_mark": "below a pass mark: it must reach every criterion's pass mark to be funded",
    "not_scored": "not scored: it needs the assessors' scores to be ranked",
    "no_price": "no price: a tender's bid needs a price to be funded",
    "no_amount": "no amount: an application needs an amount requested to be funded",
}


def _higher(a: float | None, b: float | None) -> int:
    """Higher first, None last; within TIE is equal."""
    if a is None or b is None:
        return (a is None) - (b is None)
    if abs(a - b) <= TIE:
        return 0
    return -1 if a > b else 1


def _lower(a: Any, b: Any) -> int:
    """Lower first, None last; exact (money, dates, text)."""
    if a is None or b is None:
        return (a is None) - (b is None)
    return int(a > b) - int(a < b)


_RULES: dict[str, Callable[[Standing, Standing], int]] = {
    "social_value": lambda x, y: _higher(x.total.social_value, y.total.social_value),
    "quality": lambda x, y: _higher(x.total.quality, y.total.quality),
    "lowest_amount": lambda x, y: _lower(x.cost, y.cost),
    "lowest_price": lambda x, y: _lower(x.candidate.price, y.candidate.price),
    "earliest_received": lambda x, y: _lower(x.candidate.received, y.candidate.received),
    "reference": lambda x, y: _lower(reference_key(x.candidate.reference), reference_key(y.candidate.reference)),
}


def _tied(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) <= TIE)


def rank(standings: Iterable[Standing], tie_break: Sequence[TieBreak]) -> tuple[Standing, ...]:
    """Order standings best first (position + 1 is the rank)."""
    rules: list[Callable[[Standing, Standing], int]] = [_RULES[name] for name in tie_break] + [
        _RULES["reference"],
        lambda x, y: _lower(x.candidate.id, y.candidate.id),
    ]

    def tie_order(x: Standing, y: Standing) -> int:
        for rule in rules:
            if order := rule(x, y):
                return order
        return 0

    # Sort exactly first, then settle each run of tied scores by the tie-break rules: cheap for
    # 2,000 applications because only tied runs pay for the rule-by-rule comparison.
    ordered = sorted(standings, key=lambda s: (1, 0.0) if (r := s.ranking_score) is None else (0, -r))
    ranked: list[Standing] = []
    run: list[Standing] = []
    for standing in ordered:
        if run and not _tied(run[-1].ranking_score, standing.ranking_score):
            ranked.extend(sorted(run, key=cmp_to_key(tie_order)) if len(run) > 1 else run)
            run = []
        run.append(standing)
    ranked.extend(sorted(run, key=cmp_to_key(tie_order)) if len(run) > 1 else run)
    return tuple(ranked)


@dataclass(frozen=True, slots=True)
class BudgetLine:
    total: Decimal | None  # the budget; None = no budget set
    allocated: Decimal
    left: Decimal | None
    cut_off: str | None  # application id of the first eligible one that did not fit
    status: dict[str, Status | None]  # application id → status; None = eligible, but no budget to draw a line
    reasons: dict[str, str]  # application id → why it is not eligible, one of REASONS' sentences

    @property
    def funded(self) -> frozenset[str]:
        return frozenset(app for app, status in self.status.items() if status == "funded")

    def not_eligible_words(self) -> str:
        """How many are not eligible and why, most frequent reason first: 'Not eligible: 10 (no price: …).'"""
        counts = Counter(self.reasons.values()).most_common()
        return "Not eligible: " + "; ".join(f"{n} ({reason})" for reason, n in counts) + "." if counts else ""


def not_eligible(standing: Standing, kind: Literal["grant", "tender"]) -> Reason | None:
    """Why a standing cannot be funded, whatever the budget (the first that applies), or None."""
    if not standing.meets_threshold:
        return "below_pass_mark"
    if standing.ranking_score is None:
        return "not_scored"
    if standing.cost is None:
        return "no_price" if kind == "tender" else "no_amount"
    return None


def budget_line(ranking: Sequence[Standing], budget: Decimal | None, *, kind: Literal["grant", "tender"]) -> BudgetLine:
    """Draw the budget line down a ranking (see the module docstring for the rule)."""
    left = budget
    allocated = Decimal(0)
    cut_off: str | None = None
    status: dict[str, Status | None] = {}
    reasons: dict[str, str] = {}
    for standing in ranking:
        app, cost = standing.candidate.id, standing.cost
        if (reason := not_eligible(standing, kind)) is not None:
            status[app], reasons[app] = "not_eligible", REASONS[reason]
        elif left is None or cost is None:
            status[app] = None
        elif cut_off is None and cost <= left:
            status[app] = "funded"
            left -= cost
            allocated += cost
        else:
            cut_off = cut_off or app
            status[app] = "below_line"
    return BudgetLine(budget, allocated, left, cut_off, status, reasons)


def scenario(
    rubric: Rubric,
    candidates: Sequence[Candidate],
    combined: Mapping[str, Mapping[str, float | None]],
    budget: Decimal | None,
    sv_weight: float | None = None,
) -> tuple[tuple[Standing, ...], BudgetLine]:
    """Ranking and budget line of the combined scores under one social value weight (None = the rubric's)."""
    standings = evaluate(plan(rubric, sv_weight), rubric.priorities, candidates, combined)
    ranking = rank(standings, rubric.tie_break)
    return ranking, budget_line(ranking, budget, kind=rubric.kind)


@dataclass(frozen=True, slots=True)
class WhatIf:
    sv_weight: float  # percent
    ranking: tuple[Standing, ...]
    budget: BudgetLine
    newly_funded: tuple[str, ...]  # application ids funded here but not in the base ranking
    no_longer_funded: tuple[str, ...]  # funded in the base ranking but not here


def what_if(
    rubric: Rubric,
    candidates: Sequence[Candidate],
    combined: Mapping[str, Mapping[str, float | None]],
    budget: Decimal | None,
    weights: Iterable[float],
    base: BudgetLine,
) -> tuple[WhatIf, ...]:
    """The same round under other social value weights and who crosses the budget line each time."""
    results = []
    for weight in weights:
        ranking, line = scenario(rubric, candidates, combined, budget, weight)
        gained, lost = line.funded - base.funded, base.funded - line.funded
        results.append(
            WhatIf(
                sv_weight=weight,
                ranking=ranking,
                budget=line,
                newly_funded=tuple(s.candidate.id for s in ranking if s.candidate.id in gained),
                no_longer_funded=tuple(s.candidate.id for s in ranking if s.candidate.id in lost),
            )
        )
    return tuple(results)
