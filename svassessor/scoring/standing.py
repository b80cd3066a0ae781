"""Each application's standing: total, tender overall, priority points, threshold, cost to fund.

    ranking score = overall + priority points      (overall = total for grants; the tender overall for tenders)

Priority points (DESIGN §2.7) are reported beside the total, never folded into it: an application
whose offers name a beneficiary group (or place) in a priority's `match` (case-insensitive, trimmed)
earns that priority's points; only the largest single matching priority counts, so naming many
groups cannot stack uplifts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from svassessor.rubric.model import Priority
from svassessor.scoring.inputs import Candidate, Plan
from svassessor.scoring.tender import overall, price_scores
from svassessor.scoring.totals import Total, score_total, threshold_failures


@dataclass(frozen=True, slots=True)
class Standing:
    candidate: Candidate
    total: Total  # from the panel's combined scores
    price_score: float | None  # tenders only
    overall: float | None  # grants: total.total; tenders: price + quality + social value mix
    priority: Priority | None
    priority_points: float
    threshold_failures: tuple[str, ...]  # criterion ids scored below their pass mark
    cost: Decimal | None  # what funding it takes: awarded if set, else price (tenders) or amount

    @property
    def ranking_score(self) -> float | None:
        return None if self.overall is None else self.overall + self.priority_points

    @property
    def meets_threshold(self) -> bool:
        return not self.threshold_failures


def _name(text: str) -> str:
    return text.strip().casefold()


def priority_matcher(priorities: Sequence[Priority]) -> Callable[[Candidate], Priority | None]:
    """Return candidate → the largest matching priority (first listed wins a tie), or None."""
    wanted = [(p, p.kind, frozenset(_name(m) for m in p.match)) for p in priorities]

    def best(candidate: Candidate) -> Priority | None:
        found: Priority | None = None
        for priority, kind, names in wanted:
            offered = candidate.groups if kind == "group" else candidate.places
            if (found is None or priority.points > found.points) and any(_name(n) in names for n in offered):
                found = priority
        return found

    return best


def evaluate(
    plan: Plan,
    priorities: Sequence[Priority],
    candidates: Sequence[Candidate],
    combined: Mapping[str, Mapping[str, float | None]],
) -> list[Standing]:
    """Every candidate's standing under one plan (one social value weight), in the order given."""
    tender = plan.kind == "tender"
    prices = price_scores(candidates) if tender else {}
    match = priority_matcher(priorities)
    standings = []
    for c in candidates:
        scores = combined.get(c.id, {})
        total = score_total(plan, scores)
        price_score = prices.get(c.id)
        priority = match(c)
        standings.append(
            Standing(
                candidate=c,
                total=total,
                price_score=price_score,
                overall=overall(plan, total, price_score) if tender else total.total,
                priority=priority,
                priority_points=priority.points if priority else 0.0,
                threshold_failures=threshold_failures(plan, scores),
                cost=c.awarded if c.awarded is not None else (c.price if tender else c.amount),
            )
        )
    return standings
