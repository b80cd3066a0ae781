"""How firmly each application sits on its side of the funding line (DESIGN §13 step 7).

A panel's ranking rests on a handful of people and on one social value weight. The round is ranked
again under scenarios that each change one of those things, and each application's *funded share* is
the proportion of scenarios in which it is funded:

- leaving out each assessor in turn (their scores leave every application they scored);
- resampling each application's own assessors with replacement (`resamples` times, seeded), as a
  bootstrap does: what if a different draw of the same people had scored it;
- the round's own assessors under each of `weight_steps` social value weights spread evenly across
  what the rubric allows (none when the rubric's weight is fixed).

Agreed (moderated) scores stand in every scenario: the panel has already looked at those. An assessor
who scored nothing forms no scenario and an application's unscored assessors are not drawn, so a name
on the panel with no work changes no share. *Marginal* applications are funded in some scenarios and
not others: the ones a panel discusses first. Pure: no SQL, no clock; the same inputs and seed give
the same answer.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from svassessor.progress import Progress, no_progress
from svassessor.rubric.model import Rubric
from svassessor.scoring.inputs import Candidate, Conflicts, Moderated, Scores, ScoringProblem
from svassessor.scoring.panel import Aggregate, before_moderation
from svassessor.scoring.ranking import scenario
from svassessor.scoring.weights import what_if_range

RESAMPLES = 20
WEIGHT_STEPS = 5


@dataclass(frozen=True)
class Robustness:
    scenarios: int
    shares: dict[str, float]  # application id → share of scenarios in which it is funded, 0–1
    marginal: tuple[str, ...]  # ids funded in some scenarios and not others, in the base ranking's order
    how: str  # how the figure was made, one plain sentence for the pack and the window


def robustness(
    rubric: Rubric,
    candidates: Sequence[Candidate],
    scores: Scores,
    *,
    moderated: Moderated,
    conflicts: Conflicts,
    budget: Decimal | None,
    sv_weight: float | None = None,
    resamples: int = RESAMPLES,
    weight_steps: int = WEIGHT_STEPS,
    seed: int = 0,
    progress: Progress = no_progress,
) -> Robustness:
    """Rank the round under every scenario (see the module docstring) and count where each is funded."""
    if budget is None:
        raise ScoringProblem("The round has no budget, so there is no funding line to test: set one first.")
    ids = [c.id for c in candidates]
    sheets = _scored_sheets(ids, scores, conflicts)
    assessors = sorted({a for row in sheets.values() for a in row})
    rng = random.Random(seed)
    score_sets: list[Scores] = [_without(sheets, a) for a in assessors]
    score_sets += [_resampled(sheets, rng) for _ in range(resamples)]
    weights: list[float | None] = [sv_weight] * len(score_sets)
    limits = what_if_range(rubric)
    if limits is not None and weight_steps > 1:
        low, high = limits
        steps = [low + (high - low) * i / (weight_steps - 1) for i in range(weight_steps)]
        score_sets += [sheets] * len(steps)
        weights += steps
    funded_in = dict.fromkeys(ids, 0)
    criteria = [c.id for c in rubric.criteria]
    rule = rubric.moderation.aggregate
    base = _combined(criteria, rule, ids, sheets, moderated)
    for done, (chosen, weight) in enumerate(zip(score_sets, weights, strict=True)):
        progress(done, len(score_sets), "re-ranking")
        combined = base if chosen is sheets else _combined(criteria, rule, ids, chosen, moderated)
        for app in scenario(rubric, candidates, combined, budget, weight)[1].funded:
            funded_in[app] += 1
    total = len(score_sets)
    shares = {app: (n / total if total else 0.0) for app, n in funded_in.items()}
    base_ranking = scenario(rubric, candidates, base, budget, sv_weight)[0]
    marginal = tuple(s.candidate.id for s in base_ranking if 0 < shares[s.candidate.id] < 1)
    tried_weights = weights[len(assessors) + resamples:]
    return Robustness(total, shares, marginal, _how(len(assessors), resamples, seed, tried_weights))


def _combined(criteria: Sequence[str], rule: Aggregate, ids: Sequence[str], scores: Scores,
              moderated: Moderated) -> dict[str, dict[str, float]]:
    """Each application's combined score per criterion, as `scoring.panel.combine` makes it (agreed where
    moderated, else `before_moderation` of the scores given), without the flags and copies a scenario needs not."""
    out: dict[str, dict[str, float]] = {}
    for app in ids:
        sheets, agreed = scores.get(app, {}).values(), moderated.get(app, {})
        result: dict[str, float] = {}
        for cid in criteria:
            if (score := agreed.get(cid)) is not None:
                result[cid] = score
            elif values := [v for sheet in sheets if (v := sheet.get(cid)) is not None]:
                result[cid] = before_moderation(values, rule)
        out[app] = result
    return out


def _scored_sheets(ids: Sequence[str], scores: Scores, conflicts: Conflicts) -> dict[str, dict[str, Mapping]]:
    """Application id → assessor id → sheet, only assessors free of conflict who gave at least one score."""
    return {app: {a: sheet for a, sheet in scores.get(app, {}).items()
                  if (a, app) not in conflicts and any(v is not None for v in sheet.values())}
            for app in ids}


def _without(sheets: Mapping[str, Mapping[str, Mapping]], assessor: str) -> Scores:
    return {app: {a: s for a, s in row.items() if a != assessor} for app, row in sheets.items()}


def _resampled(sheets: Mapping[str, Mapping[str, Mapping]], rng: random.Random) -> Scores:
    """Each application's assessors drawn with replacement, as many as it has (a repeat counts twice)."""
    out: dict[str, dict[str, Mapping]] = {}
    for app, row in sheets.items():
        names = sorted(row)
        drawn = [names[rng.randrange(len(names))] for _ in names]
        out[app] = {f"{name}#{i}": row[name] for i, name in enumerate(drawn)}
    return out


def _how(assessors: int, resamples: int, seed: int, weights: Sequence[float | None]) -> str:
    parts = [f"leaving out each of the {assessors} assessors who scored in turn" if assessors else None,
             f"{resamples} seeded resamples (seed {seed}) of each application's own assessors" if resamples else None,
             (f"{len(weights)} social value weights from {weights[0]:g}% to {weights[-1]:g}%"
              if weights and weights[0] is not None and weights[-1] is not None else None)]
    said = [p for p in parts if p]
    listed = ", ".join(said[:-1]) + (" and " if len(said) > 1 else "") + said[-1] if said else "no change"
    total = (assessors + resamples + len(weights))
    return (f"Funded share: the proportion of {total} re-rankings within the budget in which an application is "
            f"funded, made by {listed}; agreed scores stand in all of them.")
