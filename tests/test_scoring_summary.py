"""The stable JSON shape of `svassessor summary --json`."""

from __future__ import annotations

import json
from decimal import Decimal

from test_scoring_fixtures import cand, crit, rubric, theme

from svassessor.rubric.model import Priority
from svassessor.scoring import summarise_round, summary_json
from svassessor.scoring.ranking import REASONS

RUBRIC = rubric(
    theme("merit", 1, "quality", crit("need", pass_mark=1)),
    theme("social", 2, "social_value", crit("jobs"), crit("local")),
    priorities=[Priority(id="young", kind="group", label="Young people", match=["young people"], points=5)],
)
CANDIDATES = [
    cand("a", "5000.50", groups=("Young People",)),
    cand("b", 7000),
    cand("c", 1000),
    cand("d", 2000),
]
SCORES = {
    "a": {"x": {"need": 4, "jobs": 1, "local": 3}, "y": {"need": 4, "jobs": 4, "local": 3}},
    "b": {"x": {"need": 3, "jobs": 3, "local": 3}, "y": {"need": 3, "jobs": 3}},
    "c": {"x": {"need": 0, "jobs": 4, "local": 4}},
    "d": {"x": {"need": None}},
}


def summary(**kwargs):
    return summarise_round(
        RUBRIC,
        CANDIDATES,
        SCORES,
        moderated={},
        conflicts=set(),
        budget=Decimal("10000"),
        what_if_weights=[10],
        **kwargs,
    )


def test_shape_is_stable_and_serialisable():
    data = summary_json(summary())
    assert set(data) == {"kind", "sv_weight", "ranking", "budget", "flags", "alpha", "what_if"}
    assert set(data["ranking"][0]) == {
        "reference",
        "organisation",
        "total",
        "priority_points",
        "priority",
        "ranking_score",
        "rank",
        "funded",
        "status",
        "reason",
        "meets_threshold",
        "threshold_failures",
        "coverage",
        "social_value",
        "quality",
        "price_score",
        "overall",
        "amount",
        "sv_point_cost",
    }
    assert set(data["budget"]) == {"total", "allocated", "left", "cut_off", "not_eligible"}
    assert set(data["alpha"]) == {"ordinal", "interval", "note"}
    assert set(data["what_if"][0]) == {"sv_weight", "ranking", "newly_funded", "no_longer_funded"}
    assert json.loads(json.dumps(data)) == data


def test_values():
    data = summary_json(summary())
    # a: need 4 → 100; jobs mean(1, 4) = 2.5 → 62.5, local 3 → 75, social = 68.75;
    #    total = (1 · 100 + 2 · 68.75) / 3 = 237.5 / 3; + 5 points (young people)
    # b: need 75; social 75 → total 75
    # c: need 0 < pass mark 1 → not eligible; social 100 → total (0 + 200) / 3
    # d: nothing scored
    a, b, c, d = data["ranking"]
    assert [e["reference"] for e in data["ranking"]] == ["A", "B", "C", "D"]
    assert [e["rank"] for e in data["ranking"]] == [1, 2, 3, 4]
    assert a["total"] == (1 / 3 * 100 + 2 / 3 * 68.75) / (1 / 3 + 2 / 3)  # exact float, not rounded
    assert (a["priority"], a["priority_points"], a["ranking_score"]) == ("young", 5, a["total"] + 5)
    assert (a["status"], a["funded"], a["amount"]) == ("funded", True, 5000.5)
    assert (b["status"], b["funded"], b["coverage"]) == ("below_line", False, 1.0)
    assert (c["status"], c["meets_threshold"], c["threshold_failures"]) == ("not_eligible", False, ["need"])
    assert (d["total"], d["ranking_score"], d["coverage"], d["status"]) == (None, None, 0.0, "not_eligible")
    assert (a["reason"], c["reason"], d["reason"]) == (None, REASONS["below_pass_mark"], REASONS["not_scored"])
    assert a["price_score"] is None and a["overall"] == a["total"] and a["sv_point_cost"] is None
    # 10,000: a 5,000.50 funded (left 4,999.50), b 7,000 does not fit → cut-off B
    assert data["budget"] == {"total": 10000, "allocated": 5000.5, "left": 4999.5, "cut_off": "B",
                              "not_eligible": f"Not eligible: 1 ({REASONS['below_pass_mark']}); "
                                              f"1 ({REASONS['not_scored']})."}
    # a jobs: 1 vs 4 → spread 3 ≥ 2
    assert data["flags"] == [
        {"reference": "A", "criterion": "jobs", "spread": 3, "scores": {"x": 1, "y": 4}, "moderated": False}
    ]
    assert data["sv_weight"] == 200 / 3 and data["kind"] == "grant"
    assert data["alpha"]["note"] is None and isinstance(data["alpha"]["ordinal"], float)


def test_no_budget():
    data = summary_json(summarise_round(RUBRIC, CANDIDATES, SCORES, moderated={}, conflicts=set(), budget=None))
    assert {k: v for k, v in data["budget"].items() if k != "not_eligible"} == {
        "total": None, "allocated": 0, "left": None, "cut_off": None}
    assert [e["status"] for e in data["ranking"]] == [None, None, "not_eligible", "not_eligible"]
    assert not any(e["funded"] for e in data["ranking"]) and data["what_if"] == []
