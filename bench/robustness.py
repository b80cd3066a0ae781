"""Funding-line robustness on a 300-application round with 5 assessors (DESIGN §10, issue 16).

The figure is `funding_line_robustness` on the stored round: read the scores once, then rank the round
again under every scenario (each assessor left out, the seeded resamples, the rubric's weights). The
floor is the plain summary of the same round in the same run (`summarise`: read, combine, rank, one
budget line), the work a chair waits for today; the ratio says what the scenarios add.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.biground import build
from bench.report import Row, median

RUNS = 5


def run() -> list[Row]:
    from svassessor.panel.summary import funding_line_robustness, summarise
    from svassessor.store import Store

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "robust.svdb"
        build(path, applications=300, assessors=5, themes=2, per_theme=5)
        figures, floors, scenarios = [], [], 0
        with Store.open(path, actor="bench", readonly=True) as store:
            round_ = store.rounds.get("Big round")
            for _ in range(RUNS):
                started = time.perf_counter()
                summarise(store, round_)
                floors.append(time.perf_counter() - started)
                started = time.perf_counter()
                scenarios = funding_line_robustness(store, round_).scenarios
                figures.append(time.perf_counter() - started)
    return [Row(f"robustness, 300 × 5 ({scenarios} re-rankings)", median(figures), "s", 1.0, median(floors),
                "the plain summary of the same round (one ranking)")]
