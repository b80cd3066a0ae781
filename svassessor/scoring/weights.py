"""Which social value weights a rubric allows: for a round's own setting and for a what-if.

A social value weight moves share between the quality part and the social value part (a tender's
price stays fixed). A rubric whose themes all count as social value (the shipped `charter`) has no
quality part to move share to or from, so its weight is fixed at its own: a what-if there would
change nothing, and the core says so in one sentence rather than offering weights that do nothing.
The same holds for a tender with no quality theme.

Limits: grants 0–100%; tenders from the 10% floor the rubric model sets (PPN 002) for the round's
own weight, or 0% for a what-if, up to what price leaves (100 − price).
"""

from __future__ import annotations

import math

from svassessor.rubric.model import Rubric

TENDER_FLOOR = 10.0  # the least social value weight a tender may be run with (PPN 002; TenderWeighting)


def fixed_weight(rubric: Rubric) -> str | None:
    """Why this rubric's social value weight cannot move, as one sentence; None when it can."""
    if sum(t.weight for t in rubric.themes if t.part == "quality") > 0:
        return None
    own = f"{rubric.social_value_share:g}%"
    return (f"Rubric '{rubric.id}' puts all its theme weight on social value, so there is no quality part "
            f"to weigh it against: its social value weight stays at {own} and a what-if would change nothing.")


def what_if_range(rubric: Rubric) -> tuple[float, float] | None:
    """The social value weights a what-if may try (percent), or None when the weight is fixed."""
    if fixed_weight(rubric) is not None:
        return None
    if rubric.kind == "tender" and rubric.tender is not None:
        return 0.0, 100.0 - rubric.tender.price
    return 0.0, 100.0


def round_weight_range(rubric: Rubric) -> tuple[float, float] | None:
    """The social value weights a round may be set to run with (percent), or None when fixed."""
    found = what_if_range(rubric)
    if found is None or rubric.kind != "tender":
        return found
    return TENDER_FLOOR, found[1]


def round_weight_problem(rubric: Rubric, weight: float | None) -> str | None:
    """Why a round cannot run this rubric with this social value weight (percent); None when it can.

    None as the weight means the rubric's own, always allowed.
    """
    if weight is None:
        return None
    if not math.isfinite(weight):
        return f"a social value weight must be a number of percent, not {weight}"
    limits = round_weight_range(rubric)
    if limits is None:
        return None if weight == rubric.social_value_share else (fixed_weight(rubric) or "").rstrip(".")
    low, high = limits
    if not low <= weight <= high:
        why = (f" (price keeps its {rubric.tender.price:g}% and social value needs at least {TENDER_FLOOR:g}%)"
               if rubric.kind == "tender" and rubric.tender is not None else "")
        return (f"a social value weight of {weight:g}% is outside what rubric '{rubric.id}' allows: "
                f"{low:g}% to {high:g}%{why}")
    return None
