"""Open a round of 2,000 applications × 5 assessors × 25 criteria and summarise it (DESIGN §10).

The figure is what the comparison needs before it can be shown: open the file, read the round and
its rubric, load every score and summarise (ranking, budget line, spread flags, alpha). The floor
is one hand-written SQL aggregate of the same scores (mean and spread per application and
criterion), on the same file in the same run. Peak memory (RSS) is measured in a fresh process
that does only the open and summary, so the generator's own memory does not count.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.biground import build
from bench.report import Row, median

RUNS = 5
AGGREGATE = (
    "SELECT a.application_id, s.criterion_id, avg(s.score), max(s.score) - min(s.score) FROM scores s "
    "JOIN assessments a ON a.id = s.assessment_id JOIN applications p ON p.id = a.application_id "
    "WHERE p.round_id = ? GROUP BY a.application_id, s.criterion_id"
)
_PROBE = """
import json, sys, time
from svassessor.panel.summary import summarise
from svassessor.store import Store
started = time.perf_counter()
with Store.open(sys.argv[1], actor="bench", readonly=True) as store:
    round_ = store.rounds.get("Big round")
    summary = summarise(store, round_)
    took = time.perf_counter() - started
# VmHWM, not ru_maxrss: the latter starts from the parent's size at fork, the former at exec.
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"seconds": took, "rss_mb": peak_kb / 1024, "ranked": len(summary.ranking)}))
"""


def _open_and_summarise(path: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", _PROBE, str(path)], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def _aggregate(path: Path) -> float:
    import sqlite3

    conn = sqlite3.connect(path)
    round_id = conn.execute("SELECT id FROM rounds").fetchone()[0]
    started = time.perf_counter()
    conn.execute(AGGREGATE, [round_id]).fetchall()
    took = time.perf_counter() - started
    conn.close()
    return took


def run() -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.svdb"
        build(path, applications=2000, assessors=5, themes=5, per_theme=5)
        ours, floors, rss = [], [], []
        for _ in range(RUNS):
            floors.append(_aggregate(path))
            probe = _open_and_summarise(path)
            assert probe["ranked"] == 2000
            ours.append(probe["seconds"])
            rss.append(probe["rss_mb"])
    ms = 1000
    return [
        Row("open 2,000×5×25 round and summarise (median)", median(ours) * ms, "ms", 300.0, median(floors) * ms,
            "one hand-written SQL aggregate (mean, spread per application × criterion), median", 3.0),
        Row("memory for the 2,000-application round", max(rss), "MB", 300.0),
    ]
