"""Per-assessor normalisation of totals: shown beside the raw totals, never replacing them (DESIGN §4).

    normalised = μ + σ · (x − μ_a) / σ_a

x is an assessor's own total for an application; μ_a, σ_a that assessor's mean and population
standard deviation over their totals; μ, σ the same over every non-conflicted assessor's totals in
the round. An assessor who scores everyone low is brought to the panel's mean and spread. Only for
assessors with a total for at least rubric.moderation.normalise_after applications (a habit shows
only over several applications); an assessor whose totals are all equal (σ_a = 0) has nothing to
scale and is left unnormalised, with the reason given.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from math import fsum, sqrt


@dataclass(frozen=True, slots=True)
class Normalisation:
    mean: float | None  # panel μ over all assessors' totals
    std: float | None  # panel σ
    totals: dict[str, dict[str, float | None]]  # application id → assessor id → normalised total, None if not
    notes: dict[str, str]  # assessor id → why that assessor's totals are not normalised


def _mean_std(values: list[float]) -> tuple[float, float]:
    mean = fsum(values) / len(values)
    return mean, sqrt(fsum((v - mean) ** 2 for v in values) / len(values))


def normalise(assessor_totals: Mapping[str, Mapping[str, float | None]], minimum: int) -> Normalisation:
    """Normalise application id → assessor id → raw total (None = no total yet, left out)."""
    by_assessor: dict[str, list[float]] = {}
    for per_app in assessor_totals.values():
        for assessor, total in per_app.items():
            if total is not None:
                by_assessor.setdefault(assessor, []).append(total)
    every = [t for totals in by_assessor.values() for t in totals]
    if not every:
        return Normalisation(None, None, {}, {})
    mean, std = _mean_std(every)
    scale: dict[str, tuple[float, float]] = {}
    notes: dict[str, str] = {}
    for assessor, totals in by_assessor.items():
        if len(totals) < minimum:
            count = len(totals)
            notes[assessor] = (
                f"{count} application{'' if count == 1 else 's'} scored; normalisation starts at {minimum}"
            )
            continue
        own_mean, own_std = _mean_std(totals)
        if own_std == 0:
            notes[assessor] = "gave every application the same total, so there is no spread to scale"
            continue
        scale[assessor] = own_mean, own_std
    normalised: dict[str, dict[str, float | None]] = {}
    for app, per_app in assessor_totals.items():
        row: dict[str, float | None] = {}
        for assessor, total in per_app.items():
            if total is not None:
                fit = scale.get(assessor)
                row[assessor] = None if fit is None else mean + std * (total - fit[0]) / fit[1]
        normalised[app] = row
    return Normalisation(mean, std, normalised, notes)
