"""Open a 2,000 × 5 × 25 round in the panel window with the comparison matrix shown (DESIGN §10, issue 5).

The figure runs in a fresh interpreter with QT_QPA_PLATFORM=offscreen: the clock starts once Qt and
the window's modules are loaded (start-up has its own budget) and stops when the matrix model is
populated and the matrix has painted once. In between: open the file (read only, as `open_round`
does), read the round, summarise it, build the panel window (matrix, ranking, decision tally,
status) and show it. The floor is the same hand-written SQL aggregate `open_round` uses, on the same
file in the same run. The probe also reports how much of the figure is the summary itself, so a
reader can tell the window's share from the engine's.

Smoothness, against the 50 ms the UI thread may never block for: 120 wheel notches (the scroll bar
moved on by a notch's worth of rows, the exposed rows painted), and the whole matrix viewport
repainted at 40 places spread down the 2,000 rows and across the 25 criteria (what a resize or a
new summary costs). Peak memory is VmHWM of the probe (not ru_maxrss: see `open_round`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.biground import build
from bench.open_round import _aggregate
from bench.report import Row, median, percentile

RUNS = 5
_PROBE = r"""
import json, sys, time
from pathlib import Path
from ui.app import application
from ui.context import AppContext
from ui.settings import Settings
from PySide6.QtCore import QEvent, QObject
import ui.panel.state as state_module
from ui.panel.window import PanelWindow
from svassessor.store import Store

app = application()
spent = {}
summarise = state_module.summarise
def timed(*args, **kwargs):
    started = time.perf_counter()
    result = summarise(*args, **kwargs)
    spent["summarise"] = time.perf_counter() - started
    return result
state_module.summarise = timed

class FirstPaint(QObject):
    # Watches only until the first paint, then is removed: PySide6 6.12 on Python 3.11 drains a
    # reference from every Python override's return value (see ui/panel/heat.py), harmless for a few
    # dozen events, not for a whole session.
    painted = False
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            FirstPaint.painted = True
        return False

started = time.perf_counter()
ctx = AppContext(Settings.at(Path(sys.argv[2])))
ctx.store = Store.open(sys.argv[1], actor="bench", readonly=True)
ctx.path = Path(sys.argv[1])
ctx.set_session(ctx.store.rounds.get("Big round"), None)
window = PanelWindow(ctx)
watcher = FirstPaint()
viewport = window.comparison.table.viewport()
viewport.installEventFilter(watcher)
window.resize(1600, 1000)
window.show()
while not FirstPaint.painted:
    app.processEvents()
took = time.perf_counter() - started
viewport.removeEventFilter(watcher)
model = window.comparison.model
assert model.rowCount() == 2000 and model.columnCount() == 1 + 25 + 5

table = window.comparison.table
frames = []
vertical, horizontal = table.verticalScrollBar(), table.horizontalScrollBar()
for step in range(40):
    vertical.setValue(vertical.maximum() * step // 39)
    horizontal.setValue(horizontal.maximum() if step % 2 else 0)
    app.processEvents()
    begin = time.perf_counter()
    table.viewport().repaint()
    frames.append(time.perf_counter() - begin)
steps = []  # a wheel notch: three rows on, as a chair scrolls down the ranking
vertical.setValue(0)
horizontal.setValue(0)
app.processEvents()
for step in range(120):
    if step == 60:
        horizontal.setValue(horizontal.maximum())
        app.processEvents()
    begin = time.perf_counter()
    vertical.setValue(vertical.value() + 3)  # per-item scrolling: the bar counts rows
    app.processEvents()
    steps.append(time.perf_counter() - begin)
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"seconds": took, "summarise": spent["summarise"], "frames": frames, "steps": steps,
                  "rss_mb": peak_kb / 1024}))
"""


def _show_comparison(path: Path, settings: Path) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run([sys.executable, "-c", _PROBE, str(path), str(settings)], capture_output=True,
                            text=True, check=True, env=env, cwd=root)
    return json.loads(result.stdout.strip().splitlines()[-1])


def run() -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.svdb"
        build(path, applications=2000, assessors=5, themes=5, per_theme=5)
        ours, engine, floors, frames, steps, rss = [], [], [], [], [], []
        for _ in range(RUNS):
            floors.append(_aggregate(path))
            probe = _show_comparison(path, Path(folder) / "settings.ini")
            ours.append(probe["seconds"])
            engine.append(probe["summarise"])
            frames.extend(probe["frames"])
            steps.extend(probe["steps"])
            rss.append(probe["rss_mb"])
    ms = 1000
    return [
        Row("open 2,000×5×25 round, comparison shown (median)", median(ours) * ms, "ms", 300.0, median(floors) * ms,
            "one hand-written SQL aggregate (mean, spread per application × criterion), median", 3.0),
        Row("  of which the window (all but summarise)", median([o - e for o, e in zip(ours, engine, strict=True)]) * ms,
            "ms", None),
        Row("scroll the matrix a wheel notch (p95)", percentile(steps, 0.95) * ms, "ms", 50.0),
        Row("scroll the matrix a wheel notch (slowest)", max(steps) * ms, "ms", 50.0),
        Row("repaint the whole matrix, anywhere in it (p95)", percentile(frames, 0.95) * ms, "ms", 50.0),
        Row("memory, 2,000-application round in the panel", max(rss), "MB", 300.0),
    ]


if __name__ == "__main__":
    from bench.report import print_table

    print_table(run())
