"""One score edit saved durably (DESIGN §10): p50/p99 beside a bare WAL UPDATE + commit.

The floor is one hand-written `UPDATE scores … ; COMMIT` on the same file, the same table and the
same connection settings (WAL, synchronous=FULL), so both pay the same disk; the two are
interleaved in blocks so that a slow moment of the machine lands on both sides.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.report import Row, percentile
from svassessor.models import Application, Organisation
from svassessor.paths import rubrics_dir
from svassessor.store import Store

APPLICATIONS = 300
EDITS = 1000
BLOCK = 50


def run() -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "bench.svdb", actor="bench", create=True)
        rubric_yaml = (rubrics_dir() / "small-grants.yaml").read_text(encoding="utf-8")
        round_ = store.rounds.create(name="Bench", rubric_yaml=rubric_yaml, status="scoring")
        store.applications.add(Application(round_id=round_.id, reference=f"B-{i:04}", title="Bench application",
                                           organisation=Organisation(name="Bench group"))
                               for i in range(APPLICATIONS))
        assessor = store.assessors.add(round_, name="Bench assessor")
        apps = [a.id for a in store.applications.for_round(round_)]
        criteria = [c.id for c in store.rounds.rubric(round_).criteria]
        for n, app in enumerate(apps):  # a round part-way through: every application touched once
            store.assessments.set_score(round_, assessor, app, criteria[n % len(criteria)], score=2)
        score_ids = [r[0] for r in store.database.conn.execute("SELECT id FROM scores")]
        conn = store.database.conn
        edit_times, bare_times = [], []
        for block in range(EDITS // BLOCK):
            for i in range(BLOCK):
                n = block * BLOCK + i
                started = time.perf_counter()
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("UPDATE scores SET comment = ? WHERE id = ?", (f"bare {n}", score_ids[n % len(score_ids)]))
                conn.execute("COMMIT")
                bare_times.append(time.perf_counter() - started)
            for i in range(BLOCK):
                n = block * BLOCK + i
                started = time.perf_counter()
                store.assessments.set_score(round_, assessor, apps[(n * 7) % len(apps)],
                                            criteria[n % len(criteria)], score=n % 5)
                edit_times.append(time.perf_counter() - started)
        store.close()
    ms = 1000
    floor = "bare UPDATE scores + COMMIT on the same file, WAL, synchronous=FULL"
    return [
        Row("one score edit saved durably, p50", percentile(edit_times, 0.5) * ms, "ms", 5.0,
            percentile(bare_times, 0.5) * ms, floor + ", p50", 3.0),
        Row("one score edit saved durably, p99", percentile(edit_times, 0.99) * ms, "ms", 5.0,
            percentile(bare_times, 0.99) * ms, floor + ", p99", 3.0),
    ]
