"""A stored round summarised by the scoring engine: the one bridge from the file to the engine.

The window, the command line and the reports all summarise through here, so they agree.
"""

from __future__ import annotations

from collections.abc import Iterable

from svassessor.models import Round
from svassessor.scoring.inputs import Candidate
from svassessor.scoring.summary import RoundSummary, summarise_round
from svassessor.store import Store


def candidates(store: Store, round_: Round) -> list[Candidate]:
    awarded = {d.application_id: d.amount_awarded for d in store.panel.decisions(round_) if d.decision == "fund"}
    return [
        Candidate(
            id=a.id, reference=a.reference, organisation=a.organisation.name, amount=a.amount_requested,
            price=a.price, received=a.received,
            groups=tuple(o.beneficiary_group for o in a.offers if o.beneficiary_group),
            places=tuple(o.place for o in a.offers if o.place),
            awarded=awarded.get(a.id),
        )
        for a in store.applications.for_round(round_)
    ]


def summarise(store: Store, round_: Round, *, sv_weight: float | None = None,
              what_if_weights: Iterable[float] = ()) -> RoundSummary:
    """Summarise a round as stored: moderated scores where agreed, conflicted assessors left out."""
    moderated: dict[str, dict[str, float]] = {}
    for m in store.panel.moderations(round_):
        moderated.setdefault(m.application_id, {})[m.criterion_id] = m.score
    conflicts = {(a.id, app) for a in store.assessors.for_round(round_) for app in a.conflicts}
    return summarise_round(
        store.rounds.rubric(round_), candidates(store, round_), store.assessments.score_table(round_),
        moderated=moderated, conflicts=conflicts, budget=round_.budget,
        sv_weight=sv_weight if sv_weight is not None else round_.sv_weight, what_if_weights=what_if_weights,
    )
