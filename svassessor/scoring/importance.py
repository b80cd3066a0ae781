"""Each criterion's relative importance: its share of the overall score, as the award criteria state it.

A criterion counts for its theme's share of the assessed total times its weight among the theme's
criteria; a tender's assessed part is what price leaves, so a criterion's share there is of the whole
overall score, beside price's own. The shares add up to 100 with price.
"""

from __future__ import annotations

from svassessor.scoring.inputs import Plan


def importance(plan: Plan) -> dict[str, float]:
    """Criterion id → percent of the overall score (of the total, for a grant)."""
    assessed = 100.0 - plan.price_weight
    out: dict[str, float] = {}
    for index, theme in enumerate(plan.themes):
        criteria = plan.by_theme[index]
        weights = sum(weight for _, weight, _, _ in criteria)
        for criterion_id, weight, _, _ in criteria:
            out[criterion_id] = assessed * theme.weight * weight / weights if weights > 0 else 0.0
    return out
