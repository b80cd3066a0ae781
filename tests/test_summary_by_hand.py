"""`svassessor summary` of the demo, checked by hand for two applications (DESIGN §4).

The demo is seeded, so its scores are fixed; the test first pins them (if the demo changes, these
assertions say so before the arithmetic does), then works each total out in plain fractions.
Rubric small-grants: scale 0–4; themes need 20, offer 30, stories 15, delivery 20, value 15; every
criterion weight 1; several assessors combine by the mean; moderated scores replace the mean.
"""

from __future__ import annotations

import json
from fractions import Fraction as F

import pytest

from svassessor.store import Store
from tests.conftest import run_cli


@pytest.fixture
def demo(demo_template):
    return demo_template


def _raw(path, round_name, reference):
    with Store.open(path, actor="test", readonly=True) as store:
        round_ = store.rounds.get(round_name)
        app = store.applications.get(round_, reference)
        names = {a.id: a.name for a in store.assessors.for_round(round_)}
        table = store.assessments.score_table(round_)[app.id]
        moderated = {m.criterion_id: m.score for m in store.panel.moderations(round_) if m.application_id == app.id}
    return {names[a]: dict(s) for a, s in table.items()}, moderated


def _summary(path, round_name):
    result = run_cli("summary", path, "--round", round_name, "--json")
    assert result.returncode == 0, result.stderr
    return {r["reference"]: r for r in json.loads(result.stdout)["ranking"]}


def test_one_assessor_application_by_hand(demo):
    raw, moderated = _raw(demo, "Neighbourhood Fund 2026", "NF26-001")
    assert moderated == {}
    assert raw == {"Grants officer A": {
        "need_evidence": 3, "need_voice": 4, "offer_who": 4, "offer_where": 4, "offer_measures": 4,
        "stories_evidence": 3, "delivery_plan": 3, "delivery_capacity": 3, "value_money": 3}}
    need = F(3 + 4, 2) / 4            # 3.5 / 4 = 0.875
    offer = F(4 + 4 + 4, 3) / 4       # 1
    stories = F(3) / 4                # 0.75
    delivery = F(3 + 3, 2) / 4        # 0.75
    value = F(3) / 4                  # 0.75
    total = (20 * need + 30 * offer + 15 * stories + 20 * delivery + 15 * value) * 100 / 100  # = 85
    assert total == 85
    row = _summary(demo, "Neighbourhood Fund 2026")["NF26-001"]
    assert row["total"] == pytest.approx(float(total), abs=1e-9)
    # Offers for "Older people living alone" (5 points) and in Lozells (3): only the larger counts.
    assert (row["priority"], row["priority_points"]) == ("older_isolated", 5)
    assert row["ranking_score"] == pytest.approx(90.0, abs=1e-9)
    assert row["social_value"] == pytest.approx(float((30 * offer + 15 * stories) / 45 * 100), abs=1e-9)


def test_three_assessors_and_a_moderated_criterion_by_hand(demo):
    raw, moderated = _raw(demo, "Neighbourhood Fund 2025", "NF25-004")
    assert moderated == {"delivery_capacity": 2}
    assert raw == {
        "Grants officer A": {"need_evidence": 3, "need_voice": 2, "offer_who": 3, "offer_where": 4, "offer_measures": 3,
                             "stories_evidence": 4, "delivery_plan": 3, "delivery_capacity": 1, "value_money": 3},
        "Grants officer B": {"need_evidence": 3, "need_voice": 3, "offer_who": 4, "offer_where": 3, "offer_measures": 3,
                             "stories_evidence": 3, "delivery_plan": 3, "delivery_capacity": 3, "value_money": 3},
        "Trustee panel member": {"need_evidence": 3, "need_voice": 2, "offer_who": 4, "offer_where": 4,
                                 "offer_measures": 3, "stories_evidence": 3, "delivery_plan": 4,
                                 "delivery_capacity": 3, "value_money": 4},
    }
    mean = lambda *xs: F(sum(xs), len(xs))  # noqa: E731
    need = mean(mean(3, 3, 3), mean(2, 3, 2)) / 4                       # (3 + 7/3) / 2 / 4 = 2/3
    offer = mean(mean(3, 4, 4), mean(4, 3, 4), mean(3, 3, 3)) / 4       # (11/3 + 11/3 + 3) / 3 / 4 = 31/36
    stories = mean(4, 3, 3) / 4                                         # 10/3 / 4 = 5/6
    delivery = mean(mean(3, 3, 4), F(2)) / 4                            # capacity: moderated 2, not the mean 7/3
    value = mean(3, 3, 4) / 4                                           # 5/6
    total = 20 * need + 30 * offer + 15 * stories + 20 * delivery + 15 * value
    assert total == F(155, 2)                                           # 77.5 (78⅓ without the moderation)
    row = _summary(demo, "Neighbourhood Fund 2025")["NF25-004"]
    assert row["total"] == pytest.approx(float(total), abs=1e-9)
    assert row["funded"] is True and row["meets_threshold"] is True
