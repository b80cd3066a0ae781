"""Crash safety: writers killed at random keep every confirmed edit; a full disk loses nothing saved."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from svassessor.errors import FileProblem
from svassessor.storage.database import open_database
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


def test_a_checkpoint_cut_short_by_a_crash_is_finished_not_refused(tmp_path):
    """Found by the harness: killed mid-checkpoint, the file's page 1 is new but the file not yet extended."""
    path = tmp_path / "crash.svdb"
    build(path)
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    for n in range(300):  # grow the file, in the log only
        writer.execute("INSERT INTO schema_migrations VALUES (?, ?)", [f"grown {n}", "x" * 2000])
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for suffix in ("", "-wal"):  # the files as a crash would leave them, the writer still holding them
        shutil.copy(f"{path}{suffix}", crashed / f"crash.svdb{suffix}")
    writer.close()
    copy = crashed / "crash.svdb"
    page_size = int.from_bytes(copy.read_bytes()[16:18], "big")
    log = (crashed / "crash.svdb-wal").read_bytes()
    frames = range(32, len(log), 24 + page_size)
    newest_page_one = [f for f in frames if int.from_bytes(log[f:f + 4], "big") == 1][-1]
    with copy.open("r+b") as handle:  # the checkpoint had written page 1, and nothing after it
        handle.write(log[newest_page_one + 24:newest_page_one + 24 + page_size])
    header = copy.read_bytes()[:100]
    assert int.from_bytes(header[28:32], "big") * page_size > copy.stat().st_size
    database = open_database(copy, backups=None)
    try:
        assert database.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        grown = database.conn.execute("SELECT count(*) FROM schema_migrations WHERE name LIKE 'grown %'")
        assert grown.fetchone()[0] == 300
    finally:
        database.close()
