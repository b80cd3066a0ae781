"""The one bridge from a stored round to its monitoring picture."""

from __future__ import annotations

from svassessor.models import Round
from svassessor.monitoring.model import RoundProgress
from svassessor.monitoring.rollup import round_progress
from svassessor.store import Store


def load_progress(store: Store, round_: Round) -> RoundProgress:
    """Read a round's funded applications, decisions, deliveries and their files' names, and roll them up."""
    return round_progress(round_, store.rounds.rubric(round_), store.applications.for_round(round_),
                          store.panel.decisions(round_), store.deliveries.for_round(round_),
                          store.delivery_files.for_round(round_))
