"""The first window imports only what it shows (issue 19, DESIGN §10: start-up within 1.5× a bare window).

Everything else — importing, the shared-folder merge, exports, reports, the register, summaries,
robustness, monitoring, erasure, the bank-holiday calendars, the assignment solver — loads on first
use, by a local import in the function that needs it. One module-level import in the wrong place
quietly puts its whole tree back on every start, so this starts a fresh interpreter the way a user
does (as bench/startup.py times it), opens the window on a file and asserts none of these is loaded.
It asserts no timings: the machine's speed is not the window's.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from svassessor.storage.new_file import create_empty

# Each is a first-use module: its own menu item, command or dialog loads it.
NOT_AT_START = [
    # third-party libraries for files the window writes or reads on request, and the solvers
    "reportlab", "openpyxl", "docx", "pypdf", "jsonschema", "holidays", "ortools", "numpy", "click",
    # the core's work behind a menu item
    "svassessor.importing", "svassessor.panelfiles.folder", "svassessor.panelfiles.merge",
    "svassessor.panelfiles.returned", "svassessor.exports", "svassessor.export_formats", "svassessor.reports",
    "svassessor.register", "svassessor.summaries", "svassessor.scoring.robustness", "svassessor.monitoring",
    "svassessor.privacy.erase", "svassessor.privacy.subject_access", "svassessor.roundfile", "svassessor.demo",
    "svassessor.cli",
    # the windows and dialogs opened from a menu
    "ui.panel", "ui.monitoring", "ui.progress", "ui.eligibility", "ui.dialogs.import_wizard",
    "ui.dialogs.export_dialog", "ui.dialogs.prepare_merge", "ui.dialogs.round_settings",
]

OPEN_WINDOW = """
import sys
from pathlib import Path
from ui.app import application, build_window
app = application()
window = build_window(Path(sys.argv[1]), interactive=False)
window.resize(1600, 1000)
window.show()
app.processEvents()
print(window.list.model.rowCount())
print("\\n".join(sorted(sys.modules)))
"""


def loaded_at_start(path: Path, scratch: Path) -> tuple[int, set[str]]:
    """The number of applications listed and every module loaded, once the window on `path` is shown."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(scratch / "config"),
           "XDG_DATA_HOME": str(scratch / "data"), "SVASSESSOR_SETTINGS": str(scratch / "settings.ini"),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).parents[1]), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-c", OPEN_WINDOW, str(path)], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    listed, *modules = done.stdout.split()
    return int(listed), set(modules)


def too_early(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == name or m.startswith(name + ".") for name in NOT_AT_START))


def test_a_new_empty_file_opens_without_loading_what_it_does_not_show(tmp_path: Path):
    listed, modules = loaded_at_start(create_empty(tmp_path / "new.svdb"), tmp_path)
    assert listed == 0 and "ui.assessor.window" in modules
    assert not (early := too_early(modules)), f"loaded at start-up, not on first use: {early}"


def test_the_demo_round_opens_without_loading_what_it_does_not_show(demo_copy: Path, tmp_path: Path):
    listed, modules = loaded_at_start(demo_copy, tmp_path)
    assert listed > 0  # the round's applications are listed: the window is the one a user works in
    assert not (early := too_early(modules)), f"loaded at start-up, not on first use: {early}"
