"""One score edit saved durably (DESIGN §10): p50/p99 beside a bare WAL UPDATE + commit.

Both run on the same disk with synchronous=FULL, interleaved in blocks so that a slow moment of the
machine lands on both sides rather than one.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path

from bench.report import Row, percentile
from svassessor.models import Application, Organisation
from svassessor.paths import rubrics_dir
from svassessor.store import Store

EDITS = 600
BLOCK = 50


def _bare(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE scores (id TEXT PRIMARY KEY, score REAL)")
    conn.executemany("INSERT INTO scores VALUES (?, 0)", [(f"s{i}",) for i in range(100)])
    return conn


def run() -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        bare = _bare(folder / "bare.db")
        store = Store.open(folder / "bench.svdb", actor="bench", create=True)
        rubric_yaml = (rubrics_dir() / "small-grants.yaml").read_text(encoding="utf-8")
        round_ = store.rounds.create(name="Bench", rubric_yaml=rubric_yaml, status="scoring")
        store.applications.add(Application(round_id=round_.id, reference=f"B-{i:03}", title="Bench",
                                           organisation=Organisation(name="Bench group")) for i in range(20))
        assessor = store.assessors.add(round_, name="Bench assessor")
        apps = [a.id for a in store.applications.for_round(round_)]
        criteria = [c.id for c in store.rounds.rubric(round_).criteria]
        edit_times, bare_times = [], []
        for block in range(EDITS // BLOCK):
            for i in range(BLOCK):
                n = block * BLOCK + i
                started = time.perf_counter()
                bare.execute("BEGIN IMMEDIATE")
                bare.execute("UPDATE scores SET score = ? WHERE id = ?", (n % 5, f"s{n % 100}"))
                bare.execute("COMMIT")
                bare_times.append(time.perf_counter() - started)
            for i in range(BLOCK):
                n = block * BLOCK + i
                started = time.perf_counter()
                store.assessments.set_score(round_, assessor, apps[n % len(apps)], criteria[n % len(criteria)],
                                            score=n % 5)
                edit_times.append(time.perf_counter() - started)
        store.close()
        bare.close()
    ms = 1000
    return [
        Row("one score edit saved durably, p50", percentile(edit_times, 0.5) * ms, "ms", 5.0,
            percentile(bare_times, 0.5) * ms, "bare WAL UPDATE+commit p50, synchronous=FULL", 3.0),
        Row("one score edit saved durably, p99", percentile(edit_times, 0.99) * ms, "ms", 5.0,
            percentile(bare_times, 0.99) * ms, "bare WAL UPDATE+commit p99, synchronous=FULL", 3.0),
    ]
