"""Start-up to a usable window on the demo round (DESIGN §10), beside a bare PySide6 window.

Both are timed as a user meets them: from starting a fresh Python process to the window shown with
its events processed once (for us: the demo round open and its application list filled), median of
several runs, offscreen. The bare floor imports QtWidgets, makes a QMainWindow and shows it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.report import Row

RUNS = 7
BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1600, 1000)
window.show()
app.processEvents()
"""
OURS = """
import sys
from pathlib import Path
from ui.app import application, build_window
app = application()
window = build_window(Path(sys.argv[1]), interactive=False)
window.resize(1600, 1000)
window.show()
app.processEvents()
assert window.list.model.rowCount() > 0, "the demo round's applications are listed"
"""


def _time(script: str, *args: str, env: dict) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", script, *args], check=True, env=env, capture_output=True)
    return time.perf_counter() - started


def run() -> list[Row]:
    from svassessor.demo.builder import build_demo

    with tempfile.TemporaryDirectory() as folder:
        demo = Path(folder) / "demo.svdb"
        build_demo(demo)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SVASSESSOR_SETTINGS": str(Path(folder) / "s.ini")}
        _time(OURS, str(demo), env=env)  # warm the disk cache for both
        bare, ours = [], []
        for _ in range(RUNS):
            bare.append(_time(BARE, env=env))
            ours.append(_time(OURS, str(demo), env=env))
    ms = 1000
    return [Row("start to a usable window, demo round (median)", statistics.median(ours) * ms, "ms", 1000.0,
                statistics.median(bare) * ms, "a bare PySide6 QMainWindow shown, fresh process, median", 1.5)]
