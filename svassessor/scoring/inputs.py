"""What the scoring engine reads: plain, cheap data, and the rubric flattened once per call.

Per-score data is plain dicts and frozen slotted dataclasses (no pydantic) because a round of
2,000 applications × 5 assessors × 25 criteria must be summarised in well under 300 ms.
A score of `None` means *not yet scored*, which is never the same as 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal, TypeAlias

from svassessor.errors import SvAssessorError
from svassessor.rubric.model import Rubric
from svassessor.scoring.weights import fixed_weight

Scores: TypeAlias = Mapping[str, Mapping[str, Mapping[str, float | None]]]
"""application id → assessor id → criterion id → score (None = not yet scored)."""
Moderated: TypeAlias = Mapping[str, Mapping[str, float]]
"""application id → criterion id → the panel's agreed score."""
Conflicts: TypeAlias = Set[tuple[str, str]]
"""(assessor id, application id) pairs whose scores are excluded from every statistic: declared conflicts,
and in an assigned round the pairs outside the assignment."""
Part = Literal["quality", "social_value"]


class ScoringProblem(SvAssessorError):
    """Inputs the engine refuses: a weighting that cannot work, a bid price of £0 or less."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """One application (or bid) as the engine sees it."""

    id: str
    reference: str
    organisation: str
    amount: Decimal | None  # amount requested (grants)
    price: Decimal | None  # bid price (tenders)
    received: date | None
    groups: tuple[str, ...] = ()  # beneficiary groups of its offers
    places: tuple[str, ...] = ()  # places of its offers
    awarded: Decimal | None = None  # amount awarded, once decided


@dataclass(frozen=True, slots=True)
class CriterionPlan:
    id: str
    theme: int  # index into Plan.themes
    weight: float  # the rubric's relative weight, normalised over the scored criteria of its theme
    low: float  # scale min
    span: float  # scale max − scale min (> 0: a scale has two distinct levels at least)
    pass_mark: float | None


@dataclass(frozen=True, slots=True)
class ThemePlan:
    id: str
    part: Part
    weight: float  # share of the total, after any what-if social value weight
    part_weight: float  # share of its own part (quality or social value), W / Σ W of the part


@dataclass(frozen=True, slots=True)
class Plan:
    """The rubric as the hot loops read it: indexes and weights, computed once per call.

    Criterion weights stay as written, so an unscored criterion added to a theme changes no
    arithmetic at all; theme weights become shares so that a what-if can rescale the two parts.
    """

    kind: Literal["grant", "tender"]
    criteria: tuple[CriterionPlan, ...]
    themes: tuple[ThemePlan, ...]
    sv_weight: float  # social value share of the score in percent, as used
    quality_weight: float  # quality share in percent (100 − sv_weight for grants)
    price_weight: float  # tenders: price share in percent; grants 0
    by_theme: tuple[tuple[tuple[str, float, float, float], ...], ...]  # per theme: (id, weight, low, span)


def _shares(weights: list[float]) -> list[float]:
    total = sum(weights)
    return [w / total if total > 0 else 0.0 for w in weights]


def tender_weights(rubric: Rubric, sv_weight: float | None = None) -> tuple[float, float, float]:
    """(price, quality, social value) percentages; a what-if keeps price and takes the change from quality.

    Refuses a weight below 0 or above what price leaves (100 − price).
    """
    if rubric.tender is None:
        raise ScoringProblem(f"rubric '{rubric.id}' has no tender weighting")
    price, quality, social = rubric.tender.price, rubric.tender.quality, rubric.tender.social_value
    if sv_weight is not None:
        if not 0 <= sv_weight <= 100 - price:
            raise ScoringProblem(
                f"a social value weight of {sv_weight:g}% cannot work with price fixed at {price:g}%: "
                f"choose 0 to {100 - price:g}%"
            )
        social, quality = sv_weight, 100 - price - sv_weight
    return price, quality, social


def plan(rubric: Rubric, sv_weight: float | None = None) -> Plan:
    """Flatten the rubric, applying a what-if social value weight (percent) if one is given.

    Grants: with `sv_weight`, social value themes are rescaled to share sv_weight of the total and
    quality themes 100 − sv_weight, keeping proportions within each part; without it the theme
    weights are used as written. Tenders: the assessed total mixes the two parts as
    quality : social value of the tender weighting (price joins in `tender.overall`).
    """
    themes = rubric.themes
    by_part = {part: sum(t.weight for t in themes if t.part == part) for part in ("quality", "social_value")}
    price = 0.0
    if rubric.kind == "tender":
        price, quality, social = tender_weights(rubric, sv_weight)
        sv_share = 100 * social / (quality + social)
    else:
        if sv_weight is not None and not 0 <= sv_weight <= 100:
            raise ScoringProblem(f"a social value weight must be 0 to 100%, not {sv_weight:g}%")
        social = sv_weight if sv_weight is not None else rubric.social_value_share
        quality = 100 - social
        sv_share = social
    if sv_weight is None and rubric.kind == "grant":
        theme_weights = _shares([t.weight for t in themes])
    else:
        if 100 - sv_share > 0 and by_part["quality"] <= 0:
            raise ScoringProblem(fixed_weight(rubric) or "")  # no quality part to move share to
        if sv_share > 0 and by_part["social_value"] <= 0:
            raise ScoringProblem(f"rubric '{rubric.id}' gives social value {sv_share:g}% but its social value "
                                 "themes weigh nothing")
        theme_weights = [
            (sv_share if t.part == "social_value" else 100 - sv_share) * t.weight / (100 * by_part[t.part])
            if by_part[t.part] > 0
            else 0.0
            for t in themes
        ]
    theme_plans = tuple(
        ThemePlan(t.id, t.part, w, t.weight / by_part[t.part] if by_part[t.part] > 0 else 0.0)
        for t, w in zip(themes, theme_weights, strict=True)
    )
    criteria = tuple(
        CriterionPlan(c.id, index, c.weight, s.min, s.max - s.min, c.pass_mark)
        for index, theme in enumerate(themes)
        for c in theme.criteria
        for s in (c.scale or rubric.scale,)
    )
    by_theme = tuple(
        tuple((c.id, c.weight, c.low, c.span) for c in criteria if c.theme == i) for i in range(len(themes))
    )
    return Plan(rubric.kind, criteria, theme_plans, social, quality, price, by_theme)
