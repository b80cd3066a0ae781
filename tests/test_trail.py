"""The defensibility trail: every score, its comment and evidence, its history, and what moderation changed."""

from __future__ import annotations

import pytest

from svassessor.panel.comparison import Comparison
from svassessor.panel.summary import summarise
from svassessor.panel.trail import trail
from svassessor.repository.facts import Facts
from svassessor.store import Store
from tests.conftest import TINY_RUBRIC, make_application


@pytest.fixture
def demo(demo_template):
    return demo_template


def test_moderation_shows_the_panel_mean_it_replaced_and_why(demo):
    with Store.open(demo, actor="Panel chair", readonly=True) as store:
        round_ = store.rounds.get("Neighbourhood Fund 2025")
        found = trail(store, round_, store.applications.get(round_, "NF25-004"))
    capacity = next(c for c in found.criteria if c.criterion_id == "delivery_capacity")
    assert sorted((s.assessor, s.score) for s in capacity.scores) == [
        ("Grants officer A", 1), ("Grants officer B", 3), ("Trustee panel member", 3)]
    assert capacity.before_moderation == pytest.approx(7 / 3)
    assert capacity.moderated == 2 and capacity.combined == 2
    assert capacity.rationale and capacity.moderated_by == "Panel chair"
    unmoderated = next(c for c in found.criteria if c.criterion_id == "value_money")
    assert unmoderated.moderated is None and unmoderated.combined == pytest.approx(unmoderated.before_moderation)


def test_a_conflicted_assessor_is_named_as_excluded_and_their_scores_are_absent(demo):
    with Store.open(demo, actor="Panel chair", readonly=True) as store:
        round_ = store.rounds.get("Neighbourhood Fund 2026")
        found = trail(store, round_, store.applications.get(round_, "NF26-005"))
    assert found.excluded == ["Trustee panel member"]
    assert all(s.assessor != "Trustee panel member" for c in found.criteria for s in c.scores)


def test_evidence_and_earlier_values_come_with_each_score(demo, tmp_path):
    copy = tmp_path / "copy.svdb"
    copy.write_bytes(demo.read_bytes())
    with Store.open(copy, actor="Grants officer B") as store:
        round_ = store.rounds.get("Neighbourhood Fund 2026")
        officer = store.assessors.get(round_, "Grants officer A")
        app = store.applications.get(round_, "NF26-010")
        store.assessments.set_score(round_, officer, app.id, "value_money", score=1, comment="Costs unclear.")
        store.assessments.set_score(round_, officer, app.id, "value_money", score=2, comment="Costs clarified.")
        found = trail(store, round_, app)
    value = next(c for c in found.criteria if c.criterion_id == "value_money")
    mine = next(s for s in value.scores if s.assessor == "Grants officer A")
    assert (mine.score, mine.comment) == (2, "Costs clarified.")
    assert [(c.old, c.new) for c in mine.changes][-2:] == [(None, 1), (1, 2)]
    assert all(c.actor == "Grants officer A" for c in mine.changes)
    highlighted = [e for c in found.criteria for e in c.evidence]
    assert highlighted and all(e.quote in next(n.text for n in app.narrative if n.id == e.narrative_id)
                               for e in highlighted)


def test_a_median_rubric_is_a_median_in_the_ranking_the_comparison_and_the_trail(store):
    """Scores 0, 1 and 4 on a rubric that combines by median: 1, everywhere, and said as a median."""
    round_ = store.rounds.create(name="Median round", status="scoring",
                                 rubric_yaml=TINY_RUBRIC.replace("aggregate: mean", "aggregate: median"))
    store.applications.add([make_application(round_.id, "M-001")])
    app = store.applications.get(round_, "M-001")
    for name, score in (("Grants officer A", 0), ("Grants officer B", 1), ("Trustee", 4)):
        store.assessments.set_score(round_, store.assessors.add(round_, name=name), app.id, "need_evidence",
                                    score=score)
    summary = summarise(store, round_)
    assert summary.panel.combined[app.id]["need_evidence"] == 1
    matrix = Comparison(summary, store.rounds.rubric(round_), Facts(store).moderated(round_))
    assert matrix.detail(0, 0).before_moderation == 1
    store.rounds.set_status(round_, "moderation", force=True)
    store.panel.moderate(round_, app, "need_evidence", score=2, rationale="The survey counts for more.")
    found = trail(store, store.rounds.get("Median round"), app)
    need = next(c for c in found.criteria if c.criterion_id == "need_evidence")
    assert (need.before_moderation, need.moderated, need.combined, found.aggregate) == (1, 2, 2, "median")
