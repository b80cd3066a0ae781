"""Several assessors → one score per criterion, its spread, and flags for discussion (DESIGN §4).

    combined = the panel's moderated score where one exists, else the mean (or the median, when
               rubric.moderation.aggregate says so) of the non-conflicted assessors' scores
    spread   = max − min of those assessors' raw scores, in scale points (needs ≥ 2 scores)
    flag     when spread ≥ rubric.moderation.spread_threshold, kept after moderation (marked as such)
               so the panel pack can show what was discussed

The threshold is in points of the rubric's scale; a criterion with its own scale uses the same share
of its own range (threshold 2 on a 0–4 rubric is 50 on a 0–100 criterion), else a wide criterion
would be flagged for every difference and a narrow one never.

Not-yet-scored (None) is left out of every figure, never read as 0. A conflicted assessor's scores
are dropped here, before any statistic (combined score, spread, agreement, per-assessor totals) sees them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from math import fsum
from typing import Literal

from svassessor.rubric.model import Rubric
from svassessor.scoring.inputs import Conflicts, Moderated, Scores

Aggregate = Literal["mean", "median"]


@dataclass(frozen=True, slots=True)
class Flag:
    """A criterion of one application on which assessors disagree by the threshold or more."""

    application: str
    criterion: str
    spread: float
    moderated: bool  # the panel has agreed a score for it since
    sheets: Mapping[str, Mapping[str, float | None]]  # the application's non-conflicted score sheets

    @property
    def scores(self) -> dict[str, float]:
        """Assessor id → raw score (built when asked: a round can flag thousands of criteria)."""
        return {a: v for a, sheet in self.sheets.items() if (v := sheet.get(self.criterion)) is not None}


@dataclass(frozen=True, slots=True)
class Panel:
    combined: dict[str, dict[str, float]]  # application id → criterion id → combined score (scored ones only)
    own: dict[str, dict[str, Mapping[str, float | None]]]  # application id → assessor id → scores, no conflicts
    values: dict[str, dict[str, list[float]]]  # application id → criterion id → the non-conflicted raw scores
    flags: tuple[Flag, ...]


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def before_moderation(values: Sequence[float], rule: Aggregate) -> float:
    """The assessors' combined score for a criterion (at least one score): their mean, or their median when
    the rubric says. The one place this rule lives: the ranking, the comparison and the trail use it."""
    return _median(values) if rule == "median" else fsum(values) / len(values)


AGGREGATE_WORDS: dict[Aggregate, str] = {"mean": "the assessors' mean", "median": "the assessors' median"}


def combine(
    rubric: Rubric,
    application_ids: Iterable[str],
    scores: Scores,
    *,
    moderated: Moderated,
    conflicts: Conflicts,
) -> Panel:
    """Combine every application's assessor scores; only the given applications and the rubric's criteria are read."""
    threshold, base = rubric.moderation.spread_threshold, rubric.scale.max - rubric.scale.min
    thresholds = [
        (c.id, threshold if c.scale is None else threshold * (c.scale.max - c.scale.min) / base)
        for c in rubric.criteria
    ]
    rule = rubric.moderation.aggregate
    combined: dict[str, dict[str, float]] = {}
    own_by_app: dict[str, dict[str, Mapping[str, float | None]]] = {}
    values_by_app: dict[str, dict[str, list[float]]] = {}
    flags: list[Flag] = []
    for app in application_ids:
        own = {a: s for a, s in scores.get(app, {}).items() if (a, app) not in conflicts}
        columns: dict[str, list[float]] = {}
        for sheet in own.values():
            for cid, value in sheet.items():
                if value is not None:
                    if (column := columns.get(cid)) is None:
                        columns[cid] = [value]
                    else:
                        column.append(value)
        agreed = moderated.get(app, {})
        result: dict[str, float] = {}
        for cid, at_least in thresholds:
            values = columns.get(cid)
            if values is not None and len(values) > 1:
                spread = max(values) - min(values)
                if spread >= at_least:
                    flags.append(Flag(app, cid, spread, agreed.get(cid) is not None, own))
            if (agreed_score := agreed.get(cid)) is not None:
                result[cid] = agreed_score
            elif values is not None:
                result[cid] = before_moderation(values, rule)
        combined[app] = result
        own_by_app[app] = own
        values_by_app[app] = columns
    return Panel(combined, own_by_app, values_by_app, tuple(flags))
