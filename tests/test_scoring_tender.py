"""A tender with three bids: the price rule, the overall score, what social value costs, what-if."""

from __future__ import annotations

from decimal import Decimal

import pytest
from test_scoring_fixtures import cand, crit, rubric, theme

from svassessor.rubric.model import TenderWeighting
from svassessor.scoring import ScoringProblem, price_scores, summarise_round, summary_json, tender_weights

# price 50%, quality 25%, social value 25%; one quality and one social value criterion, 0–4.
TENDER = rubric(
    theme("delivery", 1, "quality", crit("method")),
    theme("social", 1, "social_value", crit("offer")),
    kind="tender",
    tender=TenderWeighting(price=50, quality=25, social_value=25),
)
BIDS = [cand("t1", price=8000), cand("t2", price=10000), cand("t3", price=16000)]
SCORES = {
    "t1": {"x": {"method": 2, "offer": 1}},  # quality 50, social value 25
    "t2": {"x": {"method": 3, "offer": 4}},  # quality 75, social value 100
    "t3": {"x": {"method": 4, "offer": 4}},  # quality 100, social value 100
}


def summarise(**kwargs):
    return summarise_round(TENDER, BIDS, SCORES, moderated={}, conflicts=set(), **kwargs)


def test_price_score_is_lowest_over_bid():
    # lowest 8,000: t1 8,000/8,000 · 100 = 100; t2 8,000/10,000 · 100 = 80; t3 8,000/16,000 · 100 = 50
    assert price_scores(BIDS) == {"t1": 100.0, "t2": 80.0, "t3": 50.0}
    assert price_scores([*BIDS, cand("t4")])["t4"] is None  # no price yet: no price score


def test_three_bids_overall_and_ranking():
    summary = summarise(budget=None)
    by_id = {s.candidate.id: s for s in summary.ranking}
    # overall = 0.50 · price + 0.25 · quality + 0.25 · social value
    # t1 = (50 · 100 + 25 · 50 + 25 · 25) / 100 = (5000 + 1250 + 625) / 100 = 68.75
    # t2 = (50 · 80 + 25 · 75 + 25 · 100) / 100 = (4000 + 1875 + 2500) / 100 = 83.75
    # t3 = (50 · 50 + 25 · 100 + 25 · 100) / 100 = 7500 / 100 = 75
    assert {k: s.overall for k, s in by_id.items()} == {"t1": 68.75, "t2": 83.75, "t3": 75.0}
    assert [s.candidate.id for s in summary.ranking] == ["t2", "t3", "t1"]
    # the assessed total leaves price out: quality and social value in their 25 : 25 proportion
    # t1 (50 + 25) / 2 = 37.5; t2 (75 + 100) / 2 = 87.5; t3 100
    assert {k: s.total.total for k, s in by_id.items()} == {"t1": 37.5, "t2": 87.5, "t3": 100.0}
    assert (summary.price_weight, summary.quality_weight, summary.sv_weight) == (50, 25, 25)


def test_what_each_point_of_social_value_costs():
    costs = summarise(budget=None).sv_point_costs
    # against the cheapest bid t1 (8,000, social value 25):
    # t2: (10,000 − 8,000) / (100 − 25) = 2,000 / 75 ≈ £26.67 a point; t3: 8,000 / 75 ≈ £106.67 a point
    assert costs == {"t1": None, "t2": Decimal(2000) / Decimal(75), "t3": Decimal(8000) / Decimal(75)}


def test_no_extra_social_value_has_no_cost_per_point():
    scores = {**SCORES, "t2": {"x": {"method": 4, "offer": 1}}}  # dearer, same social value as t1
    costs = summarise_round(TENDER, BIDS, scores, moderated={}, conflicts=set(), budget=None).sv_point_costs
    assert costs["t2"] is None


def test_budget_line_on_price_never_skips_ahead():
    line = summarise(budget=Decimal(12000)).budget
    # t2 10,000 funded (left 2,000); t3 16,000 does not fit → cut-off; t1 8,000 stays below the line
    assert line.status == {"t2": "funded", "t3": "below_line", "t1": "below_line"}
    assert (line.allocated, line.left, line.cut_off) == (Decimal(10000), Decimal(2000), "t3")


def test_what_if_keeps_price_and_moves_quality():
    assert tender_weights(TENDER, 40) == (50, 10, 40)
    summary = summarise(budget=None, sv_weight=40)
    # t1 = (50 · 100 + 10 · 50 + 40 · 25) / 100 = 65; t2 = (4000 + 750 + 4000) / 100 = 87.5; t3 = 75
    assert {s.candidate.id: s.overall for s in summary.ranking} == {"t1": 65.0, "t2": 87.5, "t3": 75.0}
    with pytest.raises(ScoringProblem, match="price fixed at 50%"):
        summarise(budget=None, sv_weight=60)
    with pytest.raises(ScoringProblem):
        summarise(budget=None, sv_weight=-5)


def test_a_zero_price_is_refused():
    with pytest.raises(ScoringProblem, match="T1"):
        price_scores([cand("t1", price=0), cand("t2", price=10)])


def test_tender_json_fields():
    entries = summary_json(summarise(budget=Decimal(12000)))["ranking"]
    t2 = entries[0]
    assert (t2["reference"], t2["price_score"], t2["overall"], t2["amount"], t2["funded"]) == (
        "T2",
        80.0,
        83.75,
        10000,
        True,
    )
    assert t2["sv_point_cost"] == float(Decimal(2000) / Decimal(75))
