"""A stored round summarised by the scoring engine: the one bridge from the file to the engine.

The window, the command line and the reports all summarise through here, so they agree.
"""

from __future__ import annotations

from collections.abc import Iterable

from svassessor.models import Round
from svassessor.repository.facts import Facts
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
