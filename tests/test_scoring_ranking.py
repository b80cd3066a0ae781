"""Ranking, tie-breaks, priority points, the budget line and the what-if, worked by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from test_scoring_fixtures import cand, crit, rubric, theme

from svassessor.rubric.model import Priority
from svassessor.scoring import summarise_round
from svassessor.scoring.ranking import REASONS


# Two equally weighted themes on a 0–4 scale: total = (basic/4 · 100 + offer/4 · 100) / 2.
# `basic` has a pass mark of 2.
def ranked_rubric(**kwargs):
    return rubric(
        theme("merit", 1, "quality", crit("basic", pass_mark=2)),
        theme("social", 1, "social_value", crit("offer")),
        **kwargs,
    )


def one_assessor(**apps):
    return {app: {"x": {"basic": basic, "offer": offer}} for app, (basic, offer) in apps.items()}


def order(summary):
    return [s.candidate.id for s in summary.ranking]


BUDGET_CANDIDATES = [
    cand("g1", 5000),
    cand("g2", 8000),
    cand("g3", 1000),
    cand("g4", 9000),
    cand("g5", 2000),
    cand("g6", 100),
]
BUDGET_SCORES = one_assessor(
    g1=(4, 4),  # (100 + 100) / 2 = 100
    g2=(4, 3),  # (100 + 75) / 2 = 87.5
    g3=(1, 4),  # (25 + 100) / 2 = 62.5, but basic 1 < pass mark 2
    g4=(3, 3),  # 75
    g5=(2, 3),  # (50 + 75) / 2 = 62.5
    g6=(None, None),  # not scored
)


def budget_summary(budget, candidates=BUDGET_CANDIDATES):
    return summarise_round(ranked_rubric(), candidates, BUDGET_SCORES, moderated={}, conflicts=set(), budget=budget)


def test_budget_line_cut_off_and_money_left():
    summary = budget_summary(Decimal(15000))
    # g3 and g5 tie on 62.5; default tie-break social_value: g3 (offer 100) before g5 (75). Unscored last.
    assert order(summary) == ["g1", "g2", "g4", "g3", "g5", "g6"]
    line = summary.budget
    # 15,000: g1 5,000 (left 10,000), g2 8,000 (left 2,000), g4 9,000 does not fit → cut-off.
    # g3 fails threshold; g5 (2,000) would fit but is below the line: no skipping ahead; g6 unscored.
    assert line.status == {
        "g1": "funded",
        "g2": "funded",
        "g4": "below_line",
        "g3": "not_eligible",
        "g5": "below_line",
        "g6": "not_eligible",
    }
    assert (line.total, line.allocated, line.left, line.cut_off) == (
        Decimal(15000),
        Decimal(13000),
        Decimal(2000),
        "g4",
    )
    assert line.reasons == {"g3": REASONS["below_pass_mark"], "g6": REASONS["not_scored"]}
    assert line.funded == {"g1", "g2"}


def test_awarded_amount_is_what_the_budget_line_spends():
    candidates = [c if c.id != "g2" else cand("g2", 8000, awarded=6000) for c in BUDGET_CANDIDATES]
    line = budget_summary(Decimal(15000), candidates).budget
    # g1 5,000 + g2 awarded 6,000 = 11,000; left 4,000; g4 9,000 still does not fit.
    assert (line.allocated, line.left, line.cut_off) == (Decimal(11000), Decimal(4000), "g4")


def test_everything_fits():
    line = budget_summary(Decimal(100000)).budget
    assert (
        line.funded == {"g1", "g2", "g4", "g5"} and line.cut_off is None and line.left == Decimal(76000)
    )  # 100,000 − (5,000 + 8,000 + 9,000 + 2,000)


def test_no_budget_funds_nothing_but_still_ranks():
    summary = budget_summary(None)
    assert order(summary) == ["g1", "g2", "g4", "g3", "g5", "g6"]
    assert summary.budget.funded == frozenset() and summary.budget.left is None
    assert summary.budget.status["g1"] is None and summary.budget.status["g3"] == "not_eligible"


def test_tie_breaks_in_rubric_order_then_reference():
    candidates = [
        cand("t1", 5000, received=date(2024, 3, 1)),
        cand("t2", 9000, received=date(2024, 3, 1)),
        cand("t3", 6000, received=date(2024, 3, 2)),
        cand("t5", 6000, received=date(2024, 3, 1)),
        cand("t4", 6000, received=date(2024, 3, 1)),
    ]
    # every total is 75: t1 = (100 + 50) / 2 with social value 50; the rest (50 + 100) / 2 with 100.
    scores = one_assessor(t1=(4, 2), t2=(2, 4), t3=(2, 4), t4=(2, 4), t5=(2, 4))

    def ranked(tie_break):
        summary = summarise_round(
            ranked_rubric(tie_break=tie_break), candidates, scores, moderated={}, conflicts=set(), budget=None
        )
        assert {s.total.total for s in summary.ranking} == {75.0}
        return order(summary)

    # social_value puts t1 last; lowest_amount puts t2 (9,000) after the 6,000s; earliest_received puts
    # t3 (2 March) after t4 and t5; reference settles T4 before T5.
    assert ranked(["social_value", "lowest_amount", "earliest_received"]) == ["t4", "t5", "t3", "t2", "t1"]
    # quality first: t1 (quality 100) leads.
    assert ranked(["quality", "lowest_amount"])[0] == "t1"
    # with no rule the reference alone decides, whatever the input order
    assert ranked([]) == ["t1", "t2", "t3", "t4", "t5"]


def test_equal_totals_that_differ_only_by_float_noise_go_to_the_tie_break():
    noisy = rubric(
        theme("social", 1, "social_value", crit("a", 0.1), crit("b", 0.2), crit("c", 0.3)), tie_break=["lowest_amount"]
    )
    # x: 0.1·0 + 0.2·0 + 0.3·2/4 = 0.15 and y: 0.2·3/4 = 0.15, both 25 exactly on paper,
    # but in floats x comes to 24.999999999999996 and y to 25.0.
    scores = {"x": {"s": {"a": 0, "b": 0, "c": 2}}, "y": {"s": {"a": 0, "b": 3, "c": 0}}}
    summary = summarise_round(
        noisy, [cand("x", 1000), cand("y", 2000)], scores, moderated={}, conflicts=set(), budget=None
    )
    totals = {s.candidate.id: s.total.total for s in summary.ranking}
    assert totals["x"] < totals["y"] and abs(totals["x"] - 25) < 1e-12  # exact values kept
    assert order(summary) == ["x", "y"]  # the cheaper one wins the tie, as the rubric says


def test_priority_points_largest_single_match_beside_the_total():
    priorities = [
        Priority(id="young", kind="group", label="Young people", match=["Young people"], points=5),
        Priority(id="ladywood", kind="place", label="Ladywood", match=["Ladywood"], points=8),
        Priority(id="older", kind="group", label="Older people", match=["older people"], points=3),
    ]
    candidates = [
        cand("p1", 1000, groups=("  young PEOPLE ",)),
        cand("p2", 1000, groups=("Young people", "Older People"), places=("ladywood",)),
        cand("p3", 1000, places=("Edgbaston",)),
        cand("p4", 1000, groups=("families",)),
    ]
    scores = one_assessor(p1=(3, 3), p2=(3, 3), p3=(4, 3), p4=(3, 3))
    summary = summarise_round(
        ranked_rubric(priorities=priorities), candidates, scores, moderated={}, conflicts=set(), budget=None
    )
    by_id = {s.candidate.id: s for s in summary.ranking}
    # p1: 75 + 5 (young, matched trimmed and case-insensitively) = 80
    # p2: 75 + 8 (ladywood is the largest single match; young 5 + older 3 + ladywood 8 do not stack) = 83
    # p3: 87.5, no match; p4: 75, no match
    assert [(s.priority_points, s.priority.id if s.priority else None) for s in summary.ranking] == [
        (0.0, None),
        (8, "ladywood"),
        (5, "young"),
        (0.0, None),
    ]
    assert order(summary) == ["p3", "p2", "p1", "p4"]
    assert by_id["p2"].total.total == 75.0 and by_id["p2"].ranking_score == 83.0


def test_what_if_reports_who_crosses_the_budget_line():
    weighted = rubric(theme("merit", 80, "quality", crit("basic")), theme("social", 20, "social_value", crit("offer")))
    # w1: basic 4, offer 0; w2: basic 2, offer 4. One 5,000 grant fits the budget.
    # at the rubric's 20%: w1 = 0.8·100 = 80, w2 = 0.8·50 + 0.2·100 = 60 → w1 funded
    # at 10%: w1 90, w2 55 → no change; at 50%: w1 50, w2 25 + 50 = 75 → w2 crosses the line
    scores = one_assessor(w1=(4, 0), w2=(2, 4))
    summary = summarise_round(
        weighted,
        [cand("w1", 5000), cand("w2", 5000)],
        scores,
        moderated={},
        conflicts=set(),
        budget=Decimal(5000),
        what_if_weights=[10, 50],
    )
    assert summary.sv_weight == 20 and summary.budget.funded == {"w1"}
    ten, fifty = summary.what_if
    assert (ten.sv_weight, [s.candidate.id for s in ten.ranking], ten.newly_funded, ten.no_longer_funded) == (
        10,
        ["w1", "w2"],
        (),
        (),
    )
    assert [s.candidate.id for s in fifty.ranking] == ["w2", "w1"]
    assert (fifty.newly_funded, fifty.no_longer_funded) == (("w2",), ("w1",))
    assert [s.total.total for s in fifty.ranking] == [75.0, 50.0]
