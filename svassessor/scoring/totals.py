"""One set of criterion scores → theme scores, part scores and a total on 0–100 (DESIGN §4).

    criterion  f_c = (score_c − scale.min) / (scale.max − scale.min)        (score / max on 0-based scales)
    theme      T_t = 100 · Σ w_c f_c / Σ w_c        over the theme's SCORED criteria
    total          = Σ W_t T_t / Σ W_t              over the themes that have a score
    part           = Σ W'_t T_t / Σ W'_t            over the scored themes of the part (quality or
                                                    social value), W' the theme's share of its part

A weighted mean of values in 0–100 cannot exceed 100, but float rounding can overshoot by an ulp
(100.00000000000001 for an application scored top everywhere); `at_most_100` takes that back to 100.
Nothing else is adjusted: values are exact, never rounded.

Unscored criteria (None) are left out, never counted as 0: weights are renormalised over what has
been scored and `coverage` says how much that is, so the UI can say "partial". Nothing scored → no
total. The same function serves the panel's combined scores and each assessor's own scores.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from svassessor.scoring.inputs import Plan


def at_most_100(value: float) -> float:
    """Undo float overshoot of a 0–100 mean (only within 1e-9 of 100; a larger excess stays visible)."""
    return 100.0 if 100 < value < 100 + 1e-9 else value


@dataclass(frozen=True, slots=True)
class Total:
    total: float | None  # 0–100, None when nothing with weight has been scored
    quality: float | None  # quality part, 0–100
    social_value: float | None  # social value part, 0–100
    themes: dict[str, float | None]  # theme id → 0–100
    scored: int  # criteria with a score
    criteria: int  # criteria in the rubric

    @property
    def coverage(self) -> float:
        """Share of the rubric's criteria that have a score (1.0 = complete)."""
        return self.scored / self.criteria

    @property
    def complete(self) -> bool:
        return self.scored == self.criteria


def score_total(plan: Plan, scores: Mapping[str, float | None]) -> Total:
    """Score one application from criterion id → score (missing or None = not yet scored)."""
    get = scores.get
    by_theme: dict[str, float | None] = {}
    scored = 0
    total_num = total_den = quality_num = quality_den = social_num = social_den = 0.0
    for theme, rows in zip(plan.themes, plan.by_theme, strict=True):
        num = den = 0.0
        for cid, weight, low, span in rows:
            score = get(cid)
            if score is not None:
                scored += 1
                num += weight * (score - low) / span
                den += weight
        if den <= 0:
            by_theme[theme.id] = None
            continue
        value = at_most_100(100 * num / den)
        by_theme[theme.id] = value
        total_num += theme.weight * value
        total_den += theme.weight
        if theme.part == "quality":
            quality_num += theme.part_weight * value
            quality_den += theme.part_weight
        else:
            social_num += theme.part_weight * value
            social_den += theme.part_weight
    return Total(
        total=at_most_100(total_num / total_den) if total_den > 0 else None,
        quality=at_most_100(quality_num / quality_den) if quality_den > 0 else None,
        social_value=at_most_100(social_num / social_den) if social_den > 0 else None,
        themes=by_theme,
        scored=scored,
        criteria=len(plan.criteria),
    )


def threshold_failures(plan: Plan, scores: Mapping[str, float | None]) -> tuple[str, ...]:
    """Criteria whose score is below their pass mark; an unscored criterion never fails."""
    failures = []
    for c in plan.criteria:
        if c.pass_mark is not None:
            score = scores.get(c.id)
            if score is not None and score < c.pass_mark:
                failures.append(c.id)
    return tuple(failures)
