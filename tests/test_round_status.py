"""A round moves one stage at a time, and only when the next stage has what it needs."""

from __future__ import annotations

import pytest

from svassessor.errors import NotAllowed
from svassessor.round_status import RoundFacts, neighbours, transition_problem


def test_one_step_at_a_time_forward_and_back():
    facts = RoundFacts(applications=3, scored_applications=3, decided_applications=3, funded_applications=1)
    assert transition_problem("setup", "scoring", facts) is None
    assert "one stage at a time" in transition_problem("setup", "moderation", facts)
    assert transition_problem("moderation", "scoring", facts) is None
    assert transition_problem("monitoring", "decided", facts) is None
    assert "already in" in transition_problem("scoring", "scoring", facts)
    assert neighbours("setup") == ["scoring"] and neighbours("decided") == ["monitoring", "moderation"]


@pytest.mark.parametrize("current, target, facts, phrase", [
    ("setup", "scoring", RoundFacts(0, 0, 0, 0), "no applications"),
    ("scoring", "moderation", RoundFacts(4, 0, 0, 0), "no application has been scored"),
    ("moderation", "decided", RoundFacts(4, 4, 3, 2), "1 of 4 applications have no decision"),
    ("decided", "monitoring", RoundFacts(4, 4, 4, 0), "nothing to monitor"),
])
def test_forward_needs_what_the_next_stage_uses(current, target, facts, phrase):
    assert phrase in transition_problem(current, target, facts)


def test_the_store_refuses_a_premature_move_and_changes_nothing(store, scoring_round):
    with pytest.raises(NotAllowed, match="cannot move to moderation: no application has been scored"):
        store.rounds.set_status(scoring_round, "moderation")
    assert store.rounds.get(scoring_round.name).status == "scoring"
    a = store.assessors.get(scoring_round, "Grants officer A")
    app = store.applications.get(scoring_round, "T-001")
    store.assessments.set_score(scoring_round, a, app.id, "need_evidence", not_scored=True)
    with pytest.raises(NotAllowed):  # marked not scored is not a score
        store.rounds.set_status(scoring_round, "moderation")
    store.assessments.set_score(scoring_round, a, app.id, "need_evidence", score=3)
    assert store.rounds.set_status(scoring_round, "moderation").status == "moderation"
    with pytest.raises(NotAllowed, match="2 of 2 applications have no decision"):
        store.rounds.set_status(scoring_round, "decided")
