"""Totals and the panel, worked by hand: every expected value is derived in the comments."""

from __future__ import annotations

from decimal import Decimal

import pytest
from test_scoring_fixtures import cand, crit, rubric, scale, theme

from svassessor.scoring import ScoringProblem, combine, plan, score_total, summarise_round

# A tiny rubric: 2 themes, 3 criteria, scale 0–4.
#   merit  (quality, theme weight 1): need (w 1)
#   social (social value, theme weight 3): jobs (w 1), local (w 3)
# Theme shares: merit 1/4 = 0.25, social 3/4 = 0.75, so the rubric's social value share is 75%.
TINY = rubric(
    theme("merit", 1, "quality", crit("need")),
    theme("social", 3, "social_value", crit("jobs", 1), crit("local", 3)),
)

# Two applications, two assessors (x, y); the panel moderated A's `local` to 3.
SCORES = {
    "a": {"x": {"need": 3, "jobs": 2, "local": 4}, "y": {"need": 4, "jobs": 4, "local": 2}},
    "b": {"x": {"need": 2, "jobs": 1, "local": None}, "y": {"need": 2}},
}
MODERATED = {"a": {"local": 3.0}}


def summarise(scores=SCORES, moderated=MODERATED, conflicts=frozenset(), rubric_=TINY, **kwargs):
    return summarise_round(
        rubric_,
        [cand("a", 1000), cand("b", 1000)],
        scores,
        moderated=moderated,
        conflicts=conflicts,
        budget=None,
        **kwargs,
    )


def test_worked_example_two_applications_two_assessors_one_moderated():
    summary = summarise()
    by_id = {s.candidate.id: s for s in summary.ranking}
    a, b = by_id["a"].total, by_id["b"].total
    # A, combined: need = mean(3, 4) = 3.5; jobs = mean(2, 4) = 3; local = moderated 3 (not mean(4, 2)).
    assert summary.panel.combined["a"] == {"need": 3.5, "jobs": 3.0, "local": 3.0}
    # merit  = 100 · 3.5/4 = 87.5
    # social = 100 · (1 · 3/4 + 3 · 3/4) / (1 + 3) = 75.0
    # total  = 0.25 · 87.5 + 0.75 · 75 = 21.875 + 56.25 = 78.125
    assert a.themes == {"merit": 87.5, "social": 75.0}
    assert (a.total, a.quality, a.social_value) == (78.125, 87.5, 75.0)
    assert a.coverage == 1.0 and a.complete
    # B: need = mean(2, 2) = 2 → 50; jobs = 1 (x only) → 25; local not scored by anyone: left out, not 0.
    # social = 100 · (1 · 1/4) / 1 = 25; total = 0.25 · 50 + 0.75 · 25 = 12.5 + 18.75 = 31.25
    assert summary.panel.combined["b"] == {"need": 2.0, "jobs": 1.0}
    assert (b.total, b.quality, b.social_value) == (31.25, 50.0, 25.0)
    assert b.scored == 2 and b.coverage == 2 / 3 and not b.complete
    assert [s.candidate.id for s in summary.ranking] == ["a", "b"]


def test_each_assessor_has_an_own_total():
    totals = summarise().assessor_totals["a"]
    # x: merit 3/4 → 75; social = 100 · (1 · 2/4 + 3 · 4/4) / 4 = 87.5; total = 0.25 · 75 + 0.75 · 87.5 = 84.375
    # y: merit 4/4 → 100; social = 100 · (1 · 4/4 + 3 · 2/4) / 4 = 62.5; total = 25 + 46.875 = 71.875
    # (an assessor's own total uses only their own scores: the moderated 3 is the panel's, not theirs)
    assert totals["x"].total == 84.375
    assert totals["y"].total == 71.875


def test_spread_flags_a_criterion_at_or_over_the_threshold():
    flags = {(f.application, f.criterion): f for f in summarise().flags}
    # threshold 2: A jobs 2 vs 4 → spread 2 (flag, ≥); A local 4 vs 2 → 2 (flag, since moderated);
    # A need 3 vs 4 → 1 (no flag); B need 2 vs 2 → 0; B jobs has one score, so no spread at all.
    assert set(flags) == {("a", "jobs"), ("a", "local")}
    assert flags["a", "jobs"].spread == 2 and flags["a", "jobs"].scores == {"x": 2, "y": 4}
    assert not flags["a", "jobs"].moderated and flags["a", "local"].moderated


def test_scored_zero_differs_from_not_scored():
    zero = {**SCORES, "b": {"x": {"need": 2, "jobs": 1, "local": 0}, "y": {"need": 2}}}
    b = {s.candidate.id: s for s in summarise(scores=zero).ranking}["b"].total
    # local scored 0: social = 100 · (1 · 1/4 + 3 · 0) / 4 = 6.25; total = 12.5 + 0.75 · 6.25 = 17.1875
    assert (b.social_value, b.total, b.complete) == (6.25, 17.1875, True)


def test_nothing_scored_has_no_total():
    total = score_total(plan(TINY), {"need": None, "jobs": None})
    assert (total.total, total.quality, total.social_value, total.scored) == (None, None, None, 0)
    assert total.themes == {"merit": None, "social": None}


def test_conflicted_assessor_is_excluded_from_every_statistic():
    # z is conflicted on A and scored 0 everywhere: with z counted, need would be mean(3, 4, 0).
    scores = {**SCORES, "a": {**SCORES["a"], "z": {"need": 0, "jobs": 0, "local": 0}}}
    with_z = summarise(scores=scores, conflicts={("z", "a")})
    without = summarise()
    assert with_z.panel.combined == without.panel.combined
    assert [f.scores for f in with_z.flags] == [f.scores for f in without.flags]
    assert with_z.alpha == without.alpha
    assert "z" not in with_z.assessor_totals["a"]
    # not conflicted, z would pull need down to 7/3 and flag it (spread 4)
    counted = summarise(scores=scores)
    assert counted.panel.combined["a"]["need"] == 7 / 3
    assert ("a", "need") in {(f.application, f.criterion) for f in counted.flags}


def test_median_rule():
    med = rubric(
        theme("merit", 1, "quality", crit("need")), theme("social", 1, "social_value", crit("jobs")), aggregate="median"
    )
    scores = {
        "a": {"x": {"need": 1, "jobs": 1}, "y": {"need": 2, "jobs": 2}, "z": {"need": 4, "jobs": 3}, "w": {"jobs": 4}}
    }
    panel = combine(med, ["a"], scores, moderated={}, conflicts=set())
    # need: median(1, 2, 4) = 2 (the mean would be 7/3); jobs: median(1, 2, 3, 4) = (2 + 3) / 2 = 2.5
    assert panel.combined["a"] == {"need": 2, "jobs": 2.5}


def test_pass_mark_failure_is_listed_and_unscored_does_not_fail():
    gated = rubric(
        theme("merit", 1, "quality", crit("need", pass_mark=2)),
        theme("social", 1, "social_value", crit("jobs", pass_mark=3), crit("local")),
    )
    scores = {"a": {"x": {"need": 1, "jobs": 4}, "y": {"need": 2, "jobs": 4}}, "b": {"x": {"need": 2}}}
    summary = summarise(scores=scores, moderated={}, rubric_=gated)
    by_id = {s.candidate.id: s for s in summary.ranking}
    # A need = mean(1, 2) = 1.5 < 2: fails; jobs 4 ≥ 3 passes.
    assert by_id["a"].threshold_failures == ("need",) and not by_id["a"].meets_threshold
    # B need 2 is not below 2; jobs is unscored, so B is incomplete but does not fail.
    assert by_id["b"].meets_threshold and not by_id["b"].total.complete


def test_criterion_with_its_own_scale_normalises_on_that_scale():
    mixed = rubric(
        theme("merit", 1, "quality", crit("need")),
        theme("social", 1, "social_value", crit("offer", own_scale=scale(1, 5))),
    )
    total = score_total(plan(mixed), {"need": 2, "offer": 4})
    # need (0–4): 2/4 → 50; offer (1–5): (4 − 1) / (5 − 1) = 0.75 → 75; total = (50 + 75) / 2 = 62.5
    assert (total.quality, total.social_value, total.total) == (50.0, 75.0, 62.5)


def test_sv_weight_rescales_the_parts_keeping_proportions_within_each():
    # TINY scored fully for A: need 87.5 (quality part), social 75 (social value part).
    combined = {"need": 3.5, "jobs": 3, "local": 3}
    # at 20%: total = 0.8 · 87.5 + 0.2 · 75 = 70 + 15 = 85
    assert score_total(plan(TINY, 20), combined).total == 85.0
    # at 50%: total = 0.5 · 87.5 + 0.5 · 75 = 81.25
    assert score_total(plan(TINY, 50), combined).total == 81.25
    # no override: the rubric's own 75% → 78.125 (as in the worked example)
    assert plan(TINY).sv_weight == 75.0
    assert score_total(plan(TINY), combined).total == 78.125


def test_sv_weight_that_cannot_work_is_refused():
    with pytest.raises(ScoringProblem, match="0 to 100"):
        plan(TINY, 120)
    only_sv = rubric(theme("social", 1, "social_value", crit("jobs")))
    with pytest.raises(ScoringProblem, match="no quality part to weigh it against"):
        plan(only_sv, 30)
    assert plan(only_sv, 100).sv_weight == 100


def test_summary_respects_a_what_if_weight_and_reports_it():
    summary = summarise(sv_weight=20)
    assert summary.sv_weight == 20
    assert {s.candidate.id: s.total.total for s in summary.ranking}["a"] == 85.0
    assert summarise().budget.total is None and summarise().budget.funded == frozenset()
    assert Decimal(1000) == summary.ranking[0].cost


def test_spread_threshold_on_a_criterions_own_scale_is_the_same_share_of_its_range():
    wide = rubric(
        theme("merit", 1, "quality", crit("need")),
        theme("social", 1, "social_value", crit("offer", own_scale=scale(0, 100))),
    )
    # threshold 2 on the rubric's 0–4 is half its range: 50 on the 0–100 criterion
    scores = {
        "a": {"x": {"need": 1, "offer": 20}, "y": {"need": 3, "offer": 60}},
        "b": {"x": {"offer": 10}, "y": {"offer": 60}},
    }
    panel = combine(wide, ["a", "b"], scores, moderated={}, conflicts=set())
    assert [(f.application, f.criterion, f.spread) for f in panel.flags] == [("a", "need", 2), ("b", "offer", 50)]


def test_a_moderated_score_counts_even_where_no_assessor_scored():
    panel = combine(TINY, ["a"], {}, moderated={"a": {"jobs": 2.0}}, conflicts=set())
    assert panel.combined == {"a": {"jobs": 2.0}} and panel.flags == ()
