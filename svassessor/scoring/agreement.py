"""Krippendorff's alpha: how far assessors agree beyond chance (DESIGN §4), in pure Python.

Following Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", via the coincidence matrix:

    o_ck  = Σ_u (number of c–k pairs of values in unit u) / (m_u − 1)     over units with m_u ≥ 2 values
    n_c   = Σ_k o_ck,   n = Σ_c n_c                                           (pairable values only)
    alpha = 1 − D_o / D_e = 1 − (n − 1) · Σ_c Σ_k o_ck δ²_ck / Σ_c Σ_k n_c n_k δ²_ck

    nominal   δ²_ck = 0 if c = k else 1
    ordinal   δ²_ck = (Σ_{g=c..k} n_g − (n_c + n_k)/2)²     (ranks from the marginal frequencies n_g)
    interval  δ²_ck = (c − k)²
    ratio     δ²_ck = ((c − k) / (c + k))²

A unit with fewer than two values is not pairable. With no pairable unit, or no variation at all
(D_e = 0), alpha does not exist: the result is None with a note saying why, never a made-up number.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Literal

from svassessor.rubric.model import Rubric

Level = Literal["nominal", "ordinal", "interval", "ratio"]


@dataclass(frozen=True, slots=True)
class Alpha:
    value: float | None
    units: int  # pairable units
    values: int  # pairable values (n)
    note: str | None  # why there is no value


def _delta2(level: Level, values: list[float], counts: list[float]) -> list[list[float]]:
    """δ² between the sorted distinct values, as a matrix indexed like `values`."""
    size = len(values)
    if level == "nominal":
        return [[0.0 if i == j else 1.0 for j in range(size)] for i in range(size)]
    if level == "interval":
        return [[(c - k) ** 2 for k in values] for c in values]
    if level == "ratio":
        return [[((c - k) / (c + k)) ** 2 if c + k else 0.0 for k in values] for c in values]
    cumulative = [0.0]
    for n_g in counts:
        cumulative.append(cumulative[-1] + n_g)
    matrix = [[0.0] * size for _ in range(size)]
    for i in range(size):
        for j in range(i + 1, size):
            d = (cumulative[j + 1] - cumulative[i] - (counts[i] + counts[j]) / 2) ** 2
            matrix[i][j] = matrix[j][i] = d
    return matrix


def _patterns(units: Iterable[Sequence[float]]) -> dict[tuple[float, ...], int]:
    """Pairable units by their sorted values: units with the same values are counted, not repeated."""
    patterns: dict[tuple[float, ...], int] = {}
    for unit in units:
        if len(unit) >= 2:
            key = tuple(sorted(unit))
            patterns[key] = patterns.get(key, 0) + 1
    return patterns


def _alpha(patterns: Mapping[tuple[float, ...], int], level: Level) -> Alpha:
    if not patterns:
        return Alpha(None, 0, 0, "no unit has two or more values, so there is nothing to compare")
    totals: dict[float, float] = {}
    for key, times in patterns.items():
        for value in key:
            totals[value] = totals.get(value, 0) + times
    values = sorted(totals)
    index = {v: i for i, v in enumerate(values)}
    counts = [totals[v] for v in values]
    n = sum(counts)
    delta2 = _delta2(level, values, counts)
    observed = 0.0
    for key, times in patterns.items():
        groups = [(index[v], len(list(g))) for v, g in groupby(key)]
        weight = times / (len(key) - 1)
        for a, (i, n_i) in enumerate(groups):
            for j, n_j in groups[a + 1 :]:
                observed += weight * n_i * n_j * delta2[i][j]
    expected = sum(counts[i] * counts[j] * delta2[i][j] for i in range(len(values)) for j in range(i + 1, len(values)))
    units = sum(patterns.values())
    if expected == 0:
        return Alpha(None, units, int(n), "every value given is the same, so agreement cannot be told from chance")
    return Alpha(1 - (n - 1) * observed / expected, units, int(n), None)


def krippendorff_alpha(units: Iterable[Sequence[float]], level: Level) -> Alpha:
    """Alpha of `units`, each the values coders gave one unit (missing values left out)."""
    return _alpha(_patterns(units), level)


@dataclass(frozen=True, slots=True)
class Agreement:
    """The round's alpha over units (application, criterion) and coders (non-conflicted assessors)."""

    ordinal: float | None
    interval: float | None
    units: int
    note: str | None


def round_units(rubric: Rubric, values: Mapping[str, Mapping[str, Sequence[float]]]) -> Iterator[Sequence[float]]:
    """One unit per (application, criterion): the non-conflicted assessors' scores (`Panel.values`).

    A criterion with its own scale has its scores mapped linearly onto the rubric's scale, so all
    criteria share one alpha; scores on the rubric's scale are used as they are, so a criterion
    nobody has scored yet cannot change the figure.
    """
    base_low, base_span = rubric.scale.min, rubric.scale.max - rubric.scale.min
    own: dict[str, tuple[float, float] | None] = {}
    for c in rubric.criteria:
        s = c.scale
        own[c.id] = (
            None if s is None or (s.min, s.max) == (rubric.scale.min, rubric.scale.max) else (s.min, s.max - s.min)
        )
    for columns in values.values():
        for cid, scores in columns.items():
            if cid not in own:
                continue
            if (mapping := own[cid]) is None:
                yield scores
            else:
                low, span = mapping
                yield [base_low + (v - low) / span * base_span for v in scores]


def round_agreement(rubric: Rubric, values: Mapping[str, Mapping[str, Sequence[float]]]) -> Agreement:
    """Ordinal and interval alpha for a round, from `Panel.values` (conflicted assessors already left out)."""
    patterns = _patterns(round_units(rubric, values))
    ordinal, interval = _alpha(patterns, "ordinal"), _alpha(patterns, "interval")
    note = None
    if ordinal.value is None:
        note = (
            "No agreement yet: no criterion of any application has scores from two assessors."
            if ordinal.units == 0
            else "No agreement figure: every score given is the same, so there is no variation to measure."
        )
    return Agreement(ordinal.value, interval.value, ordinal.units, note)
