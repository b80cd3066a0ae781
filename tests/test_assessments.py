"""Scoring through the core: not-scored is not 0, conflicts and round status are enforced, undo restores."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svassessor.errors import NotAllowed
from svassessor.store import Store


@pytest.fixture
def people(store, scoring_round):
    a = store.assessors.get(scoring_round, "Grants officer A")
    app = store.applications.get(scoring_round, "T-001")
    return store, scoring_round, a, app


def test_not_scored_is_kept_apart_from_zero(people):
    store, round_, a, app = people
    store.assessments.set_score(round_, a, app.id, "need_evidence", score=0)
    store.assessments.set_score(round_, a, app.id, "offer_who", not_scored=True)
    scores = store.assessments.get(app.id, a.id).scores
    assert scores["need_evidence"].score == 0 and not scores["need_evidence"].not_scored
    assert scores["offer_who"].score is None and scores["offer_who"].not_scored
    assert "offer_measures" not in scores
    table = store.assessments.score_table(round_)
    assert table[app.id][a.id] == {"need_evidence": 0.0, "offer_who": None}


def test_a_score_off_the_scale_or_an_unknown_criterion_is_refused(people):
    store, round_, a, app = people
    with pytest.raises(NotAllowed, match="not on the scale"):
        store.assessments.set_score(round_, a, app.id, "need_evidence", score=2.5)
    with pytest.raises(NotAllowed, match="no criterion 'nope'"):
        store.assessments.set_score(round_, a, app.id, "nope", score=2)
    assert store.assessments.get(app.id, a.id) is None


def test_a_conflicted_assessor_cannot_score(people):
    store, round_, a, app = people
    a = store.assessors.declare_conflict(a, app, reason="Trustee of the applicant")
    with pytest.raises(NotAllowed, match="conflict of interest"):
        store.assessments.set_score(round_, a, app.id, "need_evidence", score=3)
    assert store.assessors.conflict_reason(a, app.id) == "Trustee of the applicant"


def test_scores_change_only_while_the_round_is_in_scoring(people):
    store, round_, a, app = people
    store.assessments.set_score(round_, a, app.id, "need_evidence", score=2)
    store.rounds.set_status(round_, "moderation", force=True)
    with pytest.raises(NotAllowed, match="in moderation"):
        store.assessments.set_score(round_, a, app.id, "need_evidence", score=3)


def test_submit_needs_every_criterion_scored_or_marked_and_then_locks(people):
    store, round_, a, app = people
    store.assessments.set_score(round_, a, app.id, "need_evidence", score=3)
    with pytest.raises(NotAllowed, match="2 criteria"):
        store.assessments.submit(round_, a, app.id)
    store.assessments.set_score(round_, a, app.id, "offer_who", score=4)
    store.assessments.set_score(round_, a, app.id, "offer_measures", not_scored=True)
    assert store.assessments.submit(round_, a, app.id).status == "submitted"
    with pytest.raises(NotAllowed, match="already submitted"):
        store.assessments.set_score(round_, a, app.id, "offer_who", score=1)
    store.assessments.reopen(round_, a, app.id)
    store.assessments.set_score(round_, a, app.id, "offer_who", score=1)


def test_restore_undoes_an_edit_exactly(people):
    store, round_, a, app = people
    first = store.assessments.set_score(round_, a, app.id, "need_evidence", score=2, comment="Some data.")
    second = store.assessments.set_score(round_, a, app.id, "need_evidence", score=4)
    store.assessments.restore_score(round_, a, second)
    restored = store.assessments.get(app.id, a.id).scores["need_evidence"]
    assert (restored.score, restored.comment) == (2, "Some data.")
    store.assessments.restore_score(round_, a, first)
    assert "need_evidence" not in store.assessments.get(app.id, a.id).scores


def test_money_is_exact_to_the_penny(store, scoring_round):
    app = store.applications.get(scoring_round, "T-002")
    assert app.amount_requested == Decimal("12480.50")


HOSTILE = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300) | st.sampled_from([
    "مرحبا بالعالم — شكراً", "🎉👩🏽‍🦯 community", "\x00\x07\x1b[31mred", "<b>bold</b> & <script>x</script>",
    "=HYPERLINK(\"http://x\")", "a" * 100_000, "\u202eevil\u202c", "line\r\nbreak\ttab",
])


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(comment=HOSTILE)
def test_any_text_saves_exactly_as_typed(people, comment):
    store, round_, a, app = people
    store.assessments.set_score(round_, a, app.id, "offer_who", comment=comment)
    with Store.open(store.database.path, actor="reader", readonly=True) as reader:
        assert reader.assessments.get(app.id, a.id).scores["offer_who"].comment == comment
