"""A stored round summarised by the scoring engine: the one bridge from the file to the engine.

The window, the command line and the reports all summarise through here, so they agree.
"""

from __future__ import annotations

from collections.abc import Iterable

from svassessor.models import Round
from svassessor.progress import Progress, no_progress
from svassessor.repository.facts import Facts
from svassessor.scoring.robustness import Robustness, robustness
from svassessor.scoring.summary import RoundSummary, summarise_round
from svassessor.store import Store


def summarise(store: Store, round_: Round, *, sv_weight: float | None = None,
              what_if_weights: Iterable[float] = ()) -> RoundSummary:
    """Summarise a round as stored: moderated scores where agreed, conflicted (and, in an assigned round,
    unassigned) assessors left out."""
    facts = Facts(store)
    return summarise_round(
        store.rounds.rubric(round_), facts.candidates(round_), store.assessments.score_table(round_),
        moderated=facts.moderated(round_), conflicts=facts.excluded(round_), budget=round_.budget,
        sv_weight=sv_weight if sv_weight is not None else round_.sv_weight, what_if_weights=what_if_weights,
    )


def funding_line_robustness(store: Store, round_: Round, *, seed: int = 0,
                            progress: Progress = no_progress) -> Robustness:
    """How firmly each application sits on its side of the funding line, from the round as stored."""
    facts = Facts(store)
    return robustness(
        store.rounds.rubric(round_), facts.candidates(round_), store.assessments.score_table(round_),
        moderated=facts.moderated(round_), conflicts=facts.excluded(round_), budget=round_.budget,
        sv_weight=round_.sv_weight, seed=seed, progress=progress,
    )
