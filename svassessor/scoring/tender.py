"""Tenders: price score, the price / quality / social value overall, and what social value costs.

    price score  = lowest bid / this bid × 100          (rule `lowest_over_bid`; lowest among bids with a price)
    overall      = P% × price score + Q% × quality part + S% × social value part
                   renormalised over the parts that have a score (a bid with no price yet, say)
    cost/point   = (this bid − cheapest bid) / (this bid's social value part − cheapest bid's)

The cost per point answers the source report's case of a bid £15K dearer that offered far more social
value and lost on price alone (DESIGN §2.6): the chair sees what each extra point of social value costs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from svassessor.scoring.inputs import Candidate, Plan, ScoringProblem
from svassessor.scoring.totals import Total, at_most_100


def price_scores(candidates: Sequence[Candidate]) -> dict[str, float | None]:
    """Application id → price score 0–100 (None for a bid without a price)."""
    priced = [c for c in candidates if c.price is not None]
    for c in priced:
        if c.price is not None and c.price <= 0:
            raise ScoringProblem(f"the bid price of {c.reference} must be more than £0")
    lowest = min((c.price for c in priced if c.price is not None), default=None)
    scores: dict[str, float | None] = {}
    for c in candidates:
        scores[c.id] = None if c.price is None or lowest is None else float(lowest * 100 / c.price)
    return scores


def overall(plan: Plan, total: Total, price_score: float | None) -> float | None:
    """The tender's overall score on 0–100; None until something has been assessed."""
    if total.total is None:
        return None
    parts = (
        (plan.price_weight, price_score),
        (plan.quality_weight, total.quality),
        (plan.sv_weight, total.social_value),
    )
    num = sum(weight * score for weight, score in parts if score is not None)
    den = sum(weight for weight, score in parts if score is not None)
    return at_most_100(num / den) if den > 0 else None


def sv_point_costs(
    candidates: Sequence[Candidate], social_value: Mapping[str, float | None]
) -> dict[str, Decimal | None]:
    """Application id → £ per extra point of social value over the cheapest bid.

    The cheapest bid is the one with the lowest price (of equal-cheapest, the one with most social
    value, so that "extra" is truly extra). None for the cheapest bid itself, a bid without a price
    or a social value score, and a bid that offers no more social value than the cheapest.
    """
    priced = [c for c in candidates if c.price is not None]
    if not priced:
        return {c.id: None for c in candidates}
    lowest = min(c.price for c in priced if c.price is not None)
    base_sv = max(
        (sv for c in priced if c.price == lowest and (sv := social_value.get(c.id)) is not None), default=None
    )
    costs: dict[str, Decimal | None] = {}
    for c in candidates:
        sv = social_value.get(c.id)
        if c.price is None or sv is None or base_sv is None or sv <= base_sv:
            costs[c.id] = None
        else:
            costs[c.id] = (c.price - lowest) / Decimal(sv - base_sv)
    return costs
