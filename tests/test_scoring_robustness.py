"""Funding-line robustness (issue 16): a worked example by hand, then the properties a chair relies on."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from test_scoring_fixtures import cand, crit, rubric, theme
from test_scoring_properties import rounds

from svassessor.scoring.inputs import ScoringProblem
from svassessor.scoring.robustness import robustness

ONE_CRITERION = rubric(theme("offer", 1, "social_value", crit("c")))  # weight fixed: no weight scenarios


def _run(r, candidates, scores, budget, **kwargs):
    return robustness(r, candidates, scores, moderated=kwargs.pop("moderated", {}), conflicts=set(),
                      budget=None if budget is None else Decimal(budget), **kwargs)


def test_worked_by_hand():
    """Two assessors, three applications of £10,000, a budget of £20,000: two are funded each time.

    a: x 4, y 4 (mean 4)   b: x 4, y 1 (mean 2.5)   c: x 3, y 3 (mean 3). The round funds a and c.
    Without x: a 4, c 3, b 1 → a, c.   Without y: a 4, b 4, c 3 → a, b.
    So a is funded in both, b and c in one each: b and c are the marginal ones, in ranking order c, b.
    """
    scores = {"a": {"x": {"c": 4}, "y": {"c": 4}}, "b": {"x": {"c": 4}, "y": {"c": 1}},
              "c": {"x": {"c": 3}, "y": {"c": 3}}}
    candidates = [cand(i, 10000) for i in "abc"]
    found = _run(ONE_CRITERION, candidates, scores, 20000, resamples=0)
    assert found.scenarios == 2
    assert found.shares == {"a": 1.0, "b": 0.5, "c": 0.5}
    assert found.marginal == ("c", "b")
    assert "2 re-rankings" in found.how and "leaving out each of the 2 assessors" in found.how

    # Resampling b's assessors funds b only when both draws are x; c is then below it. Every scenario
    # still funds a and exactly one of b and c, whatever the draws.
    resampled = _run(ONE_CRITERION, candidates, scores, 20000, resamples=40, seed=7)
    assert resampled.scenarios == 42
    assert resampled.shares["a"] == 1.0
    assert resampled.shares["b"] + resampled.shares["c"] == pytest.approx(1.0)
    assert resampled == _run(ONE_CRITERION, candidates, scores, 20000, resamples=40, seed=7)


def test_an_agreed_score_stands_in_every_scenario():
    scores = {"a": {"x": {"c": 4}, "y": {"c": 0}}, "b": {"x": {"c": 2}, "y": {"c": 2}}}
    found = _run(ONE_CRITERION, [cand("a", 10000), cand("b", 10000)], scores, 10000,
                 moderated={"a": {"c": 3}}, resamples=10)
    assert found.shares == {"a": 1.0, "b": 0.0} and found.marginal == ()


def test_weights_across_what_the_rubric_allows():
    """A quality theme and a social value theme: at 0% social value q wins, at 100% s wins."""
    two = rubric(theme("quality", 50, "quality", crit("q")), theme("sv", 50, "social_value", crit("s")))
    scores = {"qwin": {"x": {"q": 4, "s": 1}}, "swin": {"x": {"q": 1, "s": 4}}}
    found = _run(two, [cand("qwin", 100), cand("swin", 100)], scores, 100, resamples=0, weight_steps=5)
    # 1 leave-out (nothing left: nobody funded) + 5 weights 0, 25, 50, 75, 100: below 50% q wins; at 50%
    # they tie and the rubric's tie-break (social value first) gives it to s; above, s wins.
    assert found.scenarios == 6
    assert found.shares == {"qwin": 2 / 6, "swin": 3 / 6}
    assert "5 social value weights from 0% to 100%" in found.how


def test_no_budget_is_a_sentence():
    with pytest.raises(ScoringProblem, match="no budget"):
        _run(ONE_CRITERION, [cand("a", 1)], {}, None)


@settings(max_examples=60, deadline=None)
@given(rounds(), st.integers(0, 5), st.integers(0, 2**32 - 1))
def test_shares_are_proportions(round_, resamples, seed):
    r, candidates, scores, budget = round_
    assume(budget is not None)
    found = _run(r, candidates, scores, budget, resamples=resamples, seed=seed)
    assert all(0.0 <= share <= 1.0 for share in found.shares.values())
    assert set(found.shares) == {c.id for c in candidates}
    assert all(0 < found.shares[m] < 1 for m in found.marginal)


@settings(max_examples=60, deadline=None)
@given(rounds(), st.data())
def test_top_scores_from_every_assessor_are_funded_in_every_scenario(round_, data):
    r, candidates, scores, budget = round_
    r = r.model_copy(update={"tie_break": []})  # ties then go by reference, and "0" comes first
    assessors = sorted({a for row in scores.values() for a in row})
    assume(budget is not None and len(assessors) >= 2)
    top = {a: {c.id: r.scale_for(c.id).max for c in r.criteria} for a in assessors}
    amount = data.draw(st.integers(0, int(budget)))
    found = _run(r, [cand("0", amount), *candidates], {**scores, "0": top}, budget, resamples=5)
    assert found.shares["0"] == 1.0


@settings(max_examples=60, deadline=None)
@given(rounds(), st.booleans())
def test_an_assessor_who_scored_nobody_changes_nothing(round_, listed_with_blanks):
    r, candidates, scores, budget = round_
    assume(budget is not None)
    idle = {app: {**row, "idle": dict.fromkeys((c.id for c in r.criteria), None)} for app, row in scores.items()} \
        if listed_with_blanks else scores
    assert _run(r, candidates, idle, budget, resamples=3, seed=1) == _run(r, candidates, scores, budget,
                                                                           resamples=3, seed=1)


def test_summary_robustness_from_the_command_line(demo_template):
    import json

    from tests.conftest import cli_ok

    document = json.loads(cli_ok("summary", demo_template, "--round", "Neighbourhood Fund 2026", "--robustness",
                                 "--json"))
    found = document["robustness"]
    assert [a["reference"] for a in found["applications"]] == [r["reference"] for r in document["ranking"]]
    shares = {a["reference"]: a["funded_share"] for a in found["applications"]}
    assert set(found["marginal"]) == {ref for ref, share in shares.items() if 0 < share < 1}
    assert found["scenarios"] > 20 and found["how"].startswith("Funded share:")
    text = cli_ok("summary", demo_template, "--round", "Neighbourhood Fund 2026", "--robustness")
    assert "Marginal (funded in some re-rankings" in text and found["how"] in text.replace("\n", " ")


def test_summary_robustness_without_a_budget_is_one_sentence(tmp_path):
    from tests.conftest import cli_ok, run_cli

    path = tmp_path / "r.svdb"
    cli_ok("round", "new", path, "--name", "No budget yet", "--rubric", "small-grants")
    result = run_cli("summary", path, "--robustness")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "no budget, so there is no funding line to test" in result.stderr
