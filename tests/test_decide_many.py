"""Many decisions in one step (all or none), and the chair's first pass down the ranking."""

from __future__ import annotations

from decimal import Decimal

import pytest

from svassessor.errors import NotAllowed
from svassessor.panel.actions import DecisionChoice, decide_many, down_the_ranking, restore_decisions
from svassessor.panel.summary import summarise
from svassessor.storage.audit import verify
from svassessor.paths import rubrics_dir
from tests.conftest import make_application

# T-001 strong, T-002 good, T-003 fails the need pass mark (2), T-004 good but last; £10,000 each.
SCORES = {"T-001": (4, 4, 4), "T-002": (3, 3, 3), "T-003": (1, 4, 4), "T-004": (2, 2, 2)}


@pytest.fixture
def moderating(store, scoring_round):
    store.applications.add([make_application(scoring_round.id, "T-003"),
                            make_application(scoring_round.id, "T-004", amount="10000")])
    round_ = store.rounds.update(scoring_round, budget=Decimal("22480.50"))
    a = store.assessors.get(round_, "Grants officer A")
    for reference, scores in SCORES.items():
        app = store.applications.get(round_, reference)
        for criterion, score in zip(("need_evidence", "offer_who", "offer_measures"), scores):
            store.assessments.set_score(round_, a, app.id, criterion, score=score)
        store.assessments.submit(round_, a, app.id)
    return store.rounds.set_status(round_, "moderation", force=True)  # Grants officer B never began


def _decisions(store, round_) -> dict[str, tuple[str, Decimal | None]]:
    by_id = {a.id: a.reference for a in store.applications.for_round(round_)}
    return {by_id[d.application_id]: (d.decision, d.amount_awarded) for d in store.panel.decisions(round_)}


def test_down_the_ranking_funds_above_the_line_declines_failures_and_reserves_the_rest(store, moderating):
    summary = summarise(store, moderating)
    assert [s.candidate.reference for s in summary.ranking][:2] == ["T-001", "T-002"]
    choices = down_the_ranking(store, moderating)
    assert store.panel.decisions(moderating) == []  # computed, not saved
    saved = decide_many(store, moderating, choices)
    assert [d.application_id for d in saved] == [c.application_id for c in choices]
    assert _decisions(store, moderating) == {
        "T-001": ("fund", Decimal("10000")), "T-002": ("fund", Decimal("12480.50")),
        "T-003": ("decline", None), "T-004": ("reserve", None)}
    assert verify(store.database) is None


def test_fund_down_to_the_line_leaves_the_rest_for_the_chair(store, moderating):
    choices = down_the_ranking(store, moderating, rest="leave")
    decide_many(store, moderating, choices)
    assert set(_decisions(store, moderating)) == {"T-001", "T-002"}


def test_one_bad_choice_saves_none_of_them(store, moderating):
    apps = {a.reference: a.id for a in store.applications.for_round(moderating)}
    with pytest.raises(NotAllowed, match=r"T-002: £20,000 is more than the £12,480.50 requested"):
        decide_many(store, moderating, [
            DecisionChoice(apps["T-001"], "fund", Decimal(10000), "Well evidenced."),
            DecisionChoice(apps["T-002"], "fund", Decimal(20000), ""),
        ])
    assert store.panel.decisions(moderating) == []
    with pytest.raises(NotAllowed, match="T-003 is given two decisions at once"):
        decide_many(store, moderating, [DecisionChoice(apps["T-003"], "decline", None, ""),
                                        DecisionChoice(apps["T-003"], "reserve", None, "")])
    with pytest.raises(NotAllowed, match="T-004: only a 'fund' decision carries an amount"):
        decide_many(store, moderating, [DecisionChoice(apps["T-004"], "reserve", Decimal(5), "")])
    assert store.panel.decisions(moderating) == []


def test_many_decisions_undo_in_one_step(store, moderating):
    apps = {a.reference: a.id for a in store.applications.for_round(moderating)}
    store.panel.decide(moderating, store.applications.get(moderating, "T-001"), decision="reserve",
                       amount_awarded=None, feedback="Held back.")
    before = store.panel.decisions(moderating)
    ids = [apps["T-001"], apps["T-004"]]
    decide_many(store, moderating, [DecisionChoice(apps["T-001"], "fund", Decimal(10000), ""),
                                    DecisionChoice(apps["T-004"], "decline", None, "Too thin.")])
    restore_decisions(store, moderating, ids, before)
    assert store.panel.decisions(moderating) == before
    assert verify(store.database) is None


def test_decisions_wait_for_moderation_and_a_line_needs_a_budget(store, scoring_round):
    apps = store.applications.for_round(scoring_round)
    with pytest.raises(NotAllowed, match="is in scoring; this is done in moderation or decided"):
        decide_many(store, scoring_round, [DecisionChoice(apps[0].id, "decline", None, "")])
    with pytest.raises(NotAllowed, match="has no budget, so there is no budget line"):
        down_the_ranking(store, scoring_round)


def test_a_tender_is_funded_at_its_bid_price_by_every_path(store):
    """A bid carries a price and, from a 360Giving file, an amount too: what it asks is its price, for the
    ranking, the chair's first pass, one decision and many; a grant round asks its amount requested."""
    round_ = store.rounds.create(name="Cleaning contract", status="moderation", budget=Decimal(50000),
                                 rubric_yaml=(rubrics_dir() / "small-contract.yaml").read_text(encoding="utf-8"))
    bid = make_application(round_.id, "T-001", amount="12000")
    store.applications.add([bid.model_copy(update={"price": Decimal(18000)})])
    app = store.applications.get(round_, "T-001")
    assert app.asks(tender=True) == Decimal(18000) and app.asks(tender=False) == Decimal(12000)
    with pytest.raises(NotAllowed, match=r"T-001: £18,000.01 is more than the £18,000 bid\."):
        store.panel.decide(round_, app, decision="fund", amount_awarded=Decimal("18000.01"), feedback="")
    store.panel.decide(round_, app, decision="fund", amount_awarded=Decimal(18000), feedback="")  # above its amount
    first_pass = down_the_ranking(store, round_, rest="leave")
    assert [(c.decision, c.amount) for c in first_pass] in ([], [("fund", Decimal(18000))])
    decide_many(store, round_, [DecisionChoice(app.id, "fund", Decimal(18000), "")])
    assert _decisions(store, round_) == {"T-001": ("fund", Decimal(18000))}
