"""Krippendorff's alpha against the published data, and per-assessor normalisation."""

from __future__ import annotations

import math

import pytest
from test_scoring_fixtures import cand, crit, rubric, scale, theme

from svassessor.scoring import combine, krippendorff_alpha, normalise, round_agreement, summarise_round

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 coders × 12 units, "." missing.
PUBLISHED = """\
1 2 3 3 2 1 4 1 2 . . .
1 2 3 3 2 2 4 1 2 5 . 3
. 3 3 3 2 3 4 2 2 5 1 .
1 2 3 3 2 4 4 1 2 5 1 .
"""


def published_units():
    coders = [[None if v == "." else int(v) for v in line.split()] for line in PUBLISHED.splitlines()]
    return [[row[u] for row in coders if row[u] is not None] for u in range(12)]


@pytest.mark.parametrize(
    ("level", "expected"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)]
)
def test_alpha_matches_the_published_values(level, expected):
    alpha = krippendorff_alpha(published_units(), level)
    assert round(alpha.value, 3) == expected
    # unit 12 has one value only, so 11 units and 40 values are pairable
    assert (alpha.units, alpha.values, alpha.note) == (11, 40, None)


def test_unit_order_and_value_order_do_not_matter():
    units = published_units()
    shuffled = [list(reversed(u)) for u in reversed(units)]
    assert krippendorff_alpha(shuffled, "ordinal") == krippendorff_alpha(units, "ordinal")


def test_no_pairable_unit_has_no_alpha():
    alpha = krippendorff_alpha([[1], [2], [], [4]], "ordinal")
    assert alpha.value is None and alpha.units == 0 and "two or more values" in alpha.note


def test_no_variation_has_no_alpha():
    alpha = krippendorff_alpha([[3, 3], [3, 3, 3]], "interval")
    assert alpha.value is None and alpha.units == 2 and "same" in alpha.note


def test_perfect_agreement_is_one():
    assert krippendorff_alpha([[1, 1], [2, 2], [4, 4, 4]], "ordinal").value == 1.0


ONE_SCALE = rubric(theme("merit", 1, "quality", crit("need")), theme("social", 1, "social_value", crit("jobs")))


def test_round_alpha_units_are_application_criterion_pairs_without_conflicts():
    # Lay the published data out as a round: 12 (application, criterion) units, coders = assessors.
    coders = [[None if v == "." else int(v) for v in line.split()] for line in PUBLISHED.splitlines()]
    wide = rubric(
        theme("merit", 1, "quality", crit("need")),
        theme("social", 1, "social_value", crit("jobs")),
        base_scale=scale(1, 5),
    )
    scores: dict = {}
    for u in range(12):
        app, cid = f"a{u // 2}", ("need", "jobs")[u % 2]
        for c, row in enumerate(coders):
            scores.setdefault(app, {}).setdefault(f"c{c}", {})[cid] = row[u]
    # a conflicted fifth assessor who scored everything 1 must not count
    for app in scores:
        scores[app]["z"] = {"need": 1, "jobs": 1}
    apps = [f"a{i}" for i in range(6)]
    panel = combine(wide, apps, scores, moderated={}, conflicts={("z", a) for a in apps})
    agreement = round_agreement(wide, panel.values)
    assert (round(agreement.ordinal, 3), round(agreement.interval, 3), agreement.units) == (0.815, 0.849, 11)


def test_round_alpha_maps_a_criterions_own_scale_onto_the_rubrics():
    mixed = rubric(
        theme("merit", 1, "quality", crit("need")),
        theme("social", 1, "social_value", crit("jobs", own_scale=scale(0, 100))),
    )
    # need (0–4): 0 / 2 / 4 ; jobs (0–100): 0 / 50 / 100 → 0 / 2 / 4 once mapped onto the rubric's 0–4
    values = {"a": {"need": [0, 2]}, "b": {"need": [4, 4]}, "c": {"jobs": [0, 50]}, "d": {"jobs": [100, 100]}}
    same = {"a": {"need": [0, 2]}, "b": {"need": [4, 4]}, "c": {"need": [0, 2]}, "d": {"need": [4, 4]}}
    assert round_agreement(mixed, values) == round_agreement(ONE_SCALE, same)


def test_round_without_two_assessors_on_anything_says_why():
    summary = summarise_round(
        ONE_SCALE,
        [cand("a"), cand("b")],
        {"a": {"x": {"need": 2}}, "b": {"y": {"need": 3, "jobs": 1}}},
        moderated={},
        conflicts=set(),
        budget=None,
    )
    assert summary.alpha.ordinal is None and summary.alpha.interval is None
    assert "two assessors" in summary.alpha.note


def test_normalisation_brings_each_assessor_to_the_panel_mean_and_spread():
    # x scores low (20, 40), y high (60, 80). Panel: μ = 50, σ = √((30² + 10² + 10² + 30²) / 4) = √500.
    # x: μ_x = 30, σ_x = 10 → 20 ↦ 50 + √500 · (20 − 30) / 10 = 50 − √500; 40 ↦ 50 + √500. y alike.
    result = normalise({"a1": {"x": 20, "y": 60}, "a2": {"x": 40, "y": 80}}, 2)
    low, high = 50 + math.sqrt(500) * -10.0 / 10.0, 50 + math.sqrt(500) * 10.0 / 10.0
    assert (result.mean, result.std) == (50, math.sqrt(500))
    assert result.totals == {"a1": {"x": low, "y": low}, "a2": {"x": high, "y": high}}
    assert result.notes == {}


def test_normalisation_only_for_assessors_with_enough_applications_and_some_spread():
    result = normalise({"a1": {"x": 20, "flat": 50, "new": 70}, "a2": {"x": 40, "flat": 50}, "a3": {"x": None}}, 2)
    assert result.totals["a1"]["flat"] is None and result.totals["a1"]["new"] is None
    assert result.totals["a1"]["x"] is not None and result.totals["a3"] == {}  # None (no total) is left out
    assert "no spread" in result.notes["flat"]
    assert result.notes["new"] == "1 application scored; normalisation starts at 2"


def test_summary_normalises_each_assessors_own_totals():
    scores = {
        "a": {"x": {"need": 1, "jobs": 1}, "y": {"need": 3, "jobs": 3}},
        "b": {"x": {"need": 2, "jobs": 2}, "y": {"need": 4, "jobs": 4}},
    }
    one = rubric(
        theme("merit", 1, "quality", crit("need")), theme("social", 1, "social_value", crit("jobs")), normalise_after=2
    )
    summary = summarise_round(one, [cand("a"), cand("b")], scores, moderated={}, conflicts=set(), budget=None)
    # own totals: x 25, 50; y 75, 100 → x and y end up with the same normalised totals
    assert summary.assessor_totals["a"]["x"].total == 25.0
    norm = summary.normalisation.totals
    assert norm["a"]["x"] == norm["a"]["y"] and norm["b"]["x"] == norm["b"]["y"] and norm["a"]["x"] < norm["b"]["x"]
