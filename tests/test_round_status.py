"""A round moves one stage at a time, only when the next stage has what it needs, and never silently
past work left undone."""

from __future__ import annotations

import pytest

from svassessor.errors import NotAllowed
from svassessor.panel.actions import move_checks, move_problems
from svassessor.round_status import RoundFacts, WorkLeft, neighbours, transition_problem, work_left


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
    with pytest.raises(WorkLeft) as refused:
        store.rounds.set_status(scoring_round, "moderation")
    assert str(refused.value) == (
        "Round 'Test round' still has work left before moderation: 1 of 1 assessment is not submitted; "
        "1 of 2 applications has no score; 4 reviews missing (assigned but not submitted). To move on anyway, use --force (in the window: confirm).")
    assert store.rounds.get(scoring_round.name).status == "scoring"
    assert store.rounds.set_status(scoring_round, "moderation", force=True).status == "moderation"
    with pytest.raises(WorkLeft, match="2 of 2 applications have no decision"):
        store.rounds.set_status(scoring_round, "decided")


@pytest.mark.parametrize("facts, target, words", [
    (RoundFacts(475, 6, 0, 0, 17, 0), "moderation",
     ["17 of 17 assessments are not submitted", "469 of 475 applications have no score"]),
    (RoundFacts(475, 475, 0, 0, 17, 17), "moderation", []),
    (RoundFacts(475, 475, 0, 0, 17, 17, 1), "moderation", ["1 review missing (assigned but not submitted)"]),
    (RoundFacts(20, 20, 17, 5, 40, 40), "decided", ["3 of 20 applications have no decision"]),
    (RoundFacts(20, 20, 17, 5, 40, 39), "decided", ["3 of 20 applications have no decision"]),
    (RoundFacts(20, 20, 17, 5, 40, 39), "scoring", []),
    (RoundFacts(20, 19, 17, 5, 40, 39), None, ["1 of 40 assessments is not submitted",
                                               "1 of 20 applications has no score",
                                               "3 of 20 applications have no decision"]),
])
def test_work_left_is_counted_in_plain_words(facts, target, words):
    assert work_left(facts, target) == words


def test_the_status_line_tells_the_truth_about_readiness(store, scoring_round):
    a = store.assessors.get(scoring_round, "Grants officer A")
    for reference in ("T-001", "T-002"):
        app = store.applications.get(scoring_round, reference)
        for criterion in ("need_evidence", "offer_who", "offer_measures"):
            store.assessments.set_score(scoring_round, a, app.id, criterion, score=3)
    check = move_checks(store, scoring_round)["moderation"]
    assert check.problem is None and check.work_left == (
        "2 of 2 assessments are not submitted", "4 reviews missing (assigned but not submitted)")
    assert move_problems(store, scoring_round)["moderation"] == (
        "2 of 2 assessments are not submitted; 4 reviews missing (assigned but not submitted)")
    assert move_checks(store, scoring_round)["setup"].ready  # stepping back leaves nothing behind
    for reference in ("T-001", "T-002"):
        store.assessments.submit(scoring_round, a, store.applications.get(scoring_round, reference).id)
    # Grants officer B has not begun: their two reviews are still missing.
    assert move_problems(store, scoring_round)["moderation"] == "2 reviews missing (assigned but not submitted)"
    store.assessors.remove(scoring_round, store.assessors.get(scoring_round, "Grants officer B"))
    assert move_checks(store, scoring_round)["moderation"].ready
    assert move_problems(store, scoring_round) == {"moderation": None, "setup": None}
    moved = store.rounds.set_status(scoring_round, "moderation")
    assert move_problems(store, moved)["decided"] == "2 of 2 applications have no decision"


def test_a_conflicted_assessors_work_counts_for_nothing(store, scoring_round):
    a = store.assessors.get(scoring_round, "Grants officer A")
    app = store.applications.get(scoring_round, "T-001")
    store.assessments.set_score(scoring_round, a, app.id, "need_evidence", score=3)
    assert "1 of 1 assessment is not submitted" in move_problems(store, scoring_round)["moderation"]
    store.assessors.declare_conflict(a, app, reason="Trustee of the applicant")
    assert transition_problem("scoring", "moderation", store.rounds._facts(scoring_round)) == (
        "no application has been scored yet")
