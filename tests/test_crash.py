"""Crash safety: writers killed at random keep every confirmed edit; a full disk loses nothing saved."""

from __future__ import annotations

import pytest

from svassessor.errors import FileProblem
from svassessor.storage.integrity import check_file
from svassessor.store import Store
from tests.conftest import make_application
from tests.crash_harness import build, check, run_harness


def test_ten_writers_killed_at_random_lose_no_confirmed_edit(tmp_path):
    lines: list[str] = []
    totals = run_harness(10, seed=8, folder=tmp_path, log=lines.append)
    assert totals["problems"] == [], "\n".join(lines)
    assert totals["lost"] == 0 and totals["reported"] > 0


def test_the_harness_notices_a_lost_edit(tmp_path):
    path = tmp_path / "crash.svdb"
    build(path)
    problems = check(path, run=0, reported=[0])  # edit 0 was "reported" but never made
    assert any("missing from the audit log" in p for p in problems)


def test_a_full_disk_refuses_the_change_in_one_sentence_and_keeps_what_was_saved(store, scoring_round):
    a = store.assessors.get(scoring_round, "Grants officer A")
    app = store.applications.get(scoring_round, "T-001")
    store.assessments.set_score(scoring_round, a, app.id, "need_evidence", score=3, comment="saved before")
    conn = store.database.conn
    conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")
    many = [make_application(scoring_round.id, f"F-{i:04}", narrative="Long enough to need pages. " * 40)
            for i in range(200)]
    with pytest.raises(FileProblem, match="full") as refused:
        store.applications.add(many)
    assert str(store.database.path) in str(refused.value) and "intact" in str(refused.value)
    assert not conn.in_transaction
    assert store.assessments.get(app.id, a.id).scores["need_evidence"].comment == "saved before"
    assert len(store.applications.for_round(scoring_round)) == 2
    store.close()
    assert check_file(store.database.path).ok
    with Store.open(store.database.path, actor="Panel chair") as reopened:  # space again: work goes on
        assert reopened.applications.add(many[:5]) == 5
