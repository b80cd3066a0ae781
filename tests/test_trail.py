"""The defensibility trail: every score, its comment and evidence, its history, and what moderation changed."""

from __future__ import annotations

import pytest

from svassessor.store import Store
from svassessor.panel.trail import trail


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
    assert capacity.panel_mean == pytest.approx(7 / 3)
    assert capacity.moderated == 2 and capacity.combined == 2
    assert capacity.rationale and capacity.moderated_by == "Panel chair"
    unmoderated = next(c for c in found.criteria if c.criterion_id == "value_money")
    assert unmoderated.moderated is None and unmoderated.combined == pytest.approx(unmoderated.panel_mean)


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
