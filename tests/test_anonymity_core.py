"""Who is shown what in an anonymised round, and where an assessor's highlights stand, in the core."""

from __future__ import annotations

import pytest

from svassessor.errors import NotAllowed
from svassessor.models import Annotation
from svassessor.panelfiles.prepare import prepare_assessor_file
from svassessor.store import Store
from tests.conftest import make_application

TEXT = "Example Community Trust runs a lunch club at B19 1AA; call 0121 496 0000."


@pytest.fixture
def anonymised(store: Store, scoring_round):
    store.applications.add([make_application(scoring_round.id, "T-003", narrative=TEXT)])
    round_ = store.rounds.update(scoring_round, anonymised=True)
    store.assessors.add(round_, name="Chair", role="chair")
    return store, round_


def _highlight(store, round_, who, app, quote, text):
    start = text.index(quote)
    return store.annotations.add(round_, who, Annotation(
        application_id=app.id, assessor_id=who.id, narrative_id=app.narrative[0].id, start=start,
        end=start + len(quote), quote=quote, tag="evidence"))


def test_an_assessor_is_shown_labels_and_placeholders_and_the_chair_the_applicant(anonymised):
    store, round_ = anonymised
    officer, chair = store.assessors.get(round_, "Grants officer A"), store.assessors.get(round_, "Chair")
    seen = {a.reference: a for a in store.anonymity.as_seen_by(round_, officer)}
    assert [seen[r].organisation.name for r in ("T-001", "T-002", "T-003")] == [
        "Applicant 001", "Applicant 002", "Applicant 003"]
    assert seen["T-003"].narrative[0].text == "[organisation] runs a lunch club at [postcode]; call [phone]."
    assert seen["T-003"].organisation.postcode is None
    assert store.anonymity.as_seen_by(round_, chair) == store.applications.for_round(round_)
    with pytest.raises(NotAllowed, match="it is the chair's"):
        store.anonymity.require_may_preview(round_, officer)


def test_highlights_are_made_on_the_text_shown_and_placed_on_the_original_once_revealed(anonymised):
    store, round_ = anonymised
    officer = store.assessors.get(round_, "Grants officer A")
    app = store.applications.get(round_, "T-003")
    shown = store.anonymity.one_as_seen_by(round_, officer, app.id)
    with pytest.raises(NotAllowed, match="does not match the narrative text"):
        _highlight(store, round_, officer, app, "Example Community Trust runs", TEXT)  # not what they see
    note = _highlight(store, round_, officer, app, "[organisation] runs a lunch club", shown.narrative[0].text)
    store.assessments.set_score(round_, officer, app.id, "need_evidence", score=3)
    round_ = store.rounds.set_status(round_, "moderation", force=True)
    revealed = store.anonymity.one_as_seen_by(round_, officer, app.id)
    assert revealed == app
    [placed] = store.anonymity.placed(round_, officer, revealed, [note])
    assert TEXT[placed.start:placed.end] == placed.quote == "Example Community Trust runs a lunch club"


def test_a_highlight_made_while_the_round_was_named_stays_behind_when_it_is_prepared_anonymised(
        store: Store, scoring_round, tmp_path):
    store.applications.add([make_application(scoring_round.id, "T-003", narrative=TEXT)])
    officer = store.assessors.get(scoring_round, "Grants officer A")
    app = store.applications.get(scoring_round, "T-003")
    _highlight(store, scoring_round, officer, app, "Example Community Trust runs", TEXT)
    _highlight(store, scoring_round, officer, app, "a lunch club", TEXT)  # its offsets are the original's
    round_ = store.rounds.update(scoring_round, anonymised=True)
    prepared = prepare_assessor_file(store, round_name=None, assessor_name="Grants officer A",
                                     out=tmp_path / "officer-a.svdb")
    assert prepared.highlights_dropped == 2
    assert "2 of Grants officer A's highlights left out" in " ".join(prepared.lines())
    assert len(store.annotations.for_application(app.id)) == 2  # still in the chair's file
    with Store.open(tmp_path / "officer-a.svdb", actor="Grants officer A") as theirs:
        assert theirs.annotations.for_application(app.id) == []
        with pytest.raises(NotAllowed, match="in the panel's file"):
            theirs.anonymity.add_word(theirs.rounds.get(), "lunch")
    assert round_.anonymised


def test_a_named_round_prepares_as_before(store: Store, scoring_round, tmp_path):
    prepared = prepare_assessor_file(store, round_name=None, assessor_name="Grants officer A",
                                     out=tmp_path / "officer-a.svdb")
    assert not prepared.anonymised and not any("Anonymised" in line for line in prepared.lines())
    with Store.open(tmp_path / "officer-a.svdb", actor="Grants officer A", readonly=True) as theirs:
        assert theirs.applications.get(theirs.rounds.get(), "T-001").organisation.name == "Example Community Trust"
