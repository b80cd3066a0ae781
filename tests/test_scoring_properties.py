"""Properties of the engine over generated rubrics and scores (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from test_scoring_fixtures import cand, crit, rubric, scale, theme

from svassessor.rubric.model import Rubric
from svassessor.scoring import plan, score_total, summarise_round

SCALES = [None, scale(1, 5), scale(0, 10)]  # None: the rubric's 0–4
# weights as people write them: whole numbers, and decimals that floats cannot hold exactly
WEIGHTS = st.sampled_from([0, 1, 2, 3, 5, 0.1, 0.2, 0.3, 0.7, 2.5])


def scale_of(r: Rubric, cid: str):
    return r.scale_for(cid)


def levels(s):
    """A score on scale `s`, often at an end (all-top scores are where float overshoot would show)."""
    return st.sampled_from([s.min, s.max]) | st.integers(s.min, s.max)


@st.composite
def rubrics(draw):
    n_themes = draw(st.integers(1, 3))
    parts = draw(st.lists(st.sampled_from(["quality", "social_value"]), min_size=n_themes, max_size=n_themes))
    parts[0] = "social_value"
    themes = []
    for t in range(n_themes):
        n = draw(st.integers(1, 4))
        weights = draw(st.lists(WEIGHTS, min_size=n, max_size=n).filter(lambda w: sum(w) > 0))
        criteria = [crit(f"t{t}c{i}", w, own_scale=draw(st.sampled_from(SCALES))) for i, w in enumerate(weights)]
        themes.append(theme(f"t{t}", draw(WEIGHTS.filter(bool)), parts[t], *criteria))
    return rubric(*themes, tie_break=draw(st.sampled_from([["social_value"], ["quality", "lowest_amount"], []])))


@st.composite
def rounds(draw):
    r = draw(rubrics())
    n_apps = draw(st.integers(1, 6))
    assessors = ["x", "y", "z"][: draw(st.integers(1, 3))]
    scores = {}
    for a in range(n_apps):
        scores[f"a{a}"] = {
            who: {c.id: draw(st.none() | levels(scale_of(r, c.id))) for c in r.criteria} for who in assessors
        }
    amounts = draw(st.lists(st.integers(0, 20000), min_size=n_apps, max_size=n_apps))
    candidates = [cand(f"a{a}", amounts[a]) for a in range(n_apps)]
    budget = draw(st.none() | st.integers(0, 60000).map(Decimal))
    return r, candidates, scores, budget


def summarise(r, candidates, scores, budget, **kwargs):
    return summarise_round(r, candidates, scores, moderated={}, conflicts=set(), budget=budget, **kwargs)


def scaled(r: Rubric, factor: int) -> Rubric:
    """The same rubric with every theme and criterion weight multiplied by `factor`."""
    themes = [
        t.model_copy(
            update={
                "weight": t.weight * factor,
                "criteria": [c.model_copy(update={"weight": c.weight * factor}) for c in t.criteria],
            }
        )
        for t in r.themes
    ]
    return Rubric.model_validate({**r.model_dump(), "themes": [t.model_dump() for t in themes]})


@settings(max_examples=150, deadline=None)
@given(rounds(), st.sampled_from([None, 0, 10, 30, 100]))
def test_totals_stay_between_0_and_100(round_, sv_weight):
    r, candidates, scores, budget = round_
    if sv_weight not in (None, 100) and not any(t.part == "quality" for t in r.themes):
        sv_weight = None  # a what-if needs a quality theme to give the rest to
    summary = summarise(r, candidates, scores, budget, sv_weight=sv_weight)
    for s in summary.ranking:
        values = [s.total.total, s.total.quality, s.total.social_value, *s.total.themes.values()]
        assert all(0 <= v <= 100 for v in values if v is not None)
        assert 0 <= s.total.coverage <= 1
    for row in summary.assessor_totals.values():
        assert all(0 <= t.total <= 100 for t in row.values() if t.total is not None)


@settings(max_examples=100, deadline=None)
@given(rounds(), st.integers(2, 1000))
def test_scaling_all_weights_keeps_the_ranking(round_, factor):
    r, candidates, scores, budget = round_
    before = summarise(r, candidates, scores, budget)
    after = summarise(scaled(r, factor), candidates, scores, budget)
    assert [s.candidate.id for s in after.ranking] == [s.candidate.id for s in before.ranking]
    assert after.budget.status == before.budget.status
    for x, y in zip(before.ranking, after.ranking, strict=True):
        assert (x.total.total is None) == (y.total.total is None)
        if x.total.total is not None:
            assert abs(x.total.total - y.total.total) < 1e-9


@settings(max_examples=100, deadline=None)
@given(rounds(), st.data())
def test_adding_an_unscored_criterion_changes_nothing(round_, data):
    r, candidates, scores, budget = round_
    at = data.draw(st.integers(0, len(r.themes) - 1))
    weight = data.draw(st.integers(0, 9))
    themes = [t.model_dump() for t in r.themes]
    themes[at]["criteria"].append(crit("extra", weight).model_dump())
    wider = Rubric.model_validate({**r.model_dump(), "themes": themes})
    before, after = summarise(r, candidates, scores, budget), summarise(wider, candidates, scores, budget)
    assert [s.candidate.id for s in after.ranking] == [s.candidate.id for s in before.ranking]
    for x, y in zip(before.ranking, after.ranking, strict=True):
        assert (x.total.total, x.total.quality, x.total.social_value, x.total.themes, x.threshold_failures) == (
            y.total.total,
            y.total.quality,
            y.total.social_value,
            y.total.themes,
            y.threshold_failures,
        )
        assert x.total.scored == y.total.scored and y.total.criteria == x.total.criteria + 1
    assert after.budget == before.budget and after.flags == before.flags and after.alpha == before.alpha


@settings(max_examples=200, deadline=None)
@given(rounds())
def test_budget_line_never_overspends_and_funds_in_rank_order(round_):
    r, candidates, scores, budget = round_
    summary = summarise(r, candidates, scores, budget)
    line = summary.budget
    funded = [s for s in summary.ranking if line.status[s.candidate.id] == "funded"]
    assert line.allocated == sum((s.cost for s in funded), Decimal(0))
    if budget is None:
        assert not funded and line.left is None
        return
    assert line.allocated <= budget and line.left == budget - line.allocated
    assert all(s.meets_threshold and s.ranking_score is not None for s in funded)
    if line.cut_off is not None:
        position = [s.candidate.id for s in summary.ranking].index(line.cut_off)
        assert all(summary.ranking.index(s) < position for s in funded)
        assert summary.ranking[position].cost > line.left


@settings(max_examples=150, deadline=None)
@given(rubrics(), st.data())
def test_not_scored_is_never_zero(r, data):
    c = data.draw(st.sampled_from(r.criteria))
    others = {o.id: data.draw(st.none() | levels(r.scale_for(o.id))) for o in r.criteria if o.id != c.id}
    low = r.scale_for(c.id).min
    weights = plan(r)
    unscored = score_total(weights, others)
    zero = score_total(weights, {**others, c.id: low})
    assert zero.scored == unscored.scored + 1
    home = r.theme_of(c.id).id
    before, after = unscored.themes[home], zero.themes[home]
    if c.weight > 0:
        # scoring the lowest level adds a 0 to the theme's mean: it appears, or falls, or stays at 0
        assert after is not None and (before is None or after < before or before == 0 == after)
    else:
        assert after == before
