"""The audit log: every change recorded with who, when, old → new; tampering of any kind is found."""

from __future__ import annotations

import hashlib
import json
import sqlite3

from hypothesis import given
from hypothesis import strategies as st

from svassessor.storage.audit import event_hash, verify
from svassessor.store import Store


def _score(store, round_, assessor_name, reference, criterion, value, **kwargs):
    assessor = store.assessors.get(round_, assessor_name)
    application = store.applications.get(round_, reference)
    return store.assessments.set_score(round_, assessor, application.id, criterion, score=value, **kwargs)


def test_a_score_edit_records_who_when_and_old_to_new(store, scoring_round):
    _score(store, scoring_round, "Grants officer A", "T-001", "need_evidence", 2)
    _score(store, scoring_round, "Grants officer A", "T-001", "need_evidence", 3, comment="Ward statistics cited.")
    event = store.database.conn.execute(
        "SELECT actor, action, entity, old, new, at FROM audit WHERE entity = 'scores' ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    actor, action, entity, old, new, at = event
    assert (actor, action, entity) == ("Grants officer A", "update", "scores")
    assert json.loads(old)["score"] == 2 and json.loads(new)["score"] == 3
    assert json.loads(new)["comment"] == "Ward statistics cited."
    assert at.endswith("Z")
    assert verify(store.database) is None


def test_the_audit_log_refuses_updates_and_deletes(store, scoring_round):
    import pytest

    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.database.conn.execute("UPDATE audit SET actor = 'someone else'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.database.conn.execute("DELETE FROM audit")


def _tamper(path, *statements):
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in statements:
        conn.execute(statement)
    conn.close()


def _reopen_and_verify(path):
    with Store.open(path, actor="check", readonly=True) as store:
        return verify(store.database)


def test_a_score_edited_by_hand_names_the_event_that_last_recorded_it(store, scoring_round, svdb):
    _score(store, scoring_round, "Grants officer A", "T-001", "need_evidence", 1)
    seq = store.database.conn.execute("SELECT max(seq) FROM audit WHERE entity = 'scores'").fetchone()[0]
    store.close()
    _tamper(svdb, "UPDATE scores SET score = 4")
    problem = _reopen_and_verify(svdb)
    assert problem is not None and problem.seq == seq
    assert f"audit event #{seq}" in problem.message and "edited outside svassessor" in problem.message


def test_an_edited_audit_event_breaks_the_chain(store, scoring_round, svdb):
    _score(store, scoring_round, "Grants officer A", "T-001", "need_evidence", 1)
    store.close()
    _tamper(svdb, "DROP TRIGGER audit_no_update", "UPDATE audit SET actor = 'Grants officer B' WHERE seq = 3")
    problem = _reopen_and_verify(svdb)
    assert problem.seq == 3 and "does not match its hash" in problem.message


def test_a_removed_audit_event_is_found(store, scoring_round, svdb):
    store.close()
    _tamper(svdb, "DROP TRIGGER audit_no_delete", "DELETE FROM audit WHERE seq = 2")
    problem = _reopen_and_verify(svdb)
    assert "#2 is missing" in problem.message


def test_rows_added_or_deleted_by_hand_are_found(store, scoring_round, svdb):
    _score(store, scoring_round, "Grants officer A", "T-001", "need_evidence", 1)
    store.close()
    _tamper(svdb, "DELETE FROM scores")
    assert "deleted by hand" in _reopen_and_verify(svdb).message
    _tamper(svdb, "INSERT INTO assessors (id, round_id, name, role, created_at) "
                  "SELECT 'x', id, 'Intruder', 'assessor', '2026-01-01T00:00:00.000000Z' FROM rounds")
    assert "added by hand" in _reopen_and_verify(svdb).message or "deleted by hand" in _reopen_and_verify(svdb).message


def test_a_failed_action_leaves_neither_rows_nor_events(store, scoring_round):
    from tests.conftest import make_application

    import pytest
    from svassessor.errors import NotAllowed

    events = store.database.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    with pytest.raises(NotAllowed):
        store.applications.add([make_application(scoring_round.id, "T-003"), make_application(scoring_round.id, "T-003")])
    with pytest.raises(sqlite3.IntegrityError):
        store.applications.add([make_application(scoring_round.id, "T-004"), make_application(scoring_round.id, "T-001")])
    assert store.database.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == events
    assert [a.reference for a in store.applications.for_round(scoring_round)] == ["T-001", "T-002"]
    assert verify(store.database) is None


def _hash_as_specified(*fields) -> str:
    """The event hash as the log's format defines it: each field as its UTF-8 byte length, ':' and bytes."""
    body = b"".join(b"~" if f is None else b"%d:%s" % (len(str(f).encode()), str(f).encode()) for f in fields)
    return hashlib.sha256(body).hexdigest()


@given(seq=st.integers(1, 10**12), actor=st.text(), old=st.none() | st.text(), new=st.none() | st.text(),
       entity_id=st.text(min_size=1))
def test_an_event_hash_is_the_specified_one_for_any_text(seq, actor, old, new, entity_id):
    fields = (seq, "0192f0e1-0000-7000-8000-000000000000", "2026-11-25T17:00:00.000000Z", actor, "update",
              "scores", entity_id, old, new, "0" * 64)
    assert event_hash(*fields) == _hash_as_specified(*fields)
